// Three-way merge of decrypted values, key by key: the plan only, no crypto and no files.

/** A leaf as the merge sees it (its plaintext stays in memory, never in a file). */
export interface MergeLeaf {
  keyPath: readonly (string | number)[];
  type: string;
  value: string;
}

/** What to do to OURS to get the merged document. */
export interface MergePlan {
  /** Values theirs changed or added (and ours did not): set them on ours. */
  set: { key: string; leaf: MergeLeaf }[];
  /** Values theirs removed (and ours did not change): unset them on ours. */
  unset: { key: string; keyPath: readonly (string | number)[] }[];
  /** Values both sides changed differently (or one changed, the other removed). */
  conflicts: string[];
}

const same = (a: MergeLeaf | undefined, b: MergeLeaf | undefined): boolean =>
  a === undefined || b === undefined ? a === b : a.type === b.type && a.value === b.value;

/** Plan a merge; leaves are keyed by a printable key path. */
export function planMerge(
  base: ReadonlyMap<string, MergeLeaf>,
  ours: ReadonlyMap<string, MergeLeaf>,
  theirs: ReadonlyMap<string, MergeLeaf>,
): MergePlan {
  const plan: MergePlan = { set: [], unset: [], conflicts: [] };
  const keys = new Set([...ours.keys(), ...theirs.keys(), ...base.keys()]);
  for (const key of keys) {
    const b = base.get(key);
    const o = ours.get(key);
    const t = theirs.get(key);
    if (same(o, t) || same(b, t)) continue; // both agree, or only ours changed: ours already has it
    if (same(b, o)) {
      if (t === undefined) plan.unset.push({ key, keyPath: (o ?? b)?.keyPath ?? [] });
      else plan.set.push({ key, leaf: t });
      continue;
    }
    plan.conflicts.push(key);
  }
  // Remove list items from the end first so earlier indices stay valid.
  plan.unset.sort((x, y) => compareKeyPaths(y.keyPath, x.keyPath));
  return plan;
}

function compareKeyPaths(a: readonly (string | number)[], b: readonly (string | number)[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const x = a[i];
    const y = b[i];
    if (x === y) continue;
    if (typeof x === "number" && typeof y === "number") return x - y;
    return String(x) < String(y) ? -1 : 1;
  }
  return a.length - b.length;
}

/**
 * Put git-style conflict markers around the lines holding each conflicting value's stored text
 * (ciphertext). Returns undefined when a line cannot be pinned down exactly once on both sides;
 * the caller then marks the whole file.
 */
export function markConflicts(
  oursText: string,
  theirsText: string,
  conflicts: readonly { oursStored: string | undefined; theirsStored: string | undefined }[],
  labels: { ours: string; theirs: string },
): string | undefined {
  const oursLines = oursText.split("\n");
  const theirsLines = theirsText.split("\n");
  const lineOf = (lines: readonly string[], needle: string): number | undefined => {
    const hits = lines.flatMap((l, i) => (l.includes(needle) ? [i] : []));
    return hits.length === 1 ? hits[0] : undefined;
  };
  const replacements = new Map<number, string[]>();
  for (const c of conflicts) {
    if (c.oursStored === undefined || c.theirsStored === undefined) return undefined;
    const o = lineOf(oursLines, c.oursStored);
    const t = lineOf(theirsLines, c.theirsStored);
    if (o === undefined || t === undefined || replacements.has(o)) return undefined;
    replacements.set(o, [
      `<<<<<<< ${labels.ours}`,
      oursLines[o] ?? "",
      "=======",
      theirsLines[t] ?? "",
      `>>>>>>> ${labels.theirs}`,
    ]);
  }
  return oursLines.flatMap((line, i) => replacements.get(i) ?? [line]).join("\n");
}

/** The whole file as one conflict (ciphertext on both sides). */
export function wholeFileConflict(
  oursText: string,
  theirsText: string,
  labels: { ours: string; theirs: string },
): string {
  const nl = (s: string): string => (s.endsWith("\n") || s === "" ? s : `${s}\n`);
  return `<<<<<<< ${labels.ours}\n${nl(oursText)}=======\n${nl(theirsText)}>>>>>>> ${labels.theirs}\n`;
}
