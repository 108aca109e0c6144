// Git plumbing for the team commands: plain `git` processes, no shell, a few per command (never one per commit).
import { execFile, spawn } from "node:child_process";

/** Output of one git command; rejects with the git's stderr first line on a non-zero exit. */
export function git(
  cwd: string,
  args: readonly string[],
  options?: { allowFail?: boolean },
): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      "git",
      [...args],
      {
        cwd,
        maxBuffer: 1 << 30,
        encoding: "utf8",
        env: { ...process.env, GIT_TERMINAL_PROMPT: "0" },
      },
      (err, stdout, stderr) => {
        if (err !== null) {
          if (options?.allowFail === true) return resolve("");
          const first = stderr.split("\n").find((l) => l.trim() !== "") ?? err.message;
          return reject(new Error(`git ${args[0] ?? ""} failed: ${first.trim()}`));
        }
        resolve(stdout);
      },
    );
  });
}

/** Where the repo is: its top folder and the prefix of `cwd` inside it (`""` or `sub/dir/`); undefined outside a repo. */
export async function repoLocation(
  cwd: string,
): Promise<{ top: string; prefix: string } | undefined> {
  const out = await git(cwd, ["rev-parse", "--show-toplevel", "--show-prefix"], {
    allowFail: true,
  });
  const [top, prefix] = out.split("\n");
  if (top === undefined || top === "") return undefined;
  return { top, prefix: prefix ?? "" };
}

/**
 * Read many blobs with one `git cat-file --batch` process.
 * @returns object id → content (UTF-8); missing objects are left out
 */
export function readBlobs(cwd: string, ids: readonly string[]): Promise<Map<string, string>> {
  const result = new Map<string, string>();
  if (ids.length === 0) return Promise.resolve(result);
  return new Promise((resolve, reject) => {
    const child = spawn("git", ["cat-file", "--batch"], { cwd, stdio: ["pipe", "pipe", "pipe"] });
    const chunks: Buffer[] = [];
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => chunks.push(c));
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString("utf8")));
    child.on("error", reject);
    child.on("close", (code) => {
      if (code !== 0) return reject(new Error(`git cat-file failed: ${stderr.trim()}`));
      const buf = Buffer.concat(chunks);
      let pos = 0;
      while (pos < buf.length) {
        const nl = buf.indexOf(10, pos);
        if (nl < 0) break;
        const header = buf.subarray(pos, nl).toString("utf8").split(" ");
        pos = nl + 1;
        if (header[1] === "missing" || header.length < 3) continue;
        const size = Number(header[2]);
        result.set(header[0] ?? "", buf.subarray(pos, pos + size).toString("utf8"));
        pos += size + 1;
      }
      resolve(result);
    });
    child.stdin.end(ids.join("\n") + "\n");
  });
}
