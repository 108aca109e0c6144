/**
 * The dotenv store: the dialect of the `dotenv` npm package (see dotenv-value.ts), which is also
 * how sops-age reads sops's dotenv files. `export KEY=…`, quoted and multi-line values, inline
 * comments, CRLF line endings and a UTF-8 BOM are read, and every line is written back in the form
 * it was written (its quote, `export`, spacing, comment, the file's line ending and BOM); a changed
 * value that its quote cannot hold moves to the plainest quote that can. Whole-line and inline
 * comments are comment items (encrypted like values). Metadata is sops's: flattened `sops_…` keys
 * at the end, written raw with `\n` escapes.
 *
 * Go sops reads dotenv naively (raw `KEY=VALUE` lines): a file of plain lines stays readable by it;
 * `export`, quotes and inline comments are read by hush and dotenv-based readers such as sops-age.
 */
import { HushError } from "../errors.js";
import { flatten } from "../plain.js";
import type { CommentItem, Entry, MapNode, PlainValue, Store, StoreDocument } from "../types.js";
import { readValue, writeValue, type ValueForm } from "./dotenv-value.js";
import { flattenMetadata, unflattenMetadata } from "./flatten.js";
import { comment, duplicateKey, entry, PlainScalar } from "./scalar.js";

/** How an entry's line was written, so it is written back the same way. */
interface EntryForm {
  indent: string;
  /** `export ` as written (with its own blanks), or empty. */
  exportPrefix: string;
  /** From the end of the key to the value: `=`, ` = `… */
  assign: string;
  value: ValueForm;
  lead: string;
  trailing: string;
  /** The inline comment's item, when the line has one. */
  comment: CommentItem | undefined;
}

type Line =
  | { kind: "blank"; raw: string }
  | { kind: "comment"; indent: string; item: CommentItem }
  | { kind: "entry"; item: Entry; form: EntryForm };

const KEY = /^[A-Za-z0-9_.-]+$/;
const ENTRY = /^([ \t]*)(export[ \t]+)?([A-Za-z0-9_.-]+)([ \t]*=[ \t]*)/;

class DotenvDocument implements StoreDocument {
  readonly format = "dotenv" as const;
  readonly branches: MapNode[];
  metadata: Record<string, unknown> | undefined;

  constructor(
    private readonly lines: Line[],
    metadata: Record<string, unknown> | undefined,
    private readonly bom: boolean,
    private readonly eol: string,
  ) {
    const root: MapNode = { kind: "map", items: [] };
    // The branch shares the entry/comment objects, so edits to it are seen by serialize(). An
    // inline comment follows its entry, as YAML's line comments do.
    for (const l of lines) {
      if (l.kind === "comment") root.items.push(l.item);
      else if (l.kind === "entry") {
        root.items.push(l.item);
        if (l.form.comment !== undefined) root.items.push(l.form.comment);
      }
    }
    this.branches = [root];
    this.metadata = metadata;
  }

  setMetadata(metadata: Record<string, unknown> | undefined): void {
    this.metadata = metadata;
  }

  serialize(): string {
    const out: string[] = [];
    const root = this.branches[0]!;
    // Follow the branch (it may have been edited); blank lines stay before the item they preceded.
    const forms = new Map<unknown, { blanks: string[]; line: Line }>();
    let blanks: string[] = [];
    for (const l of this.lines) {
      if (l.kind === "blank") blanks.push(l.raw);
      else {
        forms.set(l.item, { blanks, line: l });
        blanks = [];
      }
    }
    const placed = new Set<unknown>();
    root.items.forEach((it, i) => {
      if (placed.has(it)) return;
      const known = forms.get(it);
      for (const raw of known?.blanks ?? []) out.push(raw);
      if (it.kind === "comment") {
        const indent = known?.line.kind === "comment" ? known.line.indent : "";
        out.push(`${indent}#${commentText(it)}`);
        return;
      }
      const form = known?.line.kind === "entry" ? known.line.form : undefined;
      // The inline comment goes back on its line only while it still follows its entry.
      const next = root.items[i + 1];
      const own = form?.comment !== undefined && next === form.comment ? form.comment : undefined;
      if (own !== undefined) placed.add(own);
      out.push(entryLine(it, form, own));
    });
    for (const raw of blanks) out.push(raw);
    if (this.metadata !== undefined) {
      for (const [k, v] of flattenMetadata(this.metadata, "sops_")) {
        out.push(`${k}=${v.replace(/\n/g, "\\n")}`);
      }
    }
    const text = out.map((l) => l.replace(/\n/g, this.eol) + this.eol).join("");
    return (this.bom ? "\uFEFF" : "") + text;
  }
}

