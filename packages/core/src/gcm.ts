/**
 * AES-256-GCM decryption for many short values under one key, as sops stores them (32-byte IVs).
 *
 * Why not `createDecipheriv` per value: Node builds a stream object for every decipher, which costs
 * about 10 µs per call — more than the whole budget for decrypting a 10,000-value file. Here the AES
 * key schedule is set up once (one reused AES-256-ECB cipher gives the raw block function) and GHASH
 * runs in JS with a 4-bit table for the hash key H (Shoup's method). Encryption keeps using
 * `createCipheriv`; tests check this decrypter against it on random inputs.
 */
import { createCipheriv, timingSafeEqual } from "node:crypto";

/** Reduction of the byte shifted out when a GHASH state moves right by eight bits (top 16 bits). */
const R8 = /* @__PURE__ */ (() => {
  const r = new Uint32Array(256);
  for (let v = 0; v < 256; v++) {
    let a = 0;
    let d = v;
    for (let k = 0; k < 8; k++) {
      const carry = d & 1 ? 0xe1000000 : 0;
      // Only the top word and the low word matter: the low byte is shifted out within eight steps.
      d = d >>> 1;
      a = ((a >>> 1) ^ carry) >>> 0;
    }
    r[v] = a >>> 16;
  }
  return r;
})();

const scratch = new Uint8Array(4096);

/** A string's UTF-8 bytes; ASCII strings are copied into a reused buffer (no allocation). */
function asciiBytes(s: string): Uint8Array {
  const n = s.length;
  if (n > scratch.length) return Buffer.from(s, "utf8");
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c > 0x7f) return Buffer.from(s, "utf8");
    scratch[i] = c;
  }
  return scratch.subarray(0, n);
}

/** One value to open: what {@link GcmOpener.openBatch} takes. */
export interface Sealed {
  iv: Uint8Array;
  ciphertext: Uint8Array;
  tag: Uint8Array;
  /** Bytes, or a string taken as UTF-8. */
  aad: Uint8Array | string;
}

/** A GCM decrypter bound to one 32-byte key. Synchronous; not shared across keys. */
export class GcmOpener {
  private readonly ecb: ReturnType<typeof createCipheriv>;
  /** 256 multiples of H, 4 big-endian 32-bit words each. */
  private readonly table = new Uint32Array(1024);
  /** GHASH state X as four big-endian 32-bit words. */
  private x0 = 0;
  private x1 = 0;
  private x2 = 0;
  private x3 = 0;

  constructor(key: Uint8Array) {
    this.ecb = createCipheriv("aes-256-ecb", key, null);
    this.ecb.setAutoPadding(false);
    const h = this.ecb.update(Buffer.alloc(16));
    this.buildTable(h.readUInt32BE(0), h.readUInt32BE(4), h.readUInt32BE(8), h.readUInt32BE(12));
  }

  private buildTable(a: number, b: number, c: number, d: number): void {
    const t = this.table;
    for (let i = 128; i > 0; i >>= 1) {
      t[i * 4] = a;
      t[i * 4 + 1] = b;
      t[i * 4 + 2] = c;
      t[i * 4 + 3] = d;
      const carry = d & 1 ? 0xe1000000 : 0;
      d = ((d >>> 1) | (c << 31)) >>> 0;
      c = ((c >>> 1) | (b << 31)) >>> 0;
      b = ((b >>> 1) | (a << 31)) >>> 0;
      a = ((a >>> 1) ^ carry) >>> 0;
    }
    for (let i = 2; i <= 128; i *= 2) {
      for (let j = 1; j < i; j++) {
        for (let w = 0; w < 4; w++) t[(i + j) * 4 + w] = (t[i * 4 + w]! ^ t[j * 4 + w]!) >>> 0;
      }
    }
  }

  /** X = X · H in GF(2^128), one byte at a time from the last. */
  private mult(): void {
    const t = this.table;
    let a = 0;
    let b = 0;
    let c = 0;
    let d = 0;
    for (let k = 0; k < 16; k++) {
      const word = k < 4 ? this.x3 : k < 8 ? this.x2 : k < 12 ? this.x1 : this.x0;
      const byte = (word >>> (8 * (k & 3))) & 0xff;
      if (k > 0) {
        const rem = d & 0xff;
        d = (d >>> 8) | (c << 24);
        c = (c >>> 8) | (b << 24);
        b = (b >>> 8) | (a << 24);
        a = (a >>> 8) ^ (R8[rem]! << 16);
      }
      const o = byte * 4;
      a ^= t[o]!;
      b ^= t[o + 1]!;
      c ^= t[o + 2]!;
      d ^= t[o + 3]!;
    }
    this.x0 = a;
    this.x1 = b;
    this.x2 = c;
    this.x3 = d;
  }

