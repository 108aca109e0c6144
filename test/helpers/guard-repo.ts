/**
 * Temp git repositories for the guard's tests: hermetic (own HOME, no global git config, no
 * identities unless a test gives one), real `git`, the BUILT guard and CLI.
 */
import { spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

export const REPO_ROOT = path.resolve(import.meta.dirname, "../..");
export const HUSH_BIN = path.join(REPO_ROOT, "packages/cli/bin/hush.js");
export const GUARD_BIN = path.join(REPO_ROOT, "hooks/pre-commit/bin/hush-pre-commit.js");

export interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

export interface TempRepo {
  dir: string;
  /** Environment for every process in this repo: private HOME, no GIT_*, no age keys unless set. */
  env: Record<string, string>;
  git: (...args: string[]) => Ran;
  /** Write a file (creating folders) relative to the repo. */
  write: (rel: string, content: string | Uint8Array) => void;
  /** `git add` then `git commit -m` through whatever hook is installed. */
  commit: (message: string, ...paths: string[]) => Ran;
  /** Run the built guard in the repo. */
  guard: (...args: string[]) => Ran;
  /** Run the built `hush` CLI in the repo. */
  hush: (...args: string[]) => Ran;
  cleanup: () => void;
}

function run(
  cmd: string,
  args: readonly string[],
  cwd: string,
  env: Record<string, string>,
  input?: string,
): Ran {
  const r = spawnSync(cmd, args, {
    cwd,
    env,
    encoding: "utf8",
    input: input ?? "",
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.error) throw r.error;
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** A clean environment: PATH and node's essentials only; GIT_* and key variables removed. */
export function cleanEnv(home: string, extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v === undefined) continue;
    if (
      k.startsWith("GIT_") ||
      k.startsWith("SOPS_") ||
      k.startsWith("HUSH_") ||
      k === "XDG_CONFIG_HOME"
    )
      continue;
    if (
      k === "PATH" ||
      k === "LANG" ||
      k === "TMPDIR" ||
      k.startsWith("NODE_") ||
      k === "SYSTEMROOT"
    )
      env[k] = v;
  }
  return {
    ...env,
    HOME: home,
    XDG_CONFIG_HOME: path.join(home, ".config"),
    GIT_CONFIG_NOSYSTEM: "1",
    GIT_AUTHOR_NAME: "Test",
    GIT_AUTHOR_EMAIL: "test@hush.invalid",
    GIT_COMMITTER_NAME: "Test",
    GIT_COMMITTER_EMAIL: "test@hush.invalid",
    NO_COLOR: "1",
    ...extra,
  };
}

/** A new repository in a private temp folder (`git init -b main`). */
export function makeRepo(extraEnv: Record<string, string> = {}): TempRepo {
  const base = mkdtempSync(path.join(tmpdir(), "hush-guard-"));
  chmodSync(base, 0o700);
  const home = path.join(base, "home");
  const dir = path.join(base, "repo");
  mkdirSync(home, { recursive: true, mode: 0o700 });
  mkdirSync(dir, { recursive: true });
  const env = cleanEnv(home, extraEnv);
  const repo: TempRepo = {
    dir,
    env,
    git: (...args) => run("git", args, dir, env),
    write: (rel, content) => {
      const file = path.join(dir, rel);
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, content);
    },
    commit: (message, ...paths) => {
      if (paths.length > 0) {
        const add = run("git", ["add", "--", ...paths], dir, env);
        if (add.code !== 0) return add;
      }
      return run("git", ["commit", "-q", "-m", message], dir, env);
    },
    guard: (...args) => run(process.execPath, [GUARD_BIN, ...args], dir, env),
    hush: (...args) => run(process.execPath, [HUSH_BIN, ...args], dir, env),
    cleanup: () => rmSync(base, { recursive: true, force: true }),
  };
  const init = repo.git("init", "-q", "-b", "main");
  if (init.code !== 0) throw new Error(`git init failed: ${init.stderr}`);
  return repo;
}
