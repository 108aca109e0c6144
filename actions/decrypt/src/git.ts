import { execFile } from "node:child_process";

/** Result of one git invocation; git's own failures are returned, not thrown. */
export interface GitResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Run git in `cwd` with extra environment, feeding `input` on stdin. */
export function git(cwd: string, args: readonly string[], options: { input?: string; env?: NodeJS.ProcessEnv } = {}): Promise<GitResult> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      "git",
      [...args],
      { cwd, env: { ...process.env, GIT_TERMINAL_PROMPT: "0", ...options.env }, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error !== null && typeof error.code !== "number") {
          reject(error);
          return;
        }
        resolve({ code: error === null ? 0 : (error.code as number), stdout, stderr });
      },
    );
    child.stdin?.end(options.input ?? "");
  });
}
