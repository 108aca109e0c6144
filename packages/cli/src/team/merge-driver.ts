// `hush git merge BASE OURS THEIRS PATH`: git's merge driver for encrypted files. Decrypts the three
// versions in memory, merges value by value, applies theirs' changes to OURS through the core (so
// unchanged values keep their ciphertext) and writes OURS. Plaintext never touches the disk.
// No write lock (unlike set/edit/rotate): OURS is git's own temp file, which no other hush writes.
import { readFile } from "node:fs/promises";
import type * as CoreModule from "@hush/core";
import type { DecryptResult, Format } from "@hush/core";
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
  identities: readonly string[],
  files: { base: string; ours: string; theirs: string; path: string },
  write: (file: string, text: string) => Promise<void>,
): Promise<MergeOutcome> {
  const baseText = await readFile(files.base, "utf8");
  const oursText = await readFile(files.ours, "utf8");
  const theirsText = await readFile(files.theirs, "utf8");
  const labels = { ours: `ours (${files.path})`, theirs: `theirs (${files.path})` };
  const format = candidateFormats(core, files.path)[0] ?? "yaml";
  const open = async (text: string): Promise<DecryptResult | undefined> =>
    text.trim() === "" ? undefined : core.decrypt(text, { format, identities });
  let base: DecryptResult | undefined;
  let ours: DecryptResult | undefined;
  let theirs: DecryptResult | undefined;
  try {
    [base, ours, theirs] = await Promise.all([open(baseText), open(oursText), open(theirsText)]);
  } catch (err) {
    const why = core.isHushError(err) ? err.code : "unreadable";
    await write(files.ours, wholeFileConflict(oursText, theirsText, labels));
    return { conflicts: [files.path], fallback: why, notes: [] };
  }
  if (ours === undefined || theirs === undefined) {
    // One side deleted or emptied the file: git's own rules apply, shown as one conflict.
    await write(files.ours, wholeFileConflict(oursText, theirsText, labels));
    return { conflicts: [files.path], fallback: "a side is empty", notes: [] };
  }
  const plan = planMerge(leaves(core, base), leaves(core, ours), leaves(core, theirs));
  const options = { format, identities };
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
  const notes = await followTheirKeys(
    core,
    format,
    identities,
    baseText,
    oursText,
    theirsText,
    merged,
  ).then((r) => {
    merged = r.text;
    return r.notes;
  });
  if (plan.conflicts.length === 0) {
    await write(files.ours, merged);
    return { conflicts: [], fallback: undefined, notes };
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
  return { conflicts: plan.conflicts, fallback: undefined, notes };
}

/**
 * Values taken from theirs were re-encrypted by `setValue`; when both sides share the data key,
 * their exact ciphertext is valid here too (same key, same path), so keep it: `git blame` and
 * `hush log` then date the value to the commit that really changed it. Checked by decrypting.
 */
async function keepTheirCiphertexts(
  core: Core,
  format: Format,
  identities: readonly string[],
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
 * When only theirs changed the recipients (a rekey) or the data key (a rotation), the merged file
 * follows: an off-boarding on one branch must not be undone by merging it.
 */
async function followTheirKeys(
  core: Core,
  format: Format,
  identities: readonly string[],
  baseText: string,
  oursText: string,
  theirsText: string,
  merged: string,
): Promise<{ text: string; notes: string[] }> {
  const notes: string[] = [];
  if (baseText.trim() === "") return { text: merged, notes };
  const groups = (t: string) =>
    core
      .inspect(t, format)
      .keyGroups.map((g) => [...g].sort().join(","))
      .join(";");
  const stored = (t: string) =>
    new Map(
      core
        .inspect(t, format)
        .values.filter((v) => v.encrypted)
        .map((v) => [core.formatKeyPath(v.keyPath), v.stored]),
    );
  let text = merged;
  try {
    const b = core.inspect(baseText, format);
    const t = core.inspect(theirsText, format);
    if (groups(oursText) === groups(baseText) && groups(theirsText) !== groups(baseText)) {
      const spec =
        t.keyGroups.length > 1
          ? { keyGroups: t.keyGroups, shamirThreshold: t.shamirThreshold ?? 1 }
          : { recipients: t.keyGroups[0] ?? [] };
      text = await core.rekey(text, { format, identities, ...spec });
      notes.push("took theirs' recipients (a rekey on their branch)");
    }
    const bs = stored(baseText);
    const ts = stored(theirsText);
    const rotated =
      bs.size > 0 &&
      [...bs].every(([k, s]) => ts.get(k) !== undefined && ts.get(k) !== s) &&
      b.values.length > 0;
    const oursRotated = [...bs].every(([k, s]) => stored(oursText).get(k) !== s);
    if (rotated && !oursRotated && bs.size > 1) {
      text = await core.rotate(text, { format, identities });
      notes.push("rotated the data key (their branch rotated it)");
    }
  } catch {
    notes.push("could not compare recipients with theirs; run `hush rekey --check`");
  }
  return { text, notes };
}
