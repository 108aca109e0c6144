/**
 * The INI store, as sops reads and writes it through go-ini: sections become mappings (keys before
 * any section belong to `DEFAULT`), every value is a string, a comment above a section or key is a
 * comment item (after the key, as sops orders it), metadata is a final `[sops]` section with
 * flattened keys and `\n`-escaped values. Emission follows go-ini's pretty format.
 */
import { HushError } from "../errors.js";
import type { Entry, MapNode, Store, StoreDocument, TreeNode } from "../types.js";
import { parseWithBom } from "./bom.js";
import { flattenMetadata, unflattenMetadata } from "./flatten.js";
import { PlainScalar, comment, duplicateKey, entry } from "./scalar.js";

/** go-ini's `stripCommentChar` as sops applies it: leading `;`/`#` and spaces removed. */
function stripComment(line: string): string {
  return line.replace(/^[;#]+/, "").replace(/^\s+/, "");
}

function unquote(v: string): string {
  if (v.length >= 6 && v.startsWith('"""') && v.endsWith('"""')) return v.slice(3, -3);
  if (
    v.length >= 2 &&
    ((v.startsWith('"') && v.endsWith('"')) || (v.startsWith("`") && v.endsWith("`")))
  ) {
    return v.slice(1, -1);
  }
  return v;
}

/** go-ini value quoting. */
function quoteValue(v: string): string {
  if (v.includes("\n") || v.includes("`")) return `"""${v}"""`;
  if (/[#;]/.test(v)) return "`" + v + "`";
  if (v.trim() !== v) return `"${v}"`;
  return v;
}

function quoteKey(k: string): string {
  if (k.includes('"') || /[=:]/.test(k)) return "`" + k + "`";
  if (k.includes("`")) return `"""${k}"""`;
  return k;
}

function valueText(node: TreeNode, where: string): string {
  if (node.kind === "scalar") return node.value.text;
  if (node.kind === "null") return "";
  throw new HushError("ERR_FORMAT", `INI cannot hold the nested value at ${where}`, {
    hint: "INI files hold section.key = value pairs only",
  });
}

class IniDocument implements StoreDocument {
  readonly format = "ini" as const;
  readonly branches: MapNode[];
  metadata: Record<string, unknown> | undefined;

  constructor(root: MapNode, metadata: Record<string, unknown> | undefined) {
    this.branches = [root];
    this.metadata = metadata;
  }

  setMetadata(metadata: Record<string, unknown> | undefined): void {
    this.metadata = metadata;
  }

  serialize(): string {
    const sections: string[] = [];
    for (const it of this.branches[0]!.items) {
      if (it.kind === "comment") continue;
      if (it.value.kind !== "map") {
        throw new HushError("ERR_FORMAT", `INI needs a section for ${it.key}`, {
          hint: "put keys under [section]",
        });
      }
      sections.push(this.section(it.key, it.value));
    }
    if (this.metadata !== undefined) {
      const pairs = flattenMetadata(this.metadata, "").map(
        ([k, v]) => [k, v.replace(/\n/g, "\\n")] as const,
      );
      const width = Math.max(0, ...pairs.map(([k]) => k.length));
      sections.push("[sops]\n" + pairs.map(([k, v]) => `${k.padEnd(width)} = ${v}\n`).join(""));
    }
    return sections.join("\n");
  }

  private section(name: string, node: MapNode): string {
    const out: string[] = [];
    const head: string[] = [];
    const keys = node.items
      .filter((i): i is Entry => i.kind === "entry")
      .map((e) => quoteKey(e.key));
    const width = Math.max(0, ...keys.map((k) => k.length));
    let pendingComments: string[] = [];
    const lines: string[] = [];
    // In the tree a key's comment follows the key; on disk it goes above it.
    let lastKeyLine = -1;
    for (const it of node.items) {
      if (it.kind === "comment") {
        if (lastKeyLine < 0) head.push(it.text);
        else pendingComments.push(it.text);
        continue;
      }
      if (pendingComments.length > 0 && lastKeyLine >= 0) {
        lines.splice(lastKeyLine, 0, ...pendingComments.map((c) => `; ${c}\n`));
        pendingComments = [];
      }
      lastKeyLine = lines.length;
      const k = quoteKey(it.key);
      lines.push(`${k.padEnd(width)} = ${quoteValue(valueText(it.value, `${name}.${it.key}`))}\n`);
    }
    if (pendingComments.length > 0 && lastKeyLine >= 0) {
      lines.splice(lastKeyLine, 0, ...pendingComments.map((c) => `; ${c}\n`));
    }
    for (const c of head) out.push(`; ${c}\n`);
    if (name !== "DEFAULT") out.push(`[${name}]\n`);
    out.push(...lines);
    return out.join("");
  }
}

/** The INI store. */
export const iniStore: Store = {
  parse(text: string): StoreDocument {
    return parseWithBom(text, parseIni, true);
  },
};

function parseIni(text: string): StoreDocument {
  const root: MapNode = { kind: "map", items: [] };
  const sections = new Map<string, MapNode>();
  const meta: [string, string][] = [];
  const seen = new Map<string, number>();
  let current: MapNode | undefined;
  let currentName = "DEFAULT";
  let comments: string[] = [];
  const open = (name: string): MapNode => {
    let s = sections.get(name);
    if (s === undefined) {
      s = { kind: "map", items: [] };
      sections.set(name, s);
      if (name !== "sops") root.items.push(entry(name, s));
    }
    return s;
  };
  text.split(/\r?\n/).forEach((line, n) => {
    const t = line.trim();
    if (t === "") return;
    if (t.startsWith(";") || t.startsWith("#")) return void comments.push(stripComment(t));
    if (t.startsWith("[")) {
      const end = t.indexOf("]");
      if (end < 0)
        throw new HushError("ERR_FORMAT", `not INI: unclosed section header (line ${n + 1})`, {
          hint: "write [section]",
        });
      currentName = t.slice(1, end).trim();
      current = open(currentName);
      if (comments.length > 0 && currentName !== "sops")
        current.items.unshift(comment(comments.join("\n")));
      comments = [];
      return;
    }
    const m = /^(`[^`]*`|"""[\s\S]*?"""|"[^"]*"|[^=:]+?)\s*[=:]\s?(.*)$/.exec(t);
    if (m === null) {
      throw new HushError("ERR_FORMAT", `not INI: expected key = value (line ${n + 1})`, {
        hint: "write key = value",
      });
    }
    const key = unquote(m[1]!.trim());
    const value = unquote(m[2]!.trim());
    if (currentName === "sops") {
      meta.push([key, value.replace(/\\n/g, "\n")]);
      comments = [];
      return;
    }
    current ??= open("DEFAULT");
    const where = `${currentName}\u0000${key}`;
    const first = seen.get(where);
    if (first !== undefined) throw duplicateKey(`${currentName}.${key}`, first, n + 1);
    seen.set(where, n + 1);
    current.items.push(entry(key, new PlainScalar({ type: "str", text: value })));
    if (comments.length > 0) current.items.push(comment(comments.join("\n")));
    comments = [];
  });
  return new IniDocument(root, meta.length > 0 ? unflattenMetadata(meta) : undefined);
}
