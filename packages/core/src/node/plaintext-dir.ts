/**
 * Where a plaintext copy lives while a program holds it (`hush edit`'s editor, `hush exec --file`).
 * In `$XDG_RUNTIME_DIR` when it is safe (a folder of the current user's that nobody else can
 * enter: on Linux a tmpfs, gone at logout and never on disk), else the system temp folder. The
 * folder is 0700 and named `hush-<kind>-<pid>-<random>`, so a later start can tell whose it was:
 * a copy left by a killed hush (SIGKILL runs no cleanup) is removed the next time hush makes one,
 * when its process is gone, and never another user's or a live one's.
 */
import { randomBytes } from "node:crypto";
import { tmpdir } from "node:os";
import { isAbsolute, join } from "node:path";
import { HushError } from "../errors.js";

const fsPromises = () => import("node:fs/promises");

/** The kinds of plaintext folders hush makes; each start sweeps the stale ones of every kind. */
export type PlaintextKind = "edit" | "exec";

const STALE = /^hush-(?:edit|exec)-(\d+)-[0-9a-f]+$/;

/** A plaintext folder: `cleanup` removes it and everything in it. */
export interface PlaintextDir {
  dir: string;
  cleanup: () => Promise<void>;
}

/**
 * `$XDG_RUNTIME_DIR` when it is an absolute path to a real folder (not a link) owned by the current
 * user with no group/other access (what the XDG spec requires; anything else may be watched or
 * swapped by someone else), else the system temp folder.
 */
export async function plaintextBase(
  env: Readonly<Record<string, string | undefined>>,
): Promise<string> {
  const runtime = env["XDG_RUNTIME_DIR"];
  const uid = process.getuid?.();
  if (runtime !== undefined && runtime !== "" && isAbsolute(runtime) && uid !== undefined) {
    const { lstat } = await fsPromises();
    const info = await lstat(runtime).catch(() => undefined);
    if (info?.isDirectory() === true && info.uid === uid && (info.mode & 0o077) === 0)
      return runtime;
  }
  return tmpdir();
}

/** Whether process `pid` exists (on this machine). EPERM: it exists, as someone else's. */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Remove the current user's `hush-edit-*`/`hush-exec-*` folders in `base` whose process is gone
 * (a hush killed before its cleanup ran). A folder that is a link, another user's, or a live
 * process's is left alone; failures are ignored (the sweep is a courtesy, never a reason to fail).
 */
export async function sweepStale(base: string): Promise<string[]> {
  const { lstat, readdir, rm } = await fsPromises();
  const uid = process.getuid?.();
  if (uid === undefined) return [];
  const names = await readdir(base).catch(() => [] as string[]);
  const removed: string[] = [];
  for (const name of names) {
    const m = STALE.exec(name);
    if (m === null) continue;
    const pid = Number(m[1]);
    if (pid === process.pid || alive(pid)) continue;
    const dir = join(base, name);
    const info = await lstat(dir).catch(() => undefined);
    if (info?.isDirectory() !== true || info.uid !== uid) continue;
    await rm(dir, { recursive: true, force: true }).then(
      () => removed.push(dir),
      () => undefined,
    );
  }
  return removed;
}

/**
 * A fresh 0700 folder for plaintext (see the module comment), after removing the user's stale
 * ones.
 * @throws HushError ERR_IO when no folder can be made
 */
export async function plaintextTempDir(
  kind: PlaintextKind,
  env: Readonly<Record<string, string | undefined>>,
): Promise<PlaintextDir> {
  const { chmod, mkdir, rm } = await fsPromises();
  const base = await plaintextBase(env);
  await sweepStale(base);
  const dir = join(base, `hush-${kind}-${process.pid}-${randomBytes(8).toString("hex")}`);
  try {
    await mkdir(dir, { mode: 0o700 });
    // The umask cannot widen 0700, but a mode the platform ignored must not stand.
    await chmod(dir, 0o700);
  } catch (e) {
    throw new HushError("ERR_IO", `cannot create a private folder in ${base}`, {
      hint: "check that the temp folder exists and is writable (TMPDIR, XDG_RUNTIME_DIR)",
      cause: e,
    });
  }
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}
