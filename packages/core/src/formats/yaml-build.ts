/**
 * Builds the sops tree of a YAML file from parse events given in source order (by the fast line
 * scanner or by the `yaml` CST walk) and records every place that can be rewritten as a slot:
 * a source range whose text is replaced on serialize. Untouched ranges are copied byte for byte.
 *
 * Comments are assigned like go-yaml v3 does for sops: a comment line belongs to the deepest
 * collection around it whose items are not indented deeper than the comment, before the item
 * that follows it; a comment at the end of a line belongs to the item on that line (placed before it).
 */
import { HushError } from "../errors.js";
import { MAX_NESTING, tooDeep } from "../limits.js";
import { plainScalar } from "../plain.js";
import type { Entry, MapNode, Scalar, SeqNode, TreeNode } from "../types.js";
import type { Style } from "./yaml-emit.js";
import { UNTAGGED, YamlComment, YamlScalar, type Ctx, type Slot } from "./yaml-nodes.js";

export type { Slot } from "./yaml-nodes.js";

/** Per-document facts the store needs to write the metadata block. */
export interface DocInfo {
  branch: MapNode;
  /** Where `sops:` goes: the existing block's range, or an empty range at the end of the document. */
  metaSlot: Slot;
  /** Column of the root mapping's keys. */
  rootIndent: number;
  /** Indentation step seen in the document (0 when none seen). */
  unit: number;
  /** Offset of the closing `}` of a flow root mapping, -1 for a block mapping. */
  flowRootEnd: number;
  /** The `sops` value as plain data, when the document had one. */
  metadata: unknown;
  hasMetadata: boolean;
}

/** A scalar value event. */
export interface ScalarEvent {
  /** The resolved value; "uint64" for an int beyond int64 (an error, as in sops). */
  value: Scalar | null | "uint64";
  style: Style;
  /** Range of the value text (for block scalars, the header `|…`). */
  start: number;
  end: number;
  /** Block content range, or an empty range at the start of the next line; -1 in flow context. */
  bStart: number;
  bEnd: number;
  /** An application's tag (`!Ref`) stays in front of the value, which is then a plain string. */
  tagged?: boolean;
  /** Written `!!binary`: the tag cannot go on an encrypted value (sops would decode ENC[…]). */
  binary?: boolean;
}

interface Container {
  node: MapNode | SeqNode;
  indent: number;
  /** Indentation step of this collection relative to its parent (0: unknown). */
  step: number;
  flow: boolean;
  parent: Container | undefined;
  label: string;
  keys: Set<string> | undefined;
  lastIndex: number;
  markPrev: number;
  markNext: number;
}

type Pending =
  | { kind: "entry"; entry: Entry; c: Container }
  | { kind: "item"; index: number; c: Container }
  | { kind: "root" };

interface Capture {
  stack: (Record<string, unknown> | unknown[])[];
  key: string | undefined;
  slot: Slot;
  end: number;
}

function label(p: Pending): string {
  return p.kind === "entry"
    ? joinKey(p.c.label, p.entry.key)
    : p.kind === "item"
      ? `${p.c.label}[${p.index}]`
      : "";
}

const PLACEHOLDER: TreeNode = { kind: "null" };

/** Receives parse events in source order; see the module comment. */
export class Builder {
  /** Slots in source order. */
  readonly slots: Slot[] = [];
  /** Block-content slots made by `set` after parsing, in any order. */
  readonly late: Slot[] = [];
  private ctx: Ctx;
  /** The file's line break, used for lines written into it. */
  readonly eol: string;
  readonly docs: DocInfo[] = [];
  private doc!: DocInfo;
  private root!: Container;
  private stack: Container[] = [];
  private pending: Pending | undefined;
  private rootOpen = false;
  private lastItem: Container | undefined;
  private comments: { item: YamlComment; col: number }[] = [];
  private capture: Capture | undefined;
  private gen = 0;

  constructor(readonly src: string) {
    this.eol = /\r\n/.test(src.slice(0, src.indexOf("\n") + 1)) ? "\r\n" : "\n";
    this.ctx = { unit: 0, late: this.late, src, eol: this.eol };
  }

  beginDoc(): void {
    this.ctx = { unit: 0, late: this.late, src: this.src, eol: this.eol };
    const branch: MapNode = { kind: "map", items: [] };
    this.root = container(branch, 0, false, undefined, "");
    this.doc = {
      branch,
      metaSlot: { start: 0, end: 0, text: undefined },
      rootIndent: 0,
      unit: 0,
      flowRootEnd: -1,
      metadata: undefined,
      hasMetadata: false,
    };
    this.stack = [];
    this.pending = { kind: "root" };
    this.rootOpen = false;
    this.lastItem = undefined;
  }

  /** `insertAt`: the start of the line after the document's last non-blank line. */
  endDoc(insertAt: number, flowRootEnd = -1): void {
    this.flushComments(undefined);
    if (!this.doc.hasMetadata) {
      const at = flowRootEnd >= 0 ? flowRootEnd : insertAt;
      const slot: Slot = { start: at, end: at, text: undefined };
      this.doc.metaSlot = slot;
      let i = this.slots.length;
      while (i > 0 && this.slots[i - 1]!.start > at) i--;
      this.slots.splice(i, 0, slot);
    }
    this.doc.flowRootEnd = flowRootEnd;
    this.docs.push(this.doc);
  }

