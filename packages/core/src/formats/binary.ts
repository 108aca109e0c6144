/**
 * The binary store (sops-format.md §8.3): a plaintext file is one value `data` (AAD `data:`); the
 * encrypted file is a JSON envelope. A document without metadata serializes back to the raw text.
 */
import type { MapNode, Store, StoreDocument } from "../types.js";
import { JsonDocument, parseJsonObject } from "./json.js";
import { entry, str } from "./scalar.js";

class BinaryDocument extends JsonDocument {
  override serialize(): string {
    if (this.metadata !== undefined) return super.serialize();
    const data = this.branches[0]!.items.find((i) => i.kind === "entry" && i.key === "data");
    return data?.kind === "entry" && data.value.kind === "scalar" ? data.value.value.text : "";
  }
}

function looksEncrypted(text: string): MapNode | undefined {
  if (!/^\s*\{/.test(text) || !text.includes('"sops"')) return undefined;
  try {
    const root = parseJsonObject(text);
    return root.items.some((i) => i.kind === "entry" && i.key === "sops") ? root : undefined;
  } catch {
    return undefined;
  }
}

/** The binary store: encrypted envelope when the text is a sops JSON file, raw data otherwise. */
export const binaryStore: Store = {
  parse(text: string): StoreDocument {
    const root = looksEncrypted(text) ?? { kind: "map", items: [entry("data", str(text))] };
    return new BinaryDocument("binary", root, "\t");
  },
};
