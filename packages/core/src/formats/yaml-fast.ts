/**
 * A line scanner for the block-style YAML that secrets files are made of (block mappings and
 * sequences, single-line plain and quoted scalars, literal blocks, comments, `---`). It is many
 * times faster than a general YAML parser on large files. On anything else (flow collections,
 * anchors, tags, multi-line flow scalars, folded blocks, tabs, CRLF, odd indentation or errors)
 * it gives up and returns false; the caller then parses with the `yaml` package.
 */
import type { Builder } from "./yaml-build.js";
import { resolvePlain } from "./yaml-resolve.js";

class Bail extends Error {}

interface Level {
  kind: "map" | "seq";
  indent: number;
}

/** Feeds `b` from `src`; false when `src` is outside the supported subset (b is then unusable). */
export function scanFast(src: string, b: Builder): boolean {
  if (src.includes("\t") || src.includes("\r") || src.includes("\ufeff")) return false;
  try {
    new Scanner(src, b).run();
    return true;
  } catch (e) {
    if (e instanceof Bail) return false;
    throw e;
  }
}

const bail = (): never => {
  throw new Bail();
};

class Scanner {
  private stack: Level[] = [];
  /** A key or `-` waiting for a nested block value. */
  private pend: Level | undefined;
  private lastContentEnd = 0;
  private docHasContent = false;
  private nextHash = -1;
  private pos = 0;
  private ls = 0;
  private e = 0;

  constructor(
    private readonly src: string,
    private readonly b: Builder,
  ) {}

  run(): void {
    const { src, b } = this;
    const len = src.length;
    b.beginDoc();
    let explicitDoc = false;
    while (this.pos < len) {
      const ls = this.pos;
      let e = src.indexOf("\n", ls);
      if (e < 0) e = len;
      const next = e === len ? len : e + 1;
      this.ls = ls;
      this.e = e;
      this.pos = next;
      let p = ls;
      while (p < e && src.charCodeAt(p) === 32) p++;
      if (p === e) continue;
      const c = src.charCodeAt(p);
      if (
        p === ls &&
        (c === 45 || c === 46) &&
        (src.startsWith("---", p) || src.startsWith("...", p))
      ) {
        const after = src.charCodeAt(p + 3);
        if (p + 3 === e || after === 32) {
          if (c === 46) bail();
          if (this.docHasContent || explicitDoc) {
            this.endDoc();
            b.beginDoc();
          }
          explicitDoc = true;
          this.docHasContent = false;
          this.lastContentEnd = next;
          let q = p + 3;
          while (q < e && src.charCodeAt(q) === 32) q++;
          if (q < e) {
            if (src.charCodeAt(q) !== 35) bail();
            b.comment(q, e);
          }
          continue;
        }
      }
      if (p === ls && c === 37 /* % */) bail();
      this.lastContentEnd = next;
      if (c === 35 /* # */) {
        b.comment(p, e);
        continue;
      }
      this.docHasContent = true;
      this.line(p, p - ls);
    }
    this.endDoc();
  }

  private endDoc(): void {
    if (this.pend !== undefined) this.nullValue(this.e);
    for (let i = this.stack.length; i > 0; i--) this.b.close();
    this.stack = [];
    this.b.endDoc(this.lastContentEnd);
  }

  private nullValue(at: number): void {
    this.pend = undefined;
    this.b.scalar({ value: null, style: "plain", start: at, end: at, bStart: -1, bEnd: -1 });
  }

  /** The next `#` at or after `from` (src.length when none), cached so lookups stay linear. */
  private hashAfter(from: number): number {
    if (this.nextHash < from) {
      const h = this.src.indexOf("#", from);
      this.nextHash = h < 0 ? this.src.length : h;
    }
    return this.nextHash;
  }

  private isDash(p: number): boolean {
    return this.src.charCodeAt(p) === 45 && (p + 1 === this.e || this.src.charCodeAt(p + 1) === 32);
  }

