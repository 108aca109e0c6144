/**
 * The sops value envelope `ENC[AES256_GCM,data:…,iv:…,tag:…,type:…]` (sops-format.md §2) and the
 * typed plaintext forms sops encrypts and feeds to the MAC.
 */
import { randomBytes } from "node:crypto";
import { HushError } from "./errors.js";
import { GcmOpener, LAYOUT_FIELDS } from "./gcm.js";
import type { ValueType } from "./types.js";

/**
 * How a value's text maps to the bytes that are encrypted and hashed: UTF-8, or `latin1` for byte
 * strings (one char per byte), which carry the binary store's raw data without any decoding.
 */
export type TextEncoding = "utf8" | "latin1";

/** Value types plus `comment`, as found in the `type:` field. */
export type EnvelopeType = ValueType | "comment";

const PREFIX = "ENC[AES256_GCM,data:";

/** Where a value sits, for messages; a function so it is only formatted on failure. */
export type Where = string | (() => string);
const at = (w: Where): string => (typeof w === "string" ? w : w());
const TYPES: ReadonlySet<string> = new Set([
  "str",
  "int",
  "float",
  "bool",
  "time",
  "bytes",
  "comment",
]);

/** A parsed envelope (still encrypted). */
export interface Envelope {
  data: Buffer;
  iv: Buffer;
  tag: Buffer;
  type: EnvelopeType;
}

/** True when `s` looks like an encrypted sops value (it may still be malformed). */
export function isEncryptedText(s: string): boolean {
  return s.startsWith("ENC[");
}

/** The base64 fields of an envelope, validated for shape only. */
function envelopeFields(
  s: string,
  where: Where,
): { data: string; iv: string; tag: string; type: EnvelopeType } {
  const iIv = s.indexOf(",iv:", PREFIX.length);
  const iTag = iIv < 0 ? -1 : s.indexOf(",tag:", iIv + 4);
  const iType = iTag < 0 ? -1 : s.indexOf(",type:", iTag + 5);
  const end = s.lastIndexOf("]");
  if (
    !s.startsWith(PREFIX) ||
    iIv <= PREFIX.length ||
    iTag <= iIv + 4 ||
    iType <= iTag + 5 ||
    end <= iType + 6
  ) {
    throw new HushError(
      "ERR_FORMAT",
      `the encrypted value at ${at(where)} is truncated or malformed`,
      {
        hint: "expected ENC[AES256_GCM,data:…,iv:…,tag:…,type:…]; restore the value from git",
      },
    );
  }
  const type = s.slice(iType + 6, end);
  if (!TYPES.has(type)) {
    throw new HushError("ERR_VALUE", `the encrypted value at ${at(where)} has an unknown type`, {
      hint: "known types: str, int, float, bool, time, bytes, comment",
    });
  }
  const fields = {
    data: s.slice(PREFIX.length, iIv),
    iv: s.slice(iIv + 4, iTag),
    tag: s.slice(iTag + 5, iType),
    type: type as EnvelopeType,
  };
  for (const what of ["data", "iv", "tag"] as const) {
    // Length only: a character Node skips changes the bytes, which GCM then rejects anyway.
    if (fields[what].length % 4 !== 0) {
      throw new HushError(
        "ERR_VALUE",
        `the ${what} of the encrypted value at ${at(where)} is not valid base64`,
        {
          hint: "the file was edited by hand or damaged; restore it from git",
        },
      );
    }
  }
  return fields;
}

/**
 * Parse an `ENC[…]` string. ERR_FORMAT when the envelope is truncated or malformed, ERR_VALUE for an
 * unknown type or a field that is not base64.
 */
export function parseEnvelope(s: string, where: Where): Envelope {
  const f = envelopeFields(s, where);
  return {
    data: Buffer.from(f.data, "base64"),
    iv: Buffer.from(f.iv, "base64"),
    tag: Buffer.from(f.tag, "base64"),
    type: f.type,
  };
}

/** Standard base64 with padding, as Go's `base64.StdEncoding` writes it. */
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const ENVELOPE = /^ENC\[AES256_GCM,data:([^,\]]*),iv:([^,\]]*),tag:([^,\]]*),type:([^,\]]*)\]$/;
/** sops seals every value with a 32-byte IV and a 16-byte GCM tag. */
const IV_BYTES = 32;
const TAG_BYTES = 16;

function base64Bytes(s: string): number {
  return (s.length / 4) * 3 - (s.endsWith("==") ? 2 : s.endsWith("=") ? 1 : 0);
}

