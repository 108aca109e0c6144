import { existsSync, lstatSync, realpathSync } from "node:fs";
import path from "node:path";
import type {
  DecryptResult,
  EncryptionRules,
  Format,
  IdentityInput,
  Policy,
  ResolvedRule,
} from "@hush/core";
import type { PluginOptions } from "@hush/core/node";
import { type Io } from "../io.js";
import { HushError } from "@hush/core/errors";

/** The loaded policy and the folder its rule paths are relative to. */
export interface LoadedPolicy {
  policy: Policy;
  /** Folder of the policy file: rule globs are relative to it. */
  root: string;
  file: string;
}

/**
 * Everything a command needs about where it runs: the policy, the identities (loaded once) and path
 * helpers. Each part is loaded on first use so that commands that need none of it stay fast.
 */
export interface Context {
  readonly io: Io;
  /**
   * Absolute path of a user-given path (relative to the working directory), symbolic links
   * resolved: the file a command reads, picks the rule for, locks and writes is the link's target.
   */
  abs(p: string): string;
  /** How to show an absolute path to the user: relative to the working directory when inside it. */
  show(abs: string): string;
  /** The policy (`.hush.yaml`, else `.sops.yaml`), or undefined when there is none. */
  policy(): Promise<LoadedPolicy | undefined>;
  /** The rule that covers a file (absolute path), or undefined. */
  rule(abs: string): Promise<ResolvedRule | undefined>;
  /** The options the policy pins for a file, as core's decrypt options take them (`{}` when none). */
  pin(abs: string): Promise<{ pinnedRules?: EncryptionRules }>;
  /** The repo root: the policy's folder, else the git top level, else the working directory. */
  root(): Promise<string>;
  /**
   * The identities (age identity strings, ssh keys, protected identity files, plugins), loaded
   * once; fails with a hint when there are none. Protected ones ask on the terminal only when a
   * file is wrapped for them, once per run.
   */
  identities(): Promise<IdentityInput[]>;
  /** Like {@link identities} but returns [] instead of failing. */
  identitiesIfAny(): Promise<IdentityInput[]>;
}

/** Options every key-using command shares. */
export interface IdentityOptions {
  identity?: string[];
}

/** Collect repeatable option values (`--identity a --identity b`). */
export function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/**
 * `abs` with symbolic links resolved (for a new file: its folder's). The rule, the recipients and
 * the pinned options are those of the file actually read and written: a committed link under a
 * rule naming more readers must not re-wrap another file's data key for them. A dangling link is
 * kept as given, for the writer to refuse.
 */
function physical(abs: string): string {
  try {
    return realpathSync(abs);
  } catch {
    try {
      if (lstatSync(abs).isSymbolicLink()) return abs;
    } catch {
      // missing: a new file
    }
    try {
      return path.join(realpathSync(path.dirname(abs)), path.basename(abs));
    } catch {
      return abs;
    }
  }
}

/** POSIX path of `abs` relative to `root`. */
export function relPosix(root: string, abs: string): string {
  return path.relative(root, abs).split(path.sep).join("/");
}

