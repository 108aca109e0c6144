// The decoding layer: base64, hex and percent-encoded text is decoded and scanned again (a few
// layers deep, as gitleaks does), and what is found is reported at the encoded text's place.
// Where to look is decided cheaply: lines carrying the encoded form of a secret-ish word or
// token prefix (computed below for every base64 alignment), encoding markers, and the `data:`
// and `stringData:` of Kubernetes Secrets, whose values are secrets by their place.

import { decodeBase64Text } from "./generic.js";

/** A decoded span of the scanned text. */
export interface Encoded {
  start: number;
  end: number;
  /** The decoded text. */
  text: string;
  /** The key the encoded value is assigned to, when there is one (`DB_PASSWORD: <b64>`). */
  name: string | undefined;
  /** A Kubernetes Secret value: a secret by its place, reported even without a recognised form. */
  secretByPlace: boolean;
}

/** Words whose encoded forms mark a line worth decoding. */
const WORDS = [
  "password",
  "PASSWORD",
  "Password",
  "passwd",
  "secret",
  "SECRET",
  "Secret",
  "token",
  "TOKEN",
  "Token",
  "api_key",
  "API_KEY",
  "apiKey",
  "ghp_",
  "gho_",
  "ghs_",
  "github_pat_",
  "glpat-",
  "xoxb-",
  "xoxp-",
  "AKIA",
  "ASIA",
  "sk_live_",
  "sk-proj-",
  "sk-ant-",
  "AIza",
  "npm_",
  "hvs.",
  "AGE-SECRET-KEY-",
  "-----BEGIN",
  "PRIVATE KEY",
  "postgres://",
  "postgresql://",
  "mysql://",
  "mongodb",
  "redis://",
  "amqp://",
  '"auths"',
  "_authToken",
  "Bearer ",
  "Basic ",
];

/** The base64 text that `word` always encodes to, at each of the three byte alignments. */
function base64Forms(word: string): string[] {
  const out: string[] = [];
  for (let r = 0; r < 3; r++) {
    const enc = btoa("\0".repeat(r) + word);
    const groups = Math.floor((r + word.length) / 3);
    // Drop the group shared with the preceding bytes and any group shared with the following.
    const fixed = enc.slice(r === 0 ? 0 : 4, groups * 4);
    if (fixed.length >= 4) out.push(fixed);
  }
  return out;
}

function hexForm(word: string): string {
  let s = "";
  for (let i = 0; i < word.length; i++) s += word.charCodeAt(i).toString(16).padStart(2, "0");
  return s;
}

/** Prefilter keywords that start the decoding layer on a line. */
export const DECODE_KEYWORDS: readonly string[] = [
  ...new Set([
    ...WORDS.flatMap(base64Forms),
    // Every word in hex too: a hex-encoded Slack token (`786f78622d…`) carries no other marker.
    ...WORDS.map(hexForm),
    // Percent-encoded base64 padding and separators, and markers of encoded data.
    "%3d",
    "%2b",
    "%2f",
    "%3a",
    "%40",
    "%24",
    // JSON's escapes (PHP's json_encode writes `\/` for every slash): a URL, a Unicode escape.
    ":\\/\\/",
    "\\u00",
    "base64",
    "b64decode",
    "atob(",
    "fromhex",
    "Basic ",
  ]),
];

/** Lines longer than this are not decoded (data URIs, minified bundles) unless in a Secret. */
const MAX_LINE = 4000;
/** Shortest encoded run worth decoding: 12 bytes of base64, 8 bytes of hex. */
const BASE64_RUN = /(?<![A-Za-z0-9+/_-])[A-Za-z0-9+/_-]{16,}={0,2}(?![A-Za-z0-9+/=_-])/g;
/**
 * In a Secret's `data` every value is base64, so shorter runs count: an 11-character password
 * is 15 characters and a `=` (`{16,}` above missed it), an 8-character one 12.
 */
