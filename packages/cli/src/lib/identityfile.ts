import { mkdir, open } from "node:fs/promises";
import path from "node:path";
import { CliFailure } from "../io.js";
import { fsFailure } from "./errors.js";

/**
 * Create an identity file (0600, folder 0700 when created) without ever replacing an existing one:
 * `wx` makes the check and the creation one atomic step.
 */
export async function writeNewIdentityFile(abs: string, text: string): Promise<void> {
  await mkdir(path.dirname(abs), { recursive: true, mode: 0o700 });
  let handle;
  try {
    handle = await open(abs, "wx", 0o600);
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (e.code === "EEXIST") {
      throw new CliFailure(
        `${abs} exists already; not overwriting it`,
        "choose another file with -o, or remove it first",
      );
    }
    const f = fsFailure(e);
    throw new CliFailure(f.message, f.hint);
  }
  try {
    await handle.writeFile(text, "utf8");
    await handle.sync();
  } finally {
    await handle.close();
  }
}
