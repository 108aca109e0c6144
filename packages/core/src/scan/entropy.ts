// Randomness measures for candidate secrets: Shannon entropy plus cheap charset checks, which
// together separate generated keys from identifiers, words and placeholders.

/** Shannon entropy of `s` in bits per character (0 for the empty string). */
export function shannonEntropy(s: string): number {
  if (s.length === 0) return 0;
  const counts = new Map<number, number>();
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    counts.set(c, (counts.get(c) ?? 0) + 1);
  }
  let bits = 0;
  for (const n of counts.values()) {
    const p = n / s.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}

/** Which character classes occur in `s`. */
export interface CharClasses {
  lower: number;
  upper: number;
  digit: number;
  other: number;
  distinct: number;
}

/** Count lowercase, uppercase, digits and other characters, and distinct characters. */
export function charClasses(s: string): CharClasses {
  const seen = new Set<number>();
  const r: CharClasses = { lower: 0, upper: 0, digit: 0, other: 0, distinct: 0 };
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    seen.add(c);
    if (c >= 97 && c <= 122) r.lower++;
    else if (c >= 65 && c <= 90) r.upper++;
    else if (c >= 48 && c <= 57) r.digit++;
    else r.other++;
  }
  r.distinct = seen.size;
  return r;
}

const SEQUENCES = [
  "abcdefghijklmnopqrstuvwxyz",
  "0123456789abcdefghijklmnopqrstuvwxyz",
  "0123456789",
  "1234567890",
  "qwertyuiopasdfghjklzxcvbnm",
];

/** True for keyboard or alphabet runs such as `abcdef123456`, `abc123xyz456` or `0123456789abcdef`. */
/** Every other character from `from` on steps up by one (`abcd` in `a1b2c3d4`). */
function ascendingRun(s: string, from: number): boolean {
  for (let i = from + 2; i < s.length; i += 2)
    if (s.charCodeAt(i) !== s.charCodeAt(i - 2) + 1) return false;
  return true;
}

export function isSequential(s: string): boolean {
  const lower = s.toLowerCase();
  if (lower.length < 6) return false;
  // Mostly ascending steps (a→b, 1→2): hand-typed fillers rather than generated values.
  let ascending = 0;
  for (let i = 1; i < lower.length; i++) {
    if (lower.charCodeAt(i) === lower.charCodeAt(i - 1) + 1) ascending++;
  }
  if (ascending / (lower.length - 1) >= 0.6) return true;
  for (const seq of SEQUENCES) {
    if (seq.includes(lower)) return true;
  }
  // Two runs interleaved, e.g. a1b2c3d4.
  if (ascendingRun(lower, 0) && ascendingRun(lower, 1)) return true;
  // Two runs glued together, e.g. abcdef123456.
  for (let cut = 3; cut <= lower.length - 3; cut++) {
    const a = lower.slice(0, cut);
    const b = lower.slice(cut);
    if (SEQUENCES.some((q) => q.includes(a)) && SEQUENCES.some((q) => q.includes(b))) return true;
  }
  return false;
}

/** How many characters beside a match are looked at for the data it may be a piece of. */
const BLOB_REACH = 64;

/**
 * The match is a piece of a longer run of base64 (a search index, an embedded font, a minified
 * bundle's data): a token's prefix (`EAAA`, `AAAA…`) turns up in such data by chance, and a token
 * is never written glued to 32 more characters of random-looking base64 (capitals, small letters
 * and digits, with `+` or `/`). A URL's path beside a token (`/trigger/x/with/key/<key>`,
 * `/bot<token>/sendMessage`) is words, not that.
 */
export function insideBlob(text: string, start: number, end: number): boolean {
  const side = (from: number, step: number): boolean => {
    let upper = 0;
    let lower = 0;
    let digit = 0;
    let sign = 0;
    let n = 0;
    for (let i = from; n < BLOB_REACH && i >= 0 && i < text.length; i += step, n++) {
      const c = text.charCodeAt(i);
      if (c >= 65 && c <= 90) upper++;
      else if (c >= 97 && c <= 122) lower++;
      else if (c >= 48 && c <= 57) digit++;
      else if (c === 43 || c === 47) sign++;
      else break;
    }
    return n >= 32 && upper >= 3 && lower >= 3 && digit >= 2 && sign > 0;
  };
  return side(start - 1, -1) || side(end, 1);
}
