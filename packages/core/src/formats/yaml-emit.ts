/**
 * Writing YAML text: one scalar written into an existing document (in the style the node had,
 * quoted only when needed), and the `sops` metadata block in the layout sops 3.13 writes
 * (go-yaml v3 emitter: keys sorted, sequences indented under their key, `enc` as a literal block,
 * strings that would read as another type double-quoted).
 */
import { isPlainNumber } from "../plain.js";
import type { Scalar } from "../types.js";
import { OLD_BOOLS, resolvePlain } from "./yaml-resolve.js";

/** How a scalar was written in the source. */
export type Style = "plain" | "single" | "double" | "literal" | "folded" | "alias";

/** Replacement text for a scalar: `inline` where the value was, `block` the lines of a block scalar. */
export interface Written {
  inline: string;
  block?: string;
}

/** Where a scalar is written. */
export interface ScalarPlace {
  style: Style;
  inFlow: boolean;
  /** Column of the items of the collection holding the scalar. */
  parentIndent: number;
  /** Column of block scalar content. */
  contentIndent: number;
  /**
   * The value follows an application's tag (`!Ref x`): the tag, not YAML's plain-scalar rules,
   * says what `42` or `true` mean, so such text stays plain where YAML's syntax allows.
   */
  tagged?: boolean;
}

// eslint-disable-next-line no-control-regex
const UNPRINTABLE = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u2028\u2029\ufeff]/;
// eslint-disable-next-line no-control-regex
const UNPRINTABLE_IN_BLOCK = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\ufeff]/;
const BASE60 = /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/;

/** Text for a typed value, in the style the node had where that style can hold it. */
export function writeScalar(v: Scalar, place: ScalarPlace): Written {
  switch (v.type) {
    case "int":
    case "float":
      return { inline: yamlNumberText(v as { type: "int" | "float"; text: string }) };
    case "bool":
      return { inline: /^(true|1|t)$/i.test(v.text) ? "true" : "false" };
    case "time":
      return { inline: v.text.endsWith("T00:00:00Z") ? v.text.slice(0, -10) : v.text };
    default:
      return writeString(v.text, place);
  }
}

/**
 * A number as YAML that reads back as the same type and, wherever YAML allows it, the same text:
 * it only changes where YAML would read another type (float `7` → `7.0`, `+Inf` → `.inf`).
 */
export function yamlNumberText(n: { type: "int" | "float"; text: string }): string {
  const t = n.text;
  const r = resolvePlain(t);
  if (r !== null && r !== "uint64" && r.type === n.type && r.text === t) return t;
  if (n.type === "int") return /^[+-]?\d+$/.test(t) ? BigInt(t).toString() : t;
  if (t === "+Inf" || t === "Inf") return ".inf";
  if (t === "-Inf") return "-.inf";
  if (t === "NaN") return ".nan";
  return /^[-+]?[0-9]+$/.test(t) ? t + ".0" : t;
}

/**
 * A custom tag for the `yaml` package (`customTags`): writes a {@link PlainNumber} as its exact
 * text, without a tag (it reads back as the same number).
 */
export const YAML_PLAIN_NUMBER_TAG = {
  identify: isPlainNumber,
  tag: "tag:yaml.org,2002:float",
  default: true,
  resolve: (s: string): string => s,
  stringify: (item: { value?: unknown }): string =>
    yamlNumberText(item.value as { type: "int" | "float"; text: string }),
};

/** Strings that are plain-safe at a glance (the common case: ENC[…] and ordinary words). */
const QUICK_PLAIN = /^[A-Za-z_/][A-Za-z0-9_./+=,@[\]:-]{5,}[A-Za-z0-9_./+=,@[\]-]$/;

function writeString(s: string, place: ScalarPlace): Written {
  const { style, inFlow } = place;
  // V8 runs out of backtracking stack for this pattern on megabyte strings: short ones only.
  if (style === "plain" && !inFlow && s.length <= 4096 && QUICK_PLAIN.test(s)) return { inline: s };
  if (style === "double") return { inline: doubleQuoted(s) };
  if (style === "single" && singleOk(s)) return { inline: singleQuoted(s) };
  if (s.includes("\n")) {
    if (!inFlow && literalOk(s)) return literal(s, place);
    return { inline: doubleQuoted(s) };
  }
  if (place.tagged === true && style === "plain" && plainOk(s, inFlow)) return { inline: s };
  if (resolvesToOther(s)) return { inline: doubleQuoted(s) };
  if (plainOk(s, inFlow)) return { inline: s };
  return { inline: singleOk(s) ? singleQuoted(s) : doubleQuoted(s) };
}

function resolvesToOther(s: string): boolean {
  const r = resolvePlain(s);
  return (
    r === null ||
    r === "uint64" ||
    r.type !== "str" ||
    OLD_BOOLS.has(s) ||
    BASE60.test(s) ||
    s === "<<"
  );
}

/** True when `s` can be written as a plain scalar and reads back as the same string. */
export function plainOk(s: string, inFlow: boolean): boolean {
  if (s === "" || UNPRINTABLE.test(s) || s.includes("\t")) return false;
  const c = s.charAt(0);
  if (c === " " || s.endsWith(" ")) return false;
  if ("-?:".includes(c)) {
    const n = s.charAt(1);
    if (n === "" || n === " " || (inFlow && ",[]{}".includes(n))) return false;
  } else if (",[]{}#&*!|>'\"%@`".includes(c)) return false;
  if (s.includes(": ") || s.includes(" #") || s.endsWith(":")) return false;
  if (inFlow && /[,[\]{}]/.test(s)) return false;
  if (s.startsWith("---") || s.startsWith("...")) return false;
  return true;
}

