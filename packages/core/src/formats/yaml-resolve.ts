/**
 * Plain-scalar resolution the way go-yaml v3 (the library inside sops) does it, so a value gets
 * the same sops type and plaintext here as in sops: `017` is octal, `yes` stays a string, unquoted
 * timestamps are `time`, ints beyond int64 are rejected (sops cannot walk a uint64).
 */
import type { Scalar } from "../types.js";
import { formatGoFloat } from "../value.js";

/** What a plain scalar resolves to: a typed Scalar, `null` for a YAML null, or "uint64" (unsupported). */
export type Resolved = Scalar | null | "uint64";

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const UINT64_MAX = 2n ** 64n - 1n;

const FIXED: ReadonlyMap<string, Scalar | null> = new Map<string, Scalar | null>([
  ["", null],
  ["~", null],
  ["null", null],
  ["Null", null],
  ["NULL", null],
  ...["true", "True", "TRUE"].map((s): [string, Scalar] => [s, { type: "bool", text: "True" }]),
  ...["false", "False", "FALSE"].map((s): [string, Scalar] => [s, { type: "bool", text: "False" }]),
  ...[".nan", ".NaN", ".NAN"].map((s): [string, Scalar] => [s, { type: "float", text: "NaN" }]),
  ...[".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF"].map((s): [string, Scalar] => [
    s,
    { type: "float", text: "+Inf" },
  ]),
  ...["-.inf", "-.Inf", "-.INF"].map((s): [string, Scalar] => [s, { type: "float", text: "-Inf" }]),
]);

const YAML_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
/** Go strconv.ParseFloat syntax for decimal input without underscores (hex floats left out). */
const GO_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+\.?[0-9]*)([eE][-+]?[0-9]+)?$/;

/** Resolves the text of a plain (unquoted, untagged) scalar like go-yaml v3. */
export function resolvePlain(s: string): Resolved {
  const c = s.charCodeAt(0);
  if (s.length <= 6) {
    const fixed = FIXED.get(s);
    if (fixed !== undefined || FIXED.has(s)) return fixed ?? null;
  }
  if (c === 46 /* . */) return GO_FLOAT.test(s) ? float(s, s) : str(s);
  const digit = c >= 48 && c <= 57;
  if (!digit && c !== 43 && c !== 45) return str(s);
  // Fast path: a short run of decimal digits is by far the most common number.
  if (digit && s.length < 16 && /^[1-9][0-9]*$|^0$/.test(s)) return { type: "int", text: s };
  const t = parseTimestamp(s);
  if (t !== undefined) return { type: "time", text: t };
  const plain = s.includes("_") ? s.replaceAll("_", "") : s;
  const i = parseGoInt(plain);
  if (i !== undefined) {
    // Decimal text is kept as written (sops reads it back as the same int); 0x1F, 017 and 1_000
    // become their decimal value, the only form sops decrypts.
    if (i >= INT64_MIN && i <= INT64_MAX)
      return { type: "int", text: DECIMAL.test(s) ? s : i.toString() };
    if (i >= 0n && i <= UINT64_MAX && !/^[-+]/.test(plain)) return "uint64";
  }
  if (YAML_FLOAT.test(plain)) return float(s, plain);
  return str(s);
}

const DECIMAL = /^[-+]?(?:0|[1-9][0-9]*)$/;

/**
 * A YAML float: kept as written when sops reads that text back (no `_`), else in Go's form; a float
 * beyond the 64-bit range is a string, as go-yaml resolves it.
 */
function float(s: string, plain: string): Scalar {
  const n = Number(plain);
  if (!Number.isFinite(n)) return str(s);
  return { type: "float", text: s === plain ? s : formatGoFloat(n) };
}

function str(text: string): Scalar {
  return { type: "str", text };
}

/** Go strconv.ParseInt(s, 0, 64) syntax (prefixes 0x, 0o, 0b and a leading 0 for octal), unbounded. */
function parseGoInt(s: string): bigint | undefined {
  const m = /^([-+]?)(0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*)$/.exec(s);
  if (m === null) return undefined;
  let body = m[2] ?? "";
  if (/^0[0-7]+$/.test(body)) body = "0o" + body.slice(1);
  const v = BigInt(body.toLowerCase());
  return m[1] === "-" ? -v : v;
}

const TS_DATE = /^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})$/;
const TS_FULL =
  /^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})(?:[Tt]([0-9]{1,2}):([0-9]{1,2}):([0-9]{1,2})(?:[.,]([0-9]+))?(Z|[+-][0-9]{2}:[0-9]{2})|[ ]+([0-9]{1,2}):([0-9]{1,2}):([0-9]{1,2})(?:[.,]([0-9]+))?)$/;

/**
 * go-yaml v3 timestamp formats (`2006-1-2T15:4:5.999999999Z07:00`, the same with `t`,
 * `2006-1-2 15:4:5.999999999`, `2006-1-2`), returned as Go's `time.MarshalText` (RFC 3339 nano).
 */
export function parseTimestamp(s: string): string | undefined {
  if (s.length < 8 || s.charCodeAt(4) !== 45) return undefined;
  let m = TS_DATE.exec(s);
  let time: (string | undefined)[] = [];
  let zone = "Z";
  if (m === null) {
    m = TS_FULL.exec(s);
    if (m === null) return undefined;
    time = m[4] !== undefined ? [m[4], m[5], m[6], m[7]] : [m[9], m[10], m[11], m[12]];
    if (m[8] !== undefined) zone = m[8];
  }
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12 || d < 1 || d > daysIn(y, mo)) return undefined;
  const [h, mi, se] = [Number(time[0] ?? 0), Number(time[1] ?? 0), Number(time[2] ?? 0)];
  if (h > 23 || mi > 59 || se > 59) return undefined;
  if (zone !== "Z") {
    const oh = Number(zone.slice(1, 3));
    const om = Number(zone.slice(4, 6));
    if (oh > 23 || om > 59) return undefined;
    if (oh === 0 && om === 0) zone = "Z";
  }
  const frac = (time[3] ?? "").slice(0, 9).replace(/0+$/, "");
  const p2 = (n: number): string => String(n).padStart(2, "0");
  return `${m[1]}-${p2(mo)}-${p2(d)}T${p2(h)}:${p2(mi)}:${p2(se)}${frac === "" ? "" : "." + frac}${zone}`;
}

function daysIn(y: number, m: number): number {
  if (m === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(m) ? 30 : 31;
}

// Go `strconv.FormatFloat(x, 'f', -1, 64)` lives with the value envelope; the resolver uses it too.
export { formatGoFloat };

/** YAML 1.1 booleans that go-yaml v3 reads as strings but still quotes on output. */
export const OLD_BOOLS: ReadonlySet<string> = new Set(
  "y Y yes Yes YES n N no No NO on On ON off Off OFF".split(" "),
);