/**
 * Why `s` is not a well-formed sops envelope, or undefined when it is: the exact
 * `ENC[AES256_GCM,data:…,iv:…,tag:…,type:…]` shape, canonical base64, a 32-byte IV, a 16-byte tag
 * and a known type. Checks the shape only (no key): what can be said of a file without opening it.
 * @param expect - a required type, and the exact plaintext length in bytes (the MAC's 128 hex digits)
 */
export function envelopeProblem(
  s: string,
  expect: { type?: EnvelopeType; dataBytes?: number } = {},
): string | undefined {
  const m = ENVELOPE.exec(s);
  if (m === null) return "not an ENC[AES256_GCM,data:…,iv:…,tag:…,type:…] envelope";
  const [, data = "", iv = "", tag = "", type = ""] = m;
  for (const [what, field] of [
    ["data", data],
    ["iv", iv],
    ["tag", tag],
  ] as const) {
    if (!BASE64.test(field)) return `its ${what} is not base64`;
  }
  if (base64Bytes(iv) !== IV_BYTES) return `its iv is ${base64Bytes(iv)} bytes, not ${IV_BYTES}`;
  if (base64Bytes(tag) !== TAG_BYTES)
    return `its tag is ${base64Bytes(tag)} bytes, not ${TAG_BYTES}`;
  if (!TYPES.has(type)) return "its type is unknown";
  if (expect.type !== undefined && type !== expect.type) return `its type is not ${expect.type}`;
  if (expect.dataBytes !== undefined && base64Bytes(data) !== expect.dataBytes)
    return `its data is ${base64Bytes(data)} bytes, not ${expect.dataBytes}`;
  return undefined;
}

/** A data key ready for sealing and opening many values. */
export class ValueCipher {
  private readonly opener: GcmOpener;

  constructor(dataKey: Uint8Array) {
    if (dataKey.length !== 32) throw new HushError("ERR_INTERNAL", "the data key must be 32 bytes");
    this.opener = new GcmOpener(dataKey);
  }

  /**
   * Encrypt a plaintext under `aad`. An empty plaintext stays empty (sops never encrypts "").
   * @param iv - reuse an IV only for the identical (aad, plaintext) pair (the sops stash rule)
   */
  seal(plaintext: string, type: EnvelopeType, aad: string, iv?: Uint8Array): string {
    return this.sealMany([{ text: plaintext, type, aad, ...(iv === undefined ? {} : { iv }) }])[0]!;
  }

  /**
   * Encrypt many values in one AES pass, each with a fresh random 32-byte IV unless one is given.
   * @param encoding - how a text becomes bytes: UTF-8, or `latin1` for byte strings (one char per
   *   byte: the binary store's raw data)
   */
  sealMany(
    items: readonly { text: string; type: EnvelopeType; aad: string; iv?: Uint8Array }[],
    encoding: TextEncoding = "utf8",
  ): string[] {
    const out = new Array<string>(items.length);
    let size = 0;
    for (const it of items) size += (it.iv?.length ?? 32) + it.text.length * 3 + 16;
    const buf = Buffer.allocUnsafe(size);
    const random = randomBytes(32 * items.length);
    const layout = new Int32Array(items.length * LAYOUT_FIELDS);
    const aads: string[] = [];
    const index: number[] = [];
    let pos = 0;
    for (let i = 0; i < items.length; i++) {
      const it = items[i]!;
      if (it.text === "") {
        out[i] = "";
        continue;
      }
      const o = index.length * LAYOUT_FIELDS;
      layout[o] = pos;
      if (it.iv === undefined) {
        random.copy(buf, pos, 32 * i, 32 * i + 32);
        pos += 32;
      } else {
        buf.set(it.iv, pos);
        pos += it.iv.length;
      }
      layout[o + 1] = pos - layout[o];
      layout[o + 2] = pos;
      pos += buf.write(it.text, pos, encoding);
      layout[o + 3] = pos - layout[o + 2]!;
      layout[o + 4] = pos;
      pos += 16;
      aads.push(it.aad);
      index.push(i);
    }
    this.opener.sealPacked(buf, layout, aads, index.length);
    for (let k = 0; k < index.length; k++) {
      const o = k * LAYOUT_FIELDS;
      const iv = layout[o]!;
      const ct = layout[o + 2]!;
      const tag = layout[o + 4]!;
      out[index[k]!] =
        `${PREFIX}${buf.toString("base64", ct, ct + layout[o + 3]!)},iv:${buf.toString("base64", iv, iv + layout[o + 1]!)},tag:${buf.toString("base64", tag, tag + 16)},type:${items[index[k]!]!.type}]`;
    }
    return out;
  }