  /** A content line whose first non-space character is at `p`, column `i`. */
  private line(p: number, i: number): void {
    const { b } = this;
    const dash = this.isDash(p);
    const pend = this.pend;
    if (pend !== undefined) {
      this.pend = undefined;
      if (i > pend.indent || (i === pend.indent && pend.kind === "map" && dash)) {
        this.open(dash ? "seq" : "map", i);
      } else this.nullValue(this.ls);
    }
    if (this.stack.length === 0) {
      if (this.b.rootOpened) bail();
      this.open(dash ? "seq" : "map", i);
    }
    let top = this.stack[this.stack.length - 1]!;
    while (
      top.indent > i ||
      (top.kind === "seq" && top.indent === i && !dash && this.stack.length > 1)
    ) {
      this.stack.pop();
      b.close();
      top = this.stack[this.stack.length - 1] ?? bail();
    }
    if (top.indent !== i) bail();
    if (top.kind === "seq") {
      if (!dash) bail();
      this.seqItem(p, i);
    } else {
      if (dash) bail();
      this.entry(p, i);
    }
  }

  private open(kind: "map" | "seq", indent: number): void {
    if (kind === "map") this.b.openMap(indent, false);
    else this.b.openSeq(indent, false);
    this.stack.push({ kind, indent });
  }

  private seqItem(p: number, indent: number): void {
    const { src, b } = this;
    b.seqItem();
    let v = p + 1;
    while (v < this.e && src.charCodeAt(v) === 32) v++;
    if (v === this.e) {
      this.pend = { kind: "seq", indent };
      return;
    }
    if (src.charCodeAt(v) === 35) {
      b.comment(v, this.e);
      this.pend = { kind: "seq", indent };
      return;
    }
    if (this.isDash(v)) bail();
    if (this.colonAfterKey(v) >= 0) {
      this.open("map", v - this.ls);
      this.entry(v, v - this.ls);
    } else this.value(v, indent);
  }

  /** The offset of the `:` ending a key that starts at `p`, or -1 when the line is no `key:`. */
  private colonAfterKey(p: number): number {
    const { src, e } = this;
    const c = src.charCodeAt(p);
    let j: number;
    if (c === 34 || c === 39) {
      j = this.quotedEnd(p);
      while (j < e && src.charCodeAt(j) === 32) j++;
      return j < e && src.charCodeAt(j) === 58 && (j + 1 === e || src.charCodeAt(j + 1) === 32)
        ? j
        : -1;
    }
    for (j = p; j < e; j++) {
      const ch = src.charCodeAt(j);
      if (ch === 58 && (j + 1 === e || src.charCodeAt(j + 1) === 32)) return j;
      if (ch === 35 && src.charCodeAt(j - 1) === 32) return -1;
    }
    return -1;
  }

  private entry(p: number, indent: number): void {
    const { src, b } = this;
    const c = src.charCodeAt(p);
    const colon = this.colonAfterKey(p);
    if (colon < 0) bail();
    let key: string | undefined;
    if (c === 34 || c === 39) key = this.quoted(p, this.quotedEnd(p));
    else {
      if ("-?:,[]{}#&*!|>'\"%@`".includes(src.charAt(p))) bail();
      const raw = src.slice(p, colon).trimEnd();
      const r = resolvePlain(raw);
      key = r !== null && r !== "uint64" && r.type === "str" ? raw : undefined;
    }
    b.key(key, p);
    let v = colon + 1;
    while (v < this.e && src.charCodeAt(v) === 32) v++;
    if (v === this.e) {
      this.pend = { kind: "map", indent };
      return;
    }
    if (src.charCodeAt(v) === 35) {
      b.comment(v, this.e);
      this.pend = { kind: "map", indent };
      return;
    }
    this.value(v, indent);
  }

