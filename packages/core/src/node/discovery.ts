/**
 * Where the policy is, and whether to trust it. The policy decides who a data key is wrapped for
 * and what the guard checks, so it is looked for only inside the repository (walking up from the
 * working folder, never past the folder holding `.git`), the nearest `.hush.yaml` or `.sops.yaml`
 * winning; outside a repository only in the working folder. A policy or identity file that group
 * or others can write is refused, and a repository owned by someone else is trusted only the way
 * git trusts it (`safe.directory`). Stat calls only: no YAML, and git is spawned only when the
 * owner differs (the guard calls this on every commit).
 */
import { statSync, type Stats } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { HushError } from "../errors.js";

/**
 * Every environment variable that gives an age identity (or where to find one). Kept beside the
 * discovery so a new source is added once: identities are read from these, and `hush exec` strips
 * them from the environment of the program it runs.
 */
export const IDENTITY_VARIABLES: readonly string[] = [
  "SOPS_AGE_KEY",
  "SOPS_AGE_KEY_FILE",
  "SOPS_AGE_KEY_CMD",
  "SOPS_AGE_SSH_PRIVATE_KEY_FILE",
  "HUSH_AGE_KEY",
  "HUSH_AGE_KEY_FILE",
];

/**
 * Whether a variable gives an identity or says where one is: every {@link IDENTITY_VARIABLES}
 * entry, and anything else under the `SOPS_AGE_` / `HUSH_AGE_` prefixes, so an identity source a
 * later sops adds is stripped before anyone remembers to list it. Case-insensitive, as Windows
 * environments are.
 */
export function isIdentityVariable(name: string): boolean {
  const upper = name.toUpperCase();
  return (
    IDENTITY_VARIABLES.includes(upper) ||
    upper.startsWith("SOPS_AGE_") ||
    upper.startsWith("HUSH_AGE_")
  );
}

/**
 * A copy of `env` without any identity variable: the environment for a program hush runs with
 * decrypted values (`hush exec`), which must read the values it is given and never the key that
 * opens every other file.
 */
export function withoutIdentities(
  env: Readonly<Record<string, string | undefined>>,
): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(env)) if (!isIdentityVariable(name)) out[name] = value;
  return out;
}

/** A policy file found, before it is read. */
export interface PolicyLocation {
  /** Absolute path of the policy file. */
  file: string;
  kind: "hush" | "sops";
  /** Folder of the policy file: rule paths are relative to it. */
  root: string;
  /** The repository's top folder (holding `.git`), when the policy is in one. */
  repo: string | undefined;
}

const NAMES = [
  [".hush.yaml", "hush"],
  [".sops.yaml", "sops"],
] as const;

