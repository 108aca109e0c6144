// `hush git merge BASE OURS THEIRS PATH`: git's merge driver for encrypted files. Decrypts the three
// versions in memory, merges value by value, applies theirs' changes to OURS through the core (so
// unchanged values keep their ciphertext) and writes OURS. Plaintext never touches the disk.
// No write lock (unlike set/edit/rotate): OURS is git's own temp file, which no other hush writes.
// Recipients never come from theirs' metadata (it is not under the MAC: a branch can name anyone):
// the merged file is wrapped for the recipients the policy names for the path; without a policy,
// ours' are kept and a change on theirs' side stops the merge as a conflict.
import { readFile } from "node:fs/promises";
import type * as CoreModule from "@hush/core";
import type {
  DecryptResult,
  EncryptionRules,
  Format,
  IdentityInput,
  RecipientSpec,
} from "@hush/core";
import { planMerge, markConflicts, wholeFileConflict, type MergeLeaf } from "./merge.js";
import { candidateFormats } from "./snapshot.js";

type Core = typeof CoreModule;

/** The outcome, for the command to print. */
export interface MergeOutcome {
  /** Value paths both branches changed differently (empty on a clean merge). */
  conflicts: string[];
  /** Why the driver could not merge by value (no key, unreadable side), when it fell back to a textual merge. */
  fallback: string | undefined;
  /** Notes for the user (e.g. theirs changed recipients). Never values. */
  notes: string[];
  /** Why the recipients could not be settled (no policy, and theirs changed them): a conflict. */
  recipientConflict: string | undefined;
}

/** What the policy says about the merged path; undefined when no policy rule covers it. */
export interface MergePolicy {
  /** The recipients (or key groups) the rule names. */
  spec: RecipientSpec;
  /** The options the rule pins, if any. */
  pinnedRules: EncryptionRules | undefined;
  /** The policy file, for messages. */
  source: string;
}

function leaves(core: Core, result: DecryptResult | undefined): Map<string, MergeLeaf> {
  const map = new Map<string, MergeLeaf>();
  for (const v of result?.values ?? [])
    map.set(core.formatKeyPath(v.keyPath), { keyPath: v.keyPath, type: v.type, value: v.value });
  return map;
}

/** Merge and write OURS. */
export async function mergeDriver(
  core: Core,
  identities: readonly IdentityInput[],
  files: { base: string; ours: string; theirs: string; path: string },
  write: (file: string, text: string) => Promise<void>,
  policy?: MergePolicy,
): Promise<MergeOutcome> {
  const baseText = await readFile(files.base, "utf8");
  const oursText = await readFile(files.ours, "utf8");
  const theirsText = await readFile(files.theirs, "utf8");
  const labels = { ours: `ours (${files.path})`, theirs: `theirs (${files.path})` };
  const format = candidateFormats(core, files.path)[0] ?? "yaml";
  const pin = policy?.pinnedRules === undefined ? {} : { pinnedRules: policy.pinnedRules };
  const open = async (text: string): Promise<DecryptResult | undefined> =>
    text.trim() === "" ? undefined : core.decrypt(text, { format, identities, ...pin });
  let base: DecryptResult | undefined;
  let ours: DecryptResult | undefined;
  let theirs: DecryptResult | undefined;
  try {
    [base, ours, theirs] = await Promise.all([open(baseText), open(oursText), open(theirsText)]);
  } catch (err) {
    const why = core.isHushError(err) ? err.code : "unreadable";
    await write(files.ours, wholeFileConflict(oursText, theirsText, labels));
    return { conflicts: [files.path], fallback: why, notes: [], recipientConflict: undefined };
  }
  if (ours === undefined || theirs === undefined) {
    // One side deleted or emptied the file: git's own rules apply, shown as one conflict.
    await write(files.ours, wholeFileConflict(oursText, theirsText, labels));
    return {
      conflicts: [files.path],
      fallback: "a side is empty",
      notes: [],
      recipientConflict: undefined,
    };
  }
  const plan = planMerge(leaves(core, base), leaves(core, ours), leaves(core, theirs));
  const options = { format, identities, ...pin };
  let merged = oursText;
  const taken: string[] = [];
  for (const { key, leaf } of plan.set) {
    try {
      merged = (
        await core.setValue(
          merged,
          leaf.keyPath,
          { type: leaf.type as never, text: leaf.value },
          options,
        )
      ).text;
      taken.push(key);
    } catch {
      plan.conflicts.push(key);
    }
  }
  for (const { key, keyPath } of plan.unset) {
    try {
      merged = (await core.unsetValue(merged, keyPath, options)).text;
    } catch {
      plan.conflicts.push(key);
    }
  }
  merged = await keepTheirCiphertexts(core, format, identities, merged, theirsText, taken);
  const settled = await settleKeys(core, format, identities, {
    baseText,
    oursText,
    theirsText,
    merged,
    oursRecipient: ours.recipient,
    policy,
  });
  merged = settled.text;
  const { notes, recipientConflict } = settled;
  if (plan.conflicts.length === 0) {
    await write(files.ours, merged);
    return { conflicts: [], fallback: undefined, notes, recipientConflict };
  }
  const storedIn = (text: string): Map<string, string> => {
    const m = new Map<string, string>();
    for (const v of core.inspect(text, format).values)
      m.set(core.formatKeyPath(v.keyPath), v.stored);
    return m;
  };
  const oursStored = storedIn(merged);
  const theirsStored = storedIn(theirsText);
  const marked = markConflicts(
    merged,
    theirsText,
    plan.conflicts.map((k) => ({
      oursStored: oursStored.get(k),
      theirsStored: theirsStored.get(k),
    })),
    labels,
  );
  await write(files.ours, marked ?? wholeFileConflict(merged, theirsText, labels));
  return { conflicts: plan.conflicts, fallback: undefined, notes, recipientConflict };
}

