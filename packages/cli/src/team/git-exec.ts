// Git plumbing for the team commands: plain `git` processes, no shell, a few per command (never one per commit).
import { execFile, spawn } from "node:child_process";
import { gitEnv } from "@hush/pre-commit/git-env";

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
        env: gitEnv(),
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
 * Read many objects with one `git cat-file --batch` process. Names may be object ids or
 * `<rev>:<path>`; each result is stored under the name it was asked by.
 * @returns name → content (UTF-8); missing objects are left out
 */
export function readBlobs(cwd: string, names: readonly string[]): Promise<Map<string, string>> {
  const result = new Map<string, string>();
  if (names.length === 0) return Promise.resolve(result);
  return new Promise((resolve, reject) => {
    const child = spawn("git", ["cat-file", "--batch"], {
      cwd,
      env: gitEnv(),
      stdio: ["pipe", "pipe", "pipe"],
    });
    const chunks: Buffer[] = [];
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => chunks.push(c));
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString("utf8")));
    child.on("error", reject);
    child.on("close", (code) => {
      if (code !== 0) return reject(new Error(`git cat-file failed: ${stderr.trim()}`));
      const buf = Buffer.concat(chunks);
      let pos = 0;
      // One answer per asked name, in order: `<id> <type> <size>\n<content>\n` or `<name> missing\n`.
      for (const name of names) {
        const nl = buf.indexOf(10, pos);
        if (nl < 0) break;
        const header = buf.subarray(pos, nl).toString("utf8");
        pos = nl + 1;
        const m = / (blob|tree|commit|tag) (\d+)$/.exec(header);
        if (m === null) continue;
        const size = Number(m[2]);
        if (m[1] === "blob") result.set(name, buf.subarray(pos, pos + size).toString("utf8"));
        pos += size + 1;
      }
      resolve(result);
    });
    child.stdin.end(`${names.join("\n")}\n`);
  });
}
