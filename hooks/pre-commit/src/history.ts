/**
 * The lines each commit added, streamed from ONE `git log -p -U0 --raw` process (never a process
 * per commit), for `hush scan --history` and the range checks of `--since` and `actions/scan`.
 * Each file of each commit is handed over as soon as its patch has been read, so memory holds one
 * file's added lines at a time whatever the size of the history.
 */
import { spawn } from "node:child_process";
import { StringDecoder } from "node:string_decoder";
import { gitEnv } from "./git-env.js";
import { unquotePath } from "./staged.js";

/** The commit a finding comes from. */
export interface CommitInfo {
  /** Full commit id. */
  sha: string;
  author: string;
  email: string;
  /** Author date, ISO 8601. */
  date: string;
}

/** One file of one commit: the new-side line numbers it adds, with their text. */
export interface CommitFile {
  commit: CommitInfo;
  /** Path in the commit, relative to the repository root, POSIX separators. */
  path: string;
  /** 1-based new-side line numbers, ascending, and the text of each. */
  lines: number[];
  texts: string[];
}

/** One changed file of one commit as `--raw` lists it (for the policy checks of a range). */
export interface RawChange {
  commit: CommitInfo;
  path: string;
  /** The blob after the change. */
  blob: string;
  mode: string;
  status: string;
}

/** Commits, files and bytes of patch text read. */
export interface LogStats {
  commits: number;
  patchBytes: number;
}

/** A revision argument git must never read as an option (`--output=FILE` writes a file). */
export function isSafeRevision(rev: string): boolean {
  return rev !== "" && !rev.startsWith("-") && !/[\0\n\r]/.test(rev);
}

const HEADER = "\0";
const FORMAT = `--format=${"%x00%H%x00%an%x00%ae%x00%aI"}`;

/**
 * Stream `git log -p` over `revs` (a range, refs; default HEAD) limited to `paths`.
 * @param onFile - each file of each commit with at least one added line, in log order
 * @param onRaw - each changed file of each commit (blob ids), when the caller wants them
 * @param onChunk - the counts so far, after each chunk of git's output (for progress lines)
 */
export function streamLog(
  cwd: string,
  revs: readonly string[],
  paths: readonly string[],
  onFile: (f: CommitFile) => void,
  onRaw?: (c: RawChange) => void,
  onChunk?: (stats: Readonly<LogStats>) => void,
): Promise<LogStats> {
  for (const r of revs)
    if (!isSafeRevision(r))
      return Promise.reject(new Error(`not a revision: ${JSON.stringify(r)}`));
  const args = [
    "-c",
    "core.quotePath=false",
    "-c",
    "diff.noprefix=false",
    "log",
    "-p",
    "-U0",
    "-M",
    // The raw lines (blob ids) only when a caller reads them: less for git to write and us to read.
    ...(onRaw === undefined ? [] : ["--raw"]),
    "--no-abbrev",
    "--no-color",
    "--no-ext-diff",
    "--no-textconv",
    "--no-relative",
    "--src-prefix=a/",
    "--dst-prefix=b/",
    FORMAT,
    ...(revs.length === 0 ? ["HEAD"] : revs),
    "--",
    ...paths,
  ];
  return new Promise((resolve, reject) => {
    const child = spawn("git", args, {
      cwd,
      env: gitEnv(),
      windowsHide: true,
      stdio: ["ignore", "pipe", "pipe"],
    });
    const parser = new LogParser(onFile, onRaw);
    const decoder = new StringDecoder("utf8");
    const errs: Buffer[] = [];
    let failed: unknown;
    child.stdout.on("data", (chunk: Buffer) => {
      if (failed !== undefined) return;
      parser.stats.patchBytes += chunk.length;
      try {
        parser.push(decoder.write(chunk));
        onChunk?.(parser.stats);
      } catch (err) {
        // A consumer's failure stops the stream: the scan must not report a partial pass.
        failed = err;
        child.kill();
      }
    });
    child.stderr.on("data", (c: Buffer) => errs.push(c));
    child.on("error", reject);
    child.on("close", (code) => {
      if (failed !== undefined) {
        reject(failed instanceof Error ? failed : new Error("the scan of a commit failed"));
        return;
      }
      if (code !== 0) {
        const why = Buffer.concat(errs).toString("utf8").trim().split("\n")[0] ?? "";
        reject(new Error(`git log failed: ${why === "" ? `exit ${String(code)}` : why}`));
        return;
      }
      try {
        parser.push(`${decoder.end()}\n`);
        parser.finish();
      } catch (err) {
        reject(err instanceof Error ? err : new Error(String(err)));
        return;
      }
      resolve(parser.stats);
    });
  });
}

