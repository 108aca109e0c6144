/**
 * The general path: full YAML through the `yaml` package's CST (Parser + Composer for errors),
 * walked in source order into the same {@link Builder} events as the fast scanner. Handles flow
 * collections, multi-line and folded scalars, tags, anchors and aliases to scalars.
 */
import { CST, Composer, Parser } from "yaml";
import { HushError } from "../errors.js";
import type { Scalar } from "../types.js";
import type { Builder } from "./yaml-build.js";
import type { Style } from "./yaml-emit.js";
import { resolvePlain, type Resolved } from "./yaml-resolve.js";

type Token = CST.Token;
type Anchored = Resolved | "collection";

/** Feeds `b` from `src` parsed with the `yaml` package; throws ERR_FORMAT on invalid YAML. */
export function scanCst(src: string, b: Builder): void {
  const tokens = Array.from(new Parser().parse(src));
  for (const doc of new Composer().compose(tokens)) {
    const err = doc.errors[0];
    if (err !== undefined) {
      const pos = err.linePos?.[0] ?? lineCol(src, err.pos[0]);
      throw new HushError(
        "ERR_FORMAT",
        `not valid yaml (${err.code.toLowerCase().replaceAll("_", " ")}, line ${pos.line} column ${pos.col})`,
        {
          hint: "fix the yaml syntax at that place",
        },
      );
    }
  }
  new Walker(src, b).run(tokens);
}

/** 1-based line and column of a source offset (the Composer reports offsets, not lines). */
function lineCol(src: string, offset: number): { line: number; col: number } {
  let line = 1;
  let start = 0;
  for (let i = src.indexOf("\n"); i !== -1 && i < offset; i = src.indexOf("\n", i + 1)) {
    line++;
    start = i + 1;
  }
  return { line, col: offset - start + 1 };
}

class Walker {
  private open = false;
  private buffered: CST.SourceToken[] = [];
  private maxEnd = 0;
  private flow = 0;
  private anchor: string | undefined;
  private tag: string | undefined;
  private tagAt = -1;
  private anchors = new Map<string, Anchored>();
  private flowRootEnd = -1;
  private depth = 0;

  constructor(
    private readonly src: string,
    private readonly b: Builder,
  ) {}

  run(tokens: Token[]): void {
    for (const t of tokens) {
      if (t.type === "document") {
        this.endDoc();
        this.b.beginDoc();
        this.open = true;
        for (const c of this.buffered) this.source(c);
        this.buffered = [];
        for (const s of t.start) this.source(s);
        if (t.value !== undefined) this.node(t.value);
        for (const s of t.end ?? []) this.source(s);
      } else if (t.type === "doc-end") {
        // `... # comment`: the comment still belongs to the document it ends.
        // Not `seen`: the metadata block goes before the `...` line.
        for (const s of t.end ?? []) {
          if (s.type === "comment" && this.open)
            this.b.comment(s.offset, s.offset + s.source.length);
        }
      } else if (t.type === "comment") {
        if (this.open) this.source(t);
        else this.buffered.push(t);
      } else if (t.type === "error") {
        throw new HushError("ERR_FORMAT", "not valid yaml", { hint: "fix the yaml syntax" });
      }
    }
    if (!this.open) {
      this.b.beginDoc();
      this.open = true;
      for (const c of this.buffered) this.source(c);
    }
    this.endDoc();
  }

  private endDoc(): void {
    if (!this.open) return;
    const { src } = this;
    let at = this.maxEnd;
    if (at > 0 && src.charCodeAt(at - 1) !== 10) {
      const nl = src.indexOf("\n", at);
      at = nl < 0 ? src.length : nl + 1;
    }
    this.b.endDoc(at, this.flowRootEnd);
    this.open = false;
    this.maxEnd = 0;
    this.flowRootEnd = -1;
  }

  private seen(offset: number, length: number): void {
    if (offset + length > this.maxEnd) this.maxEnd = offset + length;
    this.b.touch(offset + length);
  }

  private source(t: CST.SourceToken): void {
    switch (t.type) {
      case "comment":
        this.seen(t.offset, t.source.length);
        this.b.comment(t.offset, t.offset + t.source.length);
        return;
      case "anchor":
        this.anchor = t.source.slice(1);
        break;
      case "tag":
        this.tag = t.source;
        this.tagAt = t.offset;
        break;
      case "explicit-key-ind":
        throw new HushError(
          "ERR_FORMAT",
          `explicit yaml keys (?) are not supported (${this.lineOf(t.offset)})`,
        );
      case "space":
      case "newline":
        return;
      default:
        break;
    }
    this.seen(t.offset, t.source.length);
  }