function commentText(c: CommentItem): string {
  if (/[\r\n]/.test(c.text)) {
    throw new HushError("ERR_VALUE", "a dotenv comment holds a line break", {
      hint: "a comment is one line: the file's encrypted comment was not written by hush",
    });
  }
  return c.text;
}

function entryLine(it: Entry, form: EntryForm | undefined, own: CommentItem | undefined): string {
  if (!KEY.test(it.key)) {
    throw new HushError("ERR_FORMAT", `dotenv cannot hold the key ${JSON.stringify(it.key)}`, {
      hint: "dotenv keys are letters, digits, _ . and -",
    });
  }
  let value: string;
  if (it.value.kind === "scalar") value = writeValue(it.value.value.text, form?.value, it.key);
  else if (it.value.kind === "null") value = "";
  else {
    throw new HushError("ERR_FORMAT", `dotenv cannot hold the nested value at ${it.key}`, {
      hint: "dotenv files hold flat KEY=VALUE pairs only",
    });
  }
  const quoted = /^['"`]/.test(value);
  let trailing = form?.trailing ?? "";
  // An unquoted value needs a blank before its comment's #, or the # would belong to the value.
  if (own !== undefined && trailing === "" && !quoted) trailing = " ";
  return (
    `${form?.indent ?? ""}${form?.exportPrefix ?? ""}${it.key}${form?.assign ?? "="}` +
    `${quoted ? "" : (form?.lead ?? "")}${value}${trailing}` +
    (own === undefined ? "" : `#${commentText(own)}`)
  );
}

/** The dotenv store. */
export const dotenvStore: Store = {
  parse(input: string): StoreDocument {
    const bom = input.startsWith("\uFEFF");
    const body = bom ? input.slice(1) : input;
    const firstLf = body.indexOf("\n");
    const eol = firstLf > 0 && body[firstLf - 1] === "\r" ? "\r\n" : "\n";
    const lone = /\r(?!\n)/.exec(body);
    if (lone !== null) {
      const line = body.slice(0, lone.index).split("\n").length;
      throw new HushError(
        "ERR_FORMAT",
        `dotenv line ${line}: a carriage return that ends no line`,
        {
          hint: "use LF or CRLF line endings; write a CR inside a value as \\r in double quotes",
        },
      );
    }
    const src = body.replace(/\r\n/g, "\n");
    const lines: Line[] = [];
    const meta: [string, string][] = [];
    const seen = new Map<string, number>();
    let pos = 0;
    let line = 1;
    while (pos < src.length) {
      let eolAt = src.indexOf("\n", pos);
      if (eolAt < 0) eolAt = src.length;
      const text = src.slice(pos, eolAt);
      if (text.trim() === "") {
        lines.push({ kind: "blank", raw: text });
        pos = eolAt + 1;
        line++;
        continue;
      }
      const c = /^([ \t]*)#(.*)$/.exec(text);
      if (c !== null) {
        lines.push({ kind: "comment", indent: c[1]!, item: comment(c[2]!) });
        pos = eolAt + 1;
        line++;
        continue;
      }
      const m = ENTRY.exec(text);
      if (m === null) {
        throw new HushError("ERR_FORMAT", `not a dotenv line: no KEY= (line ${line})`, {
          hint: "each line is KEY=VALUE (letters, digits, _ . - in the key), export KEY=VALUE or a # comment",
        });
      }
      const key = m[3]!;
      const first = seen.get(key);
      if (first !== undefined) throw duplicateKey(key, first, line);
      seen.set(key, line);
      if (key.startsWith("sops_")) {
        // sops's own metadata, written raw by sops and hush alike.
        meta.push([key.slice(5), text.slice(text.indexOf("=") + 1).replace(/\\n/g, "\n")]);
        pos = eolAt + 1;
        line++;
        continue;
      }
      const v = readValue(src, pos + m[0].length, line);
      const inlineComment = v.comment === undefined ? undefined : comment(v.comment);
      lines.push({
        kind: "entry",
        item: entry(key, new PlainScalar({ type: "str", text: v.value })),
        form: {
          indent: m[1]!,
          exportPrefix: m[2] ?? "",
          assign: m[4]!,
          value: v.form,
          lead: v.lead,
          trailing: v.trailing,
          comment: inlineComment,
        },
      });
      pos = v.next;
      line += 1 + v.breaks;
    }
    return new DotenvDocument(
      lines,
      meta.length > 0 ? unflattenMetadata(meta) : undefined,
      bom,
      eol,
    );
  },
};

/**
 * Plain data as a new dotenv *document*: nested keys joined with `_`, each value in the plainest
 * spelling this store reads back (the strict export dialect is `renderDotenvExport`).
 */
export function writeDotenvDocument(tree: PlainValue): string {
  return flatten(tree)
    .map(([k, v]) => `${k}=${writeValue(v, undefined, k)}\n`)
    .join("");
}