  /** A scalar value starting at `v` on the current line; `indent`: its collection's column. */
  private value(v: number, indent: number): void {
    const { src, b, e } = this;
    const next = this.pos;
    const c = src.charAt(v);
    if (c === "|") return this.literal(v, indent);
    if (c === '"' || c === "'") {
      const end = this.quotedEnd(v);
      const text = this.quoted(v, end);
      const style = c === '"' ? "double" : "single";
      b.scalar({ value: { type: "str", text }, style, start: v, end, bStart: next, bEnd: next });
      this.rest(end);
      return;
    }
    if ((c === "[" || c === "{") && src.charAt(v + 1) === (c === "[" ? "]" : "}")) {
      // An empty flow collection (`kms: []` in older sops metadata).
      if (c === "[") b.openSeq(v - this.ls, true);
      else b.openMap(v - this.ls, true);
      b.touch(v + 2);
      b.close();
      this.rest(v + 2);
      return;
    }
    if ("[]{},&*!>%@`#".includes(c)) bail();
    if ((c === "-" || c === "?" || c === ":") && (v + 1 === e || src.charCodeAt(v + 1) === 32))
      bail();
    let hash = -1;
    for (let j = this.hashAfter(v + 1); j < e; j = this.hashAfter(j + 1)) {
      if (src.charCodeAt(j - 1) === 32) {
        hash = j - 1;
        break;
      }
    }
    let end = hash >= 0 ? hash : e;
    while (src.charCodeAt(end - 1) === 32) end--;
    const raw = src.slice(v, end);
    if (raw.includes(": ") || raw.endsWith(":")) bail();
    b.scalar({ value: resolvePlain(raw), style: "plain", start: v, end, bStart: next, bEnd: next });
    if (hash >= 0) b.comment(hash + 1, e);
  }

  /** After a quoted scalar: only spaces and a comment may follow on the line. */
  private rest(from: number): void {
    const { src, e } = this;
    let q = from;
    while (q < e && src.charCodeAt(q) === 32) q++;
    if (q === e) return;
    if (q === from || src.charCodeAt(q) !== 35) bail();
    this.b.comment(q, e);
  }

  /** End (exclusive) of a quoted scalar starting at `p`; bails when it does not end on this line. */
  private quotedEnd(p: number): number {
    const { src, e } = this;
    if (src.charCodeAt(p) === 39) {
      let i = p + 1;
      for (;;) {
        const j = src.indexOf("'", i);
        if (j < 0 || j >= e) return bail();
        if (src.charCodeAt(j + 1) === 39) i = j + 2;
        else return j + 1;
      }
    }
    for (let i = p + 1; i < e; i++) {
      const ch = src.charCodeAt(i);
      if (ch === 92) i++;
      else if (ch === 34) return i + 1;
    }
    return bail();
  }

  private quoted(p: number, end: number): string {
    const inner = this.src.slice(p + 1, end - 1);
    if (this.src.charCodeAt(p) === 39) return inner.replaceAll("''", "'");
    return inner.includes("\\") ? unescapeDouble(inner) : inner;
  }

  /** A literal block scalar `|`: header at `v`, content on the following lines. */
  private literal(v: number, n: number): void {
    const header = this.blockHeader(v);
    const start = this.pos;
    const body = this.blockLines(start, header.explicit > 0 ? n + header.explicit : -1, n);
    if (body.lastText < 0) bail();
    let value = body.texts.slice(0, body.lastText + 1).join("\n");
    let bEnd = body.lastTextEnd;
    // Chomping: clip keeps one final line break, strip none, keep every trailing one.
    if (header.chomp === "") value += "\n";
    else if (header.chomp === "+") {
      value += "\n" + "\n".repeat(body.texts.length - 1 - body.lastText);
      bEnd = body.end;
    }
    this.b.scalar({
      value: { type: "str", text: value },
      style: "literal",
      start: v,
      end: header.end,
      bStart: start,
      bEnd,
    });
    if (header.comment >= 0) this.b.comment(header.comment, this.e);
    this.pos = bEnd;
    this.lastContentEnd = Math.max(this.lastContentEnd, body.lastTextEnd);
  }

