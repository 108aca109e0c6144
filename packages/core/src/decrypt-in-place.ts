/**
 * The whole-file decrypt: every leaf decrypted straight into the document, a batch at a time, and
 * the MAC over all of them verified before the caller gets the document back.
 *
 * {@link decryptLeaves} keeps a visit (with two key path arrays) and a leaf object per value, which
 * `update` and the edits need to re-use ciphertexts; a plain decrypt needs neither. On a 100k-value
 * YAML file keeping them all took ~60 MB of the ~200 MB above Node's own, in a command whose target
 * is 12x the file (issue 13). Here a batch's visits and leaves are garbage before the next batch:
 * what stays per value is its plaintext in the document and one byte of marks.
 *
 * Writing plaintexts into the document before the MAC is checked is safe: each value has already
 * passed its own GCM tag (so it was written with the data key, at this path), the MAC only adds
 * that none was removed, added or reordered, and nothing of the document leaves this function when
 * the MAC fails.
 */
import { encodingOf, openVisits } from "./crypt.js";
import { MacBuilder, verifyMac } from "./mac.js";
import type { SopsMetadata } from "./metadata.js";
import type { StoreDocument, ValueType } from "./types.js";
import type { ValueCipher } from "./value.js";
import { forEachVisit, type Rules, type Visit } from "./walk.js";

/** Visits per AES batch: large enough that a batch's fixed costs vanish, small enough to be garbage. */
const BATCH = 128;

/** Mark of a value leaf: it was stored encrypted (its plaintext was written into the document). */
export const STORED_ENCRYPTED = 1;
/** Mark of a value leaf: the file's rules encrypt it (its walk visit had `encrypt` set). */
export const RULE_ENCRYPTS = 2;

/**
 * Decrypt every leaf of `doc` in place, verify the MAC, and remove the metadata. On a failure the
 * document is part decrypted: drop it (nothing of it may be shown or written).
 * @returns a mark per value leaf in walk order ({@link STORED_ENCRYPTED}, {@link RULE_ENCRYPTS})
 * @throws HushError ERR_FORMAT, ERR_VALUE (a leaf), ERR_MAC
 */
export function decryptInPlace(
  doc: StoreDocument,
  rules: Rules,
  meta: SopsMetadata,
  cipher: ValueCipher,
): Uint8Array {
  const encoding = encodingOf(doc);
  const mac = new MacBuilder(meta.rules.macOnlyEncrypted === true, encoding);
  let marks = new Uint8Array(1024);
  let values = 0;
  let batch: Visit[] = [];
  const flush = (): void => {
    for (const leaf of openVisits(batch, cipher, encoding, mac)) {
      const v = leaf.visit;
      if (v.kind === "value") {
        if (values === marks.length) {
          const grown = new Uint8Array(marks.length * 2);
          grown.set(marks);
          marks = grown;
        }
        marks[values++] = (leaf.encrypted ? STORED_ENCRYPTED : 0) | (v.encrypt ? RULE_ENCRYPTS : 0);
      }
      if (!leaf.encrypted) continue;
      if (v.kind === "comment") v.item.set(leaf.text);
      else v.node.set({ type: leaf.type as ValueType, text: leaf.text });
    }
    batch = [];
  };
  forEachVisit(doc, rules, (v) => {
    batch.push(v);
    if (batch.length === BATCH) flush();
  });
  flush();
  verifyMac(cipher, meta.mac, meta.lastmodified, mac.hex(), "the file");
  doc.setMetadata(undefined);
  return marks.subarray(0, values);
}
