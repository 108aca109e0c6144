// Value ages from git history, for status/report/rotate --overdue.
//
// The age of a value is the date of the commit that wrote its current plaintext: hush keeps the
// ciphertext of every value whose plaintext did not change, so a new ciphertext means a new value or
// a re-encryption (`hush rotate`: a new data key, the same values). A re-encryption does not make a
// value younger: where a key opens both versions the plaintexts say whether it changed, and without
// one the value counts as unchanged ("re-encrypted, values unknown"; see team/reencryption.ts).
import { readFile } from "node:fs/promises";
import path from "node:path";
import type { CommitInfo, FileChange, FileHistory } from "./team/history-git.js";
import type { TeamContext } from "./team/inventory.js";
import type { StaleAccess } from "./team/offboarding.js";
import type { Snapshot, SnapshotReader } from "./team/snapshot.js";
import { versionPair, type Reencryptions } from "./team/reencryption.js";

/** A value whose plaintext is older than its rule's `max_age`. */
export interface OverdueValue {
  /** File path relative to the repo root. */
  file: string;
  /** Key path in dot/bracket notation. */
  keyPath: string;
  /** When the value last changed (commit date), and in which commit. */
  lastChanged: Date;
  commit: string;
  ageMs: number;
  maxAgeMs: number;
  /** The ciphertext is newer: re-encrypted since, the value unchanged or (without a key) unknown. */
  reencrypted?: "unchanged" | "unknown";
}

/** When one value of the working tree got its current stored text. */
export interface ValueAge {
  file: string;
  keyPath: string;
  encrypted: boolean;
  /** The commit that wrote the current plaintext; undefined when the change is not committed yet. */
  commit: CommitInfo | undefined;
  /**
   * Set when the current ciphertext came from a re-encryption that kept the value ("unchanged",
   * known from the plaintexts) or may have ("unknown": no key opened both versions).
   */
  reencrypted?: "unchanged" | "unknown";
}

/**
 * Ages of every value of one file's working-tree `current` snapshot, from its history.
 * Encrypted values: the oldest commit whose version holds that exact ciphertext (unique, thanks to
 * random IVs), found by a plain text search — no historical version is parsed. Plaintext values can
 * repeat, so for them versions are parsed and the newest commit that set that text counts.
 */
export function ageValues(
  reader: SnapshotReader,
  history: FileHistory,
  entry: { readonly file: string; readonly snapshot: Snapshot | undefined },
  reencryptionsByFile?: ReadonlyMap<string, Reencryptions>,
): ValueAge[] {
  const { file, snapshot: current } = entry;
  const reencryptions = reencryptionsByFile?.get(file);
  if (current === undefined) return [];
  const changes = history.changes.get(file) ?? [];
  const blob = (id: string | undefined): string | undefined =>
    id === undefined ? undefined : history.blobs.get(id);
  const originOf = new Map<string, FileChange>();
  const found = new Map<string, CommitInfo>();
  const encrypted = [...current.values].filter(([, v]) => v.encrypted);
  for (const change of changes) {
    const text = blob(change.newBlob);
    if (text === undefined) continue;
    for (const [keyPath, v] of encrypted) {
      const seen = originOf.get(keyPath);
      if ((seen === undefined || change.commit.date < seen.commit.date) && text.includes(v.stored))
        originOf.set(keyPath, change);
    }
  }
  const notes = new Map<string, "unchanged" | "unknown">();
  if (reencryptions !== undefined && reencryptions.size > 0) {
    const snapOf = (id: string | undefined): Snapshot | undefined => {
      const text = blob(id);
      return text === undefined || id === undefined ? undefined : reader.read(file, text, id);
    };
    // The oldest version holding a ciphertext: where it was written.
    const origin = (stored: string): FileChange | undefined => {
      let best: FileChange | undefined;
      for (const change of changes)
        if (
          (best === undefined || change.commit.date < best.commit.date) &&
          blob(change.newBlob)?.includes(stored) === true
        )
          best = change;
      return best;
    };
    const headId = history.head.get(file);
    for (const [keyPath] of encrypted) {
      // A value the working tree re-encrypted starts from its HEAD ciphertext.
      let at: { oldBlob: string | undefined; newBlob: string | undefined } | undefined =
        originOf.get(keyPath) ?? { oldBlob: headId, newBlob: "worktree" };
      let note: "unchanged" | "unknown" | undefined;
      for (let hops = 0; at !== undefined && hops < 1000; hops++) {
        const r = reencryptions.get(versionPair(at.oldBlob, at.newBlob));
        if (r === undefined || (r !== "unknown" && r.has(keyPath))) break;
        const before = snapOf(at.oldBlob)?.values.get(keyPath);
        if (before === undefined || !before.encrypted) break;
        note = r === "unknown" ? "unknown" : (note ?? "unchanged");
        const prev = origin(before.stored);
        if (prev === undefined) break;
        originOf.set(keyPath, prev);
        at = prev;
      }
      if (note !== undefined) notes.set(keyPath, note);
    }
  }
  for (const [keyPath, change] of originOf) found.set(keyPath, change.commit);
  const plain = [...current.values].filter(([, v]) => !v.encrypted);
  if (plain.length > 0) {
    const snap = (id: string | undefined): Snapshot | undefined => {
      const text = blob(id);
      return text === undefined || id === undefined ? undefined : reader.read(file, text, id);
    };
    for (const change of changes) {
      const after = snap(change.newBlob);
      if (after === undefined) continue;
      const before = snap(change.oldBlob);
      for (const [keyPath, v] of plain) {
        const now = after.values.get(keyPath);
        if (now?.stored !== v.stored || before?.values.get(keyPath)?.stored === v.stored) continue;
        const seen = found.get(keyPath);
        if (seen === undefined || change.commit.date > seen.date) found.set(keyPath, change.commit);
      }
    }
  }
  return [...current.values].map(([keyPath, v]) => {
    const note = notes.get(keyPath);
    return {
      file,
      keyPath,
      encrypted: v.encrypted,
      commit: found.get(keyPath),
      ...(note === undefined ? {} : { reencrypted: note }),
    };
  });
}

