/**
 * AES-256-GCM decryption for many short values under one key, as sops stores them (32-byte IVs).
 *
 * Why not `createDecipheriv` per value: Node builds a stream object for every decipher, which costs
 * about 10 µs per call — more than the whole budget for decrypting a 10,000-value file. Here the AES
 * key schedule is set up once (one reused AES-256-ECB cipher gives the raw block function, run once
 * over the counter blocks of every value) and GHASH runs in JS with per-byte-position tables for the
 * hash key H (64 KiB per key: a block multiply is 16 lookups, no shifts). Values are packed into one
 * buffer and en/decrypted in place, so a batch allocates almost nothing per value. Tests check both
 * directions against `node:crypto` on random inputs.
 */
import { createCipheriv, timingSafeEqual } from "node:crypto";

/** One value to open: what {@link GcmOpener.openBatch} takes. */
export interface Sealed {
  iv: Uint8Array;
  ciphertext: Uint8Array;
  tag: Uint8Array;
  /** Bytes, or a string taken as UTF-8. */
  aad: Uint8Array | string;
}

/** Fields per value in a packed layout: iv offset, iv length, data offset, data length, tag offset. */
export const LAYOUT_FIELDS = 5;

/** Shift a 128-bit GHASH element (4 big-endian words) right by one bit with the GCM reduction. */
function shift1(w: Uint32Array, o: number): void {
  const carry = w[o + 3]! & 1 ? 0xe1000000 : 0;
  w[o + 3] = ((w[o + 3]! >>> 1) | (w[o + 2]! << 31)) >>> 0;
  w[o + 2] = ((w[o + 2]! >>> 1) | (w[o + 1]! << 31)) >>> 0;
  w[o + 1] = ((w[o + 1]! >>> 1) | (w[o]! << 31)) >>> 0;
  w[o] = ((w[o]! >>> 1) ^ carry) >>> 0;
}

/** Reduction of the byte shifted out when an element moves right by eight bits (top 16 bits). */
const R8 = /* @__PURE__ */ (() => {
  const r = new Uint32Array(256);
  const w = new Uint32Array(4);
  for (let v = 0; v < 256; v++) {
    w.fill(0);
    w[3] = v;
    for (let k = 0; k < 8; k++) shift1(w, 0);
    r[v] = w[0]! >>> 16;
  }
  return r;
})();

/** A GCM decrypter bound to one 32-byte key. Synchronous; not shared across keys. */
export class GcmOpener {
  private readonly ecb: ReturnType<typeof createCipheriv>;
  /** T[p][b] = b·H·x^(8p): the contribution of byte value b at block position p. */
  private readonly t = new Uint32Array(16 * 256 * 4);
  private x0 = 0;
  private x1 = 0;
  private x2 = 0;
  private x3 = 0;

  constructor(key: Uint8Array) {
    this.ecb = createCipheriv("aes-256-ecb", key, null);
    this.ecb.setAutoPadding(false);
    const h = this.ecb.update(Buffer.alloc(16));
    const t = this.t;
    // Position 0: multiples of H by each byte value (bit 0x80 is the x^0 coefficient).
    const base = 0;
    const v = new Uint32Array([
      h.readUInt32BE(0),
      h.readUInt32BE(4),
      h.readUInt32BE(8),
      h.readUInt32BE(12),
    ]);
    for (let bit = 128; bit > 0; bit >>= 1) {
      t.set(v, base + bit * 4);
      shift1(v, 0);
    }
    for (let i = 2; i <= 128; i *= 2) {
      for (let j = 1; j < i; j++) {
        for (let w = 0; w < 4; w++)
          t[base + (i + j) * 4 + w] = (t[base + i * 4 + w]! ^ t[base + j * 4 + w]!) >>> 0;
      }
    }
    // Each later position: eight more single-bit shifts (multiplication by x^8).
    for (let p = 1; p < 16; p++) {
      for (let e = 0; e < 256; e++) {
        const src = (p - 1) * 1024 + e * 4;
        const dst = p * 1024 + e * 4;
        const a = t[src]!;
        const b = t[src + 1]!;
        const c = t[src + 2]!;
        const d = t[src + 3]!;
        t[dst + 3] = ((d >>> 8) | (c << 24)) >>> 0;
        t[dst + 2] = ((c >>> 8) | (b << 24)) >>> 0;
        t[dst + 1] = ((b >>> 8) | (a << 24)) >>> 0;
        t[dst] = ((a >>> 8) ^ (R8[d & 0xff]! << 16)) >>> 0;
      }
    }
  }

