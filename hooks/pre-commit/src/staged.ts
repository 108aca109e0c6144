/**
 * Git plumbing only: what is staged, the staged blobs, and the added lines of the staged diff.
 *
 * Runs `git` through `execFile` rather than simple-git: on this machine importing simple-git costs
 * ~80–130 ms and each `raw()` call ~65 ms, against ~10 ms for a bare `execFile('git', …)`; the hook's
 * whole budget is 150 ms, so the hot path cannot afford it (measured; see the report in the bench).
 * Every command reads the **index**, never the working tree.
 */
import { execFile, spawn } from "node:child_process";
import { existsSync, realpathSync } from "node:fs";
import path from "node:path";
import { gitEnv } from "./git-env.js";

/** One staged file as `git diff --cached --raw` reports it. */
export interface StagedFile {
  /** Path relative to the repository root, POSIX separators. */
  path: string;
  /** A added, C copied, M modified, R renamed, T type changed. */
  status: "A" | "C" | "M" | "R" | "T";
  /** The staged blob id (full hex). */
  blob: string;
  /** The blob id before the change (HEAD's, or the source of a rename or copy); zeros when added. */
  oldBlob: string;
  /** The staged mode (`100644`, `100755`, `120000` symlink, `160000` submodule). */
  mode: string;
  /** For renames and copies: where it came from. */
  from: string | undefined;
}

/** What a commit would add: the files, and for each the 1-based line numbers its diff adds. */
export interface StagedChanges {
  root: string;
  files: StagedFile[];
  /** path → added line numbers in the staged blob; files absent here add no lines (pure renames). */
  added: Map<string, Set<number>>;
}

const MAX_BUFFER = 512 * 1024 * 1024;

/** Run git and return stdout as bytes. Rejects with git's own stderr line when it fails. */
export function git(cwd: string, args: readonly string[]): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    execFile(
      "git",
      args,
      { cwd, encoding: "buffer", maxBuffer: MAX_BUFFER, env: gitEnv(), windowsHide: true },
      (err, stdout, stderr) => {
        if (err) {
          const why = stderr.toString("utf8").trim().split("\n")[0] ?? "";
          reject(
            new Error(`git ${args[0] ?? ""} failed${why === "" ? `: ${err.message}` : `: ${why}`}`),
          );
        } else resolve(stdout);
      },
    );
  });
}

/** The top folder of the working tree that contains `cwd`. */
export async function repoRoot(cwd: string): Promise<string> {
  const out = await git(cwd, ["rev-parse", "--show-toplevel"]);
  return out.toString("utf8").trim();
}

/**
 * The staged changes against HEAD (or against the empty tree on the first commit), renames detected.
 * One `git diff` prints both the raw listing (blob ids, modes, statuses; NUL-separated) and the
 * zero-context patch (added line numbers); an empty record (a second NUL) separates the two.
 */
export async function readStagedChanges(cwd: string): Promise<StagedChanges> {
  return readChanges(cwd, ["--cached"], fastRoot(cwd));
}

/**
 * The changes `git diff <diffArgs>` reports (`--cached`, or two commits `A...B`), in the shape of
 * {@link readStagedChanges}; `root` is the repository's top folder.
 */
export async function readChanges(
  cwd: string,
  diffArgs: readonly string[],
  rootOf: Promise<string> = repoRoot(cwd),
): Promise<StagedChanges> {
  const args = [
    "-c",
    "core.quotePath=false",
    "diff",
    ...diffArgs,
    "--no-ext-diff",
    "--no-textconv",
    "--no-color",
    "--no-relative",
    "-M",
    "--diff-filter=ACMRT",
    "--raw",
    "-z",
    "--no-abbrev",
    "-p",
    "-U0",
    "--src-prefix=a/",
    "--dst-prefix=b/",
  ];
  rootOf.catch(() => undefined);
  const [root, out] = await Promise.all([rootOf, git(cwd, [...args, "--"])]);
  const split = out.indexOf("\0\0");
  const raw = split < 0 ? out : out.subarray(0, split + 1);
  const patch = split < 0 ? "" : out.subarray(split + 2).toString("utf8");
  return { root, files: parseRaw(raw), added: parseAddedLines(patch) };
}

/** git runs hooks at the top of the working tree: a `.git` there saves a `rev-parse` process. */
async function fastRoot(cwd: string): Promise<string> {
  // realpath, as git prints it, so paths joined to the root compare equal to the policy's folder.
  return existsSync(path.join(cwd, ".git")) ? realpathSync.native(cwd) : repoRoot(cwd);
}

/** Parse `git diff --raw -z --no-abbrev`: `:old new oldsha newsha status\0path\0[path\0]`. */
export function parseRaw(buf: Buffer): StagedFile[] {
  const parts = buf.toString("utf8").split("\0");
  const files: StagedFile[] = [];
  for (let i = 0; i < parts.length;) {
    const head = parts[i++] ?? "";
    if (!head.startsWith(":")) continue;
    const [, mode = "", oldBlob = "", blob = "", statusField = ""] = head.slice(1).split(" ");
    const status = statusField.charAt(0) as StagedFile["status"];
    if (status === "R" || status === "C") {
      const from = parts[i++] ?? "";
      const path = parts[i++] ?? "";
      files.push({ path, status, blob, oldBlob, mode, from });
    } else {
      const path = parts[i++] ?? "";
      files.push({ path, status, blob, oldBlob, mode, from: undefined });
    }
  }
  return files;
}

