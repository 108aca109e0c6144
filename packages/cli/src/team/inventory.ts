// The files a team command looks at: everything git tracks (or would track) under the policy's
// folder that is encrypted or that a rule covers.
import { readFile, readdir, stat } from "node:fs/promises";
import path from "node:path";
import type * as CoreModule from "@hush/core";
import type { Policy, ResolvedRule } from "@hush/core";
import { HushError } from "@hush/core/errors";
import { git, repoLocation } from "./git-exec.js";
import { SnapshotReader, type Snapshot } from "./snapshot.js";

type Core = typeof CoreModule;

/** One file of the inventory, as it is in the working tree. */
export interface InventoryFile {
  /** Path relative to the policy's folder, POSIX separators. */
  file: string;
  rule: ResolvedRule | undefined;
  /** The working-tree version read without a key (undefined when unreadable or not a document). */
  snapshot: Snapshot | undefined;
  encrypted: boolean;
}

/** Everything the team commands share: the core, the policy, its folder. */
export interface TeamContext {
  core: Core;
  policy: Policy;
  root: string;
  /** The policy file, relative to `root` (`.hush.yaml` or `.sops.yaml`). */
  policyFile: string;
  reader: SnapshotReader;
  /** The command's environment (`Io.env`): policy discovery and identities read it, never `process`. */
  env: Readonly<Record<string, string | undefined>>;
}

/** Load the core and the policy found from `cwd`; an ERR_COMMAND failure when there is none. */
export async function loadContext(
  cwd: string,
  env: TeamContext["env"],
  explicit?: string,
): Promise<TeamContext> {
  const core = await import("@hush/core");
  const { findPolicy } = await import("@hush/core/node");
  let found: Awaited<ReturnType<typeof findPolicy>>;
  try {
    found = await findPolicy(cwd, { env, ...(explicit === undefined ? {} : { explicit }) });
  } catch (err) {
    if (core.isHushError(err))
      throw new HushError("ERR_COMMAND", err.message, {
        hint: err.hint ?? "fix the policy file and retry",
      });
    throw err;
  }
  if (found === undefined)
    throw new HushError("ERR_COMMAND", `no .hush.yaml or .sops.yaml found (${cwd})`, {
      hint: "run `hush init` to write a policy",
    });
  const policyFile = path
    .relative(found.root, path.resolve(found.root, found.file))
    .split(path.sep)
    .join("/");
  return {
    core,
    policy: found.policy,
    root: found.root,
    policyFile,
    reader: new SnapshotReader(core),
    env,
  };
}

const SKIP_DIRS = new Set([".git", "node_modules"]);
const MAX_BYTES = 16 << 20;
/** A name a binary sops file plausibly has (a file of a tree format is always looked at). */
const MAYBE_SOPS = /enc|sops|secret/i;

async function walk(root: string, dir = ""): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(path.join(root, dir), { withFileTypes: true })) {
    const rel = dir === "" ? entry.name : `${dir}/${entry.name}`;
    if (entry.isDirectory()) {
      if (!SKIP_DIRS.has(entry.name)) out.push(...(await walk(root, rel)));
    } else if (entry.isFile()) out.push(rel);
  }
  return out;
}

/** Candidate paths under `root`: git's tracked and untracked-not-ignored files, or a folder walk outside git. */
export async function candidatePaths(root: string): Promise<string[]> {
  if ((await repoLocation(root)) === undefined) return walk(root);
  const out = await git(root, [
    "-c",
    "core.quotepath=off",
    "ls-files",
    "-z",
    "-c",
    "-o",
    "--exclude-standard",
  ]);
  return [...new Set(out.split("\0").filter((p) => p !== ""))].sort();
}

/**
 * Turn command-line PATHs (relative to `cwd`, files or folders) into a filter over root-relative paths.
 * No PATH means everything.
 */
export function pathFilter(
  root: string,
  cwd: string,
  args: readonly string[],
): (file: string) => boolean {
  if (args.length === 0) return () => true;
  const prefixes = args.map((a) =>
    path.relative(root, path.resolve(cwd, a)).split(path.sep).join("/"),
  );
  return (file) =>
    prefixes.some((p) => p === "" || file === p || file.startsWith(`${p.replace(/\/$/, "")}/`));
}

async function inventoryEntry(ctx: TeamContext, file: string): Promise<InventoryFile | undefined> {
  const { core, policy, root, reader } = ctx;
  let rule: ResolvedRule | undefined;
  try {
    rule = core.resolveRule(policy, file);
  } catch {
    rule = undefined;
  }
  // Outside rules, only names a sops file plausibly has are opened (a big repo has many files).
  if (
    rule === undefined &&
    core.formatEntry(core.detectFormat(file)).bytes &&
    !MAYBE_SOPS.test(file)
  )
    return undefined;
  let text: string;
  try {
    const info = await stat(path.join(root, file));
    if (!info.isFile() || info.size > MAX_BYTES) return undefined;
    text = await readFile(path.join(root, file), "utf8");
  } catch {
    return undefined;
  }
  // Cheap test first: only sops documents mention `sops` and an `ENC[`/`age` entry.
  const looksEncrypted = text.includes("sops") && (text.includes("ENC[") || text.includes("age"));
  if (rule === undefined && !looksEncrypted) return undefined;
  const snapshot = looksEncrypted ? reader.read(file, text) : undefined;
  const encrypted = snapshot?.encrypted === true;
  if (rule === undefined && !encrypted) return undefined;
  return { file, rule, snapshot, encrypted };
}

/** Encrypted files and files under a rule, with their working-tree snapshots. */
export async function loadInventory(
  ctx: TeamContext,
  filter: (file: string) => boolean = () => true,
): Promise<InventoryFile[]> {
  const { root } = ctx;
  const files = (await candidatePaths(root)).filter(
    (f) => filter(f) && f !== ".hush.yaml" && f !== ".sops.yaml" && f !== ".gitattributes",
  );
  // Reads overlap (bounded), the results keep git's order.
  const slots: (InventoryFile | undefined)[] = files.map(() => undefined);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < files.length) {
      const i = next++;
      slots[i] = await inventoryEntry(ctx, files[i] ?? "");
    }
  };
  await Promise.all(Array.from({ length: Math.min(32, files.length) }, worker));
  const result = slots.filter((f): f is InventoryFile => f !== undefined);
  return result;
}
