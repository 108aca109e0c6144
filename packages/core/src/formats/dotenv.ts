/**
 * The dotenv store, as sops reads it (stores/dotenv): `KEY=VALUE` split at the first `=`, `#`
 * comment lines, `\n` escapes; metadata flattened as `sops_…` keys at the end. Blank lines are kept
 * in place (sops drops them; keeping them leaves the file as the user wrote it).
 */
import { HushError } from "../errors.js";
import type { CommentItem, Entry, MapNode, Scalar, Store, StoreDocument } from "../types.js";
import { flattenMetadata, unflattenMetadata } from "./flatten.js";
import { PlainScalar, comment, entry } from "./scalar.js";

/** One dotenv line: an entry, a comment, or a blank kept for layout. */
type Line = { kind: "blank" } | Entry | CommentItem;

function escapeValue(v: Scalar): string {
  return v.text.replace(/\n/g, "\\n");
}

class DotenvDocument implements StoreDocument {
  readonly format = "dotenv" as const;
  readonly branches: MapNode[];
  metadata: Record<string, unknown> | undefined;

  constructor(
    private readonly lines: Line[],
    metadata: Record<string, unknown> | undefined,
  ) {
    const root: MapNode = { kind: "map", items: [] };
    // The branch shares the entry/comment objects, so edits to it are seen by serialize().
    for (const l of lines) if (l.kind !== "blank") root.items.push(l);
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
    const blanksBefore = new Map<unknown, number>();
    let pending = 0;
    for (const l of this.lines) {
      if (l.kind === "blank") pending++;
      else {
        blanksBefore.set(l, pending);
        pending = 0;
      }
    }
    for (const it of root.items) {
      for (let i = blanksBefore.get(it) ?? 0; i > 0; i--) out.push("\n");
      if (it.kind === "comment") out.push("#", it.text, "\n");
      else {
        if (it.value.kind === "scalar") out.push(it.key, "=", escapeValue(it.value.value), "\n");
        else if (it.value.kind === "null") out.push(it.key, "=\n");
        else {
          throw new HushError("ERR_FORMAT", `dotenv cannot hold the nested value at ${it.key}`, {
            hint: "dotenv files hold flat KEY=VALUE pairs only",
          });
        }
      }
    }
    if (this.metadata !== undefined) {
      for (const [k, v] of flattenMetadata(this.metadata, "sops_"))
        out.push(k, "=", v.replace(/\n/g, "\\n"), "\n");
    }
    return out.join("");
  }
}

/** The dotenv store. */
export const dotenvStore: Store = {
  parse(text: string): StoreDocument {
    const lines: Line[] = [];
    const meta: [string, string][] = [];
    const raw = text.split("\n");
    if (raw.length > 0 && raw[raw.length - 1] === "") raw.pop();
    raw.forEach((line, n) => {
      if (line === "") return void lines.push({ kind: "blank" });
      if (line.startsWith("#")) return void lines.push(comment(line.slice(1)));
      const eq = line.indexOf("=");
      if (eq < 0) {
        throw new HushError("ERR_FORMAT", `not a dotenv line: no '=' (line ${n + 1})`, {
          hint: "each line must be KEY=VALUE or a # comment",
        });
      }
      const key = line.slice(0, eq);
      const value = line.slice(eq + 1).replace(/\\n/g, "\n");
      if (key.startsWith("sops_")) meta.push([key.slice(5), value]);
      else lines.push(entry(key, new PlainScalar({ type: "str", text: value })));
    });
    return new DotenvDocument(lines, meta.length > 0 ? unflattenMetadata(meta) : undefined);
  },
};
