// `hush edit` when the file changed while the editor was open: the edit's value changes are applied
// onto the file as it is now (keeping the other writer's changes, data key and recipients), value by
// value, when the two do not overlap. Plaintext stays in memory.
import type * as CoreModule from "@hush/core";
import type {
  DecryptOptions,
  DecryptResult,
  Format,
  IdentityInput,
  UpdateResult,
} from "@hush/core";
import { planMerge, type MergeLeaf, type MergePlan } from "../team/merge.js";

type Core = typeof CoreModule;

/** How the three versions are read (and the options the policy pins for the file). */
export type MergeOptions = { format: Format; identities: readonly IdentityInput[] } & Omit<
  DecryptOptions,
  "format" | "identities"
>;

/** The merged file, or why the edit cannot be merged (value paths, or a reason). */
export type EditMerge = { ok: true; text: string } | { ok: false; why: string };

function leaves(core: Core, r: DecryptResult): Map<string, MergeLeaf> {
  const map = new Map<string, MergeLeaf>();
  for (const v of r.values)
    map.set(core.formatKeyPath(v.keyPath), { keyPath: v.keyPath, type: v.type, value: v.value });
  return map;
}

async function apply(
  core: Core,
  text: string,
  plan: MergePlan,
  options: MergeOptions,
): Promise<string> {
  let out = text;
  const step = async (r: Promise<UpdateResult>): Promise<void> => {
    out = (await r).text;
  };
  for (const { leaf } of plan.set)
    await step(
      core.setValue(out, leaf.keyPath, { type: leaf.type as never, text: leaf.value }, options),
    );
  for (const { keyPath } of plan.unset) await step(core.unsetValue(out, keyPath, options));
  return out;
}

/**
 * Merge an edit (`edited`: the encrypted result of editing `original`) into `current`.
 * Refuses when both changed the same value differently, or when the edit changed more than values
 * (comments, order, layout), which a value-by-value merge would drop.
 */
export async function mergeEdit(
  core: Core,
  texts: { original: string; edited: string; current: string },
  options: MergeOptions,
): Promise<EditMerge> {
  const open = (t: string): Promise<DecryptResult> => core.decrypt(t, options);
  let base: DecryptResult;
  let mine: DecryptResult;
  let now: DecryptResult;
  try {
    [base, mine, now] = await Promise.all([
      open(texts.original),
      open(texts.edited),
      open(texts.current),
    ]);
  } catch (err) {
    return { ok: false, why: core.isHushError(err) ? err.message : "it cannot be decrypted" };
  }
  const b = leaves(core, base);
  const m = leaves(core, mine);
  // Only an edit that is all value changes can be replayed exactly.
  const all = planMerge(b, b, m);
  try {
    const replayed = await apply(core, texts.original, all, options);
    if ((await open(replayed)).text !== mine.text)
      return { ok: false, why: "your edit changed comments or layout as well as values" };
    const plan = planMerge(b, leaves(core, now), m);
    if (plan.conflicts.length > 0)
      return { ok: false, why: `both changed ${plan.conflicts.join(", ")}` };
    return { ok: true, text: await apply(core, texts.current, plan, options) };
  } catch (err) {
    return { ok: false, why: core.isHushError(err) ? err.message : "the merge failed" };
  }
}

/** A free name beside `abs` that keeps its format: `app.secret.yaml` → `app.secret.hush-edit.yaml`. */
export function sideName(abs: string, n: number): string {
  const slash = Math.max(abs.lastIndexOf("/"), abs.lastIndexOf("\\"));
  const dir = abs.slice(0, slash + 1);
  const base = abs.slice(slash + 1);
  const tag = n === 0 ? ".hush-edit" : `.hush-edit-${n}`;
  const dot = base.lastIndexOf(".");
  if (base.startsWith(".env") || dot <= 0) return `${dir}${base}${tag}`;
  return `${dir}${base.slice(0, dot)}${tag}${base.slice(dot)}`;
}