/** Build the context for one command run. */
export function createContext(io: Io, options: IdentityOptions = {}): Context {
  let policyPromise: Promise<LoadedPolicy | undefined> | undefined;
  let identitiesPromise: Promise<IdentityInput[]> | undefined;
  let rootPromise: Promise<string> | undefined;

  const loadPolicy = (): Promise<LoadedPolicy | undefined> => {
    policyPromise ??= (async () => {
      const { findPolicy } = await import("@hush/core/node");
      const found = await findPolicy(io.cwd, { explicit: io.policy, env: io.env });
      await installPlugins(found?.root);
      return found;
    })();
    return policyPromise;
  };

  /** Running age plugins: from PATH, never from the working folder or the repository. */
  const pluginOptions = async (policyRoot: string | undefined): Promise<PluginOptions> => {
    const { pluginUi } = await import("./terminal.js");
    const untrusted = [io.cwd, repositoryAbove(io.cwd), policyRoot].filter(
      (d): d is string => d !== undefined,
    );
    return { env: io.env, ui: pluginUi(io), untrusted };
  };

  const loadIdentities = (): Promise<IdentityInput[]> => {
    identitiesPromise ??= (async () => {
      const { findIdentities } = await import("@hush/core/node");
      const { askerOf } = await import("./terminal.js");
      const ask = askerOf(io);
      const files = (options.identity ?? []).map((f) => path.resolve(io.cwd, f));
      const found = await findIdentities({
        env: io.env,
        ...(files.length > 0 ? { files } : {}),
        ask: (prompt) => ask(prompt),
        plugins: await pluginOptions((await loadPolicy().catch(() => undefined))?.root),
      });
      return found.map((f) => f.identity);
    })();
    return identitiesPromise;
  };

  // Wrapping for an `age1<plugin>1…` recipient runs its plugin: installed once the policy is read,
  // which every command that chooses recipients does first.
  let pluginsInstalled = false;
  const installPlugins = async (policyRoot: string | undefined): Promise<void> => {
    if (pluginsInstalled) return;
    pluginsInstalled = true;
    const [core, node] = await Promise.all([import("@hush/core"), import("@hush/core/node")]);
    const host = node.pluginHost(await pluginOptions(policyRoot));
    core.setAgePluginHost(host);
  };

  const ctx: Context = {
    io,
    abs: (p) => physical(path.resolve(io.cwd, p)),
    show: (abs) => {
      const rel = path.relative(io.cwd, abs);
      return rel === "" ? "." : rel.startsWith("..") || path.isAbsolute(rel) ? abs : rel;
    },
    policy: loadPolicy,
    rule: async (abs) => {
      const loaded = await loadPolicy();
      if (loaded === undefined) return undefined;
      const rel = relPosix(loaded.root, abs);
      if (rel.startsWith("../") || rel === "..") return undefined;
      const { resolveRule } = await import("@hush/core");
      return resolveRule(loaded.policy, rel);
    },
    pin: async (abs) => {
      const pinned = (await ctx.rule(abs))?.pinnedRules;
      return pinned === undefined ? {} : { pinnedRules: pinned };
    },
    root: () => {
      rootPromise ??= (async () => {
        const loaded = await loadPolicy().catch(() => undefined);
        if (loaded !== undefined) return loaded.root;
        return (await gitTopLevel(io.cwd)) ?? io.cwd;
      })();
      return rootPromise;
    },
    identities: async () => {
      const ids = await loadIdentities();
      if (ids.length === 0) {
        throw new HushError("ERR_COMMAND", "no age identity found", {
          hint: "run `hush keygen -o ~/.config/sops/age/keys.txt`, set SOPS_AGE_KEY_FILE, or pass --identity FILE",
        });
      }
      return ids;
    },
    identitiesIfAny: loadIdentities,
  };
  return ctx;
}

/** The nearest folder at or above `dir` holding `.git` (stat calls only). */
function repositoryAbove(dir: string): string | undefined {
  for (let d = path.resolve(dir); ;) {
    if (existsSync(path.join(d, ".git"))) return d;
    const up = path.dirname(d);
    if (up === d) return undefined;
    d = up;
  }
}

/** `git rev-parse --show-toplevel`, or undefined outside a git work tree (or without git). */
export async function gitTopLevel(cwd: string): Promise<string | undefined> {
  // Loaded here: child_process (with net behind it) costs every start a few ms otherwise.
  const { execFile } = await import("node:child_process");
  return new Promise((resolve) => {
    execFile("git", ["rev-parse", "--show-toplevel"], { cwd }, (err, stdout) => {
      resolve(err === null ? stdout.trim() : undefined);
    });
  });
}

/**
 * Decrypt a file's text with the identities found: a file that is not encrypted, or not valid, is
 * reported as such even when no identity is set up; "no identity" only when one was needed.
 */
export async function decryptText(
  ctx: Context,
  abs: string,
  text: string,
  format: Format,
  doc?: number,
): Promise<DecryptResult> {
  const core = await import("@hush/core");
  const identities = await ctx.identitiesIfAny();
  const pin = await ctx.pin(abs);
  try {
    return await core.decrypt(text, {
      format,
      identities,
      ...pin,
      ...(doc === undefined ? {} : { doc }),
    });
  } catch (err) {
    if (identities.length === 0 && core.isHushError(err) && err.code === "ERR_NO_IDENTITY") {
      await ctx.identities(); // throws the "no age identity found" failure with its hint
    }
    throw err;
  }
}
