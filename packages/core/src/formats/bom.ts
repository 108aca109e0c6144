/**
 * A UTF-8 byte order mark at the start of a text file (Windows editors write one). The stores never
 * see it, so keys, columns and the `sops` block are where they are without it. YAML and INI files
 * keep it in front of every version hush writes (sops's readers, go-yaml and go-ini, skip it);
 * JSON files drop it, since Go's encoding/json — and so sops — cannot read a JSON file that has one.
 */
import type { StoreDocument } from "../types.js";

const BOM = "\ufeff";

/** Parse `text` with `parse`, the BOM taken off first and, with `keep`, put back on serialize. */
export function parseWithBom(
  text: string,
  parse: (text: string) => StoreDocument,
  keep: boolean,
): StoreDocument {
  if (!text.startsWith(BOM)) return parse(text);
  const doc = parse(text.slice(1));
  if (!keep) return doc;
  return {
    get format() {
      return doc.format;
    },
    get branches() {
      return doc.branches;
    },
    get metadata() {
      return doc.metadata;
    },
    setMetadata: (m) => doc.setMetadata(m),
    serialize: () => BOM + doc.serialize(),
  };
}