/** The line-by-line reader of `git log -p -U0 --raw` output. */
class LogParser {
  readonly stats: LogStats = { commits: 0, patchBytes: 0 };
  private rest = "";
  private commit: CommitInfo | undefined;
  private file: CommitFile | undefined;
  private next = 0;
  private inHunk = false;

  constructor(
    private readonly onFile: (f: CommitFile) => void,
    private readonly onRaw: ((c: RawChange) => void) | undefined,
  ) {}

  push(text: string): void {
    const all = this.rest === "" ? text : this.rest + text;
    let from = 0;
    for (let nl = all.indexOf("\n"); nl >= 0; nl = all.indexOf("\n", from)) {
      this.line(all, from, nl);
      from = nl + 1;
    }
    this.rest = all.slice(from);
  }

  finish(): void {
    if (this.rest !== "") this.line(this.rest, 0, this.rest.length);
    this.rest = "";
    this.flush();
  }

  private flush(): void {
    const f = this.file;
    this.file = undefined;
    this.inHunk = false;
    if (f !== undefined && f.lines.length > 0) this.onFile(f);
  }

  /**
   * The line `all[from, to)`. Read in place: inside a hunk only an added line's text is copied out
   * (a slice per line of patch, then another without its `+`, cost ~10 % of a history scan in
   * allocation and GC, profiled on the 1,000-commit bench).
   */
  private line(all: string, from: number, to: number): void {
    const c = all.charCodeAt(from);
    // Inside a hunk nearly every line is `+` or `-`: test those first.
    if (this.inHunk) {
      if (c === 43 /* + */) {
        const f = this.file;
        if (f !== undefined) {
          f.lines.push(this.next++);
          f.texts.push(all.slice(from + 1, to));
        }
        return;
      }
      if (c === 45 /* - */ || c === 92 /* \ No newline */) return;
      if (c === 32 /* context (none with -U0) */) {
        this.next++;
        return;
      }
    }
    this.header(all.slice(from, to), c);
  }

  /** A line outside a hunk's body: a commit header, a file header, a hunk header or a raw line. */
  private header(line: string, c: number): void {
    if (line.startsWith(HEADER)) {
      this.flush();
      const [, sha = "", author = "", email = "", date = ""] = line.split(HEADER);
      this.commit = { sha, author, email, date };
      this.stats.commits++;
    } else if (line.startsWith("diff --git ")) {
      this.flush();
    } else if (line.startsWith("@@ ")) {
      const m = /^@@ -\d+(?:,\d+)? \+(\d+)(?:,\d+)? @@/.exec(line);
      this.next = m ? Number(m[1]) : 0;
      this.inHunk = this.file !== undefined;
    } else if (line.startsWith("+++ ")) {
      const target = unquotePath(line.slice(4).replace(/\t$/, ""));
      if (target === "/dev/null" || this.commit === undefined) return;
      this.file = {
        commit: this.commit,
        path: target.startsWith("b/") ? target.slice(2) : target,
        lines: [],
        texts: [],
      };
    } else if (c === 58 /* : */ && this.commit !== undefined && this.onRaw !== undefined) {
      this.raw(line);
    }
  }

  /** `:100644 100644 <old> <new> M\tpath` or `R087\tfrom\tto`. */
  private raw(line: string): void {
    const tab = line.indexOf("\t");
    if (tab < 0 || this.commit === undefined || this.onRaw === undefined) return;
    const [, mode = "", , blob = "", status = ""] = line.slice(1, tab).split(" ");
    const names = line.slice(tab + 1).split("\t");
    const target = names[names.length - 1] ?? "";
    const kind = status.charAt(0);
    if (!"ACMRT".includes(kind) || kind === "") return;
    this.onRaw({ commit: this.commit, path: unquotePath(target), blob, mode, status: kind });
  }
}

/**
 * The text the detector reads for one file of one commit: the added lines at their own line
 * numbers would need the whole file; instead runs of consecutive lines are kept together and
 * separated by one empty line, and `lineAt` maps a line of this text back to the file's.
 */
export function addedText(f: CommitFile): { text: string; lineAt: (n: number) => number } {
  const parts: string[] = [];
  const map: number[] = [];
  let prev = -1;
  for (let i = 0; i < f.lines.length; i++) {
    const n = f.lines[i] ?? 0;
    if (prev >= 0 && n !== prev + 1) {
      parts.push("");
      map.push(n);
    }
    parts.push(f.texts[i] ?? "");
    map.push(n);
    prev = n;
  }
  return { text: parts.join("\n"), lineAt: (n) => map[n - 1] ?? n };
}
