/**
 * What `hush scan [PATH…]` reads. In a git checkout: every file under the paths that git does not
 * ignore, tracked or not (a repository with nothing committed yet is scanned too). Outside one:
 * every regular file under the paths, like `gitleaks dir` (`.git` and `node_modules` folders are
 * not entered, symbolic links are not followed).
 */
import {
  closeSync,
  constants,
  fstatSync,
  openSync,
  readdirSync,
  readFileSync,
  realpathSync,
  statSync,
} from "node:fs";
import { constants as bufferConstants } from "node:buffer";
import path from "node:path";
import { HushError } from "@hush/core/errors";
import { git, repoRoot } from "./staged.js";

/** The files to scan, relative to `root` with POSIX separators. */
export interface TreeListing {
  /** The repository root, or the folder scanned outside git. */
  root: string;
  files: string[];
  /** False when the paths are not in a git working tree. */
  git: boolean;
}

/** Never follow a link, never wait on a FIFO (0 where the platform has no such flag). */
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0);

/**
 * Larger than this, a file is not read at all: no string can hold its text, so it is neither a file
 * hush wrote nor one the detector can scan (reading it failed, and the file went unreported).
 */
export const MAX_READ_BYTES = bufferConstants.MAX_STRING_LENGTH;

/** A regular file too large to read (see {@link MAX_READ_BYTES}). */
export interface TooLarge {
  readonly tooLarge: number;
}

/**
 * The bytes of a listed file when it is a regular file itself, else undefined. What git holds for a
 * symbolic link is the link, not what it points at: followed, a committed link would put a file
 * from outside the repository (a runner's keys, `/proc/self/environ`) into the report, or make the
 * scan read `/dev/zero` forever. Also undefined when the file is gone or unreadable; its size alone
 * when it is too large to read.
 */
export function readRegularFile(abs: string): Buffer | TooLarge | undefined {
  let fd: number;
  try {
    fd = openSync(abs, OPEN_FLAGS);
  } catch {
    return undefined;
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) return undefined;
    return st.size > MAX_READ_BYTES ? { tooLarge: st.size } : readFileSync(fd);
  } catch {
    return undefined;
  } finally {
    closeSync(fd);
  }
}

/** Folders never entered outside git: version-control data and vendored packages. */
const SKIPPED_DIRS = new Set([".git", "node_modules"]);

/**
 * List the files under `paths` (relative to `cwd`; none means the whole repository, or `cwd`
 * outside git).
 */
export async function listTree(cwd: string, paths: readonly string[]): Promise<TreeListing> {
  const root = await gitRootOf(cwd, paths);
  if (root !== undefined) {
    const wanted = paths.map((p) => relTo(root, path.resolve(cwd, p)));
    const outside = wanted.findIndex((w) => w === ".." || w.startsWith("../"));
    if (outside < 0) return { root, files: await listGitFiles(root, wanted), git: true };
    // One path outside the repository it is run in, and in none of its own: read as plain files
    // below. Several paths cannot share one root: say which one lies outside.
    if (paths.length > 1)
      throw new HushError("ERR_USAGE", `${paths[outside]} is outside the repository at ${root}`, {
        hint: "scan it on its own: hush scan PATH",
      });
  }
  // Outside git: one folder given is the root (its policy and .hushignore apply); else cwd.
  const only = paths.length === 1 ? path.resolve(cwd, paths[0]!) : undefined;
  const base = realpathSync.native(only !== undefined && isDir(only) ? only : cwd);
  const targets =
    only !== undefined && isDir(only) ? [base] : paths.map((p) => path.resolve(cwd, p));
  const files: string[] = [];
  for (const t of targets.length === 0 ? [base] : targets) walk(t, base, files);
  return { root: base, files: [...new Set(files)], git: false };
}

/**
 * The git root for the scan: the repository of the one path given (it may be another than cwd's),
 * else cwd's repository.
 */
async function gitRootOf(cwd: string, paths: readonly string[]): Promise<string | undefined> {
  const tries = [cwd];
  if (paths.length === 1) {
    const p = path.resolve(cwd, paths[0]!);
    tries.unshift(isDir(p) ? p : path.dirname(p));
  }
  for (const dir of tries) {
    try {
      return await repoRoot(dir);
    } catch {
      // not a git working tree (or no such folder): try the next, then scan plain files
    }
  }
  return undefined;
}

function isDir(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/** `abs` relative to `root` (POSIX), `.` for the root itself; may climb with `..`. */
function relTo(root: string, abs: string): string {
  let real = abs;
  try {
    real = realpathSync.native(abs);
  } catch {
    // a path that does not exist: git reports nothing under it
  }
  const rel = path.relative(root, real).split(path.sep).join("/");
  return rel === "" ? "." : rel;
}

/** Tracked and untracked-but-not-ignored files under `paths` (all when empty), deduplicated. */
async function listGitFiles(root: string, paths: readonly string[]): Promise<string[]> {
  const args = ["-c", "core.quotePath=false", "ls-files", "-z", "--cached", "--others"];
  args.push("--exclude-standard", "--", ...(paths.length === 0 ? ["."] : paths));
  const out = await git(root, args);
  return [
    ...new Set(
      out
        .toString("utf8")
        .split("\0")
        .filter((p) => p !== ""),
    ),
  ];
}

/** Collect regular files under `target` (a file or folder) relative to `base`. */
function walk(target: string, base: string, out: string[]): void {
  let st;
  try {
    st = statSync(target, { throwIfNoEntry: false });
  } catch {
    return;
  }
  if (st === undefined) return;
  if (st.isFile()) {
    out.push(path.relative(base, target).split(path.sep).join("/"));
    return;
  }
  if (!st.isDirectory()) return;
  const stack = [target];
  while (stack.length > 0) {
    const dir = stack.pop()!;
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      continue; // unreadable folder: nothing to scan there
    }
    for (const e of entries) {
      const p = path.join(dir, e.name);
      // Dirent types come from readdir itself: a symbolic link is neither file nor folder here.
      if (e.isDirectory()) {
        if (!SKIPPED_DIRS.has(e.name)) stack.push(p);
      } else if (e.isFile()) {
        out.push(path.relative(base, p).split(path.sep).join("/"));
      }
    }
  }
}