  /** X = (X ^ block) · H, block given as four words. */
  private step(w0: number, w1: number, w2: number, w3: number): void {
    const t = this.t;
    const a0 = (this.x0 ^ w0) >>> 0;
    const a1 = (this.x1 ^ w1) >>> 0;
    const a2 = (this.x2 ^ w2) >>> 0;
    const a3 = (this.x3 ^ w3) >>> 0;
    let z0 = 0;
    let z1 = 0;
    let z2 = 0;
    let z3 = 0;
    for (let k = 0; k < 16; k++) {
      const word = k < 4 ? a0 : k < 8 ? a1 : k < 12 ? a2 : a3;
      const o = k * 1024 + ((word >>> (24 - 8 * (k & 3))) & 0xff) * 4;
      z0 ^= t[o]!;
      z1 ^= t[o + 1]!;
      z2 ^= t[o + 2]!;
      z3 ^= t[o + 3]!;
    }
    this.x0 = z0;
    this.x1 = z1;
    this.x2 = z2;
    this.x3 = z3;
  }

  /** Absorb `len` bytes of `d` from `off`, zero-padded to whole blocks. */
  private absorb(d: Uint8Array, off: number, len: number): void {
    const end = off + len;
    let i = off;
    for (; i + 16 <= end; i += 16) {
      this.step(
        (d[i]! << 24) | (d[i + 1]! << 16) | (d[i + 2]! << 8) | d[i + 3]!,
        (d[i + 4]! << 24) | (d[i + 5]! << 16) | (d[i + 6]! << 8) | d[i + 7]!,
        (d[i + 8]! << 24) | (d[i + 9]! << 16) | (d[i + 10]! << 8) | d[i + 11]!,
        (d[i + 12]! << 24) | (d[i + 13]! << 16) | (d[i + 14]! << 8) | d[i + 15]!,
      );
    }
    if (i < end) {
      const w = [0, 0, 0, 0];
      for (let k = i; k < end; k++) w[(k - i) >> 2]! |= d[k]! << (24 - 8 * ((k - i) & 3));
      this.step(w[0]!, w[1]!, w[2]!, w[3]!);
    }
  }

  /** Absorb an ASCII string as bytes; false (nothing absorbed) when it is not ASCII. */
  private absorbAscii(s: string): boolean {
    const n = s.length;
    for (let i = 0; i < n; i++) if (s.charCodeAt(i) > 0x7f) return false;
    const w = [0, 0, 0, 0];
    for (let i = 0; i < n; i += 16) {
      w[0] = w[1] = w[2] = w[3] = 0;
      const lim = Math.min(16, n - i);
      for (let k = 0; k < lim; k++) w[k >> 2]! |= s.charCodeAt(i + k) << (24 - 8 * (k & 3));
      this.step(w[0], w[1], w[2], w[3]);
    }
    return true;
  }

  /** Absorb the length block `[bitsA]_64 || [bitsB]_64` (lengths in bytes). */
  private absorbLengths(bytesA: number, bytesB: number): void {
    this.step(
      Math.floor(bytesA / 0x20000000),
      (bytesA * 8) >>> 0,
      Math.floor(bytesB / 0x20000000),
      (bytesB * 8) >>> 0,
    );
  }

