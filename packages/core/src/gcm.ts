/**
 * AES-256-GCM for many short values under one key, as sops stores them (32-byte IVs).
 *
 * Every seal and open goes through `node:crypto` (OpenSSL), whose AES-NI/PCLMUL code is constant
 * time. A JS GHASH would need secret-indexed tables to be fast, and cache timing on those leaks the
 * hash key H — not acceptable in a secrets tool. Speed comes from the batch shape instead: values are
 * packed into one buffer, the key is imported once as a KeyObject, AADs are encoded into one reused
 * scratch buffer, and each value costs one cipher object and no string work.
 */
import { createCipheriv, createDecipheriv, createSecretKey, type KeyObject } from "node:crypto";

/** Fields per value in a packed layout: iv offset, iv length, data offset, data length, tag offset. */
export const LAYOUT_FIELDS = 5;

const TAG = { authTagLength: 16 } as const;

/** A GCM sealer/opener bound to one 32-byte key. Synchronous; not shared across keys. */
export class GcmOpener {
  private readonly key: KeyObject;
  /** Reused for string AADs; OpenSSL absorbs the AAD inside setAAD, so reuse is safe. */
  private scratch = Buffer.allocUnsafe(256);

  constructor(key: Uint8Array) {
    if (key.length !== 32) throw new RangeError("AES-256-GCM needs a 32-byte key");
    this.key = createSecretKey(key);
  }

  /** The AAD as bytes (a view of the scratch buffer for strings, valid until the next call). */
  private aadBytes(aad: Uint8Array | string): Uint8Array {
    if (typeof aad !== "string") return aad;
    const max = aad.length * 3;
    if (max > this.scratch.length)
      this.scratch = Buffer.allocUnsafe(Math.max(max, 2 * this.scratch.length));
    const n = this.scratch.write(aad, 0, "utf8");
    return this.scratch.subarray(0, n);
  }

  /** Decrypt and verify; the plaintext is only returned after the tag checks out. */
  private openOne(
    iv: Uint8Array,
    ct: Uint8Array,
    tag: Uint8Array,
    aad: Uint8Array | string,
  ): Buffer | undefined {
    if (iv.length === 0 || tag.length !== 16) return undefined;
    const d = createDecipheriv("aes-256-gcm", this.key, iv, TAG);
    d.setAAD(this.aadBytes(aad));
    d.setAuthTag(tag);
    const plain = d.update(ct);
    try {
      d.final();
    } catch {
      plain.fill(0);
      return undefined;
    }
    return plain;
  }

  /**
   * Encrypt `count` values packed in `buf` in place (same layout; the tag regions are written).
   * The IVs must already be in place: fresh random ones, or a reused one only for the identical
   * (aad, plaintext) pair.
   */
  sealPacked(buf: Uint8Array, layout: Int32Array, aads: readonly string[], count: number): void {
    for (let n = 0; n < count; n++) {
      const o = n * LAYOUT_FIELDS;
      const ivOff = layout[o]!;
      const ctOff = layout[o + 2]!;
      const ctLen = layout[o + 3]!;
      const c = createCipheriv(
        "aes-256-gcm",
        this.key,
        buf.subarray(ivOff, ivOff + layout[o + 1]!),
        TAG,
      );
      c.setAAD(this.aadBytes(aads[n]!));
      const ct = c.update(buf.subarray(ctOff, ctOff + ctLen));
      c.final();
      buf.set(ct, ctOff);
      buf.set(c.getAuthTag(), layout[o + 4]);
    }
  }

  /**
   * Decrypt and authenticate `count` values packed in `buf` (see {@link LAYOUT_FIELDS}; a tag offset
   * of -1 marks a malformed tag). Plaintexts replace the ciphertexts in place; result[n] is 1 when
   * value n authenticated. A value that fails keeps its ciphertext.
   */
  openPacked(
    buf: Uint8Array,
    layout: Int32Array,
    aads: readonly (Uint8Array | string)[],
    count: number,
  ): Uint8Array {
    const ok = new Uint8Array(count);
    for (let n = 0; n < count; n++) {
      const o = n * LAYOUT_FIELDS;
      const ivOff = layout[o]!;
      const ivLen = layout[o + 1]!;
      const ctOff = layout[o + 2]!;
      const tagOff = layout[o + 4]!;
      if (tagOff < 0 || ivLen === 0) continue;
      const plain = this.openOne(
        buf.subarray(ivOff, ivOff + ivLen),
        buf.subarray(ctOff, ctOff + layout[o + 3]!),
        buf.subarray(tagOff, tagOff + 16),
        aads[n]!,
      );
      if (plain === undefined) continue;
      buf.set(plain, ctOff);
      plain.fill(0);
      ok[n] = 1;
    }
    return ok;
  }
}
