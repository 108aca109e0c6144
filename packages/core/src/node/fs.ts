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

/**
 * The file a write to `path` must replace: `path` itself, or the final target of a symbolic link
 * (so the link stays a link and the target gets the new content, never a plaintext target behind
 * an encrypted link). Refuses a link whose target is missing (or a loop), and anything that is not
 * a regular file: renaming over those would replace what the user meant to keep.
 * @returns the path to replace and its permission bits (undefined for a new file)
 * @throws HushError ERR_NOT_A_FILE
 */
export async function writeTarget(
  path: string,
): Promise<{ target: string; mode: number | undefined }> {
  const { lstat, realpath, stat } = await fsPromises();
  const link = await lstat(path).catch((e: NodeJS.ErrnoException) => {
    if (e.code === "ENOENT") return undefined;
    throw e;
  });
  if (link === undefined) return { target: path, mode: undefined };
  let target = path;
  if (link.isSymbolicLink()) {
    try {
      target = await realpath(path);
    } catch (e) {
      throw new HushError(
        "ERR_NOT_A_FILE",
        `${path} is a symbolic link to nothing (${(e as NodeJS.ErrnoException).code ?? "error"})`,
        { hint: "point the link at an existing file, or remove it", cause: e },
      );
    }
  }
  const info = target === path ? link : await stat(target);
  if (!info.isFile()) {
    throw new HushError(
      "ERR_NOT_A_FILE",
      target === path
        ? `${path} is not a regular file`
        : `${path} is a symbolic link to something that is not a regular file (${target})`,
      { hint: "hush only rewrites regular files (or links to one)" },
    );
  }
  return { target, mode: info.mode & 0o7777 };
}

/**
 * Write atomically: temp file beside the file replaced (0600 or `mode`), fsync, rename. Keeps an
 * existing file's mode. A symbolic link is written through: the temp file goes beside its final
 * target, which the rename replaces, and the link stays as it was (see {@link writeTarget}).
 * @throws HushError ERR_NOT_A_FILE for a dangling link or a path that is not a regular file, ERR_IO
 */
export async function writeFileAtomic(
  path: string,
  data: string | Uint8Array,
  options?: { mode?: number },
): Promise<void> {
  const { open, rename, unlink } = await fsPromises();
  let target: string;
  let mode = options?.mode;
  try {
    const found = await writeTarget(path);
    target = found.target;
    mode ??= found.mode ?? 0o600;
  } catch (e) {
    if (e instanceof HushError) throw e;
    throw new HushError(
      "ERR_IO",
      `cannot write ${path}: ${(e as NodeJS.ErrnoException).code ?? "error"}`,
      { hint: "check that the folder exists and is writable", cause: e },
    );
  }
  const dir = dirname(target);
  const temp = join(dir, `.${basename(target)}.${randomBytes(6).toString("hex")}.tmp`);
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
    await rename(temp, target);
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