  openMap(indent: number, flow: boolean): void {
    this.open({ kind: "map", items: [] }, indent, flow);
  }

  openSeq(indent: number, flow: boolean): void {
    this.open({ kind: "seq", items: [] }, indent, flow);
  }

  private open(node: MapNode | SeqNode, indent: number, flow: boolean): void {
    const cap = this.capture;
    if (this.stack.length + (cap?.stack.length ?? 0) > MAX_NESTING) {
      throw tooDeep("yaml", `document ${this.docs.length + 1}`);
    }
    if (cap !== undefined) {
      const v = node.kind === "map" ? {} : [];
      this.captureValue(v);
      cap.stack.push(v);
      return;
    }
    const p = this.pending;
    if (p === undefined) throw internal();
    this.pending = undefined;
    if (p.kind === "root") {
      if (node.kind === "seq") {
        throw new HushError(
          "ERR_FORMAT",
          `yaml document ${this.docs.length + 1} is a sequence; sops files must be mappings`,
          {
            hint: "put the list under a key",
          },
        );
      }
      this.root.indent = indent;
      this.root.flow = flow;
      this.doc.rootIndent = indent;
      this.rootOpen = true;
      this.stack.push(this.root);
      return;
    }
    const parent = p.c;
    const label =
      p.kind === "entry" ? joinKey(parent.label, p.entry.key) : `${parent.label}[${p.index}]`;
    const c = container(node, indent, flow, parent, label);
    if (p.kind === "entry") p.entry.value = node;
    else parent.node.items[p.index] = node;
    if (this.doc.unit === 0 && !flow && !parent.flow && indent > parent.indent) {
      this.doc.unit = this.ctx.unit = indent - parent.indent;
    }
    this.stack.push(c);
  }

  close(): void {
    const cap = this.capture;
    if (cap !== undefined) {
      cap.stack.pop();
      if (cap.stack.length === 0) this.endCapture();
      return;
    }
    const c = this.stack.pop();
    if (c?.flow === true && c.parent !== undefined) this.lastItem = c.parent;
  }

  /** A mapping key; `key` undefined for a key that is not a string (an error). */
  key(key: string | undefined, offset: number): void {
    const cap = this.capture;
    if (cap !== undefined) {
      cap.key = key ?? "";
      return;
    }
    const c = this.top();
    if (key === undefined) {
      throw new HushError(
        "ERR_FORMAT",
        `a mapping key is not a string (under ${where(c.label)}, ${this.lineOf(offset)})`,
        {
          hint: "quote the key",
        },
      );
    }
    if (c.keys === undefined) c.keys = new Set();
    if (c.keys.has(key)) {
      throw new HushError(
        "ERR_FORMAT",
        `duplicate key ${where(joinKey(c.label, key))} (${this.lineOf(offset)})`,
      );
    }
    c.keys.add(key);
    this.flushComments(c);
    if (c === this.root && key === "sops") {
      const start = c.flow ? offset : this.lineStart(offset);
      const slot: Slot = { start, end: start, text: undefined };
      this.addSlot(slot);
      this.doc.metaSlot = slot;
      this.doc.hasMetadata = true;
      this.capture = { stack: [], key: undefined, slot, end: offset };
      this.lastItem = c;
      return;
    }
    const entry: Entry = { kind: "entry", key, value: PLACEHOLDER };
    c.lastIndex = (c.node as MapNode).items.push(entry) - 1;
    this.pending = { kind: "entry", entry, c };
    this.lastItem = c;
  }

  seqItem(): void {
    if (this.capture !== undefined) return;
    const c = this.top();
    this.flushComments(c);
    const index = (c.node as SeqNode).items.push(PLACEHOLDER) - 1;
    c.lastIndex = index;
    this.pending = { kind: "item", index, c };
    this.lastItem = c;
  }

  scalar(e: ScalarEvent): void {
    const cap = this.capture;
    if (cap !== undefined) {
      cap.end = Math.max(cap.end, e.end, e.bEnd);
      this.captureValue(e.value === null || e.value === "uint64" ? null : plainScalar(e.value));
      if (cap.stack.length === 0) this.endCapture();
      return;
    }
    const p = this.pending;
    if (p === undefined) throw internal();
    this.pending = undefined;
    if (e.value === "uint64") {
      throw new HushError(
        "ERR_FORMAT",
        `an integer does not fit in 64 bits (${where(label(p))}, ${this.lineOf(e.start)})`,
        {
          hint: "quote it to keep it as a string",
        },
      );
    }
    if (p.kind === "root") {
      if (e.value !== null) {
        throw new HushError(
          "ERR_FORMAT",
          `yaml document ${this.docs.length + 1} is a scalar; sops files must be mappings`,
        );
      }
      return;
    }
    let node: TreeNode;
    if (e.value === null) node = { kind: "null" };
    else {
      const scalar = new YamlScalar(
        e.value,
        e.style,
        e.start,
        e.end,
        e.bStart,
        e.bEnd,
        p.c.indent,
        p.c.step,
        this.ctx,
        e.tagged !== true && e.binary !== true
          ? UNTAGGED
          : {
              tagged: e.tagged === true,
              pinned:
                e.binary === true
                  ? `the !!binary value ${where(label(p))} (${this.lineOf(e.start)})`
                  : undefined,
            },
      );
      this.slots.push(scalar);
      node = scalar;
    }
    if (p.kind === "entry") p.entry.value = node;
    else p.c.node.items[p.index] = node;
  }