  /** Open one value; undefined when the tag does not verify. */
  open(
    iv: Uint8Array,
    ciphertext: Uint8Array,
    tag: Uint8Array,
    aad: Uint8Array | string,
  ): Buffer | undefined {
    return this.openBatch([{ iv, ciphertext, tag, aad }])[0];
  }

  /** Open separate values (packs them, then {@link openPacked}). */
  openBatch(items: readonly Sealed[]): (Buffer | undefined)[] {
    let size = 0;
    for (const it of items) size += it.iv.length + it.ciphertext.length + it.tag.length;
    const buf = Buffer.alloc(size);
    const layout = new Int32Array(items.length * LAYOUT_FIELDS);
    let pos = 0;
    items.forEach((it, n) => {
      const o = n * LAYOUT_FIELDS;
      layout[o] = pos;
      layout[o + 1] = it.iv.length;
      buf.set(it.iv, pos);
      pos += it.iv.length;
      layout[o + 2] = pos;
      layout[o + 3] = it.ciphertext.length;
      buf.set(it.ciphertext, pos);
      pos += it.ciphertext.length;
      layout[o + 4] = it.tag.length === 16 ? pos : -1;
      buf.set(it.tag, pos);
      pos += it.tag.length;
    });
    const ok = this.openPacked(
      buf,
      layout,
      items.map((i) => i.aad),
      items.length,
    );
    return items.map((_, n) => {
      const o = n * LAYOUT_FIELDS;
      return ok[n] === 1
        ? Buffer.from(buf.subarray(layout[o + 2], layout[o + 2]! + layout[o + 3]!))
        : undefined;
    });
  }

  /**
   * Encrypt `count` values packed in `buf` in place (same layout; the tag regions are written).
   * The IVs must already be in place: fresh random ones, or a reused one only for the identical
   * (aad, plaintext) pair.
   */
  sealPacked(buf: Uint8Array, layout: Int32Array, aads: readonly string[], count: number): void {
    const stream = this.keystream(buf, layout, count);
    let pos = 0;
    for (let n = 0; n < count; n++) {
      const o = n * LAYOUT_FIELDS;
      const ctOff = layout[o + 2]!;
      const ctLen = layout[o + 3]!;
      const tagOff = layout[o + 4]!;
      const start = pos;
      pos += (((ctLen + 15) >> 4) + 1) * 16;
      for (let i = 0; i < ctLen; i++) buf[ctOff + i] = buf[ctOff + i]! ^ stream[start + 16 + i]!;
      const aadLen = this.absorbAad(aads[n]!);
      this.absorb(buf, ctOff, ctLen);
      this.absorbLengths(aadLen, ctLen);
      const words = [this.x0, this.x1, this.x2, this.x3];
      for (let w = 0; w < 4; w++) {
        const v = (words[w]! ^ stream.readInt32BE(start + 4 * w)) >>> 0;
        buf[tagOff + 4 * w] = v >>> 24;
        buf[tagOff + 4 * w + 1] = (v >>> 16) & 0xff;
        buf[tagOff + 4 * w + 2] = (v >>> 8) & 0xff;
        buf[tagOff + 4 * w + 3] = v & 0xff;
      }
    }
  }

  /** Reset the hash and absorb an AAD; returns its byte length. */
  private absorbAad(aad: Uint8Array | string): number {
    this.x0 = this.x1 = this.x2 = this.x3 = 0;
    if (typeof aad !== "string") {
      this.absorb(aad, 0, aad.length);
      return aad.length;
    }
    if (this.absorbAscii(aad)) return aad.length;
    const b = Buffer.from(aad, "utf8");
    this.absorb(b, 0, b.length);
    return b.length;
  }