  /** Absorb `data` zero-padded to whole blocks. */
  private absorb(data: Uint8Array): void {
    const n = data.length;
    for (let off = 0; off < n; off += 16) {
      if (off + 16 <= n) {
        this.x0 ^= (data[off]! << 24) | (data[off + 1]! << 16) | (data[off + 2]! << 8) | data[off + 3]!;
        this.x1 ^= (data[off + 4]! << 24) | (data[off + 5]! << 16) | (data[off + 6]! << 8) | data[off + 7]!;
        this.x2 ^= (data[off + 8]! << 24) | (data[off + 9]! << 16) | (data[off + 10]! << 8) | data[off + 11]!;
        this.x3 ^= (data[off + 12]! << 24) | (data[off + 13]! << 16) | (data[off + 14]! << 8) | data[off + 15]!;
      } else {
        let w0 = 0;
        let w1 = 0;
        let w2 = 0;
        let w3 = 0;
        for (let k = off; k < n; k++) {
          const v = data[k]! << (24 - 8 * ((k - off) & 3));
          const q = (k - off) >> 2;
          if (q === 0) w0 |= v;
          else if (q === 1) w1 |= v;
          else if (q === 2) w2 |= v;
          else w3 |= v;
        }
        this.x0 ^= w0;
        this.x1 ^= w1;
        this.x2 ^= w2;
        this.x3 ^= w3;
      }
      this.mult();
    }
  }

  /** Absorb the length block `[bitsA]_64 || [bitsB]_64` (lengths in bytes). */
  private absorbLengths(bytesA: number, bytesB: number): void {
    this.x0 ^= Math.floor(bytesA / 0x20000000);
    this.x1 ^= (bytesA * 8) >>> 0;
    this.x2 ^= Math.floor(bytesB / 0x20000000);
    this.x3 ^= (bytesB * 8) >>> 0;
    this.mult();
  }

  /** Open one value; undefined when the tag does not verify. */
  open(iv: Uint8Array, ciphertext: Uint8Array, tag: Uint8Array, aad: Uint8Array | string): Buffer | undefined {
    return this.openBatch([{ iv, ciphertext, tag, aad }])[0];
  }

  /**
   * Decrypt and authenticate many values with one pass through the AES block function.
   * Each result is the plaintext, or undefined when that value's tag does not verify.
   */
  openBatch(items: readonly Sealed[]): (Buffer | undefined)[] {
    let total = 0;
    for (const it of items) total += Math.ceil(it.ciphertext.length / 16) + 1;
    const ctr = Buffer.alloc(total * 16);
    let pos = 0;
    for (const it of items) {
      const iv = it.iv;
      let j0: number;
      let j1: number;
      let j2: number;
      let j3: number;
      if (iv.length === 12) {
        j0 = (iv[0]! << 24) | (iv[1]! << 16) | (iv[2]! << 8) | iv[3]!;
        j1 = (iv[4]! << 24) | (iv[5]! << 16) | (iv[6]! << 8) | iv[7]!;
        j2 = (iv[8]! << 24) | (iv[9]! << 16) | (iv[10]! << 8) | iv[11]!;
        j3 = 1;
      } else {
        // J0 = GHASH(IV || pad || 0^64 || [len(IV)]_64) for IVs other than 96 bits.
        this.x0 = this.x1 = this.x2 = this.x3 = 0;
        this.absorb(iv);
        this.absorbLengths(0, iv.length);
        j0 = this.x0;
        j1 = this.x1;
        j2 = this.x2;
        j3 = this.x3;
      }
      const blocks = Math.ceil(it.ciphertext.length / 16) + 1;
      for (let i = 0; i < blocks; i++) {
        ctr.writeInt32BE(j0 | 0, pos);
        ctr.writeInt32BE(j1 | 0, pos + 4);
        ctr.writeInt32BE(j2 | 0, pos + 8);
        ctr.writeInt32BE((j3 + i) | 0, pos + 12);
        pos += 16;
      }
    }
    const stream = total > 0 ? this.ecb.update(ctr) : Buffer.alloc(0);
    const out: (Buffer | undefined)[] = new Array<Buffer | undefined>(items.length);
    const expected = Buffer.alloc(16);
    pos = 0;
    for (let n = 0; n < items.length; n++) {
      const it = items[n]!;
      const ct = it.ciphertext;
      const blocks = Math.ceil(ct.length / 16) + 1;
      const start = pos;
      pos += blocks * 16;
      if (it.tag.length !== 16 || it.iv.length === 0) {
        out[n] = undefined;
        continue;
      }
      this.x0 = this.x1 = this.x2 = this.x3 = 0;
      const aad = typeof it.aad === "string" ? asciiBytes(it.aad) : it.aad;
      this.absorb(aad);
      this.absorb(ct);
      this.absorbLengths(aad.length, ct.length);
      expected.writeInt32BE((this.x0 ^ stream.readInt32BE(start)) | 0, 0);
      expected.writeInt32BE((this.x1 ^ stream.readInt32BE(start + 4)) | 0, 4);
      expected.writeInt32BE((this.x2 ^ stream.readInt32BE(start + 8)) | 0, 8);
      expected.writeInt32BE((this.x3 ^ stream.readInt32BE(start + 12)) | 0, 12);
      if (!timingSafeEqual(expected, it.tag)) {
        out[n] = undefined;
        continue;
      }
      const plain = Buffer.allocUnsafe(ct.length);
      for (let i = 0; i < ct.length; i++) plain[i] = ct[i]! ^ stream[start + 16 + i]!;
      out[n] = plain;
    }
    return out;
  }
}
