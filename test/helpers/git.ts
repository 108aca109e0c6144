/**
 * Temp git repositories for end-to-end tests: `git init -b main`, a local user, commit signing off,
 * and a private home folder next to the repo (see hush.ts for the environment built on it).
 */
import { execFile } from "node:child_process";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { hushEnv, runHush, type HushRun } from "./hush.js";

/** A temp repo and its private home. */
export interface TestRepo {
  /** The repository's work tree. */
  dir: string;
  /** HOME for every process of the test (holds .config/sops/age/keys.txt when created). */
  home: string;
  /** Private TMPDIR of the hush processes (should be empty after each run). */
  tmp: string;
  env: Record<string, string>;
  git: (...args: string[]) => Promise<string>;
  write: (rel: string, content: string) => Promise<string>;
  hush: (
    args: readonly string[],
    options?: { env?: Record<string, string | undefined>; input?: string; cwd?: string },
  ) => Promise<HushRun>;
  cleanup: () => Promise<void>;
}

/** Run git with the test environment; rejects on a non-zero exit. */
export function git(
  cwd: string,
  env: Record<string, string>,
  args: readonly string[],
): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile("git", args, { cwd, env, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err !== null) reject(new Error(`git ${args.join(" ")} failed: ${stderr}`));
      else resolve(stdout);
    });
  });
}

/** Create a temp folder with `repo/` (git init -b main, local user) and `home/`. */
export async function createRepo(): Promise<TestRepo> {
  const base = await mkdtemp(path.join(tmpdir(), "hush-e2e-"));
  const dir = path.join(base, "repo");
  const home = path.join(base, "home");
  const tmp = path.join(home, "tmp");
  await mkdir(dir);
  await mkdir(tmp, { recursive: true });
  const env = hushEnv(home);
  const run = (...args: string[]): Promise<string> => git(dir, env, args);
  await run("init", "-q", "-b", "main");
  await run("config", "user.name", "Test User");
  await run("config", "user.email", "test@hush.invalid");
  await run("config", "commit.gpgsign", "false");
  return {
    dir,
    home,
    tmp,
    env,
    git: run,
    write: async (rel, content) => {
      const abs = path.join(dir, rel);
      await mkdir(path.dirname(abs), { recursive: true });
      await writeFile(abs, content);
      return abs;
    },
    hush: (args, options = {}) =>
      runHush(args, {
        cwd: options.cwd ?? dir,
        env: options.env === undefined ? env : hushEnv(home, options.env),
        ...(options.input === undefined ? {} : { input: options.input }),
      }),
    cleanup: () => rm(base, { recursive: true, force: true }),
  };
}