  private node(t: Token): void {
    const anchor = this.anchor;
    this.anchor = undefined;
    const tag = this.tag;
    const tagAt = this.tagAt;
    this.tag = undefined;
    switch (t.type) {
      case "block-map":
      case "block-seq":
      case "flow-collection":
        if (anchor !== undefined) this.anchors.set(anchor, "collection");
        this.depth++;
        this.collection(t);
        this.depth--;
        return;
      case "alias":
      case "scalar":
      case "single-quoted-scalar":
      case "double-quoted-scalar":
      case "block-scalar":
        this.scalar(t, anchor, tag, tagAt);
        return;
      default:
        throw new HushError("ERR_FORMAT", `unexpected yaml content (${this.lineOf(t.offset)})`);
    }
  }

  private collection(t: CST.BlockMap | CST.BlockSequence | CST.FlowCollection): void {
    const b = this.b;
    const col = t.offset - b.lineStart(t.offset);
    if (t.type === "flow-collection") {
      const isMap = t.start.source === "{";
      this.seen(t.start.offset, 1);
      if (isMap) b.openMap(col, true);
      else b.openSeq(col, true);
      this.flow++;
      for (const item of t.items) this.item(item, isMap);
      this.flow--;
      for (const s of t.end) {
        if (s.type === "flow-map-end" || s.type === "flow-seq-end") {
          this.seen(s.offset, 1);
          if (this.depth === 1 && isMap) this.flowRootEnd = s.offset;
          b.close();
        } else this.source(s);
      }
      return;
    }
    if (t.type === "block-map") b.openMap(col, false);
    else b.openSeq(col, false);
    for (const item of t.items) this.item(item, t.type === "block-map");
    b.close();
  }

  private item(item: CST.CollectionItem, isMap: boolean): void {
    const b = this.b;
    const dash = item.start.some((s) => s.type === "seq-item-ind");
    const hasContent =
      dash || item.key !== undefined || item.sep !== undefined || item.value !== undefined;
    for (const s of item.start) {
      if (s.type === "seq-item-ind") {
        this.source(s);
        b.seqItem();
      } else this.source(s);
    }
    if (!hasContent) return;
    if (isMap) {
      b.key(this.keyText(item.key ?? null), item.key?.offset ?? item.start[0]?.offset ?? 0);
      this.anchor = undefined;
      this.tag = undefined;
    } else if (item.key !== undefined || item.sep?.some((s) => s.type === "map-value-ind")) {
      throw new HushError(
        "ERR_FORMAT",
        `a mapping inside a flow sequence needs braces (${this.lineOf(item.value?.offset ?? 0)})`,
      );
    } else if (this.flow > 0) b.seqItem();
    for (const s of item.sep ?? []) this.source(s);
    if (item.value !== undefined) this.node(item.value);
    else {
      const at = item.sep?.[0]?.offset ?? 0;
      b.scalar({ value: null, style: "plain", start: at, end: at, bStart: -1, bEnd: -1 });
    }
  }

  private keyText(k: Token | null): string | undefined {
    if (k === null) return undefined;
    if (k.type === "alias") {
      const a = this.anchors.get(k.source.slice(1));
      return typeof a === "object" && a !== null && a.type === "str" ? a.text : undefined;
    }
    if (
      k.type !== "scalar" &&
      k.type !== "single-quoted-scalar" &&
      k.type !== "double-quoted-scalar" &&
      k.type !== "block-scalar"
    ) {
      return undefined;
    }
    this.seen(k.offset, k.type === "block-scalar" ? 0 : k.source.length);
    for (const s of k.type === "block-scalar" ? [] : (k.end ?? [])) this.source(s);
    const r = CST.resolveAsScalar(k);
    if (k.type !== "scalar" || this.tag === "!!str") return r.value;
    const v = resolvePlain(r.value);
    return v !== null && v !== "uint64" && v.type === "str" ? r.value : undefined;
  }

