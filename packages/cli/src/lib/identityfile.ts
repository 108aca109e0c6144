import { mkdir, open } from "node:fs/promises";
import path from "node:path";
import { fsFailure, HushError } from "@hush/core/errors";

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
      throw new HushError("ERR_COMMAND", `${abs} exists already; not overwriting it`, {
        hint: "choose another file with -o, or remove it first",
      });
    }
    const f = fsFailure(e.code ?? "EIO", e.path ?? abs);
    throw new HushError(f.code, f.message, { hint: f.hint });
  }
  try {
    await handle.writeFile(text, "utf8");
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** A new passphrase, typed twice on the terminal. */
export async function askNewPassphrase(ask: (prompt: string) => Promise<string>): Promise<string> {
  const first = await ask("Enter a passphrase for the new identity: ");
  if (first === "")
    throw new HushError("ERR_PASSPHRASE", "an empty passphrase protects nothing", {
      hint: "type a passphrase, or leave out --passphrase",
    });
  if ((await ask("Repeat the passphrase: ")) !== first)
    throw new HushError("ERR_PASSPHRASE", "the passphrases differ", {
      hint: "run the command again",
    });
  return first;
}
