/**
 * The one conversion from a store's typed scalars to plain data (what `get`, exports, `exec` and the
 * metadata readers work on), and plain data back to exact JSON. A number keeps its text on every
 * path: it is a JS number only when that number prints back as exactly its text, otherwise a
 * {@link PlainNumber} holding the text (`9007199254740993`, `1.50`, `-0`, `1e400` never appear as a
 * rounded number).
 */
import { HushError } from "./errors.js";
import { quoteJson } from "./formats/json.js";
import type { PlainValue, Scalar, TreeNode } from "./types.js";
import { formatJsonFloat, parseGoFloat } from "./value.js";

/** A number whose text a JS number would change; `text` is exactly what the file holds. */
export class PlainNumber {
  constructor(
    readonly text: string,
    readonly type: "int" | "float",
  ) {}
  /** The exact text, so `String(n)` and template strings print it unchanged. */
  toString(): string {
    return this.text;
  }
  /** The nearest JS number (for arithmetic only: it may round). */
  valueOf(): number {
    return this.type === "int" ? Number(this.text) : (parseGoFloat(this.text) ?? NaN);
  }
  /** For `JSON.stringify` callers; prefer {@link plainJson}, which keeps the text. */
  toJSON(): number {
    return this.valueOf();
  }
}

/** True for a {@link PlainNumber}. */
export function isPlainNumber(v: unknown): v is PlainNumber {
  return v instanceof PlainNumber;
}

/** True for a mapping of plain data (not a list, not a {@link PlainNumber}). */
export function isPlainMap(v: PlainValue | undefined): v is { [key: string]: PlainValue } {
  return typeof v === "object" && v !== null && !Array.isArray(v) && !(v instanceof PlainNumber);
}

/** A typed scalar as plain data: strings and times as text, bools, numbers exact (see module doc). */
export function plainScalar(s: Scalar): PlainValue {
  switch (s.type) {
    case "bool":
      // Go strconv.ParseBool's true forms; stores write "True", other writers may not.
      return /^(?:1|t|true)$/i.test(s.text);
    case "int":
    case "float": {
      const n = s.type === "int" ? Number(s.text) : parseGoFloat(s.text);
      return n !== undefined && String(n) === s.text ? n : new PlainNumber(s.text, s.type);
    }
    default:
      return s.text;
  }
}

/** A store's tree as plain data; comments dropped, nulls kept. */
export function plainTree(node: TreeNode): PlainValue {
  switch (node.kind) {
    case "null":
      return null;
    case "map": {
      const o: { [k: string]: PlainValue } = {};
      for (const it of node.items) if (it.kind === "entry") o[it.key] = plainTree(it.value);
      return o;
    }
    case "seq":
      return node.items.flatMap((i) => (i.kind === "comment" ? [] : [plainTree(i)]));
    case "scalar":
      return plainScalar(node.value);
  }
}

const JSON_NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

/**
 * A number's JSON text: its own text when JSON can hold it as written, else the nearest JSON
 * form (`+5` → `5`, `.5` → `0.5`). ERR_FORMAT for infinities and NaN, which JSON cannot hold.
 */
export function jsonNumberText(type: "int" | "float", text: string): string {
  if (JSON_NUMBER.test(text)) return text;
  if (type === "int" && /^[+-]?\d+$/.test(text)) return BigInt(text).toString();
  const f = parseGoFloat(text);
  if (f === undefined || !Number.isFinite(f)) {
    throw new HushError("ERR_FORMAT", `the number ${text} cannot be written as JSON`, {
      hint: "JSON has no infinities or NaN; keep this file in YAML",
    });
  }
  return formatJsonFloat(f);
}

/**
 * Plain data as JSON with `indent` (Go `json.Marshal` string escaping, numbers exactly as they
 * were written). `indent` "" writes one line.
 */
export function plainJson(value: PlainValue, indent = "\t"): string {
  const out: string[] = [];
  const pad = (d: number): string => (indent === "" ? "" : "\n" + indent.repeat(d));
  const sep = indent === "" ? ":" : ": ";
  const emit = (v: PlainValue, depth: number): void => {
    if (v === null) out.push("null");
    else if (typeof v === "string") out.push(quoteJson(v));
    else if (typeof v === "boolean") out.push(v ? "true" : "false");
    else if (typeof v === "number") {
      if (!Number.isFinite(v)) out.push(jsonNumberText("float", String(v)));
      else out.push(Object.is(v, -0) ? "-0" : String(v));
    } else if (v instanceof PlainNumber) out.push(jsonNumberText(v.type, v.text));
    else if (Array.isArray(v)) {
      if (v.length === 0) return void out.push("[]");
      out.push("[");
      v.forEach((e, i) => {
        out.push(i === 0 ? pad(depth + 1) : "," + pad(depth + 1));
        emit(e, depth + 1);
      });
      out.push(pad(depth), "]");
    } else {
      const entries = Object.entries(v);
      if (entries.length === 0) return void out.push("{}");
      out.push("{");
      entries.forEach(([k, e], i) => {
        out.push(i === 0 ? pad(depth + 1) : "," + pad(depth + 1), quoteJson(k), sep);
        emit(e, depth + 1);
      });
      out.push(pad(depth), "}");
    }
  };
  emit(value, 0);
  return out.join("");
}

function scalarString(v: PlainValue): string {
  if (v === null) return "";
  if (typeof v === "boolean") return v ? "true" : "false";
  if (typeof v === "number" || typeof v === "string" || isPlainNumber(v)) return String(v);
  return plainJson(v, "");
}

/**
 * Flatten to `[name, value]` pairs for environment variables: nested keys joined with `_`
 * (`db.password` → `db_password`), lists by index; values stringified (bools `true`/`false`).
 */
export function flatten(
  tree: PlainValue,
  options?: { prefix?: string; separator?: string },
): [string, string][] {
  const sep = options?.separator ?? "_";
  const out: [string, string][] = [];
  const visit = (v: PlainValue, name: string): void => {
    if (Array.isArray(v))
      v.forEach((e, i) => visit(e, name === "" ? String(i) : `${name}${sep}${i}`));
    else if (isPlainMap(v)) {
      for (const [k, e] of Object.entries(v)) visit(e, name === "" ? k : `${name}${sep}${k}`);
    } else out.push([name, scalarString(v)]);
  };
  visit(tree, options?.prefix ?? "");
  return out;
}
