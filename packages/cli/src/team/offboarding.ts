// Off-boarding check: a recipient that could open a file in some commit, is no longer granted it
// by the policy, and the file has not been rotated since — whoever held that key may have kept the
// data key, and every value (even ones added later) is readable with it until `hush rotate`.
import type { FileHistory } from "./history-git.js";
import type { InventoryFile, TeamContext } from "./inventory.js";
import { ruleRecipients } from "./access-model.js";
import { isRotation, type Snapshot } from "./snapshot.js";
import type { Reencryptions } from "./reencryption.js";
import { ageValues } from "../history.js";

/** Recipients as they appear in a file's text: age keys and the base64 of ssh keys. */
const KEY_TEXT = /age1[02-9ac-hj-np-z]{20,}|AAAA[A-Za-z0-9+/]{40,}={0,2}/g;

/** A former reader of a file that was never rotated after they lost access. */
export interface StaleAccess {
  file: string;
  recipient: string;
  /** The member name, from today's policy or from an older `.hush.yaml` in history. */
  member: string | null;
  /** The newest commit whose metadata still named the recipient. */
  lastCommit: string;
  lastDate: string;
  /**
   * Re-encrypted since they left (a new data key), but values they read are unchanged ("unchanged",
   * known with a key) or may be ("unknown": no key opened the versions). Null: not re-encrypted.
   */
  reencrypted: "unchanged" | "unknown" | null;
}

/** key → member name from every version of the policy file in `policyHistory` (and today's policy). */
export function historicalNames(
  ctx: TeamContext,
  policyHistory: FileHistory | undefined,
  policyFile: string,
): Map<string, string> {
  const names = new Map<string, string>();
  for (const change of [...(policyHistory?.changes.get(policyFile) ?? [])].reverse()) {
    const text =
      change.newBlob === undefined ? undefined : policyHistory?.blobs.get(change.newBlob);
    if (text === undefined) continue;
    try {
      const old = policyFile.endsWith(".sops.yaml")
        ? ctx.core.parseSopsConfig(text, policyFile)
        : ctx.core.parsePolicy(text, policyFile);
      for (const [name, keys] of old.members) for (const key of keys) names.set(key, name);
    } catch {
      // an older policy that no longer parses just names nobody
    }
  }
  for (const [name, keys] of ctx.policy.members) for (const key of keys) names.set(key, name);
  return names;
}

/** Files a no-longer-granted recipient could read and that were not rotated since. */
export function staleAccess(
  ctx: TeamContext,
  inventory: readonly InventoryFile[],
  history: FileHistory,
  names: ReadonlyMap<string, string>,
  reencryptions: ReadonlyMap<string, Reencryptions> = new Map(),
): StaleAccess[] {
  const out: StaleAccess[] = [];
  for (const entry of inventory) {
    if (!entry.encrypted) continue;
    const granted = new Set(ruleRecipients(ctx, entry.rule));
    const current = new Set(entry.snapshot?.recipients ?? []);
    // The key text of every granted or present recipient (an ssh key's base64 part).
    const knownText = new Set([...granted, ...current].map((r) => r.split(" ").at(-1) ?? r));
    const snap = (id: string | undefined): Snapshot | undefined => {
      const text = id === undefined ? undefined : history.blobs.get(id);
      return text === undefined ? undefined : ctx.reader.read(entry.file, text, id);
    };
    const changes = history.changes.get(entry.file) ?? [];
    // Cheap pre-check on the raw texts: only parse history when some version names a key that is
    // neither granted nor present now.
    const suspect = changes.some((c) => {
      const text = c.newBlob === undefined ? undefined : history.blobs.get(c.newBlob);
      return text !== undefined && [...text.matchAll(KEY_TEXT)].some((m) => !knownText.has(m[0]));
    });
    if (!suspect) continue;
    const lastSeen = new Map<string, { hash: string; date: Date }>();
    for (const change of changes) {
      for (const r of snap(change.newBlob)?.recipients ?? []) {
        const seen = lastSeen.get(r);
        if (seen === undefined || change.commit.date > seen.date) lastSeen.set(r, change.commit);
      }
    }
    const headSnap = snap(history.head.get(entry.file));
    const rotatedInWorkTree = isRotation(headSnap, entry.snapshot);
    // A new data key keeps out who left, but they still know every value they read: only values
    // changed since they lost access are safe from them.
    const ages = ageValues(ctx.reader, history, entry, reencryptions);
    for (const [recipient, seen] of lastSeen) {
      if (granted.has(recipient) || current.has(recipient)) continue;
      const rotated =
        rotatedInWorkTree ||
        changes.some((c) => {
          if (c.commit.date < seen.date) return false;
          const after = snap(c.newBlob);
          return (
            after !== undefined &&
            !after.recipients.includes(recipient) &&
            isRotation(snap(c.oldBlob), after)
          );
        });
      const known = ages.filter(
        (a) => a.encrypted && a.commit !== undefined && a.commit.date <= seen.date,
      );
      if (!rotated || known.length > 0)
        out.push({
          file: entry.file,
          recipient,
          member: names.get(recipient) ?? null,
          lastCommit: seen.hash,
          lastDate: seen.date.toISOString(),
          reencrypted: !rotated
            ? null
            : known.some((a) => a.reencrypted === "unknown")
              ? "unknown"
              : "unchanged",
        });
    }
  }
  return out;
}
