/**
 * The guard's view of the policy: which rule covers a path, and whether `scan.ignore` skips it.
 *
 * Parsing `.hush.yaml` needs the `yaml` package, whose import alone costs ~35–70 ms — a third of
 * the hook's budget — on every commit in a hush repository. So the answers are cached in
 * `.git/hush-guard-policy.json`, keyed by the policy text (the staged one when the policy is
 * staged) and a stamp of core's policy module: the same policy and core give the same answers, and any
 * change to either starts a new cache. A commit whose paths are all known never loads yaml.
 */
import { existsSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { Policy, ResolvedRule } from "@hush/core";
import type * as CoreModule from "@hush/core";

type PolicyPart = Pick<typeof CoreModule, "parsePolicy" | "parseSopsConfig" | "resolveRule">;

/** What the checks ask of the policy. */
export interface PolicyView {
  /** Folder of the policy file: rule globs are relative to it. */
  dir: string;
  /** The policy file relative to the repository root (absolute when outside it), for messages. */
  source: string;
  /** The policy file relative to the repository root, when inside it. */
  rel: string | undefined;
  /** The rule covering a path relative to `dir`. */
  ruleFor: (rel: string) => Promise<ResolvedRule | undefined>;
  /** True when `scan.ignore` skips the path (relative to `dir`). */
  ignored: (rel: string) => Promise<boolean>;
  /** The parsed policy (loads core's parser, and yaml). */
  policy: () => Promise<Policy>;
  /** Keep what was worked out for the next commit (best effort, never fails). */
  save: () => void;
}

/** Path of `abs` relative to `base` with POSIX separators, or undefined when outside it. */
export function relInside(base: string, abs: string): string | undefined {
  const rel = path.relative(base, abs);
  if (rel === "" || rel.startsWith("..") || path.isAbsolute(rel)) return undefined;
  return rel.split(path.sep).join("/");
}

/**
 * Where `findPolicy` looks from the repository root: `.hush.yaml`, else `.sops.yaml`, in the root
 * itself. Never above it: a folder above the repository is not the repository's to decide (a
 * `.hush.yaml` planted in a shared parent folder must not turn the guard off).
 */
export function policyFileAbove(root: string): string | undefined {
  for (const name of [".hush.yaml", ".sops.yaml"]) {
    const file = path.join(root, name);
    if (existsSync(file)) return file;
  }
  return undefined;
}

interface CacheFile {
  key: string;
  entries: Record<string, { rule: ResolvedRule | null; ignored: boolean }>;
}

const CACHE_NAME = "hush-guard-policy.json";
const MAX_ENTRIES = 20_000;

function readCache(file: string | undefined, key: string): CacheFile {
  if (file !== undefined) {
    try {
      const c = JSON.parse(readFileSync(file, "utf8")) as CacheFile;
      if (c.key === key && typeof c.entries === "object") return c;
    } catch {
      // no cache yet, or unreadable: start a new one
    }
  }
  return { key, entries: {} };
}

/**
 * A stamp of core's policy module, so a changed core never answers from an old cache. Bundled (the
 * bins), core's policy code is part of this very file, and import.meta.resolve is undefined.
 */
function coreStamp(): string {
  try {
    const file =
      typeof import.meta.resolve === "function"
        ? new URL("./policy.js", import.meta.resolve("@hush/core"))
        : new URL(import.meta.url);
    const st = statSync(file);
    return `${file.href}:${st.size}:${st.mtimeMs}`;
  } catch {
    return "unknown";
  }
}

/**
 * Open the policy that governs `root`, or undefined when there is none.
 * @param stagedText - the index copy of a repository file, when it has one (the policy is judged as staged)
 * @param load - loads core's policy part (parsePolicy, resolveRule) on a cache miss
 * @param findPolicy - core's discovery, used on a miss when the policy is not staged
 */
export function openPolicy(
  root: string,
  stagedText: (rel: string) => string | undefined,
  load: () => Promise<PolicyPart>,
  findPolicy: () => Promise<{ policy: Policy; root: string; file: string } | undefined>,
): PolicyView | undefined {
  const file = policyFileAbove(root);
  if (file === undefined) return undefined;
  const rel = relInside(root, file);
  const staged = rel === undefined ? undefined : stagedText(rel);
  let text: string;
  try {
    text = staged ?? readFileSync(file, "utf8");
  } catch {
    text = "";
  }
  const gitDir = path.join(root, ".git");
  const cacheFile =
    existsSync(gitDir) && statSync(gitDir).isDirectory()
      ? path.join(gitDir, CACHE_NAME)
      : undefined;
  return makeView({
    file,
    rel,
    text,
    parseText: staged !== undefined,
    cacheFile,
    load,
    findPolicy,
  });
}

/**
 * A policy given by its text (the committed HEAD's copy, say): parsed on first use, answers not
 * cached on disk (the cache holds the staged policy's).
 * @param file - where the policy file is (absolute), for its folder
 * @param rel - the file relative to the repository root, when inside it (for messages)
 */
export function policyFromText(
  file: string,
  rel: string | undefined,
  text: string,
  load: () => Promise<PolicyPart>,
): PolicyView {
  return makeView({
    file,
    rel,
    text,
    parseText: true,
    cacheFile: undefined,
    load,
    findPolicy: () => Promise.resolve(undefined),
  });
}

function makeView(o: {
  file: string;
  rel: string | undefined;
  text: string;
  /** Parse `text` (staged or committed); otherwise the file on disk through core's discovery. */
  parseText: boolean;
  cacheFile: string | undefined;
  load: () => Promise<PolicyPart>;
  findPolicy: () => Promise<{ policy: Policy; root: string; file: string } | undefined>;
}): PolicyView {
  const { file, rel, text, cacheFile, load } = o;
  // The whole text is the key (policies are small): exact, and no node:crypto to load (~8 ms).
  const key = `${coreStamp()}\0${file}\0${text}`;
  const cache = readCache(cacheFile, key);
  let dirty = false;
  const dir = path.dirname(file);
  const source = rel ?? file;

  let parsed: Promise<{ core: PolicyPart; policy: Policy; ignore: Policy | undefined }> | undefined;
  const parse = (): Promise<{ core: PolicyPart; policy: Policy; ignore: Policy | undefined }> => {
    parsed ??= (async () => {
      const core = await load();
      let policy: Policy;
      if (o.parseText) {
        policy =
          path.basename(file) === ".sops.yaml"
            ? core.parseSopsConfig(text, source)
            : core.parsePolicy(text, source);
      } else {
        const found = await o.findPolicy();
        if (found === undefined || path.resolve(found.file) !== path.resolve(file)) {
          throw new Error(`the policy changed while the guard read it (${source})`);
        }
        policy = found.policy;
      }
      return { core, policy, ignore: ignorePolicy(policy.scan.ignore) };
    })();
    return parsed;
  };

  const entry = async (p: string): Promise<{ rule: ResolvedRule | null; ignored: boolean }> => {
    const hit = cache.entries[p];
    if (hit !== undefined) return hit;
    const { core, policy, ignore } = await parse();
    const fresh = {
      rule: core.resolveRule(policy, p) ?? null,
      ignored: ignore !== undefined && core.resolveRule(ignore, p) !== undefined,
    };
    cache.entries[p] = fresh;
    dirty = true;
    return fresh;
  };

  return {
    dir,
    source,
    rel,
    ruleFor: async (p) => (await entry(p)).rule ?? undefined,
    ignored: async (p) => (await entry(p)).ignored,
    policy: async () => (await parse()).policy,
    save: () => {
      if (!dirty || cacheFile === undefined) return;
      try {
        const out = Object.keys(cache.entries).length > MAX_ENTRIES ? { key, entries: {} } : cache;
        const tmp = `${cacheFile}.${process.pid}.tmp`;
        writeFileSync(tmp, JSON.stringify(out), { mode: 0o600 });
        renameSync(tmp, cacheFile);
      } catch {
        // a cache is an optimisation: a read-only .git only costs speed
      }
    },
  };
}

/** `scan.ignore` globs as a policy of their own, matched by the same `resolveRule` as the rules. */
function ignorePolicy(globs: readonly string[]): Policy | undefined {
  if (globs.length === 0) return undefined;
  return {
    kind: "hush",
    source: "scan.ignore",
    members: new Map(),
    groups: new Map(),
    rules: globs.map((g, i) => ({
      path: g,
      pathRegex: undefined,
      recipients: [],
      keyGroups: undefined,
      shamirThreshold: undefined,
      rules: {},
      maxAgeMs: undefined,
      line: i + 1,
    })),
    scan: { ignore: [] },
  };
}
