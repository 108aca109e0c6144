/**
 * Structural edits (set a new key, remove a key) for stores that cannot insert into their own
 * document. YAML goes through the `yaml` package's Document, which keeps comments and most layout;
 * a value that already exists is always set in place through its store node instead (see sops.ts).
 */
import { isMap, isSeq, parseDocument } from "yaml";
import { HushError } from "./errors.js";
import type { KeyPath, Scalar } from "./types.js";

function typed(v: Scalar): unknown {
  switch (v.type) {
    case "int":
    case "float":
      return Number(v.text);
    case "bool":
      return v.text === "True";
    default:
      return v.text;
  }
}

function indentOf(text: string): number {
  const m = /^[^\s#-][^\n]*:\s*\n( +)\S/m.exec(text);
  return m === null ? 2 : m[1]!.length;
}

/** Set `path` in a YAML text, creating intermediate mappings. */
export function yamlSetIn(text: string, path: KeyPath, value: Scalar): string {
  const doc = parseDocument(text, { keepSourceTokens: true });
  if (doc.errors.length > 0) throw new HushError("ERR_FORMAT", "not valid YAML", { hint: "fix the YAML syntax" });
  // Intermediate nodes must be collections; the yaml package would otherwise throw a plain Error.
  for (let i = 1; i < path.length; i++) {
    const node = doc.getIn(path.slice(0, i), true);
    if (node !== undefined && !isMap(node) && !isSeq(node)) {
      throw new HushError("ERR_PATH", `${path.slice(0, i).join(".")} is not a mapping or list`, { hint: "check the key path" });
    }
  }
  doc.setIn(path, typed(value));
  return doc.toString({ lineWidth: 0, indent: indentOf(text), indentSeq: !/^\S[^\n]*:\s*\n-/m.test(text) });
}

/** Remove `path` from a YAML text; false when absent. */
export function yamlDeleteIn(text: string, path: KeyPath): string | undefined {
  const doc = parseDocument(text, { keepSourceTokens: true });
  if (!doc.hasIn(path)) return undefined;
  doc.deleteIn(path);
  return doc.toString({ lineWidth: 0, indent: indentOf(text), indentSeq: !/^\S[^\n]*:\s*\n-/m.test(text) });
}