const SECRET_BASE64_RUN = /(?<![A-Za-z0-9+/_-])[A-Za-z0-9+/_-]{8,}={0,2}(?![A-Za-z0-9+/=_-])/g;
const HEX_RUN = /(?<![0-9a-fA-F])(?:[0-9a-fA-F]{2}){8,}(?![0-9a-fA-F])/g;
const PERCENT_RUN = /(?:[^\s%"'<>&]*%[0-9A-Fa-f]{2}){2,}[^\s%"'<>&]*/g;
/**
 * A query parameter's value with one escape (a token's one `+` or `:`, `?auth=…%2B…`). Not
 * any run with one: a path's `@scope%2fname` decodes to what reads as `user:pass@host`.
 */
const QUERY_VALUE = /[?&][\w.-]{1,40}=([^\s%"'<>&]*%[0-9A-Fa-f]{2}[^\s%"'<>&]*)(?=[\s&"'<>]|$)/g;
/** A JSON string's body holding `\/` or a `\uXXXX` escape. */
const JSON_ESCAPED =
  /"((?:[^"\\\n]|\\.){0,2000}?\\(?:\/|u[0-9A-Fa-f]{4})(?:[^"\\\n]|\\.){0,2000}?)"/g;
const NAMED = /([A-Za-z_][\w.-]{0,80})["']?[ \t]*[:=][ \t]*["']?$/;

function decodeHex(hex: string): string | undefined {
  let out = "";
  for (let i = 0; i < hex.length; i += 2) {
    const c = parseInt(hex.slice(i, i + 2), 16);
    if ((c < 32 && c !== 9 && c !== 10 && c !== 13) || c > 126) return undefined;
    out += String.fromCharCode(c);
  }
  return out;
}

function decodeJson(body: string): string | undefined {
  try {
    const d = JSON.parse(`"${body}"`) as string;
    return d === body ? undefined : d;
  } catch {
    return undefined;
  }
}

function decodePercent(s: string): string | undefined {
  try {
    const d = decodeURIComponent(s);
    return d === s ? undefined : d;
  } catch {
    return undefined;
  }
}

/** The name a value at `at` on its line is assigned to (`key: <value>`, `"key": "<value>"`). */
function nameBefore(text: string, lineStart: number, at: number): string | undefined {
  return NAMED.exec(text.slice(Math.max(lineStart, at - 120), at))?.[1];
}

/** Decoded runs on the line `[ls, le)`. */
function decodeLine(text: string, ls: number, le: number, byPlace: boolean, out: Encoded[]): void {
  const line = text.slice(ls, le);
  const push = (start: number, raw: string, decoded: string | undefined): void => {
    if (decoded === undefined || decoded.trim().length < 6) return;
    const at = ls + start;
    out.push({
      start: at,
      end: at + raw.length,
      text: decoded,
      name: nameBefore(text, ls, at),
      secretByPlace: byPlace,
    });
  };
  const run = byPlace ? SECRET_BASE64_RUN : BASE64_RUN;
  run.lastIndex = 0;
  for (let m = run.exec(line); m; m = run.exec(line)) {
    // Hex runs are hex, not base64 that happens to use few letters.
    if (/^[0-9a-fA-F]+$/.test(m[0])) continue;
    push(m.index, m[0], decodeBase64Text(m[0]));
  }
  HEX_RUN.lastIndex = 0;
  for (let m = HEX_RUN.exec(line); m; m = HEX_RUN.exec(line)) {
    push(m.index, m[0], decodeHex(m[0]));
  }
  if (line.includes("\\")) {
    JSON_ESCAPED.lastIndex = 0;
    for (let m = JSON_ESCAPED.exec(line); m; m = JSON_ESCAPED.exec(line)) {
      push(m.index + 1, m[1]!, decodeJson(m[1]!));
    }
  }
  if (line.includes("%")) {
    PERCENT_RUN.lastIndex = 0;
    for (let m = PERCENT_RUN.exec(line); m; m = PERCENT_RUN.exec(line)) {
      push(m.index, m[0], decodePercent(m[0]));
    }
    QUERY_VALUE.lastIndex = 0;
    for (let m = QUERY_VALUE.exec(line); m; m = QUERY_VALUE.exec(line)) {
      push(m.index + m[0].length - m[1]!.length, m[1]!, decodePercent(m[1]!));
    }
  }
}

function lineEndOf(text: string, at: number): number {
  const e = text.indexOf("\n", at);
  return e < 0 ? text.length : e;
}

/**
 * The `data:`/`stringData:` value lines of Kubernetes Secrets in YAML (each document of a
 * multi-document file) and JSON, as `[lineStart, lineEnd, base64]` triples.
 */
export function secretDataLines(text: string): Array<[number, number, boolean]> {
  const out: Array<[number, number, boolean]> = [];
  if (!/\bkind["']?[ \t]*:[ \t]*["']?Secret\b/.test(text)) return out;
  // Documents of a multi-document YAML file, as offsets: a Secret's data is its own document's.
  const bounds = [0];
  const sep = /^---[ \t]*\r?$/gm;
  for (let m = sep.exec(text); m; m = sep.exec(text)) bounds.push(m.index + m[0].length);
  bounds.push(text.length);
  for (let d = 0; d + 1 < bounds.length; d++) {
    const base = bounds[d]!;
    const doc = text.slice(base, bounds[d + 1]);
    if (!/^[ \t]*["']?kind["']?[ \t]*:[ \t]*["']?Secret["']?[ \t]*,?[ \t]*\r?$/m.test(doc))
      continue;
    const block = /^([ \t]*)["']?(data|stringData)["']?[ \t]*:[ \t]*\{?[ \t]*\r?$/gm;
    for (let m = block.exec(doc); m; m = block.exec(doc)) {
      const indent = m[1]!.length;
      const encoded = m[2] === "data";
      let ls = base + m.index + m[0].length + 1;
      while (ls < base + doc.length) {
        const le = lineEndOf(text, ls);
        const line = text.slice(ls, le);
        const lead = line.length - line.trimStart().length;
        if (line.trim() !== "" && (lead <= indent || /^\s*\}/.test(line))) break;
        if (line.trim() !== "") out.push([ls, le, encoded]);
        ls = le + 1;
      }
    }
  }
  return out;
}

/**
 * Encoded runs to scan again: on the lines starting at `lineStarts` (keyword hits) and in
 * Kubernetes Secrets. Kubernetes `stringData` values come back as they are, secrets by place.
 */
export function findEncoded(text: string, lineStarts: Iterable<number>): Encoded[] {
  const out: Encoded[] = [];
  const done = new Set<number>();
  for (const [ls, le, encoded] of secretDataLines(text)) {
    done.add(ls);
    if (encoded) {
      decodeLine(text, ls, le, true, out);
    } else {
      const m = /^[ \t]*["']?([\w.-]+)["']?[ \t]*:[ \t]*["']?([^"'\n]+?)["']?,?[ \t]*\r?$/.exec(
        text.slice(ls, le),
      );
      if (m) {
        const at = ls + text.slice(ls, le).indexOf(m[2]!, m[1]!.length);
        out.push({
          start: at,
          end: at + m[2]!.length,
          text: m[2]!,
          name: m[1],
          secretByPlace: true,
        });
      }
    }
  }
  for (const ls of lineStarts) {
    if (done.has(ls)) continue;
    done.add(ls);
    const le = lineEndOf(text, ls);
    if (le - ls <= MAX_LINE) decodeLine(text, ls, le, false, out);
  }
  return out;
}
