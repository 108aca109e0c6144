// A seeded random source for the labelled corpus: every run with one seed writes the same
// corpus, so a miss can be replayed. Nothing here is a real credential.
import { createHash } from "node:crypto";

export const UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
export const LOWER = "abcdefghijklmnopqrstuvwxyz";
export const DIGITS = "0123456789";
export const ALNUM = UPPER + LOWER + DIGITS;
export const HEX = "0123456789abcdef";
export const B64 = `${ALNUM}+/`;
export const B64URL = `${ALNUM}_-`;
export const BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
export const BASE62 = DIGITS + UPPER + LOWER;
export const BECH32 = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
export const SYMBOLS = "!#%&*+-=?@^_~";

/** mulberry32 seeded by a string (sha256 of it). */
export class Random {
  constructor(seed) {
    this.state = createHash("sha256").update(String(seed)).digest().readUInt32LE(0);
  }
  next() {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(lo, hi) {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  pick(list) {
    return list[Math.floor(this.next() * list.length)];
  }
  chance(p) {
    return this.next() < p;
  }
  /** `n` characters of `alphabet`; a mixed alphabet yields every class it has (as generators do). */
  s(alphabet, n) {
    for (;;) {
      let out = "";
      for (let i = 0; i < n; i++) out += alphabet[Math.floor(this.next() * alphabet.length)];
      if (n < 10) return out;
      const need = [UPPER, LOWER, DIGITS].filter((c) => [...alphabet].some((ch) => c.includes(ch)));
      if (need.every((c) => [...out].some((ch) => c.includes(ch)))) return out;
    }
  }
  bytes(n) {
    return Buffer.from(Array.from({ length: n }, () => this.int(0, 255)));
  }
  uuid() {
    const h = this.s(HEX, 32);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${this.pick(["8", "9", "a", "b"])}${h.slice(17, 20)}-${h.slice(20)}`;
  }
  /** A human-made but strong password: letters, digits and a symbol or two. */
  password(n = this.int(10, 20)) {
    for (;;) {
      const p = this.s(ALNUM + SYMBOLS, n);
      if (/[0-9]/.test(p) && /[A-Za-z]/.test(p) && /[^A-Za-z0-9]/.test(p)) return p;
    }
  }
  shuffle(list) {
    const a = [...list];
    for (let i = a.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [a[i], a[j]] = [a[j], a[i]];
    }
    return a;
  }
}

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

export function crc32(s) {
  let crc = 0xffffffff;
  for (const b of Buffer.from(s)) crc = CRC_TABLE[(crc ^ b) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

export function base62(n, width) {
  let out = "";
  let v = n;
  do {
    out = BASE62[v % 62] + out;
    v = Math.floor(v / 62);
  } while (v > 0);
  return out.padStart(width, "0");
}

/** GitHub's and npm's format: 30 random base62 characters, then their CRC32 in 6 base62 ones. */
export function checksummed(r, prefix) {
  const body = r.s(ALNUM, 30);
  return `${prefix}${body}${base62(crc32(body), 6)}`;
}

export const b64 = (s) => Buffer.from(s).toString("base64");
export const b64url = (s) => Buffer.from(s).toString("base64url");
/** Built at run time so this source holds no armour line itself. */
export const DASH5 = "-".repeat(5);
export const PRIV = ["PRI", "VATE"].join("");
