/**
 * The binary store (sops-format.md §8.3): a plaintext file is one value `data` (AAD `data:`); the
 * encrypted file is a JSON envelope. The store works on byte strings (one char per byte, see
 * {@link toByteString}), so any bytes survive: sops encrypts and hashes the raw bytes, and so does
 * hush (crypt.ts uses latin1 for this format). A document without metadata serializes back to the
 * byte string of the original file.
 */
import type { MapNode, Store, StoreDocument } from "../types.js";
import { JsonDocument, parseJsonObject } from "./json.js";
import { entry, str } from "./scalar.js";

/**
 * A file's bytes as a byte string (char code = byte). A string argument is taken as text and
 * encoded as UTF-8 first.
 */
export function toByteString(input: string | Uint8Array): string {
  const bytes = typeof input === "string" ? Buffer.from(input, "utf8") : input;
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("latin1");
}

/** The bytes of a byte string. */
export function fromByteString(s: string): Uint8Array {
  return new Uint8Array(Buffer.from(s, "latin1"));
}

class BinaryDocument extends JsonDocument {
  override serialize(): string {
    if (this.metadata !== undefined) return super.serialize();
    const data = this.branches[0]!.items.find((i) => i.kind === "entry" && i.key === "data");
    return data?.kind === "entry" && data.value.kind === "scalar" ? data.value.value.text : "";
  }
}

function looksEncrypted(bytes: string): MapNode | undefined {
  if (!/^\s*\{/.test(bytes) || !bytes.includes('"sops"')) return undefined;
  try {
    // The envelope is JSON text: decode its bytes as UTF-8 before parsing.
    const root = parseJsonObject(Buffer.from(bytes, "latin1").toString("utf8"));
    return root.items.some((i) => i.kind === "entry" && i.key === "sops") ? root : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The binary store: encrypted envelope when the bytes are a sops JSON file, raw data otherwise.
 * `parse` takes a byte string ({@link toByteString}).
 */
export const binaryStore: Store = {
  parse(bytes: string): StoreDocument {
    const root = looksEncrypted(bytes) ?? { kind: "map", items: [entry("data", str(bytes))] };
    return new BinaryDocument("binary", root, "\t");
  },
};