  /**
   * A block scalar's header after the `|` at `v`: chomping (`+`/`-`) and an explicit indentation
   * digit in either order, then only a comment (one space before it) on the line.
   */
  private blockHeader(v: number): BlockHeader {
    const { src, e } = this;
    let h = v + 1;
    let chomp: BlockHeader["chomp"] = "";
    let explicit = 0;
    for (let k = 0; k < 2 && h < e; k++) {
      const ch = src.charAt(h);
      if ((ch === "+" || ch === "-") && chomp === "") chomp = ch;
      else if (ch >= "1" && ch <= "9" && explicit === 0) explicit = Number(ch);
      else break;
      h++;
    }
    const end = h;
    while (h < e && src.charCodeAt(h) === 32) h++;
    let comment = -1;
    if (h < e) {
      if (h === end || src.charCodeAt(h) !== 35) bail();
      comment = h;
    }
    return { chomp, explicit, end, comment };
  }

  /**
   * The content lines of a block scalar from `start`, at indentation `ci` (-1: set by the first
   * non-blank line, which must be deeper than the parent's `n` and than any blank line before it),
   * each with that indentation removed; blank lines are "".
   */
  private blockLines(start: number, ci: number, n: number): BlockLines {
    const { src } = this;
    const len = src.length;
    let maxBlank = 0;
    const texts: string[] = [];
    let lastText = -1;
    let lastTextEnd = start;
    let pos = start;
    while (pos < len) {
      let le = src.indexOf("\n", pos);
      if (le < 0) le = len;
      let ind = 0;
      while (pos + ind < le && src.charCodeAt(pos + ind) === 32) ind++;
      const blank = pos + ind === le;
      if (!blank && ci < 0) {
        if (ind <= n || maxBlank > ind) break;
        ci = ind;
      }
      if (blank) {
        if (ci < 0) maxBlank = Math.max(maxBlank, ind);
      } else if (ind < ci) break;
      if (le === len) bail();
      const text = ci >= 0 && le - pos > ci ? src.slice(pos + ci, le) : "";
      texts.push(text);
      pos = le + 1;
      if (text !== "") {
        lastText = texts.length - 1;
        lastTextEnd = pos;
      }
    }
    return { texts, lastText, lastTextEnd, end: pos };
  }
}

/** What {@link Scanner.blockHeader} read. */
interface BlockHeader {
  chomp: "" | "+" | "-";
  explicit: number;
  /** End of the indicators (where a comment may follow). */
  end: number;
  /** Offset of the header's comment, or -1. */
  comment: number;
}

/** What {@link Scanner.blockLines} read. */
interface BlockLines {
  texts: string[];
  /** Index of the last line with text, or -1. */
  lastText: number;
  /** Offset just past that line's break. */
  lastTextEnd: number;
  /** Offset where the block ended. */
  end: number;
}

const SIMPLE_ESCAPES: Record<string, string> = {
  "0": "\0",
  a: "\u0007",
  b: "\b",
  t: "\t",
  "\t": "\t",
  n: "\n",
  v: "\v",
  f: "\f",
  r: "\r",
  e: "\u001b",
  " ": " ",
  '"': '"',
  "/": "/",
  "\\": "\\",
  N: "\u0085",
  _: "\u00a0",
  L: "\u2028",
  P: "\u2029",
};

/** Decodes the escapes of a single-line double-quoted scalar. */
function unescapeDouble(s: string): string {
  let out = "";
  for (let i = 0; i < s.length; i++) {
    const ch = s.charAt(i);
    if (ch !== "\\") {
      out += ch;
      continue;
    }
    const k = s.charAt(++i);
    const simple = SIMPLE_ESCAPES[k];
    if (simple !== undefined) {
      out += simple;
      continue;
    }
    const n = k === "x" ? 2 : k === "u" ? 4 : k === "U" ? 8 : bail();
    const hex = s.slice(i + 1, i + 1 + n);
    if (!new RegExp(`^[0-9a-fA-F]{${n}}$`).test(hex)) bail();
    out += String.fromCodePoint(parseInt(hex, 16));
    i += n;
  }
  return out;
}
