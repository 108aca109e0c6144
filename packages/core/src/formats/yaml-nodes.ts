/**
 * The nodes the YAML store hands out: comments and scalars that rewrite their own place in the
 * file text through slots (source ranges with replacement text) when `set` is called.
 */
import { HushError } from "../errors.js";
import type { CommentItem, Scalar, ScalarNode } from "../types.js";
import { writeScalar, type Style } from "./yaml-emit.js";

/** A source range [start, end) and its replacement text (undefined: keep the source). */
export interface Slot {
  start: number;
  end: number;
  text: string | undefined;
}

/** How a scalar was tagged in the source. */
export interface ScalarOptions {
  /** After an application's tag (`!Ref x`), which stays in front of the value. */
  tagged?: boolean;
  /** Set when the value cannot change without losing its tag: names the value for the error. */
  pinned?: string | undefined;
}

/** The options of nearly every scalar, shared: one object per value was 4% of a decrypt's heap. */
export const UNTAGGED: ScalarOptions = Object.freeze({});

/** What a scalar node needs from its document when it writes itself. */
export interface Ctx {
  unit: number;
  late: Slot[];
  src: string;
  eol: string;
}

/** A comment line or end-of-line comment; `set` rewrites the text after its `#`. */
export class YamlComment implements CommentItem {
  readonly kind = "comment";
  constructor(
    public text: string,
    private readonly slot: Slot,
    private readonly original: string,
  ) {}
  set(text: string): void {
    if (/[\r\n]/.test(text)) throw new HushError("ERR_FORMAT", "a yaml comment cannot span lines");
    this.text = text;
    this.slot.text = text === this.original ? undefined : text;
  }
}

/**
 * A scalar value. `set` writes the new value where the old one was: back to the original source
 * when the value is the original one (so decrypt restores the file byte for byte), otherwise in
 * the node's quoting style where it can hold the value, a multi-line string as a literal block.
 */
export class YamlScalar implements ScalarNode, Slot {
  readonly kind = "scalar";
  /**
   * The node is the slot of its own value text (`start`, `end`, `text`), and keeps the original's
   * type and text rather than the original value object: two objects less per value, 6% of a
   * 100k-value decrypt's heap.
   */
  text: string | undefined = undefined;
  private readonly originalType: Scalar["type"];
  private readonly originalText: string;
  /** The block-content slot, made on first use (most values never need one). */
  private b: Slot | undefined;
  constructor(
    public value: Scalar,
    private readonly style: Style,
    readonly start: number,
    readonly end: number,
    private readonly bStart: number,
    private readonly bEnd: number,
    private readonly parentIndent: number,
    private readonly step: number,
    private readonly doc: Ctx,
    private readonly opts: ScalarOptions = UNTAGGED,
  ) {
    this.originalType = value.type;
    this.originalText = value.text;
  }
  set(value: Scalar): void {
    if (value.type === this.originalType && value.text === this.originalText) {
      this.value = value;
      this.text = undefined;
      if (this.b !== undefined) this.b.text = undefined;
      return;
    }
    if (this.opts.pinned !== undefined) {
      throw new HushError(
        "ERR_FORMAT",
        `${this.opts.pinned} cannot be encrypted or changed: its tag would be lost`,
        { hint: "write it as a plain string, or encrypt the file as bytes (--input-type binary)" },
      );
    }
    this.value = value;
    // Block content goes one indentation step deeper, the step this part of the file uses.
    const unit = this.step > 0 ? this.step : this.doc.unit > 0 ? this.doc.unit : 2;
    const place = {
      style: this.style,
      inFlow: this.bStart < 0,
      parentIndent: this.parentIndent,
      contentIndent: this.parentIndent + unit,
      tagged: this.opts.tagged === true,
    };
    let w = writeScalar(value, place);
    // A `|+` block would take in the blank lines that follow it in the file.
    if (
      w.inline.endsWith("+") &&
      /^[ ]*\r?\n/.test(this.doc.src.slice(this.bEnd, this.bEnd + 200))
    ) {
      w = writeScalar(value, { ...place, style: "double" });
    }
    this.text = w.inline;
    if (this.bStart < 0) return;
    const wasBlock = this.style === "literal" || this.style === "folded";
    let text: string | undefined;
    if (w.block !== undefined) {
      const { src, eol } = this.doc;
      text = (this.bStart === src.length && !src.endsWith("\n") ? "\n" : "") + w.block;
      if (eol !== "\n") text = text.replaceAll("\n", eol);
    } else if (wasBlock) text = "";
    if (this.b === undefined) {
      if (text === undefined) return;
      this.b = { start: this.bStart, end: this.bEnd, text };
      this.doc.late.push(this.b);
    } else this.b.text = text;
  }
}