  /** Decrypt one envelope; ERR_VALUE when it does not authenticate under `aad`. */
  open(stored: string, aad: string, where: string): { type: EnvelopeType; text: string } {
    const r = this.openMany([{ stored, aad, where }])[0];
    if (r === undefined || r instanceof HushError)
      throw r ?? new HushError("ERR_INTERNAL", "no result");
    return r;
  }

  /**
   * Decrypt many envelopes at once (one AES pass). Each result is the plaintext or the HushError for
   * that value; the caller decides which error wins.
   */
  openMany(
    items: readonly { stored: string; aad: string; where: Where }[],
  ): ({ type: EnvelopeType; text: string } | HushError)[] {
    const r = this.openAll(
      items.map((i) => i.stored),
      items.map((i) => i.aad),
      (i) => at(items[i]!.where),
    );
    return items.map((_, i) => r.errors[i] ?? { type: r.types[i]!, text: r.texts[i]! });
  }

  /**
   * Decrypt many envelopes at once, as parallel arrays (no object per value). `errors[i]` is set when
   * value i failed; `where(i)` is only called to word an error. `encoding` as for {@link sealMany}.
   */
  openAll(
    stored: readonly string[],
    aads: readonly string[],
    where: (i: number) => string,
    encoding: TextEncoding = "utf8",
  ): { types: EnvelopeType[]; texts: string[]; errors: (HushError | undefined)[] } {
    const n = stored.length;
    const types = new Array<EnvelopeType>(n);
    const texts = new Array<string>(n);
    const errors = new Array<HushError | undefined>(n);
    // Decode every envelope into one buffer; the opener decrypts there in place.
    let size = 0;
    for (let i = 0; i < n; i++) size += stored[i]!.length;
    const buf = Buffer.allocUnsafe(size);
    const layout = new Int32Array(n * LAYOUT_FIELDS);
    const packedAads: string[] = [];
    const index: number[] = [];
    let pos = 0;
    for (let i = 0; i < n; i++) {
      const s = stored[i]!;
      if (s === "") {
        types[i] = "str";
        texts[i] = "";
        continue;
      }
      let f: ReturnType<typeof envelopeFields>;
      try {
        f = envelopeFields(s, () => where(i));
      } catch (err) {
        errors[i] = err as HushError;
        continue;
      }
      const o = index.length * LAYOUT_FIELDS;
      layout[o] = pos;
      pos += buf.write(f.iv, pos, "base64");
      layout[o + 1] = pos - layout[o];
      layout[o + 2] = pos;
      pos += buf.write(f.data, pos, "base64");
      layout[o + 3] = pos - layout[o + 2]!;
      const tagStart = pos;
      pos += buf.write(f.tag, pos, "base64");
      layout[o + 4] = pos - tagStart === 16 ? tagStart : -1;
      packedAads.push(aads[i]!);
      index.push(i);
      types[i] = f.type;
    }
    const ok = this.opener.openPacked(buf, layout, packedAads, index.length);
    for (let k = 0; k < index.length; k++) {
      const i = index[k]!;
      const o = k * LAYOUT_FIELDS;
      if (ok[k] === 1)
        texts[i] = buf.toString(encoding, layout[o + 2], layout[o + 2]! + layout[o + 3]!);
      else {
        errors[i] = new HushError(
          "ERR_VALUE",
          `the encrypted value at ${where(i)} does not decrypt`,
          {
            hint: "it was tampered with, moved to another key, or encrypted with another data key",
          },
        );
      }
    }
    return { types, texts, errors };
  }
}

/**
 * Go `strconv.FormatFloat(x, 'f', -1, 64)`: shortest round-trip digits, never an exponent.
 */
export function formatGoFloat(x: number): string {
  if (Number.isNaN(x)) return "NaN";
  if (x === Infinity) return "+Inf";
  if (x === -Infinity) return "-Inf";
  if (Object.is(x, -0)) return "-0";
  const s = String(x);
  const e = s.indexOf("e");
  if (e < 0) return s;
  const neg = s.startsWith("-");
  const mant = s.slice(neg ? 1 : 0, e);
  const exp = Number(s.slice(e + 1));
  const dot = mant.indexOf(".");
  const digits = mant.replace(".", "");
  const intLen = (dot < 0 ? mant.length : dot) + exp;
  let out: string;
  if (intLen <= 0) out = "0." + "0".repeat(-intLen) + digits;
  else if (intLen >= digits.length) out = digits + "0".repeat(intLen - digits.length);
  else out = digits.slice(0, intLen) + "." + digits.slice(intLen);
  return (neg ? "-" : "") + out;
}

