/**
 * The YAML store. Parses a file into the sops tree (one branch per document, `sops` metadata
 * taken out) while remembering where each value and comment sits in the text, so that writing
 * values back changes only those values: comments, key order, blank lines, quoting, indentation,
 * flow style and `---` separators survive byte for byte.
 *
 * Large block-style files go through a fast line scanner; anything it does not cover is parsed
 * with the `yaml` package's CST. Both feed the same builder (yaml-build.ts).
 */
import { stringify as yamlStringify } from "yaml";
import { HushError } from "../errors.js";
import type { MapNode, PlainValue, Store, StoreDocument } from "../types.js";
import { parseWithBom } from "./bom.js";
import { Builder } from "./yaml-build.js";
import { scanCst } from "./yaml-cst.js";
import { emitMetadata, YAML_PLAIN_NUMBER_TAG } from "./yaml-emit.js";
import { scanFast } from "./yaml-fast.js";

/** The YAML {@link Store}. */
export const yamlStore: Store = {
  parse(text: string): StoreDocument {
    return parseWithBom(text, parseYaml, true);
  },
};

/** The `yaml` package writes a {@link PlainNumber} as its exact text. */
const YAML_OUT = { lineWidth: 0, customTags: [YAML_PLAIN_NUMBER_TAG] };

/** Plain data as a new YAML document. */
export function writeYamlDocument(tree: PlainValue): string {
  return yamlStringify(tree, YAML_OUT);
}

function parseYaml(text: string): StoreDocument {
  let b = new Builder(text);
  if (!scanFast(text, b)) {
    b = new Builder(text);
    scanCst(text, b);
  }
  return new YamlDocument(text, b);
}

/** Which parser reads a text: "fast" (line scanner) or "cst" (the `yaml` package). For tests. */
export function yamlParserFor(text: string): "fast" | "cst" {
  return scanFast(text, new Builder(text)) ? "fast" : "cst";
}

/** Parses with the `yaml` package path only, skipping the fast scanner. For tests. */
export function parseYamlWithCst(text: string): StoreDocument {
  const b = new Builder(text);
  scanCst(text, b);
  return new YamlDocument(text, b);
}

/** Pieces of the output joined at once in {@link YamlDocument.serialize}. */
const JOIN_BATCH = 512;

class YamlDocument implements StoreDocument {
  readonly format = "yaml";
  readonly branches: MapNode[];
  private meta: Record<string, unknown> | undefined;

  constructor(
    private readonly src: string,
    private readonly b: Builder,
  ) {
    this.branches = b.docs.map((d) => d.branch);
    const first = b.docs[0];
    if (first?.hasMetadata === true) {
      const m = first.metadata;
      if (typeof m !== "object" || m === null || Array.isArray(m)) {
        throw new HushError("ERR_FORMAT", "the sops metadata is not a mapping", {
          hint: "the file is damaged: restore it from git",
        });
      }
      this.meta = m as Record<string, unknown>;
    }
  }

  get metadata(): Record<string, unknown> | undefined {
    return this.meta;
  }

  setMetadata(metadata: Record<string, unknown> | undefined): void {
    this.meta = metadata;
    for (const d of this.b.docs) {
      const slot = d.metaSlot;
      if (metadata === undefined) {
        slot.text = d.hasMetadata ? "" : undefined;
        continue;
      }
      if (d.flowRootEnd >= 0 || (d.hasMetadata && this.src.charAt(slot.start) === "{")) {
        slot.text = this.flowMetadata(d.hasMetadata, d.branch, metadata);
        continue;
      }
      const newline =
        !d.hasMetadata && slot.start > 0 && this.src.charCodeAt(slot.start - 1) !== 10;
      const unit = d.unit >= 2 ? d.unit : d.unit === 1 ? 2 : 4;
      const text = (newline ? "\n" : "") + emitMetadata(metadata, unit, d.rootIndent);
      slot.text = this.b.eol === "\n" ? text : text.replaceAll("\n", this.b.eol);
    }
  }

  /** A flow root mapping (`{a: 1}`) gets the metadata as a flow entry before its `}`. */
  private flowMetadata(
    replace: boolean,
    branch: MapNode,
    metadata: Record<string, unknown>,
  ): string {
    const json = JSON.stringify(sortKeys(metadata));
    if (replace) return `sops: ${json}`;
    return `${branch.items.some((i) => i.kind === "entry") ? ", " : ""}sops: ${json}`;
  }

  serialize(): string {
    const { src } = this;
    const slots = this.b.slots;
    // Block-content slots made by `set` are few; merge them in (before a slot at the same offset).
    const late = this.b.late.filter((s) => s.text !== undefined).sort((x, y) => x.start - y.start);
    // Pieces are joined a few hundred at a time, so each batch of slices dies young: `+=` left a
    // tree of two cons strings per value until the text was flattened on output (6.5 MB of a
    // 100k-value decrypt's heap), and one list of every piece outlived the young generation.
    const chunks: string[] = [];
    let pieces: string[] = [];
    const add = (gap: string, text: string): void => {
      if (pieces.push(gap, text) >= JOIN_BATCH) {
        chunks.push(pieces.join(""));
        pieces = [];
      }
    };
    let pos = 0;
    let j = 0;
    for (let i = 0; i <= slots.length; i++) {
      const s = slots[i];
      while (j < late.length && (s === undefined || late[j]!.start <= s.start)) {
        const l = late[j++]!;
        add(src.slice(pos, l.start), l.text!);
        pos = l.end;
      }
      if (s === undefined || s.text === undefined) continue;
      add(src.slice(pos, s.start), s.text);
      pos = s.end;
    }
    if (pos === 0 && chunks.length === 0 && pieces.length === 0) return src;
    pieces.push(src.slice(pos));
    chunks.push(pieces.join(""));
    return chunks.join("");
  }
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (typeof v !== "object" || v === null) return v;
  const o = v as Record<string, unknown>;
  return Object.fromEntries(
    Object.keys(o)
      .sort()
      .map((k) => [k, sortKeys(o[k])]),
  );
}
