/**
 * Values the MAC does not cover (left in clear in a `mac_only_encrypted` file) can be added or
 * changed by anyone who can write the file. What hands values to a program (`hush exec`, the
 * action's exports) leaves them out unless the user opts in; this is the one place that does it.
 */
import type { DecryptResult } from "./sops.js";
import { isPlainMap } from "./plain.js";
import type { KeyPath, PlainValue } from "./types.js";

/** The decrypted data without its unauthenticated values, and the key paths left out. */
export interface AuthenticatedData {
  /** The first document's data; a left-out list item leaves a hole, so later items keep their index. */
  tree: PlainValue;
  /** Key paths (of the first document) of the values left out, in document order. */
  omitted: KeyPath[];
}

function copy(v: PlainValue): PlainValue {
  if (Array.isArray(v)) return v.map(copy);
  if (isPlainMap(v)) {
    const o: { [k: string]: PlainValue } = {};
    for (const [k, e] of Object.entries(v)) o[k] = copy(e);
    return o;
  }
  return v;
}

function remove(tree: PlainValue, keyPath: KeyPath): void {
  let node: PlainValue = tree;
  for (let i = 0; i < keyPath.length - 1; i++) {
    const k = keyPath[i]!;
    if (Array.isArray(node)) node = node[k as number] ?? null;
    else if (isPlainMap(node)) node = node[k as string] ?? null;
    else return;
  }
  const last = keyPath[keyPath.length - 1];
  if (last === undefined || !(Array.isArray(node) || isPlainMap(node))) return;
  // `delete` on an array leaves a hole: flatten() skips it and the other items keep their names.
  // eslint-disable-next-line @typescript-eslint/no-array-delete -- the hole is the point (see above)
  if (Array.isArray(node)) delete node[last as number];
  else delete node[last as string];
}

/**
 * The data of the document `tree` holds with every value the MAC does not cover removed.
 * Returns the tree itself (not a copy) when nothing is left out.
 */
export function authenticatedData(
  result: Pick<DecryptResult, "tree" | "values"> & { doc?: number | undefined },
): AuthenticatedData {
  const doc = result.doc ?? 0;
  const omitted = result.values
    .filter((v) => v.doc === doc && !v.authenticated)
    .map((v) => v.keyPath);
  if (omitted.length === 0) return { tree: result.tree, omitted };
  const tree = copy(result.tree);
  for (const keyPath of omitted) remove(tree, keyPath);
  return { tree, omitted };
}