/** Go `json.Marshal` of a float64 (exponent form below 1e-6 and from 1e21). NaN/Inf are not JSON. */
export function formatJsonFloat(x: number): string {
  if (!Number.isFinite(x))
    throw new HushError("ERR_FORMAT", "NaN and infinities cannot be written as JSON");
  if (Object.is(x, -0)) return "-0";
  return String(x);
}

const GO_FLOAT = /^[+-]?(?:\d[\d_]*\.?[\d_]*|\.\d[\d_]*)(?:[eE][+-]?\d+)?$/;

/** Go `strconv.ParseFloat(s, 64)` for the decimal forms sops produces; undefined when invalid. */
export function parseGoFloat(s: string): number | undefined {
  const lower = s.toLowerCase();
  const body = lower.replace(/^[+-]/, "");
  if (body === "inf" || body === "infinity") return lower.startsWith("-") ? -Infinity : Infinity;
  if (body === "nan") return NaN;
  if (!GO_FLOAT.test(s) || s.includes("_")) return undefined;
  return Number(s);
}

const INT = /^[+-]?\d+$/;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const NON_FINITE = /^[+-]?(?:inf|infinity|nan)$/i;

/**
 * The plaintext hush encrypts for a typed value. Numbers are kept exactly as written, once checked
 * to be a form sops decrypts back to the same value (Go `strconv.Atoi` for int, `ParseFloat` for
 * float); bools and times take their canonical form ({@link canonicalText}), as sops writes them.
 * ERR_FORMAT for a number sops cannot hold (an int beyond 64 bits, a float beyond its range).
 */
export function storedPlaintext(type: ValueType, text: string, where: string): string {
  if (type === "int") {
    if (INT.test(text)) {
      const n = BigInt(text);
      if (n < INT64_MIN || n > INT64_MAX) {
        throw new HushError("ERR_FORMAT", `the integer at ${where} does not fit in 64 bits`, {
          hint: "quote it to keep it as a string",
        });
      }
    }
    canonicalText(type, text, where);
    return text;
  }
  if (type === "float") {
    const f = parseGoFloat(text);
    if (f !== undefined && !Number.isFinite(f) && !NON_FINITE.test(text)) {
      throw new HushError("ERR_FORMAT", `the number at ${where} is beyond the 64-bit float range`, {
        hint: "quote it to keep it as a string",
      });
    }
    canonicalText(type, text, where);
    return text;
  }
  return canonicalText(type, text, where);
}
const TIME = /^(\d{4}-\d{2}-\d{2})[Tt](\d{2}:\d{2}:\d{2})(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

/**
 * The canonical sops plaintext of a typed value (`ToBytes`): ints re-printed, floats in Go form,
 * bools `True`/`False`, times RFC 3339 with trimmed fractions. ERR_VALUE when the text does not
 * parse as its type.
 */
export function canonicalText(type: ValueType, text: string, where: string): string {
  const bad = (): never => {
    throw new HushError("ERR_VALUE", `the value at ${where} is not a valid ${type}`, {
      hint: "the file was edited by hand or damaged; restore it from git",
    });
  };
  switch (type) {
    case "str":
    case "bytes":
      return text;
    case "int":
      if (!INT.test(text)) return bad();
      return BigInt(text).toString();
    case "float": {
      const f = parseGoFloat(text);
      return f === undefined ? bad() : formatGoFloat(f);
    }
    case "bool":
      if (["1", "t", "T", "TRUE", "true", "True"].includes(text)) return "True";
      if (["0", "f", "F", "FALSE", "false", "False"].includes(text)) return "False";
      return bad();
    case "time": {
      const m = TIME.exec(text);
      if (m === null) return bad();
      let frac = (m[3] ?? "").replace(/0+$/, "");
      if (frac === ".") frac = "";
      const zone =
        m[4] === "z" || m[4] === "Z" || m[4] === "+00:00" || m[4] === "-00:00" ? "Z" : m[4]!;
      return `${m[1]}T${m[2]}${frac}${zone}`;
    }
  }
}
