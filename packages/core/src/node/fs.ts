// Atomic writes and private temp folders.
import { randomBytes } from "node:crypto";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import { HushError } from "../errors.js";

/**
 * node:fs/promises, loaded by the writers only: its load (with readline behind it) is ~2 ms of every
 * command start, and the read-only commands need none of it.
 */
const fsPromises = () => import("node:fs/promises");

/** Write atomically: temp file in the same folder (0600 or `mode`), fsync, rename. Keeps an existing file's mode. */
export async function writeFileAtomic(
  path: string,
  data: string | Uint8Array,
  options?: { mode?: number },
): Promise<void> {
  const { open, rename, stat, unlink } = await fsPromises();
  let mode = options?.mode;
  if (mode === undefined) {
    try {
      mode = (await stat(path)).mode & 0o7777;
    } catch {
      mode = 0o600;
    }
  }
  const dir = dirname(path);
  const temp = join(dir, `.${basename(path)}.${randomBytes(6).toString("hex")}.tmp`);
  let created = false;
  try {
    const fh = await open(temp, "wx", 0o600);
    created = true;
    try {
      await fh.writeFile(data);
      // The umask may have narrowed the create mode; set the intended one exactly.
      await fh.chmod(mode);
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(temp, path);
    created = false;
    await syncDir(dir);
  } catch (e) {
    if (created) await unlink(temp).catch(() => undefined);
    throw new HushError(
      "ERR_IO",
      `cannot write ${path}: ${(e as NodeJS.ErrnoException).code ?? "error"}`,
      {
        hint: "check that the folder exists and is writable",
        cause: e,
      },
    );
  }
}

/** Make the rename durable; some platforms cannot open folders, which is fine. */
async function syncDir(dir: string): Promise<void> {
  try {
    const fh = await (await fsPromises()).open(dir, "r");
    try {
      await fh.sync();
    } finally {
      await fh.close();
    }
  } catch {
    // best effort
  }
}

/** A private (0700) temp folder; `cleanup` removes it and everything in it. */
export async function privateTempDir(
  prefix = "hush-",
): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const { chmod, mkdtemp, rm } = await fsPromises();
  let dir: string;
  try {
    dir = await mkdtemp(join(tmpdir(), prefix));
    await chmod(dir, 0o700);
  } catch (e) {
    throw new HushError("ERR_IO", `cannot create a temp folder in ${tmpdir()}`, { cause: e });
  }
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}
