/**
 * A blob as text: its encoding (a BOM, or the NUL pattern of BOM-less UTF-16/32), the decoded text
 * the checks and the detector read, and the lines a change adds when git could not say (it diffs
 * UTF-16, a file with a NUL, or a `-diff` path as binary).
 */
import { isUtf8 } from "node:buffer";
import { sopsMarkers } from "@hush/core/sniff";

/** Encodings the guard reads. */
export type TextEncoding = "utf-8" | "utf-16le" | "utf-16be" | "utf-32le" | "utf-32be";

/** A blob read as text. */
export interface DecodedText {
  /** The text without its BOM; NUL characters kept (see {@link forDetector}). */
  text: string;
  encoding: TextEncoding;
}

/** How much of a blob the NUL-pattern sniff looks at (the way git samples 8 000 bytes). */
const SNIFF_BYTES = 8192;
/** Share of characters that are not text above which a blob is binary. */
const MAX_NON_TEXT = 0.1;
/** NULs alone mark a blob binary only when they are this common (UTF-8 text with a few NULs is text). */
const MAX_NULS = 0.3;

function bom(b: Uint8Array): { encoding: TextEncoding; skip: number } | undefined {
  const [b0, b1, b2, b3] = [b[0], b[1], b[2], b[3]];
  if (b0 === 0xef && b1 === 0xbb && b2 === 0xbf) return { encoding: "utf-8", skip: 3 };
  // UTF-32LE's BOM starts like UTF-16LE's: test it first.
  if (b0 === 0xff && b1 === 0xfe && b2 === 0 && b3 === 0 && b.length % 4 === 0)
    return { encoding: "utf-32le", skip: 4 };
  if (b0 === 0 && b1 === 0 && b2 === 0xfe && b3 === 0xff) return { encoding: "utf-32be", skip: 4 };
  if (b0 === 0xff && b1 === 0xfe) return { encoding: "utf-16le", skip: 2 };
  if (b0 === 0xfe && b1 === 0xff) return { encoding: "utf-16be", skip: 2 };
  return undefined;
}

/**
 * BOM-less UTF-16/32 by where the NULs fall: mostly-ASCII text in UTF-16LE has a NUL in every odd
 * byte and none in the even ones (BE the reverse; UTF-32 three NULs in every four bytes).
 */
function nulPattern(b: Uint8Array): TextEncoding | undefined {
  const n = Math.min(b.length, SNIFF_BYTES) & ~3;
  if (n < 4) return undefined;
  const zeros = [0, 0, 0, 0];
  for (let i = 0; i < n; i++) if (b[i] === 0) zeros[i & 3]!++;
  const quarter = n / 4;
  const [z0, z1, z2, z3] = zeros as [number, number, number, number];
  const mostly = (z: number, of: number): boolean => z >= of * 0.7;
  const rarely = (z: number, of: number): boolean => z <= of * 0.05;
  if (mostly(z1, quarter) && mostly(z2, quarter) && mostly(z3, quarter) && rarely(z0, quarter))
    return "utf-32le";
  if (mostly(z0, quarter) && mostly(z1, quarter) && mostly(z2, quarter) && rarely(z3, quarter))
    return "utf-32be";
  if (mostly(z1 + z3, 2 * quarter) && rarely(z0 + z2, 2 * quarter)) return "utf-16le";
  if (mostly(z0 + z2, 2 * quarter) && rarely(z1 + z3, 2 * quarter)) return "utf-16be";
  return undefined;
}

function decodeUtf32(b: Uint8Array, littleEndian: boolean): string {
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const parts: string[] = [];
  let chunk: number[] = [];
  for (let i = 0; i + 4 <= b.length; i += 4) {
    const cp = view.getUint32(i, littleEndian);
    chunk.push(cp <= 0x10ffff && (cp < 0xd800 || cp > 0xdfff) ? cp : 0xfffd);
    if (chunk.length === 4096) {
      parts.push(String.fromCodePoint(...chunk));
      chunk = [];
    }
  }
  if (b.length % 4 !== 0) chunk.push(0xfffd);
  parts.push(String.fromCodePoint(...chunk));
  return parts.join("");
}

function decodeAs(b: Uint8Array, encoding: TextEncoding): string {
  switch (encoding) {
    case "utf-32le":
      return decodeUtf32(b, true);
    case "utf-32be":
      return decodeUtf32(b, false);
    default:
      // Invalid sequences become U+FFFD, which the binary test below counts.
      return new TextDecoder(encoding, { fatal: false, ignoreBOM: true }).decode(b);
  }
}

/**
 * True when the decoded text is mostly not text: undecodable bytes (U+FFFD) and control characters
 * other than tab, line breaks, form feed and escape. NULs count only when they are very common, so
 * a text file with a NUL in it is still text.
 */
function isBinaryText(text: string): boolean {
  let nonText = 0;
  let nuls = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x20 && c !== 0x7f && c !== 0xfffd) continue;
    if (c === 0) nuls++;
    else if (c !== 9 && c !== 10 && c !== 11 && c !== 12 && c !== 13 && c !== 27) nonText++;
  }
  return nonText > text.length * MAX_NON_TEXT || nuls > text.length * MAX_NULS;
}

/**
 * Read a blob as text, or undefined when it is binary. UTF-8 unless a BOM (UTF-8, UTF-16LE/BE,
 * UTF-32LE/BE) or the NUL pattern of BOM-less UTF-16/32 says otherwise.
 */
export function decodeText(bytes: Uint8Array): DecodedText | undefined {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // The usual case, checked natively: plain UTF-8 without a NUL is text (no per-character pass:
  // a cold start runs that loop unoptimised, ~3 ms per 200 KB).
  if (buf.indexOf(0) < 0 && bom(buf) === undefined && isUtf8(buf))
    return { text: buf.toString("utf8"), encoding: "utf-8" };
  const marked = bom(bytes);
  const encoding = marked?.encoding ?? nulPattern(bytes) ?? "utf-8";
  const text = decodeAs(marked === undefined ? bytes : bytes.subarray(marked.skip), encoding);
  if (isBinaryText(text)) return undefined;
  return { text, encoding };
}

/** Where the detector sees a sops metadata block (in any format's syntax), which it skips. */
const SOPS_MARKERS = sopsMarkers();

/**
 * The text the detector reads, same length (lines and columns hold): NULs become spaces, since the
 * detector takes a NUL for the mark of a binary file and would skip the whole text; the markers of
 * a sops metadata block are renamed, since it would skip such a block too. The guard decides what
 * is sops (core's inspection) and hands over only what is left in clear: a `sops:` block in a
 * plain file, or an unknown key in a real sops block, is read like any text.
 */
export function forDetector(text: string): string {
  const clean = text.includes("\0") ? text.replace(/\0/g, " ") : text;
  return clean.includes("sops") ? clean.replace(SOPS_MARKERS, "s0ps") : clean;
}

/**
 * The 1-based lines of `after` that `before` does not have (as many times), for a change git
 * diffed as binary. A line moved within the file does not count as added; a new one always does.
 */
export function addedLines(before: string, after: string): Set<number> {
  const had = new Map<string, number>();
  for (const line of before.split("\n")) had.set(line, (had.get(line) ?? 0) + 1);
  const added = new Set<number>();
  after.split("\n").forEach((line, i) => {
    const n = had.get(line) ?? 0;
    if (n > 0) had.set(line, n - 1);
    else added.add(i + 1);
  });
  return added;
}
