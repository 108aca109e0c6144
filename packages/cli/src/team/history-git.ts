// One pass over git history for many files: `git log --raw` names the blob of each version, one
// `git cat-file --batch` reads them all. Never one git process per commit or per file.
import { git, readBlobs, repoLocation } from "./git-exec.js";

/** A commit, as the team commands show it (never more than this: no diffs, no values). */
export interface CommitInfo {
  hash: string;
  /** Author date (the moment the change was made; survives rebases). */
  date: Date;
  author: string;
  email: string;
  subject: string;
}

/** One commit's change to one file: the blob before and after (undefined when absent). */
export interface FileChange {
  commit: CommitInfo;
  oldBlob: string | undefined;
  newBlob: string | undefined;
}

/** History of a set of files, relative to the folder it was asked from. */
export interface FileHistory {
  /** file (relative to the asking folder, POSIX) → its changes, newest first (git log order). */
  changes: Map<string, FileChange[]>;
  /** Blob contents by object id (only those read). */
  blobs: Map<string, string>;
  /** file → blob at HEAD (absent when not committed). */
  head: Map<string, string>;
  /** False when the folder is not inside a git work tree. */
  inRepo: boolean;
}

const ZERO = /^0+$/;
const RS = "\x1e";
const US = "\x1f";

/**
 * Changes to `files` (relative to `cwd`) in the history of HEAD. Merges count as their diff against
 * the first parent (what the merge brought into the branch). An empty list means every file.
 * With `follow` (one file only), the file's history continues under its earlier names; with
 * `renames`, every file's does (one extra pass over history to find renames).
 */
export async function loadHistory(
  cwd: string,
  files: readonly string[],
  options?: { follow?: boolean; renames?: boolean },
): Promise<FileHistory> {
  const history: FileHistory = {
    changes: new Map(),
    blobs: new Map(),
    head: new Map(),
    inRepo: false,
  };
  const where = await repoLocation(cwd);
  if (where === undefined) return history;
  history.inRepo = true;
  const wanted = new Set(files);
  const follow = options?.follow === true && files.length === 1;
  // Earlier names (top-relative) → the file (relative to cwd) they became.
  const aliases =
    options?.renames === true && !follow && files.length > 0
      ? await earlierNames(cwd, where.prefix, files)
      : new Map<string, string>();
  const pathspec =
    files.length === 0
      ? []
      : [
          "--",
          ...files.map((f) => `:(top,literal)${where.prefix}${f}`),
          ...[...aliases.keys()].map((p) => `:(top,literal)${p}`),
        ];
  // No commit yet: git log fails, and there is no history to read.
  const out = await git(
    cwd,
    [
      "-c",
      "core.quotepath=off",
      "log",
      "--raw",
      "--no-abbrev",
      ...(follow ? ["--follow"] : ["--no-renames"]),
      "--diff-merges=first-parent",
      "-z",
      `--format=${"%x1e%H%x1f%aI%x1f%an%x1f%ae%x1f%s"}`,
      ...pathspec,
    ],
    { allowFail: true },
  );
  const strip = (p: string): string | undefined =>
    p.startsWith(where.prefix) ? p.slice(where.prefix.length) : undefined;
  for (const record of out.split(RS)) {
    if (record === "") continue;
    const end = record.indexOf("\0");
    const header = (end < 0 ? record : record.slice(0, end)).split(US);
    const [hash, date, author, email, subject] = header;
    if (hash === undefined || date === undefined) continue;
    const commit: CommitInfo = {
      hash,
      date: new Date(date),
      author: author ?? "",
      email: email ?? "",
      subject: subject ?? "",
    };
    const tokens =
      end < 0
        ? []
        : record
            .slice(end + 1)
            .replace(/^\n/, "")
            .split("\0");
    for (let i = 0; i < tokens.length;) {
      const meta = (tokens[i] ?? "").replace(/^\n/, "");
      i += 1;
      if (!meta.startsWith(":")) continue;
      const [, , oldId, newId, status] = meta.slice(1).split(" ");
      // Renames and copies name two paths (old, new); everything else one.
      const twoPaths = status !== undefined && /^[RC]/.test(status);
      const raw = tokens[twoPaths ? i + 1 : i] ?? "";
      i += twoPaths ? 2 : 1;
      // Following one file across renames: every entry is that file, under whatever name it had.
      const path = follow ? files[0] : (aliases.get(raw) ?? strip(raw));
      if (path === undefined) continue;
      if (wanted.size > 0 && !wanted.has(path)) continue;
      const change: FileChange = {
        commit,
        oldBlob: oldId === undefined || ZERO.test(oldId) ? undefined : oldId,
        newBlob: newId === undefined || ZERO.test(newId) ? undefined : newId,
      };
      const list = history.changes.get(path);
      const last = list?.[list.length - 1];
      if (last !== undefined && last.commit.hash === hash) {
        // A rename seen as delete (old name) + add (new name) in one commit: one change.
        last.oldBlob ??= change.oldBlob;
        last.newBlob ??= change.newBlob;
      } else if (list === undefined) history.changes.set(path, [change]);
      else list.push(change);
    }
  }
  const ids = new Set<string>();
  for (const list of history.changes.values())
    for (const c of list) {
      if (c.oldBlob !== undefined) ids.add(c.oldBlob);
      if (c.newBlob !== undefined) ids.add(c.newBlob);
    }
  // The HEAD version of each file comes in the same batch, asked for by `HEAD:<path>`.
  const headNames = new Map<string, string>();
  if (out !== "")
    for (const file of history.changes.keys()) headNames.set(`HEAD:${where.prefix}${file}`, file);
  history.blobs = await readBlobs(cwd, [...ids, ...headNames.keys()]);
  for (const [name, file] of headNames) if (history.blobs.has(name)) history.head.set(file, name);
  return history;
}

/**
 * Every earlier name of `files` (relative to the repo folder `prefix`), from one pass over the
 * whole history with rename detection. A name reused by an unrelated file later is not told apart.
 */
async function earlierNames(
  cwd: string,
  prefix: string,
  files: readonly string[],
): Promise<Map<string, string>> {
  const out = await git(
    cwd,
    [
      "-c",
      "core.quotepath=off",
      "log",
      "-M",
      "--diff-filter=R",
      "--raw",
      "--no-abbrev",
      "-z",
      "--format=%x1e",
    ],
    { allowFail: true },
  );
  const previous = new Map<string, string>(); // new name → old name, newest rename first
  const tokens = out.split("\0");
  for (let i = 0; i < tokens.length; i++) {
    const meta = (tokens[i] ?? "").split(RS).join("").trimStart();
    if (!meta.startsWith(":") || !/ R\d*$/.test(meta)) continue;
    const from = tokens[i + 1];
    const to = tokens[i + 2];
    i += 2;
    if (from !== undefined && to !== undefined && !previous.has(to)) previous.set(to, from);
  }
  const aliases = new Map<string, string>();
  for (const file of files) {
    let name = `${prefix}${file}`;
    for (
      let old = previous.get(name);
      old !== undefined && !aliases.has(old);
      old = previous.get(name)
    ) {
      aliases.set(old, file);
      name = old;
    }
  }
  return aliases;
}
