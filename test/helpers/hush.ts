/**
 * Run the BUILT `hush` binary (`node packages/cli/bin/hush.js`) as a whole process, with a controlled
 * environment: HOME and XDG_CONFIG_HOME inside the test's temp folder so a user's real keys are never
 * read or written, no SOPS_/HUSH_ variables unless a test sets them, and a private TMPDIR so tests can
 * prove no plaintext is left behind.
 */
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";

export const REPO_ROOT = path.resolve(import.meta.dirname, "../..");
/** The built binary; HUSH_TEST_BIN points the tests at another build (e.g. an installed copy). */
export const HUSH_BIN =
  process.env["HUSH_TEST_BIN"] ?? path.join(REPO_ROOT, "packages/cli/bin/hush.js");
export const SHARED = path.resolve(REPO_ROOT, "../shared");

/** The outcome of one run. */
export interface HushRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** A hermetic environment rooted at `home` (HOME, XDG_CONFIG_HOME, TMPDIR under it). */
export function hushEnv(
  home: string,
  extra: Record<string, string | undefined> = {},
): Record<string, string> {
  const env: Record<string, string> = {};
  for (const k of ["PATH", "LANG", "SYSTEMROOT"]) {
    const v = process.env[k];
    if (v !== undefined) env[k] = v;
  }
  Object.assign(env, {
    HOME: home,
    XDG_CONFIG_HOME: path.join(home, ".config"),
    TMPDIR: path.join(home, "tmp"),
    GIT_CONFIG_NOSYSTEM: "1",
    NO_COLOR: "1",
  });
  for (const [k, v] of Object.entries(extra)) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  return env;
}

/** Spawn the built binary (for tests that need the live process, e.g. to send it a signal). */
export function spawnHush(
  args: readonly string[],
  options: { cwd: string; env: Record<string, string>; bin?: string },
): ChildProcess {
  return spawn(process.execPath, [options.bin ?? HUSH_BIN, ...args], {
    cwd: options.cwd,
    env: options.env,
    stdio: "pipe",
  });
}

/** Wait for a spawned process to end and collect its output. */
export function collectRun(child: ChildProcess, input?: string | Buffer): Promise<HushRun> {
  return new Promise((resolve, reject) => {
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout?.on("data", (b: Buffer) => out.push(b));
    child.stderr?.on("data", (b: Buffer) => err.push(b));
    child.on("error", reject);
    child.on("close", (code, signal) =>
      resolve({
        code,
        signal,
        stdout: Buffer.concat(out).toString("utf8"),
        stderr: Buffer.concat(err).toString("utf8"),
      }),
    );
    child.stdin?.on("error", () => undefined);
    child.stdin?.end(input ?? "");
  });
}

/** Run the built binary to completion. */
export function runHush(
  args: readonly string[],
  options: { cwd: string; env: Record<string, string>; input?: string | Buffer; bin?: string },
): Promise<HushRun> {
  return collectRun(spawnHush(args, options), options.input);
}
