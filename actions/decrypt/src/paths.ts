// Where the action may write (audit-log, dotenv-path, output-dir and every file in them): inside
// the workspace or RUNNER_TEMP, and never through a symlink. A repository writer can commit a
// symlink (`.hush -> /home/runner/.ssh`), so each folder below the root is checked with lstat and
// created one level at a time, and files are opened with O_NOFOLLOW.
import { constants, type Stats } from "node:fs";
import { lstat, mkdir } from "node:fs/promises";
import { isAbsolute, join, relative, sep } from "node:path";
import { HushError, type ErrorCode } from "@hush/core/errors";

/** O_NOFOLLOW where the platform has it (Windows has none: the lstat checks stand alone there). */
export const O_NOFOLLOW: number = constants.O_NOFOLLOW ?? 0;

/** What is being written, for errors: the input's name and the error code to fail with. */
export interface WriteTarget {
  /** `input audit-log`, `input output-dir`… */
  what: string;
  code: ErrorCode;
  /** The folders writes may happen in (the workspace, RUNNER_TEMP), absolute. */
  roots: readonly string[];
}

function refuse(target: WriteTarget, message: string): HushError {
  return new HushError(target.code, `${target.what}: ${message}`, {
    hint: "write inside the workspace or RUNNER_TEMP, through no symlink (a committed symlink is refused)",
  });
}

/** The deepest root holding `path`, and the path's components below it. */
function below(path: string, target: WriteTarget): { root: string; parts: string[] } {
  let best: { root: string; parts: string[] } | undefined;
  for (const root of target.roots) {
    const rel = relative(root, path);
    if (rel.startsWith("..") || isAbsolute(rel)) continue;
    const parts = rel === "" ? [] : rel.split(sep);
    if (best === undefined || parts.length < best.parts.length) best = { root, parts };
  }
  if (best === undefined) throw refuse(target, `${path} is outside the workspace and RUNNER_TEMP`);
  return best;
}

async function lstatOrNone(path: string): Promise<Stats | undefined> {
  try {
    return await lstat(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw e;
  }
}

/**
 * Check that `path` may be written: inside a root, every existing folder on the way a real folder
 * (no symlink), and the path itself no symlink (and a folder when `dir`, a file otherwise).
 * @throws HushError with the target's code
 */
export async function checkWritePath(
  path: string,
  target: WriteTarget,
  dir = false,
): Promise<void> {
  const { root, parts } = below(path, target);
  let at = root;
  for (let i = 0; i < parts.length; i++) {
    at = join(at, parts[i]!);
    const st = await lstatOrNone(at);
    if (st === undefined) return;
    if (st.isSymbolicLink()) throw refuse(target, `${at} is a symlink`);
    const last = i === parts.length - 1;
    if ((!last || dir) && !st.isDirectory()) throw refuse(target, `${at} is not a folder`);
    if (last && !dir && !st.isFile()) throw refuse(target, `${at} is not a regular file`);
  }
}

/**
 * Create `dir` and the folders above it below its root, one level at a time (0700 for new ones),
 * refusing a symlink at any level.
 * @throws HushError with the target's code
 */
export async function makeDirs(dir: string, target: WriteTarget): Promise<void> {
  const { root, parts } = below(dir, target);
  let at = root;
  for (const part of parts) {
    at = join(at, part);
    try {
      await mkdir(at, { mode: 0o700 });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") {
        throw refuse(
          target,
          `cannot create ${at} (${(e as NodeJS.ErrnoException).code ?? "error"})`,
        );
      }
    }
    const st = await lstat(at);
    if (st.isSymbolicLink()) throw refuse(target, `${at} is a symlink`);
    if (!st.isDirectory()) throw refuse(target, `${at} is not a folder`);
  }
}
