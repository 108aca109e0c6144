import { spawn } from "node:child_process";

/** Result of one git invocation; git's own failures are returned, not thrown. */
export interface GitResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Run git in `cwd` with extra environment, feeding `input` on stdin when given. */
export function git(
  cwd: string,
  args: readonly string[],
  options: { input?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<GitResult> {
  return new Promise((resolve, reject) => {
    const child = spawn("git", [...args], {
      cwd,
      env: { ...process.env, GIT_TERMINAL_PROMPT: "0", ...options.env },
      stdio: [options.input === undefined ? "ignore" : "pipe", "pipe", "pipe"],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout?.on("data", (b: Buffer) => out.push(b));
    child.stderr?.on("data", (b: Buffer) => err.push(b));
    child.on("error", reject);
    child.on("close", (code) =>
      resolve({
        code: code ?? 1,
        stdout: Buffer.concat(out).toString("utf8"),
        stderr: Buffer.concat(err).toString("utf8"),
      }),
    );
    if (child.stdin !== null) {
      // git may exit before reading everything (e.g. on an error): that is reported by its exit code.
      child.stdin.on("error", () => undefined);
      child.stdin.end(options.input);
    }
  });
}
