/**
 * The JSON store: an ordered, lossless tokenizer (key order, duplicate keys, int vs float, big
 * integers) and an emitter that writes what Go sops writes — `json.Marshal` escaping and
 * `json.Indent` layout — with the file's own indent (sops's default is a tab).
 */
import { HushError } from "../errors.js";
import { MAX_NESTING, tooDeep } from "../limits.js";
import type {
  Format,
  MapNode,
  PlainValue,
  Scalar,
  SeqNode,
  Store,
  StoreDocument,
  TreeNode,
} from "../types.js";
import { isPlainNumber, jsonNumberText, plainJson, plainTree } from "../plain.js";
import { formatJsonFloat } from "../value.js";
import { parseWithBom } from "./bom.js";
import { PlainScalar, duplicateKey, entry } from "./scalar.js";

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
// eslint-disable-next-line no-control-regex
const PLAIN_CHARS = /[^"\\\u0000-\u001f]*/y;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

class Parser {
  private i = 0;
  private depth = 0;
  constructor(private readonly s: string) {}

  fail(what: string, hint = "fix the JSON syntax"): never {
    throw new HushError("ERR_FORMAT", `not valid JSON: ${what} (line ${this.lineAt(this.i)})`, {
      hint,
    });
  }

  /** 1-based line of an offset (only computed for a message). */
  lineAt(offset: number): number {
    let line = 1;
    for (let i = this.s.indexOf("\n"); i >= 0 && i < offset; i = this.s.indexOf("\n", i + 1))
      line++;
    return line;
  }

  ws(): void {
    const s = this.s;
    let i = this.i;
    for (;;) {
      const c = s.charCodeAt(i);
      if (c === 32 || c === 10 || c === 9 || c === 13) i++;
      else break;
    }
    this.i = i;
  }

  document(): TreeNode {
    this.ws();
    const v = this.value();
    this.ws();
    if (this.i < this.s.length) this.fail("unexpected text after the end");
    return v;
  }

  string(): string {
    const s = this.s;
    PLAIN_CHARS.lastIndex = this.i + 1;
    PLAIN_CHARS.exec(s);
    if (s.charCodeAt(PLAIN_CHARS.lastIndex) === 34) {
      const out = s.slice(this.i + 1, PLAIN_CHARS.lastIndex);
      this.i = PLAIN_CHARS.lastIndex + 1;
      return out;
    }
    let j = this.i + 1;
    let escaped = false;
    for (;;) {
      const c = s.charCodeAt(j);
      if (Number.isNaN(c)) this.fail("unterminated string");
      if (c === 34) break;
      if (c === 92) {
        escaped = true;
        j += 2;
      } else if (c < 0x20) this.fail("control character in a string");
      else j++;
    }
    const raw = escaped ? this.parseEscaped(s.slice(this.i, j + 1)) : s.slice(this.i + 1, j);
    this.i = j + 1;
    return raw;
  }

  parseEscaped(token: string): string {
    try {
      return JSON.parse(token) as string;
    } catch {
      return this.fail("bad escape in a string");
    }
  }

  value(): TreeNode {
    const c = this.s.charCodeAt(this.i);
    if (c !== 123 && c !== 91) return this.node();
    // `{` or `[`: the parser recurses once per level, so the depth is bounded before the stack is.
    if (++this.depth > MAX_NESTING) throw tooDeep("JSON", `line ${this.lineAt(this.i)}`);
    const node = this.node();
    this.depth--;
    return node;
  }

  node(): TreeNode {
    const s = this.s;
    const c = s[this.i];
    if (c === "{") {
      this.i++;
      const node: MapNode = { kind: "map", items: [] };
      this.ws();
      if (s[this.i] === "}") {
        this.i++;
        return node;
      }
      const seen = new Map<string, number>();
      for (;;) {
        this.ws();
        if (s[this.i] !== '"') this.fail("expected a string key");
        const at = this.i;
        const key = this.string();
        const first = seen.get(key);
        if (first !== undefined) throw duplicateKey(key, this.lineAt(first), this.lineAt(at));
        seen.set(key, at);
        this.ws();
        if (s[this.i] !== ":") this.fail("expected ':'");
        this.i++;
        this.ws();
        node.items.push(entry(key, this.value()));
        this.ws();
        if (s[this.i] === ",") {
          this.i++;
          continue;
        }
        if (s[this.i] === "}") {
          this.i++;
          return node;
        }
        this.fail("expected ',' or '}'");
      }
    }
    if (c === "[") {
      this.i++;
      const node: SeqNode = { kind: "seq", items: [] };
      this.ws();
      if (s[this.i] === "]") {
        this.i++;
        return node;
      }
      for (;;) {
        this.ws();
        node.items.push(this.value());
        this.ws();
        if (s[this.i] === ",") {
          this.i++;
          continue;
        }
        if (s[this.i] === "]") {
          this.i++;
          return node;
        }
        this.fail("expected ',' or ']'");
      }
    }
    if (c === '"') return new PlainScalar({ type: "str", text: this.string() });
    if (s.startsWith("true", this.i)) {
      this.i += 4;
      return new PlainScalar({ type: "bool", text: "True" });
    }
    if (s.startsWith("false", this.i)) {
      this.i += 5;
      return new PlainScalar({ type: "bool", text: "False" });
    }
    if (s.startsWith("null", this.i)) {
      this.i += 4;
      return { kind: "null" };
    }
    NUMBER.lastIndex = this.i;
    const m = NUMBER.exec(s);
    if (m === null) return this.fail("unexpected character");
    this.i = NUMBER.lastIndex;
    return new PlainScalar(numberScalar(m[0], (what, hint) => this.fail(what, hint)));
  }
}

/**
 * sops ≥3.13.2: a JSON number that fits int64 without fraction or exponent is an int, else a float.
 * The text is kept as written (sops reads every JSON number form back); a number beyond the float
 * range, which sops cannot load, is refused.
 */
function numberScalar(tok: string, fail: (what: string, hint: string) => never): Scalar {
  if (/^-?\d+$/.test(tok)) {
    const n = BigInt(tok);
    if (n >= INT64_MIN && n <= INT64_MAX) return { type: "int", text: tok };
  }
  if (!Number.isFinite(Number(tok)))
    return fail(
      `the number ${tok} is beyond the 64-bit float range`,
      'quote it ("…") to keep it as a string',
    );
  return { type: "float", text: tok };
}

const ESCAPES: Record<string, string> = {
  '"': '\\"',
  "\\": "\\\\",
  "\n": "\\n",
  "\r": "\\r",
  "\t": "\\t",
  "\b": "\\b",
  "\f": "\\f",
  "<": "\\u003c",
  ">": "\\u003e",
  "&": "\\u0026",
  "\u2028": "\\u2028",
  "\u2029": "\\u2029",
};
const NEEDS_ESCAPE =
  // eslint-disable-next-line no-control-regex
  /["\\\u0000-\u001f<>&\u2028\u2029]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** Go `json.Marshal` of a string (HTML-safe escaping, invalid UTF-16 as U+FFFD). */
export function quoteJson(s: string): string {
  return (
    '"' +
    s.replace(NEEDS_ESCAPE, (c) => {
      const e = ESCAPES[c];
      if (e !== undefined) return e;
      if (c.length === 1 && c.charCodeAt(0) >= 0xd800 && c.charCodeAt(0) <= 0xdfff) return "\ufffd";
      return "\\u" + c.charCodeAt(0).toString(16).padStart(4, "0");
    }) +
    '"'
  );
}

function scalarJson(v: Scalar): string {
  switch (v.type) {
    case "int":
    case "float":
      return jsonNumberText(v.type, v.text);
    case "bool":
      return v.text === "True" ? "true" : "false";
    default:
      return quoteJson(v.text);
  }
}

const pads = new Map<string, string[]>();

/** `\n` plus `d` indents, cached. */
function padder(indent: string): (d: number) => string {
  let cache = pads.get(indent);
  if (cache === undefined) pads.set(indent, (cache = []));
  const c = cache;
  return (d) => (c[d] ??= "\n" + indent.repeat(d));
}

/** Emit a tree node in Go's indented layout into `out`. */
function emitNode(node: unknown, indent: string, depth: number, out: string[]): void {
  const pad = padder(indent);
  if (node !== null && typeof node === "object" && "kind" in node) {
    const n = node as TreeNode;
    if (n.kind === "null") out.push("null");
    else if (n.kind === "scalar") out.push(scalarJson(n.value));
    else if (n.kind === "map") {
      const items = n.items.filter((i) => i.kind === "entry");
      if (items.length === 0) return void out.push("{}");
      out.push("{");
      items.forEach((it, k) => {
        out.push(k === 0 ? pad(depth + 1) : "," + pad(depth + 1), quoteJson(it.key), ": ");
        emitNode(it.value, indent, depth + 1, out);
      });
      out.push(pad(depth), "}");
    } else {
      const items = n.items.filter((i) => i.kind !== "comment");
      if (items.length === 0) return void out.push("[]");
      out.push("[");
      items.forEach((it, k) => {
        out.push(k === 0 ? pad(depth + 1) : "," + pad(depth + 1));
        emitNode(it, indent, depth + 1, out);
      });
      out.push(pad(depth), "]");
    }
    return;
  }
  emitPlain(node, indent, depth, out);
}

/** Emit plain data (the metadata block). */
function emitPlain(v: unknown, indent: string, depth: number, out: string[]): void {
  const pad = (d: number): string => "\n" + indent.repeat(d);
  if (v === null || v === undefined) out.push("null");
  else if (typeof v === "string") out.push(quoteJson(v));
  else if (typeof v === "number") out.push(Number.isInteger(v) ? String(v) : formatJsonFloat(v));
  else if (isPlainNumber(v)) out.push(jsonNumberText(v.type, v.text));
  else if (typeof v === "boolean") out.push(String(v));
  else if (Array.isArray(v)) {
    if (v.length === 0) return void out.push("[]");
    out.push("[");
    v.forEach((e, k) => {
      out.push(k === 0 ? pad(depth + 1) : "," + pad(depth + 1));
      emitPlain(e, indent, depth + 1, out);
    });
    out.push(pad(depth), "]");
  } else {
    const entries = Object.entries(v as Record<string, unknown>);
    if (entries.length === 0) return void out.push("{}");
    out.push("{");
    entries.forEach(([k, e], i) => {
      out.push(i === 0 ? pad(depth + 1) : "," + pad(depth + 1), quoteJson(k), ": ");
      emitPlain(e, indent, depth + 1, out);
    });
    out.push(pad(depth), "}");
  }
}

/** The indent unit of a JSON text: the whitespace before its first indented line (tab by default). */
function detectIndent(text: string): string {
  const m = /\n([ \t]+)\S/.exec(text);
  return m?.[1] ?? "\t";
}

/** A parsed JSON document. */
export class JsonDocument implements StoreDocument {
  readonly branches: MapNode[];
  metadata: Record<string, unknown> | undefined;
  indent: string;

  constructor(
    readonly format: Format,
    root: MapNode,
    indent: string,
  ) {
    this.indent = indent;
    const idx = root.items.findIndex((i) => i.kind === "entry" && i.key === "sops");
    if (idx >= 0) {
      const sops = root.items[idx]!;
      if (sops.kind !== "entry" || sops.value.kind !== "map") {
        throw new HushError("ERR_FORMAT", "the sops metadata block is not an object", {
          hint: "restore the sops block from git",
        });
      }
      this.metadata = plainTree(sops.value) as Record<string, unknown>;
      root.items.splice(idx, 1);
    }
    this.branches = [root];
  }

  setMetadata(metadata: Record<string, unknown> | undefined): void {
    this.metadata = metadata;
  }

  serialize(): string {
    const out: string[] = [];
    const root = this.branches[0]!;
    if (this.metadata === undefined) emitNode(root, this.indent, 0, out);
    else {
      const items = root.items.filter((i) => i.kind === "entry");
      out.push("{");
      const pad = "\n" + this.indent;
      items.forEach((it, k) => {
        out.push(k === 0 ? pad : "," + pad, quoteJson(it.key), ": ");
        emitNode(it.value, this.indent, 1, out);
      });
      out.push(items.length === 0 ? pad : "," + pad, '"sops": ');
      emitPlain(this.metadata, this.indent, 1, out);
      out.push("\n}");
    }
    out.push("\n");
    return out.join("");
  }
}

/** Parse JSON text into its top-level object node. ERR_FORMAT for anything else. */
export function parseJsonObject(text: string): MapNode {
  const root = new Parser(text).document();
  if (root.kind !== "map") {
    throw new HushError("ERR_FORMAT", "the JSON document is not an object", {
      hint: "sops files need an object at the top level",
    });
  }
  return root;
}

/** The JSON store. */
export const jsonStore: Store = {
  parse(text: string): StoreDocument {
    return parseWithBom(
      text,
      (t) => new JsonDocument("json", parseJsonObject(t), detectIndent(t)),
      false,
    );
  },
};

/** Plain data as a new JSON document (tab-indented, like sops writes it). */
export function writeJsonDocument(tree: PlainValue): string {
  return plainJson(tree, "\t") + "\n";
}