/**
 * Values overdue for rotation in the given files (relative to `root`, the policy's folder), judged at
 * `now`: encrypted values whose current ciphertext was committed longer ago than their rule's
 * `max_age`. Uncommitted values are fresh. An empty `files` means every encrypted file under `root`.
 */
export async function overdueValues(options: {
  root: string;
  env: TeamContext["env"];
  /** The policy file `--policy` names, else the one found from `root`. */
  policy?: string | undefined;
  files: readonly string[];
  now: Date;
}): Promise<OverdueValue[]> {
  const { loadContext, loadInventory } = await import("./team/inventory.js");
  const { loadHistory } = await import("./team/history-git.js");
  let ctx: Awaited<ReturnType<typeof loadContext>>;
  try {
    ctx = await loadContext(options.root, options.env, options.policy);
  } catch {
    return []; // no policy, so no max_age anywhere
  }
  const wanted = new Set(options.files.map((f) => f.split(path.sep).join("/")));
  const inventory = (
    await loadInventory(ctx, wanted.size === 0 ? () => true : (f) => wanted.has(f))
  ).filter((f) => f.encrypted && f.rule?.maxAgeMs !== undefined);
  if (inventory.length === 0) return [];
  const history = await loadHistory(
    ctx.root,
    inventory.map((f) => f.file),
    { renames: true },
  );
  const { reencryptionsOf } = await import("./team/reencryption.js");
  const reencryptions = await reencryptionsOf(ctx, history, inventory);
  const result: OverdueValue[] = [];
  for (const entry of inventory) {
    const maxAgeMs = entry.rule?.maxAgeMs;
    if (maxAgeMs === undefined) continue;
    const ages = ageValues(ctx.reader, history, entry, reencryptions);
    for (const age of ages) {
      if (!age.encrypted || age.commit === undefined) continue;
      const ageMs = options.now.getTime() - age.commit.date.getTime();
      if (ageMs > maxAgeMs)
        result.push({
          file: entry.file,
          keyPath: age.keyPath,
          lastChanged: age.commit.date,
          commit: age.commit.hash,
          ageMs,
          maxAgeMs,
          ...(age.reencrypted === undefined ? {} : { reencrypted: age.reencrypted }),
        });
    }
  }
  return result;
}

/** The working-tree text of a root-relative file, or undefined when it cannot be read. */
export async function readWorkingFile(root: string, file: string): Promise<string | undefined> {
  try {
    return await readFile(path.join(root, file), "utf8");
  } catch {
    return undefined;
  }
}

/** The clock of a command: `HUSH_NOW` (ISO date, for tests and audits "as of") or the real time. */
export function commandNow(env: Readonly<Record<string, string | undefined>>): Date {
  const raw = env["HUSH_NOW"];
  if (raw === undefined || raw === "") return new Date();
  const d = new Date(raw);
  return Number.isNaN(d.getTime()) ? new Date() : d;
}

/** A former reader of a file that was not rotated since (see {@link staleReaders}). */

/**
 * Files (relative to `root`) that a recipient could open in some commit, that the policy no longer
 * grants to it, and that were not rotated since — the off-boarding check of `hush access`/`report`,
 * for `hush status`. An empty `files` means every encrypted file under `root`.
 */
export async function staleReaders(options: {
  root: string;
  env: TeamContext["env"];
  /** The policy file `--policy` names, else the one found from `root`. */
  policy?: string | undefined;
  files: readonly string[];
}): Promise<StaleAccess[]> {
  const { loadContext, loadInventory } = await import("./team/inventory.js");
  const { loadHistory } = await import("./team/history-git.js");
  const { historicalNames, staleAccess } = await import("./team/offboarding.js");
  let ctx: Awaited<ReturnType<typeof loadContext>>;
  try {
    ctx = await loadContext(options.root, options.env, options.policy);
  } catch {
    return [];
  }
  const wanted = new Set(options.files.map((f) => f.split(path.sep).join("/")));
  const inventory = (
    await loadInventory(ctx, wanted.size === 0 ? () => true : (f) => wanted.has(f))
  ).filter((f) => f.encrypted);
  if (inventory.length === 0) return [];
  const history = await loadHistory(ctx.root, [...inventory.map((f) => f.file), ctx.policyFile], {
    renames: true,
  });
  const { reencryptionsOf } = await import("./team/reencryption.js");
  const reencryptions = await reencryptionsOf(ctx, history, inventory);
  return staleAccess(
    ctx,
    inventory,
    history,
    historicalNames(ctx, history, ctx.policyFile),
    reencryptions,
  );
}
