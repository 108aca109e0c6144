/** Recognising a Kubernetes Secret manifest in a decrypted tree. */
import { isPlainMap } from "../plain.js";
import type { PlainValue } from "../types.js";

/** A JSON-like mapping. */
export type PlainMap = { [key: string]: PlainValue };

/** Whether a plain value is a mapping (not a list, a scalar or an exact number). */
export const isMap = (v: PlainValue | undefined): v is PlainMap => v !== undefined && isPlainMap(v);

/** A Kubernetes `v1` Secret manifest: `apiVersion: v1`, `kind: Secret`, and `data` or `stringData`. */
export function isSecretManifest(tree: PlainValue): boolean {
  return (
    isMap(tree) &&
    tree.apiVersion === "v1" &&
    tree.kind === "Secret" &&
    (isMap(tree.data) || isMap(tree.stringData))
  );
}