/**
 * Values taken from theirs were re-encrypted by `setValue`; when both sides share the data key,
 * their exact ciphertext is valid here too (same key, same path), so keep it: `git blame` and
 * `hush log` then date the value to the commit that really changed it. Checked by decrypting.
 */
async function keepTheirCiphertexts(
  core: Core,
  format: Format,
  identities: readonly IdentityInput[],
  merged: string,
  theirsText: string,
  keys: readonly string[],
): Promise<string> {
  if (keys.length === 0) return merged;
  try {
    const mine = new Map(
      core.inspect(merged, format).values.map((v) => [core.formatKeyPath(v.keyPath), v]),
    );
    const theirs = new Map(
      core.inspect(theirsText, format).values.map((v) => [core.formatKeyPath(v.keyPath), v]),
    );
    let text = merged;
    for (const key of keys) {
      const a = mine.get(key);
      const b = theirs.get(key);
      if (a === undefined || b === undefined || !a.encrypted || !b.encrypted) continue;
      if (text.split(a.stored).length !== 2) continue;
      text = text.replace(a.stored, () => b.stored);
    }
    if (text === merged) return merged;
    await core.decrypt(text, { format, identities });
    return text;
  } catch {
    return merged;
  }
}

/**
 * Settle the merged file's data key and recipients. A rotation on theirs' side (a new data key for
 * every value) is followed, so an off-boarding is not undone by merging it. Recipients come from
 * the policy rule for the path (ours' recipients without one), less any recipient theirs removed;
 * theirs' additions are never taken: without a rule, one is reported as a conflict.
 */
async function settleKeys(
  core: Core,
  format: Format,
  identities: readonly IdentityInput[],
  sides: {
    baseText: string;
    oursText: string;
    theirsText: string;
    merged: string;
    oursRecipient: string;
    policy: MergePolicy | undefined;
  },
): Promise<{ text: string; notes: string[]; recipientConflict: string | undefined }> {
  const { baseText, oursText, theirsText, policy } = sides;
  const notes: string[] = [];
  let recipientConflict: string | undefined;
  let text = sides.merged;
  const hasBase = baseText.trim() !== "";
  const b = hasBase ? core.inspect(baseText, format) : undefined;
  const o = core.inspect(oursText, format);
  const t = core.inspect(theirsText, format);
  const stored = (t2: string) =>
    new Map(
      core
        .inspect(t2, format)
        .values.filter((v) => v.encrypted)
        .map((v) => [core.formatKeyPath(v.keyPath), v.stored]),
    );
  let theirsRotated = false;
  if (hasBase && b !== undefined) {
    const bs = stored(baseText);
    const ts = stored(theirsText);
    const os = stored(oursText);
    const rotated =
      bs.size > 1 && [...bs].every(([k, s]) => ts.get(k) !== undefined && ts.get(k) !== s);
    const oursRotated = [...bs].every(([k, s]) => os.get(k) !== s);
    theirsRotated = rotated && !oursRotated && b.values.length > 0;
  }
  // Removing a reader never hands out a key, so theirs' removals (an off-boarding on their branch)
  // are followed; never the recipient whose identity is merging, who must read the result.
  const theirsAll = new Set(t.keyGroups.flat());
  const removed =
    b === undefined
      ? []
      : [...new Set(b.keyGroups.flat())].filter(
          (r) => !theirsAll.has(r) && r !== sides.oursRecipient,
        );
  const without = (recipients: readonly string[]): RecipientSpec | undefined => {
    const kept = recipients.filter((r) => !removed.includes(r));
    if (kept.length === recipients.length || kept.length === 0) return undefined;
    notes.push(
      `dropped ${recipients.filter((r) => !kept.includes(r)).join(", ")} (theirs removed them)`,
    );
    return { recipients: kept };
  };
  let spec: RecipientSpec | undefined;
  if (policy !== undefined) {
    spec = policy.spec;
    const rule = {
      recipients: [...(spec.recipients ?? [])],
      keyGroups: spec.keyGroups?.map((g) => [...g]),
    };
    const planted = core.unexpectedRecipients(t.keyGroups, rule);
    if (planted.length > 0)
      notes.push(
        `theirs names ${planted.length} recipient${planted.length === 1 ? "" : "s"} the policy does not (${planted.join(", ")}); not taken`,
      );
    if (spec.keyGroups === undefined) spec = without(spec.recipients ?? []) ?? spec;
    notes.push(`recipients from ${policy.source}`);
  } else if (b !== undefined) {
    const baseAll = new Set(b.keyGroups.flat());
    const added = [...theirsAll].filter((r) => !baseAll.has(r));
    const oursAll = new Set(o.keyGroups.flat());
    if (added.some((r) => !oursAll.has(r)))
      recipientConflict = `theirs adds recipients no policy rule names for this path (${added.join(", ")}); ours' were kept`;
    else if (o.keyGroups.length === 1) spec = without(o.keyGroups[0] ?? []);
  }
  if (theirsRotated) {
    text = await core.rotate(text, { format, identities, ...(spec ?? {}) });
    notes.push("rotated the data key (their branch rotated it)");
  } else if (spec !== undefined) {
    text = await core.rekey(text, { format, identities, ...spec });
  }
  return { text, notes, recipientConflict };
}