  /** A comment from `#` at `start` to `end` (exclusive, without the line break). */
  comment(start: number, end: number): void {
    const ls = this.lineStart(start);
    const col = start - ls;
    const inline = this.src.slice(ls, start).trim() !== "";
    const cap = this.capture;
    if (cap !== undefined && (col > this.root.indent || inline)) {
      cap.end = Math.max(cap.end, end);
      return;
    }
    const text = this.src.slice(start + 1, end);
    const slot: Slot = { start: start + 1, end, text: undefined };
    this.addSlot(slot);
    const item = new YamlComment(text, slot, text);
    const top = this.stack[this.stack.length - 1];
    if (top?.flow === true && cap === undefined) {
      top.node.items.push(item);
    } else if (inline) {
      const c = this.lastItem ?? this.root;
      if (c.lastIndex < 0) c.node.items.push(item);
      else {
        (c.node.items as unknown[]).splice(c.lastIndex, 0, item);
        // An item waiting for its value (`- # c` then a nested block) moves with the insert.
        const p = this.pending;
        if (p?.kind === "item" && p.c === c && p.index >= c.lastIndex) p.index++;
        c.lastIndex++;
      }
    } else this.comments.push({ item, col });
  }

  private flushComments(next: Container | undefined): void {
    if (this.comments.length === 0) return;
    for (const { item, col } of this.comments) this.choose(col, next).node.items.push(item);
    this.comments = [];
  }

  private choose(col: number, next: Container | undefined): Container {
    const gen = ++this.gen;
    for (let c = next; c !== undefined; c = c.parent) c.markNext = gen;
    for (let c = this.lastItem; c !== undefined; c = c.parent) c.markPrev = gen;
    for (let c = next; c !== undefined && c.markPrev !== gen; c = c.parent)
      if (c.indent <= col) return c;
    for (let c = this.lastItem; c !== undefined && c.markNext !== gen; c = c.parent) {
      if (c.indent <= col && (c.parent === undefined || col > c.parent.indent)) return c;
    }
    for (let c = this.lastItem ?? next; c !== undefined; c = c.parent) {
      if (c.markNext === gen && c.indent <= col) return c;
    }
    return this.root;
  }

  private captureValue(v: unknown): void {
    const cap = this.capture!;
    const top = cap.stack[cap.stack.length - 1];
    if (top === undefined) this.doc.metadata = v;
    else if (Array.isArray(top)) top.push(v);
    else top[cap.key ?? ""] = v;
  }

  private endCapture(): void {
    const cap = this.capture!;
    this.capture = undefined;
    const nl = this.src.indexOf("\n", cap.end);
    if (this.root.flow || (cap.end > 0 && this.src.charCodeAt(cap.end - 1) === 10))
      cap.slot.end = cap.end;
    else cap.slot.end = nl < 0 ? this.src.length : nl + 1;
  }

  /** Extends the captured `sops` block to cover a token inside it. */
  touch(end: number): void {
    if (this.capture !== undefined) this.capture.end = Math.max(this.capture.end, end);
  }

  get capturing(): boolean {
    return this.capture !== undefined;
  }

  get rootOpened(): boolean {
    return this.rootOpen;
  }

  private top(): Container {
    const c = this.stack[this.stack.length - 1];
    if (c === undefined) throw internal();
    return c;
  }

  private addSlot(s: Slot): void {
    this.slots.push(s);
  }

  lineStart(offset: number): number {
    return this.src.lastIndexOf("\n", offset - 1) + 1;
  }

  private lineOf(offset: number): string {
    let n = 1;
    for (let i = this.src.indexOf("\n"); i >= 0 && i < offset; i = this.src.indexOf("\n", i + 1))
      n++;
    return `line ${n}`;
  }
}

function container(
  node: MapNode | SeqNode,
  indent: number,
  flow: boolean,
  parent: Container | undefined,
  label: string,
): Container {
  let step = parent?.step ?? 0;
  if (parent !== undefined && !flow && !parent.flow && indent > parent.indent)
    step = indent - parent.indent;
  return {
    node,
    indent,
    step,
    flow,
    parent,
    label,
    keys: undefined,
    lastIndex: -1,
    markPrev: 0,
    markNext: 0,
  };
}

function joinKey(label: string, key: string): string {
  return label === "" ? key : `${label}.${key}`;
}

function where(label: string): string {
  return label === "" ? "the top level" : label;
}

function internal(): HushError {
  return new HushError("ERR_INTERNAL", "yaml parse events out of order");
}