function singleOk(s: string): boolean {
  return !UNPRINTABLE.test(s) && !s.includes("\t");
}

function singleQuoted(s: string): string {
  return "'" + s.replaceAll("'", "''") + "'";
}

const ESCAPES: Record<string, string> = {
  "\0": "\\0",
  "\u0007": "\\a",
  "\b": "\\b",
  "\t": "\\t",
  "\n": "\\n",
  "\v": "\\v",
  "\f": "\\f",
  "\r": "\\r",
  "\u001b": "\\e",
  '"': '\\"',
  "\\": "\\\\",
  "\u0085": "\\N",
  "\u00a0": "\\_",
  "\u2028": "\\L",
  "\u2029": "\\P",
};

/** A double-quoted scalar: escapes for `"`, `\` and every unprintable character. */
export function doubleQuoted(s: string): string {
  // eslint-disable-next-line no-control-regex
  const out = s.replace(/["\\\u0000-\u001f\u007f-\u009f\u00a0\u2028\u2029\ufeff]/g, (ch) => {
    const e = ESCAPES[ch];
    if (e !== undefined) return e;
    const code = ch.charCodeAt(0);
    return code < 0x100
      ? "\\x" + code.toString(16).padStart(2, "0")
      : "\\u" + code.toString(16).padStart(4, "0");
  });
  return '"' + out + '"';
}

function literalOk(s: string): boolean {
  return !UNPRINTABLE_IN_BLOCK.test(s) && /[^\n ]/.test(s);
}

/** A literal block `|`, `|-` or `|+` with its content lines at `contentIndent`. */
function literal(s: string, place: ScalarPlace): Written {
  const chomp = s.endsWith("\n") ? (s.endsWith("\n\n") ? "+" : "") : "-";
  const body = chomp === "-" ? s : s.slice(0, -1);
  const lines = body.split("\n");
  const first = lines.find((l) => l !== "") ?? "";
  const rel = place.contentIndent - place.parentIndent;
  const indicator = first.startsWith(" ") ? String(Math.min(9, Math.max(1, rel))) : "";
  const ind = " ".repeat(
    indicator === "" ? place.contentIndent : place.parentIndent + Number(indicator),
  );
  let block = "";
  for (const l of lines) block += l === "" ? "\n" : ind + l + "\n";
  return { inline: "|" + indicator + chomp, block };
}

/**
 * The `sops:` block as go-yaml v3 writes it with indent `unit`, starting at column `base`,
 * keys sorted at every level; ends with a newline.
 */
export function emitMetadata(meta: Record<string, unknown>, unit: number, base: number): string {
  const out: string[] = [];
  emitKeyed(out, " ".repeat(base) + "sops:", meta, base, unit);
  return out.join("\n") + "\n";
}

function emitKeyed(out: string[], prefix: string, v: unknown, keyCol: number, unit: number): void {
  if (Array.isArray(v)) {
    if (v.length === 0) out.push(prefix + " []");
    else {
      out.push(prefix);
      emitSeq(out, v, keyCol + unit, unit);
    }
  } else if (isObject(v)) {
    const keys = Object.keys(v).sort();
    if (keys.length === 0) out.push(prefix + " {}");
    else {
      out.push(prefix);
      for (const k of keys)
        emitKeyed(out, " ".repeat(keyCol + unit) + keyText(k) + ":", v[k], keyCol + unit, unit);
    }
  } else emitValue(out, prefix, v, keyCol, unit);
}

function emitSeq(out: string[], arr: unknown[], dash: number, unit: number): void {
  for (const item of arr) {
    if (isObject(item) && Object.keys(item).length > 0) {
      const keys = Object.keys(item).sort();
      keys.forEach((k, i) => {
        const lead = i === 0 ? " ".repeat(dash) + "- " : " ".repeat(dash + 2);
        emitKeyed(out, lead + keyText(k) + ":", item[k], dash + 2, unit);
      });
    } else if (Array.isArray(item) && item.length > 0) {
      out.push(" ".repeat(dash) + "-");
      emitSeq(out, item, dash + unit, unit);
    } else emitValue(out, " ".repeat(dash) + "-", item, dash, unit);
  }
}

function emitValue(out: string[], prefix: string, v: unknown, keyCol: number, unit: number): void {
  if (Array.isArray(v)) return void out.push(prefix + " []");
  if (isObject(v)) return void out.push(prefix + " {}");
  let text: string;
  if (v === null || v === undefined) text = "null";
  else if (typeof v === "boolean") text = v ? "true" : "false";
  else if (typeof v === "number" || typeof v === "bigint" || isPlainNumber(v)) text = String(v);
  else {
    const s = typeof v === "string" ? v : (JSON.stringify(v) ?? "");
    const contentIndent = unit * Math.floor((keyCol + unit) / unit);
    const w = writeString(s, {
      style: "plain",
      inFlow: false,
      parentIndent: keyCol,
      contentIndent,
    });
    if (w.block !== undefined) {
      out.push(prefix + " " + w.inline + "\n" + w.block.slice(0, -1));
      return;
    }
    text = w.inline;
  }
  out.push(prefix + " " + text);
}

function keyText(k: string): string {
  if (!resolvesToOther(k) && plainOk(k, false)) return k;
  return doubleQuoted(k);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v) && !isPlainNumber(v);
}