  /** E(J0) followed by the CTR keystream blocks of every packed value, in one AES pass. */
  private keystream(buf: Uint8Array, layout: Int32Array, count: number): Buffer {
    let total = 0;
    for (let n = 0; n < count; n++) total += ((layout[n * LAYOUT_FIELDS + 3]! + 15) >> 4) + 1;
    const ctr = Buffer.allocUnsafe(total * 16);
    let pos = 0;
    for (let n = 0; n < count; n++) {
      const o = n * LAYOUT_FIELDS;
      const ivOff = layout[o]!;
      const ivLen = layout[o + 1]!;
      let j0: number;
      let j1: number;
      let j2: number;
      let j3: number;
      if (ivLen === 12) {
        j0 =
          (buf[ivOff]! << 24) | (buf[ivOff + 1]! << 16) | (buf[ivOff + 2]! << 8) | buf[ivOff + 3]!;
        j1 =
          (buf[ivOff + 4]! << 24) |
          (buf[ivOff + 5]! << 16) |
          (buf[ivOff + 6]! << 8) |
          buf[ivOff + 7]!;
        j2 =
          (buf[ivOff + 8]! << 24) |
          (buf[ivOff + 9]! << 16) |
          (buf[ivOff + 10]! << 8) |
          buf[ivOff + 11]!;
        j3 = 1;
      } else {
        // J0 = GHASH(IV || pad || 0^64 || [len(IV)]_64) for IVs other than 96 bits.
        this.x0 = this.x1 = this.x2 = this.x3 = 0;
        this.absorb(buf, ivOff, ivLen);
        this.absorbLengths(0, ivLen);
        j0 = this.x0;
        j1 = this.x1;
        j2 = this.x2;
        j3 = this.x3;
      }
      const blocks = ((layout[o + 3]! + 15) >> 4) + 1;
      for (let i = 0; i < blocks; i++) {
        ctr.writeInt32BE(j0 | 0, pos);
        ctr.writeInt32BE(j1 | 0, pos + 4);
        ctr.writeInt32BE(j2 | 0, pos + 8);
        ctr.writeInt32BE((j3 + i) | 0, pos + 12);
        pos += 16;
      }
    }
    return total > 0 ? this.ecb.update(ctr) : Buffer.alloc(0);
  }

  /**
   * Decrypt and authenticate `count` values packed in `buf` (see {@link LAYOUT_FIELDS}; a tag offset
   * of -1 marks a malformed tag). Plaintexts replace the ciphertexts in place; result[n] is 1 when
   * value n authenticated. A value that fails leaves garbage in its data region.
   */
  openPacked(
    buf: Uint8Array,
    layout: Int32Array,
    aads: readonly (Uint8Array | string)[],
    count: number,
  ): Uint8Array {
    const stream = this.keystream(buf, layout, count);
    let pos = 0;
    const ok = new Uint8Array(count);
    const expected = Buffer.allocUnsafe(16);
    for (let n = 0; n < count; n++) {
      const o = n * LAYOUT_FIELDS;
      const ctOff = layout[o + 2]!;
      const ctLen = layout[o + 3]!;
      const tagOff = layout[o + 4]!;
      const start = pos;
      pos += (((ctLen + 15) >> 4) + 1) * 16;
      if (tagOff < 0 || layout[o + 1]! === 0) continue;
      const aadLen = this.absorbAad(aads[n]!);
      this.absorb(buf, ctOff, ctLen);
      this.absorbLengths(aadLen, ctLen);
      expected.writeInt32BE((this.x0 ^ stream.readInt32BE(start)) | 0, 0);
      expected.writeInt32BE((this.x1 ^ stream.readInt32BE(start + 4)) | 0, 4);
      expected.writeInt32BE((this.x2 ^ stream.readInt32BE(start + 8)) | 0, 8);
      expected.writeInt32BE((this.x3 ^ stream.readInt32BE(start + 12)) | 0, 12);
      if (!timingSafeEqual(expected, buf.subarray(tagOff, tagOff + 16))) continue;
      for (let i = 0; i < ctLen; i++) buf[ctOff + i] = buf[ctOff + i]! ^ stream[start + 16 + i]!;
      ok[n] = 1;
    }
    return ok;
  }
}
