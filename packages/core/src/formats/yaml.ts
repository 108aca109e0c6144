// TEMPORARY stand-in owned by the core-yaml helper, who replaces it with the real YAML store.
// Minimal: no comments, formatting kept only as far as the `yaml` Document API keeps it.
import { isMap, isScalar, isSeq, parseDocument, type Document, type Node } from "yaml";
import { HushError } from "../errors.js";
import type { MapNode, Store, StoreDocument, TreeNode } from "../types.js";

function convert(node: unknown): TreeNode {
  if (node === null || node === undefined) return { kind: "null" };
  if (isMap(node)) {
    const m: MapNode = { kind: "map", items: [] };
    for (const pair of node.items) {
      const k = isScalar(pair.key) ? pair.key.value : pair.key;
      if (typeof k !== "string") throw new HushError("ERR_FORMAT", "a key is not a string", { hint: "quote the key" });
      m.items.push({ kind: "entry", key: k, value: convert(pair.value) });
    }
    return m;
  }
  if (isSeq(node)) return { kind: "seq", items: node.items.map(convert) };
  if (isScalar(node)) {
    const s = node;
    const v = s.value;
    if (v === null) return { kind: "null" };
    const type = typeof v === "boolean" ? "bool" : typeof v === "number" ? (Number.isInteger(v) && !String(s.source ?? "").includes(".") ? "int" : "float") : "str";
    const text = type === "bool" ? (v ? "True" : "False") : String(v);
    return {
      kind: "scalar",
      value: { type, text },
      set(value) {
        this.value = value;
        s.value = value.type === "bool" ? value.text === "True" : value.type === "int" || value.type === "float" ? Number(value.text) : value.text;
      },
    };
  }
  throw new HushError("ERR_FORMAT", "unsupported YAML node");
}

class TempYamlDocument implements StoreDocument {
  readonly format = "yaml" as const;
  readonly branches: MapNode[];
  metadata: Record<string, unknown> | undefined;
  constructor(private readonly doc: Document) {
    const root = doc.contents as Node | null;
    const sops = isMap(root) ? root.get("sops") : undefined;
    this.metadata = sops === undefined ? undefined : ((doc.toJS() as Record<string, unknown>)["sops"] as Record<string, unknown>);
    if (isMap(root)) root.delete("sops");
    const b = convert(root);
    if (b.kind !== "map") throw new HushError("ERR_FORMAT", "the YAML document is not a mapping");
    this.branches = [b];
  }
  setMetadata(m: Record<string, unknown> | undefined): void {
    this.metadata = m;
  }
  serialize(): string {
    const root = this.doc.contents;
    if (isMap(root)) {
      root.delete("sops");
      if (this.metadata !== undefined) root.set("sops", this.doc.createNode(this.metadata));
    }
    return this.doc.toString({ lineWidth: 0 });
  }
}

export const yamlStore: Store = {
  parse(text: string): StoreDocument {
    const doc = parseDocument(text);
    if (doc.errors.length > 0) throw new HushError("ERR_FORMAT", "not valid YAML", { hint: "fix the YAML syntax" });
    return new TempYamlDocument(doc);
  },
};
