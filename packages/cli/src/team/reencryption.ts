// A new data key is not a new value. `hush rotate` gives every value a new ciphertext, which from
// ciphertexts alone looks like every value changed; but whoever read the file before still knows
// every value. Where an identity opens both versions, their plaintexts tell the two apart exactly;
// without one, a re-encryption's values are unknown and counted as unchanged (the safe side for
// max_age and for a reader who left).
import type { IdentityInput } from "@hush/core";
import type { FileChange, FileHistory } from "./history-git.js";
import type { InventoryFile, TeamContext } from "./inventory.js";
import { candidateFormats, isRotation, type Snapshot } from "./snapshot.js";

/** The value paths whose plaintext a re-encryption changed, or "unknown" without a key. */
export type Reencryption = Set<string> | "unknown";

/**
 * The re-encryptions (every ciphertext new) of one file, keyed by {@link versionPair}: commits, and
 * the working tree against HEAD (new blob "worktree").
 */
export type Reencryptions = Map<string, Reencryption>;

/** The key of a version change in {@link Reencryptions}. */
export function versionPair(oldBlob: string | undefined, newBlob: string | undefined): string {
  return `${oldBlob ?? ""}>${newBlob ?? ""}`;
}

/** Per environment (one per run of the binary), so the identities are looked up once. */
const identitiesOf = new WeakMap<TeamContext["env"], Promise<IdentityInput[]>>();

/** The user's identities, found like every command finds them; none is not an error here. */
function identities(env: TeamContext["env"]): Promise<IdentityInput[]> {
  let found = identitiesOf.get(env);
  if (found === undefined) {
    found = (async () => {
      try {
        const { findIdentities } = await import("@hush/core/node");
        return (await findIdentities({ env })).map((f) => f.identity);
      } catch {
        return [];
      }
    })();
    identitiesOf.set(env, found);
  }
  return found;
}

/** value path → `type:text` of one version; undefined when no identity opens it. */
async function plainValues(
  ctx: TeamContext,
  file: string,
  text: string,
  ids: readonly IdentityInput[],
): Promise<Map<string, string> | undefined> {
  for (const format of candidateFormats(ctx.core, file)) {
    try {
      const r = await ctx.core.decrypt(text, { format, identities: ids });
      return new Map(
        r.values.map((v) => [
          `${v.doc}:${ctx.core.formatKeyPath(v.keyPath)}`,
          `${v.type}:${v.value}`,
        ]),
      );
    } catch {
      // another format, or a version no identity opens
    }
  }
  return undefined;
}

/**
 * Every re-encryption of `file` in `history` (and of its working-tree `current` against HEAD), with
 * the paths whose plaintext changed where an identity opens both versions.
 */
export async function findReencryptions(
  ctx: TeamContext,
  history: FileHistory,
  file: string,
  current: Snapshot | undefined,
  currentText: string | undefined,
): Promise<Reencryptions> {
  const out: Reencryptions = new Map();
  const blob = (id: string | undefined): string | undefined =>
    id === undefined ? undefined : history.blobs.get(id);
  const snap = (id: string | undefined): Snapshot | undefined => {
    const text = blob(id);
    return text === undefined || id === undefined ? undefined : ctx.reader.read(file, text, id);
  };
  const pairs: { key: string; before: string; after: string; a: Snapshot; b: Snapshot }[] = [];
  for (const c of history.changes.get(file) ?? ([] as FileChange[])) {
    const a = snap(c.oldBlob);
    const b = snap(c.newBlob);
    const before = blob(c.oldBlob);
    const after = blob(c.newBlob);
    if (a && b && before !== undefined && after !== undefined && isRotation(a, b))
      pairs.push({ key: versionPair(c.oldBlob, c.newBlob), before, after, a, b });
  }
  const headId = history.head.get(file);
  const head = snap(headId);
  const headText = blob(headId);
  if (
    head &&
    current &&
    headText !== undefined &&
    currentText !== undefined &&
    isRotation(head, current)
  )
    pairs.push({
      key: versionPair(headId, "worktree"),
      before: headText,
      after: currentText,
      a: head,
      b: current,
    });
  if (pairs.length === 0) return out;
  const ids = await identities(ctx.env);
  for (const p of pairs) {
    const [x, y] =
      ids.length === 0
        ? [undefined, undefined]
        : await Promise.all([
            plainValues(ctx, file, p.before, ids),
            plainValues(ctx, file, p.after, ids),
          ]);
    if (x === undefined || y === undefined) {
      out.set(p.key, "unknown");
      continue;
    }
    // Snapshot paths have no document number; a value changed in any document counts.
    const changed = new Set<string>();
    for (const [k, v] of y) if (x.get(k) !== v) changed.add(k.slice(k.indexOf(":") + 1));
    out.set(p.key, changed);
  }
  return out;
}

/** {@link findReencryptions} for every encrypted file of an inventory, by file. */
export async function reencryptionsOf(
  ctx: TeamContext,
  history: FileHistory,
  inventory: readonly InventoryFile[],
  onFile?: () => void,
): Promise<Map<string, Reencryptions>> {
  const { readFile } = await import("node:fs/promises");
  const path = await import("node:path");
  const out = new Map<string, Reencryptions>();
  for (const entry of inventory) {
    if (!entry.encrypted) continue;
    let text: string | undefined;
    try {
      text = await readFile(path.join(ctx.root, entry.file), "utf8");
    } catch {
      text = undefined;
    }
    out.set(entry.file, await findReencryptions(ctx, history, entry.file, entry.snapshot, text));
    onFile?.();
  }
  return out;
}