  private scalar(
    t: CST.FlowScalar | CST.BlockScalar,
    anchor: string | undefined,
    tag: string | undefined,
    tagAt: number,
  ): void {
    const { src, b } = this;
    let value: Anchored;
    let style: Style;
    let start: number;
    let end: number;
    let bStart = -1;
    let bEnd = -1;
    if (t.type === "alias") {
      const name = t.source.slice(1);
      const a = this.anchors.get(name);
      if (a === undefined)
        throw new HushError("ERR_FORMAT", `unknown yaml alias *${name} (${this.lineOf(t.offset)})`);
      if (a === "collection") {
        throw new HushError(
          "ERR_FORMAT",
          `alias *${name} to a mapping or sequence is not supported (${this.lineOf(t.offset)})`,
          {
            hint: "write the values out instead of using an alias",
          },
        );
      }
      value = a;
      style = "alias";
      start = t.offset;
      end = t.offset + t.source.length;
    } else {
      const r = CST.resolveAsScalar(t);
      if (t.type === "block-scalar") {
        const header = t.props.find((p): p is CST.SourceToken => p.type === "block-scalar-header");
        start = header?.offset ?? t.offset;
        end = start + (header?.source.length ?? 0);
        style = header?.source.startsWith(">") === true ? "folded" : "literal";
        const nl = src.indexOf("\n", end);
        bStart = nl < 0 ? src.length : nl + 1;
        bEnd = bStart + t.source.length;
      } else {
        start = t.offset;
        end = t.offset + t.source.length;
        style =
          t.type === "scalar" ? "plain" : t.type === "single-quoted-scalar" ? "single" : "double";
      }
      const v = typed(r.value, style === "plain", tag);
      if (v === undefined) {
        throw new HushError(
          "ERR_FORMAT",
          `a !!binary value is not UTF-8 text (${this.lineOf(t.offset)}); hush would change its bytes`,
          { hint: "encrypt the whole file as bytes: hush encrypt --input-type binary FILE" },
        );
      }
      value = v;
    }
    if (this.flow === 0 && bStart < 0) {
      const nl = src.indexOf("\n", end);
      bStart = bEnd = nl < 0 ? src.length : nl + 1;
    }
    if (this.flow > 0) bStart = bEnd = -1;
    if (anchor !== undefined) this.anchors.set(anchor, value);
    // An application's tag (`!Ref`, `!Sub`, `!env`) means something to the program that reads
    // the file, and `!!str` says the text is a string: either stays in front of the value,
    // encrypted or not (sops and sops-age read `!Ref ENC[…]` as the encrypted string). YAML's other
    // tags (`!!int`) are carried by the value's type and go with the value, as sops writes it.
    const custom = tag !== undefined && keepsTag(tag);
    if (tag !== undefined && !custom && anchor === undefined && tagAt >= 0 && tagAt < start)
      start = tagAt;
    this.seen(start, Math.max(end, bEnd) - start);
    b.scalar({
      value,
      style,
      start,
      end,
      bStart,
      bEnd,
      tagged: custom,
      binary: tag === "!!binary" || tag === "!<tag:yaml.org,2002:binary>",
    });
    if (t.type === "block-scalar") {
      for (const p of t.props)
        if (p.type !== "block-scalar-header") this.source(p as CST.SourceToken);
    } else for (const s of t.end ?? []) this.source(s);
  }

  private lineOf(offset: number): string {
    let n = 1;
    for (let i = this.src.indexOf("\n"); i >= 0 && i < offset; i = this.src.indexOf("\n", i + 1))
      n++;
    return `line ${n}`;
  }
}

/**
 * A tag that can stay in front of an encrypted value: an application's own (`!Ref`, `!e!x`) or
 * one that makes the value a string (`!`, `!!str`). YAML's other tags (`!!int`, `!!binary`) would
 * make a reader decode `ENC[…]` as their type.
 */
function keepsTag(tag: string): boolean {
  if (tag === "!" || tag === "!!str" || tag === "!<tag:yaml.org,2002:str>") return true;
  return !tag.startsWith("!!") && !tag.startsWith("!<tag:yaml.org,2002:");
}

const UTF8 = new TextDecoder("utf-8", { fatal: true });

/** The value a scalar reads as; undefined for `!!binary` bytes that are not UTF-8 text. */
function typed(text: string, plain: boolean, tag: string | undefined): Resolved | undefined {
  if (tag === undefined) return plain ? resolvePlain(text) : str(text);
  if (tag === "!!str" || tag === "!" || tag === "!<tag:yaml.org,2002:str>") return str(text);
  if (tag === "!!binary") {
    try {
      return str(UTF8.decode(Buffer.from(text.replace(/\s+/g, ""), "base64")));
    } catch {
      return undefined;
    }
  }
  if (tag.startsWith("!!")) return resolvePlain(text);
  return str(text);
}

function str(text: string): Scalar {
  return { type: "str", text };
}