/** Undo git's C-style quoting of a path (`"dir/t\303\244b\tx"`); unquoted input is returned as is. */
export function unquotePath(s: string): string {
  if (!s.startsWith('"') || !s.endsWith('"')) return s;
  const bytes: number[] = [];
  const body = s.slice(1, -1);
  const escapes: Record<string, number> = {
    a: 7,
    b: 8,
    t: 9,
    n: 10,
    v: 11,
    f: 12,
    r: 13,
    '"': 34,
    "\\": 92,
  };
  for (let i = 0; i < body.length; i++) {
    const c = body.charAt(i);
    if (c !== "\\") {
      for (const b of Buffer.from(c, "utf8")) bytes.push(b);
      continue;
    }
    const next = body.charAt(++i);
    if (/[0-7]/.test(next)) {
      bytes.push(parseInt(body.slice(i, i + 3), 8));
      i += 2;
    } else bytes.push(escapes[next] ?? next.charCodeAt(0));
  }
  return Buffer.from(bytes).toString("utf8");
}

/**
 * The added lines of a `-U0` patch: for each `+++ b/<path>` the new-side line numbers of its `+` lines.
 * Hunk headers give the new start (`@@ -a,b +c,d @@`); with zero context every `+` line is consecutive.
 */
export function parseAddedLines(patch: string): Map<string, Set<number>> {
  const added = new Map<string, Set<number>>();
  let current: Set<number> | undefined;
  let next = 0;
  let inHunk = false;
  for (const line of patch.split("\n")) {
    if (line.startsWith("diff --git ")) {
      current = undefined;
      inHunk = false;
    } else if (!inHunk && line.startsWith("+++ ")) {
      const target = line.slice(4);
      if (target === "/dev/null") continue;
      const path = unquotePath(target.replace(/\t$/, ""));
      const name = path.startsWith("b/") ? path.slice(2) : path;
      current = new Set<number>();
      added.set(name, current);
    } else if (line.startsWith("@@ ")) {
      const m = /^@@ -\d+(?:,\d+)? \+(\d+)(?:,\d+)? @@/.exec(line);
      next = m ? Number(m[1]) : 0;
      inHunk = true;
    } else if (inHunk && current) {
      if (line.startsWith("+")) current.add(next++);
      else if (line.startsWith(" ")) next++;
    }
  }
  return added;
}

/**
 * Read many objects with one `git cat-file --batch` process instead of one `git show` per file.
 * `names` are anything git can resolve (a blob id, `:path` for the index copy); the result maps each
 * name to its bytes, and leaves out the names git reports missing.
 */
export function readBlobs(cwd: string, names: readonly string[]): Promise<Map<string, Buffer>> {
  const unique = [...new Set(names)].filter((n) => n !== "" && !n.includes("\n"));
  if (unique.length === 0) return Promise.resolve(new Map<string, Buffer>());
  return new Promise((resolve, reject) => {
    const child = spawn("git", ["cat-file", "--batch"], { cwd, env: gitEnv(), windowsHide: true });
    const chunks: Buffer[] = [];
    const errs: Buffer[] = [];
    child.stdout.on("data", (c: Buffer) => chunks.push(c));
    child.stderr.on("data", (c: Buffer) => errs.push(c));
    child.on("error", reject);
    child.on("close", (code) => {
      if (code !== 0) {
        reject(
          new Error(
            `git cat-file failed: ${Buffer.concat(errs).toString("utf8").trim().split("\n")[0] ?? code}`,
          ),
        );
        return;
      }
      resolve(parseBatch(Buffer.concat(chunks), unique));
    });
    child.stdin.end(unique.join("\n") + "\n");
  });
}

/**
 * Parse `git cat-file --batch` output, answers in request order: `<id> <type> <size>\n<bytes>\n`, or
 * `<name> missing\n` / `<name> ambiguous\n`.
 */
export function parseBatch(out: Buffer, names: readonly string[]): Map<string, Buffer> {
  const blobs = new Map<string, Buffer>();
  let pos = 0;
  for (const name of names) {
    if (pos >= out.length) break;
    const eol = out.indexOf(10, pos);
    if (eol < 0) break;
    const header = out.subarray(pos, eol).toString("utf8");
    pos = eol + 1;
    const m = /^[0-9a-f]+ (\w+) (\d+)$/.exec(header);
    if (!m) continue;
    const size = Number(m[2]);
    if (m[1] === "blob") blobs.set(name, out.subarray(pos, pos + size));
    pos += size + 1;
  }
  return blobs;
}

/** The id of each path's staged blob (`git ls-files -s`), for files not part of the staged diff. */
export async function indexEntries(
  cwd: string,
  paths?: readonly string[],
): Promise<{ path: string; blob: string; mode: string }[]> {
  const out = await git(cwd, ["ls-files", "-s", "-z", "--", ...(paths ?? [])]);
  const entries: { path: string; blob: string; mode: string }[] = [];
  for (const rec of out.toString("utf8").split("\0")) {
    const m = /^(\d+) ([0-9a-f]+) (\d)\t(.*)$/s.exec(rec);
    if (m && m[3] === "0") entries.push({ mode: m[1] ?? "", blob: m[2] ?? "", path: m[4] ?? "" });
  }
  return entries;
}
