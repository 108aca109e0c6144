/**
 * Structural edits (add a key, remove a key) for stores that cannot insert into their own document.
 * YAML: a new key in a block mapping is inserted as text and a removed pair's lines are cut out, each
 * accepted only when re-parsing shows exactly the intended data; other cases go through the `yaml`
 * package's Document (keeps comments, may re-indent). A value that already exists is always set in
 * place through its store node instead (see sops.ts).
 */
import {
  isMap,
  isScalar,
  isSeq,
  parseAllDocuments,
  stringify,
  type Document,
  type YAMLMap,
} from "yaml";
import { HushError } from "./errors.js";
import { entry, PlainScalar } from "./formats/scalar.js";
import { YAML_PLAIN_NUMBER_TAG } from "./formats/yaml-emit.js";
import { plainScalar } from "./plain.js";
import { formatKeyPath } from "./tree.js";
import type { Entry, KeyPath, MapNode, Scalar, TreeNode } from "./types.js";

/** The `yaml` package's options here: exact numbers (core's one Scalar → plain conversion). */
const YAML_OPTIONS = { customTags: [YAML_PLAIN_NUMBER_TAG] };

function indentOf(text: string): number {
  const m = /^[^\s#-][^\n]*:\s*\n( +)\S/m.exec(text);
  return m === null ? 2 : m[1]!.length;
}

/** A key or string value as a one-line YAML scalar (plain when the yaml package allows it). */
function scalarText(v: unknown): string | undefined {
  const out = stringify(v, { lineWidth: 0, ...YAML_OPTIONS }).replace(/\n$/, "");
  return out.includes("\n") ? undefined : out;
}

/**
 * Insert new keys into an existing block mapping as text, leaving every other byte alone. Returns
 * undefined when the case is not simple (flow style, lists on the way, multi-line values); the
 * caller checks the result by parsing it.
 */
function insertAsText(
  text: string,
  doc: Document,
  path: KeyPath,
  value: Scalar,
  unit: number,
  quoted: boolean,
): string | undefined {
  let depth = 0;
  let map: YAMLMap | undefined = isMap(doc.contents) ? doc.contents : undefined;
  if (map === undefined) return undefined;
  while (depth < path.length - 1) {
    const next: unknown = map.get(path[depth], true);
    if (next === undefined) break;
    if (!isMap(next)) return undefined;
    map = next;
    depth++;
  }
  if (map.flow === true || path.slice(depth).some((k) => typeof k !== "string")) return undefined;
  const first = map.items[0];
  const last = map.items[map.items.length - 1];
  let indent = 0;
  let at = text.length;
  if (first !== undefined && last !== undefined) {
    const keyStart = isScalar(first.key) ? first.key.range?.[0] : undefined;
    const lastNode = (last.value ?? last.key) as { range?: [number, number, number] } | null;
    const valueEnd = lastNode?.range?.[1];
    if (keyStart === undefined || valueEnd === undefined) return undefined;
    indent = keyStart - (text.lastIndexOf("\n", keyStart - 1) + 1);
    const lineEnd = text.indexOf("\n", Math.max(valueEnd - 1, 0));
    at = lineEnd < 0 ? text.length : lineEnd + 1;
  } else if (depth > 0 || (doc.range?.[1] ?? text.length) !== text.length) return undefined;
  const lines: string[] = [];
  for (let j = depth; j < path.length; j++) {
    const key = scalarText(path[j]);
    if (key === undefined) return undefined;
    const pad = " ".repeat(indent + (j - depth) * unit);
    if (j < path.length - 1) lines.push(`${pad}${key}:`);
    else {
      // A string that yaml.v3 would read as another type (a date, `yes`…) needs quotes.
      const v =
        quoted && value.type === "str"
          ? JSON.stringify(value.text)
          : scalarText(plainScalar(value));
      if (v === undefined) return undefined;
      lines.push(`${pad}${key}: ${v}`);
    }
  }
  const before = text.slice(0, at);
  const sep = before === "" || before.endsWith("\n") ? "" : "\n";
  return before + sep + lines.join("\n") + "\n" + text.slice(at);
}

/**
 * Set `path` in a YAML text, creating intermediate mappings. New keys in block mappings are inserted
 * as text when `check` accepts the result; otherwise the `yaml` Document re-renders the file.
 */
export function yamlSetIn(
  text: string,
  path: KeyPath,
  value: Scalar,
  check?: (text: string) => boolean,
  at = 0,
): string {
  const docs = parseAll(text, YAML_OPTIONS);
  const doc = docs[at];
  if (doc === undefined) throw new HushError("ERR_PATH", `there is no document ${at + 1}`);
  if (check !== undefined && doc.contents !== null) {
    for (const quoted of [false, true]) {
      const quick = insertAsText(text, doc, path, value, indentOf(text), quoted);
      if (quick !== undefined && check(quick)) return quick;
    }
  }
  // Intermediate nodes must be collections; the yaml package would otherwise throw a plain Error.
  for (let i = 1; i < path.length; i++) {
    const node = doc.getIn(path.slice(0, i), true);
    if (node !== undefined && !isMap(node) && !isSeq(node)) {
      throw new HushError("ERR_PATH", `${path.slice(0, i).join(".")} is not a mapping or list`, {
        hint: "check the key path",
      });
    }
  }
  doc.setIn(path, plainScalar(value));
  return render(docs, text);
}

/** Every document of a YAML text; ERR_FORMAT when it does not parse. */
function parseAll(text: string, options: object = {}): Document[] {
  const docs = parseAllDocuments(text, { keepSourceTokens: true, ...options });
  if (!Array.isArray(docs) || docs.some((d) => d.errors.length > 0))
    throw new HushError("ERR_FORMAT", "not valid YAML", { hint: "fix the YAML syntax" });
  return docs;
}

/** The documents re-rendered by the `yaml` package (keeps comments, may re-indent). */
function render(docs: readonly Document[], text: string): string {
  const options = {
    lineWidth: 0,
    indent: indentOf(text),
    indentSeq: !/^\S[^\n]*:\s*\n-/m.test(text),
  };
  return docs.map((d) => d.toString(options)).join("");
}

const asData = (docs: readonly Document[]): string =>
  JSON.stringify(docs.map((d): unknown => d.toJS()));

/** Remove `path` from document `at` of a YAML text; undefined when absent. */
export function yamlDeleteIn(text: string, path: KeyPath, at = 0): string | undefined {
  const docs = parseAll(text);
  const doc = docs[at];
  if (doc?.hasIn(path) !== true) return undefined;
  const quick = removeAsText(text, doc, path);
  doc.deleteIn(path);
  // Keep the text removal only when it means exactly the same data as the Document's deletion.
  if (quick !== undefined && asData(parseAll(quick)) === asData(docs)) return quick;
  return render(docs, text);
}

/** The text without the lines of the mapping pair at `path`; undefined when not a simple case. */
function removeAsText(text: string, doc: Document, path: KeyPath): string | undefined {
  const last = path[path.length - 1];
  const parent: unknown = path.length === 1 ? doc.contents : doc.getIn(path.slice(0, -1), true);
  if (typeof last !== "string" || !isMap(parent) || parent.flow === true) return undefined;
  const pair = parent.items.find((p) => isScalar(p.key) && p.key.value === last);
  const keyStart = pair !== undefined && isScalar(pair.key) ? pair.key.range?.[0] : undefined;
  const node = (pair?.value ?? pair?.key) as
    { range?: [number, number, number] } | null | undefined;
  const valueEnd = node?.range?.[1];
  if (keyStart === undefined || valueEnd === undefined) return undefined;
  const start = text.lastIndexOf("\n", keyStart - 1) + 1;
  if (text.slice(start, keyStart).trim() !== "") return undefined;
  const lineEnd = text.indexOf("\n", Math.max(valueEnd - 1, keyStart));
  const end = lineEnd < 0 ? text.length : lineEnd + 1;
  return text.slice(0, start) + text.slice(end);
}

/** ERR_PATH naming the path. */
export function badPath(path: KeyPath, what: string): HushError {
  return new HushError("ERR_PATH", `${formatKeyPath(path) || "the top level"} ${what}`, {
    hint: "check the key path (a.b[0].c)",
  });
}

/** Generic edit of a re-emitting store's tree. */
export function setInTree(root: MapNode, path: KeyPath, value: Scalar): void {
  if (path.length === 0) throw badPath(path, "cannot be set");
  let node: TreeNode = root;
  for (let i = 0; i < path.length; i++) {
    const key = path[i]!;
    const lastStep = i === path.length - 1;
    if (node.kind === "map") {
      if (typeof key !== "string")
        throw badPath(path.slice(0, i + 1), "is a list index into a mapping");
      let e: Entry | undefined = [...node.items]
        .reverse()
        .find((it): it is Entry => it.kind === "entry" && it.key === key);
      if (e === undefined) {
        e = entry(key, lastStep ? new PlainScalar(value) : { kind: "map", items: [] });
        node.items.push(e);
        if (lastStep) return;
      } else if (lastStep) {
        e.value = new PlainScalar(value);
        return;
      }
      node = e.value;
    } else if (node.kind === "seq") {
      if (typeof key !== "number") throw badPath(path.slice(0, i + 1), "is a key into a list");
      const items = node.items.filter((it) => it.kind !== "comment");
      const at = key < items.length ? node.items.indexOf(items[key]!) : -1;
      if (lastStep) {
        if (at >= 0) node.items[at] = new PlainScalar(value);
        else node.items.push(new PlainScalar(value));
        return;
      }
      if (at < 0) {
        const m: MapNode = { kind: "map", items: [] };
        node.items.push(m);
        node = m;
      } else node = node.items[at] as TreeNode;
    } else throw badPath(path.slice(0, i), "is not a mapping or list");
  }
}

/** Generic removal from a re-emitting store's tree; false when absent. */
export function deleteInTree(root: MapNode, path: KeyPath): boolean {
  let node: TreeNode = root;
  for (let i = 0; i < path.length; i++) {
    const key = path[i]!;
    const lastStep = i === path.length - 1;
    if (node.kind === "map" && typeof key === "string") {
      const idx = node.items.findIndex((it) => it.kind === "entry" && it.key === key);
      if (idx < 0) return false;
      if (lastStep) {
        node.items.splice(idx, 1);
        return true;
      }
      node = (node.items[idx] as { value: TreeNode }).value;
    } else if (node.kind === "seq" && typeof key === "number") {
      const items = node.items.filter((it) => it.kind !== "comment");
      if (key >= items.length) return false;
      const idx = node.items.indexOf(items[key]!);
      if (lastStep) {
        node.items.splice(idx, 1);
        return true;
      }
      node = node.items[idx] as TreeNode;
    } else return false;
  }
  return false;
}
