// Offline validity checks for token formats that embed a checksum. GitHub (ghp_, gho_, ghu_,
// ghs_, ghr_) and npm (npm_) tokens end in 6 base62 characters encoding the CRC32 of the 30
// random characters after the prefix. A match raises confidence; a mismatch never hides a
// finding (test tokens and hand-made fakes fail it and are still worth blocking).

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

/** CRC-32 (IEEE, as zlib) of an ASCII string. */
export function crc32(ascii: string): number {
  let crc = 0xffffffff;
  for (let i = 0; i < ascii.length; i++) {
    crc = CRC_TABLE[(crc ^ ascii.charCodeAt(i)) & 0xff]! ^ (crc >>> 8);
  }
  return (crc ^ 0xffffffff) >>> 0;
}

/** The base62 alphabet GitHub and npm use: digits, then uppercase, then lowercase. */
export const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/** Encode a non-negative integer in base62, left-padded with `0` to `width`. */
export function base62(n: number, width: number): string {
  let out = "";
  let v = n;
  do {
    out = BASE62[v % 62]! + out;
    v = Math.floor(v / 62);
  } while (v > 0);
  return out.padStart(width, "0");
}

/** The 6-character checksum GitHub and npm append to a 30-character random body. */
export function tokenChecksum(body30: string): string {
  return base62(crc32(body30), 6);
}

/**
 * True when a prefixed token (`ghp_…`, `npm_…`) carries a valid CRC32 checksum: the 36
 * characters after the prefix are 30 random ones plus `tokenChecksum` of them.
 */
export function hasValidTokenChecksum(token: string): boolean {
  const underscore = token.indexOf("_");
  if (underscore < 0) return false;
  const rest = token.slice(underscore + 1);
  if (rest.length !== 36) return false;
  return tokenChecksum(rest.slice(0, 30)) === rest.slice(30);
}