function statOrUndefined(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

/** The nearest folder at or above `dir` holding `.git` (a folder, or a file for worktrees and submodules). */
export function repositoryRoot(dir: string): string | undefined {
  for (let d = resolve(dir); ;) {
    if (statOrUndefined(join(d, ".git")) !== undefined) return d;
    const up = dirname(d);
    if (up === d) return undefined;
    d = up;
  }
}

/**
 * Find the policy for `cwd`: `explicit` when given (`--policy`, `HUSH_POLICY`); else the nearest
 * `.hush.yaml` or `.sops.yaml` from `cwd` up to the repository root (`.hush.yaml` first within one
 * folder); outside a repository, only in `cwd`. Nothing is read or checked yet.
 * @throws HushError ERR_POLICY when an explicit file does not exist
 */
export function locatePolicy(cwd: string, explicit?: string): PolicyLocation | undefined {
  if (explicit !== undefined && explicit !== "") {
    const file = resolve(cwd, explicit);
    if (!statOrUndefined(file)?.isFile()) {
      throw new HushError("ERR_POLICY", `no policy file at ${file}`, {
        hint: "check --policy / HUSH_POLICY",
      });
    }
    const sops = /(^|[/\\])\.?sops\.ya?ml$/.test(file);
    return {
      file,
      kind: sops ? "sops" : "hush",
      root: dirname(file),
      repo: repositoryRoot(dirname(file)),
    };
  }
  const repo = repositoryRoot(cwd);
  const stop = repo ?? resolve(cwd);
  for (let d = resolve(cwd); ;) {
    for (const [name, kind] of NAMES) {
      const file = join(d, name);
      if (statOrUndefined(file)?.isFile()) return { file, kind, root: d, repo };
    }
    const up = dirname(d);
    if (d === stop || up === d) return undefined;
    d = up;
  }
}

/**
 * Whether a path's owner counts as the current user, as git decides it for a repository: the
 * effective uid; as root, root's own paths, or under sudo those of SUDO_UID.
 */
function ownedByMe(ownerUid: number, env: Readonly<Record<string, string | undefined>>): boolean {
  let uid = process.geteuid?.();
  if (uid === 0) {
    if (ownerUid === 0) return true;
    const sudo = env["SUDO_UID"];
    if (sudo !== undefined && /^\d+$/.test(sudo)) uid = Number(sudo);
  }
  return ownerUid === uid;
}

/**
 * Git's `safe.directory` values from the system, global and command-line config (a repository's
 * own config never counts, as in git). Spawns git: only called when an owner differs.
 */
async function safeDirectories(
  env: Readonly<Record<string, string | undefined>>,
): Promise<string[]> {
  const { execFile } = await import("node:child_process");
  return new Promise((done) => {
    execFile(
      "git",
      ["config", "--show-scope", "--get-all", "safe.directory"],
      // Run outside any repository so no local config is read at all.
      { cwd: "/", env },
      (err, stdout) => {
        if (err !== null) return done([]);
        const out: string[] = [];
        for (const line of stdout.split("\n")) {
          const tab = line.indexOf("\t");
          if (tab < 0) continue;
          const scope = line.slice(0, tab);
          if (scope === "local" || scope === "worktree") continue;
          const value = line.slice(tab + 1);
          // An empty value resets the list, as in git.
          if (value === "") out.length = 0;
          else out.push(value);
        }
        done(out);
      },
    );
  });
}

function covers(entry: string, dir: string): boolean {
  if (entry === "*") return true;
  const norm = (p: string): string => p.replace(/\/+$/, "");
  if (entry.endsWith("/*")) return (dir + "/").startsWith(norm(entry.slice(0, -1)) + "/");
  return norm(entry) === norm(dir);
}

/**
 * Refuse a file that someone else could have written: group- or other-writable (for a policy and an
 * identity file), and for a policy, one whose repository (or the file itself) belongs to another
 * user, unless git trusts that repository (`safe.directory`, `*` included).
 * @param what - "policy" or "identity file", for the message
 * @throws HushError ERR_UNTRUSTED
 */
export async function assertTrusted(
  file: string,
  what: "policy" | "identity file",
  options: { repo?: string | undefined; env: Readonly<Record<string, string | undefined>> },
): Promise<void> {
  // Windows has neither POSIX modes nor uids: nothing to check there.
  if (process.platform === "win32" || process.geteuid === undefined) return;
  const st = statOrUndefined(file);
  if (st === undefined) return;
  if ((st.mode & 0o022) !== 0) {
    throw new HushError(
      "ERR_UNTRUSTED",
      `the ${what} ${file} can be written by ${(st.mode & 0o002) !== 0 ? "anyone" : "its group"}`,
      { hint: `make it private to you: chmod go-w ${file}` },
    );
  }
  if (what !== "policy") return;
  // Root owning the file itself is fine: root can write anything anyway.
  const fileOk = st.uid === 0 || ownedByMe(st.uid, options.env);
  const repoOwner = options.repo === undefined ? undefined : statOrUndefined(options.repo)?.uid;
  const repoOk = repoOwner === undefined || ownedByMe(repoOwner, options.env);
  if (fileOk && repoOk) return;
  const dir = options.repo ?? dirname(file);
  const safe = await safeDirectories(options.env);
  if (safe.some((entry) => covers(entry, dir))) return;
  throw new HushError(
    "ERR_UNTRUSTED",
    `the ${what} ${file} belongs to a ${options.repo === undefined ? "folder" : "repository"} owned by someone else`,
    {
      hint: `if you trust it, tell git so: git config --global --add safe.directory ${dir}`,
    },
  );
}
