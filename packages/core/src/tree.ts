// Paths and plain trees.
import { stringify as yamlStringify } from "yaml";
import { HushError } from "./errors.js";
import { detectFormat as detect } from "./formats/index.js";
import { writeValue } from "./formats/dotenv-value.js";
import { YAML_PLAIN_NUMBER_TAG } from "./formats/yaml-emit.js";
import { isPlainMap, isPlainNumber, plainJson } from "./plain.js";
import type { Format, KeyPath, PlainValue } from "./types.js";

/** Format from a file name (`.yaml/.yml`, `.json`, `.env`/`.env.*`, `.ini`; anything else binary). */
export function detectFormat(path: string): Format {
  return detect(path);
}

function pathError(path: string, what: string): HushError {
  return new HushError(
    "ERR_PATH",
    `malformed key path ${JSON.stringify(path.length > 80 ? path.slice(0, 80) + "…" : path)}: ${what}`,
    {
      hint: 'write a.b[0].c, or ["a.b"] for keys with dots',
    },
  );
}

/** Parse one bracket component at `i` (`[0]`, `["k"]`, `['k']`); returns the value and the index after it. */
function bracket(path: string, i: number): [string | number, number] {
  const q = path[i + 1];
  if (q === '"' || q === "'") {
    let j = i + 2;
    let out = "";
    while (j < path.length && path[j] !== q) {
      if (path[j] === "\\" && j + 1 < path.length) j++;
      out += path[j];
      j++;
    }
    if (path[j] !== q || path[j + 1] !== "]") throw pathError(path, "unclosed quoted key");
    return [out, j + 2];
  }
  const end = path.indexOf("]", i);
  if (end < 0) throw pathError(path, "unclosed [");
  const inner = path.slice(i + 1, end);
  if (!/^\d+$/.test(inner)) throw pathError(path, "a list index must be a number");
  return [Number(inner), end + 1];
}

/** Parse `a.b[0].c` (dots, brackets; `["a.b"]` quotes) into a key path. ERR_PATH when malformed. */
export function parseKeyPath(path: string): KeyPath {
  if (path === "") throw pathError(path, "empty");
  const out: (string | number)[] = [];
  let i = 0;
  let expectKey = true;
  while (i < path.length) {
    const c = path[i];
    if (c === "[") {
      const [v, next] = bracket(path, i);
      out.push(v);
      i = next;
      expectKey = false;
    } else if (c === ".") {
      if (expectKey) throw pathError(path, "empty key");
      i++;
      expectKey = true;
      if (i >= path.length) throw pathError(path, "ends with a dot");
    } else {
      if (!expectKey) throw pathError(path, "expected . or [ after ]");
      let j = i;
      while (j < path.length && path[j] !== "." && path[j] !== "[") j++;
      out.push(path.slice(i, j));
      i = j;
      expectKey = false;
    }
  }
  return out;
}

/** Parse sops `--extract` syntax: `["a"]["b"][0]`. ERR_PATH when malformed. */
export function parseExtractPath(path: string): KeyPath {
  const out: (string | number)[] = [];
  let i = 0;
  if (path.trim() === "") throw pathError(path, "empty");
  while (i < path.length) {
    if (path[i] !== "[") throw pathError(path, 'expected ["key"] or [index]');
    const [v, next] = bracket(path, i);
    out.push(v);
    i = next;
  }
  return out;
}

/** Format a key path for humans: `db.password`, `hosts[0]`. */
export function formatKeyPath(path: KeyPath): string {
  let out = "";
  for (const k of path) {
    if (typeof k === "number") out += `[${k}]`;
    else if (k === "" || /[.[\]"]/.test(k)) out += `[${JSON.stringify(k)}]`;
    else out += out === "" ? k : `.${k}`;
  }
  return out;
}

/** The value at a path; ERR_PATH when absent. */
export function getValue(tree: PlainValue, path: KeyPath): PlainValue {
  let cur: PlainValue = tree;
  for (let i = 0; i < path.length; i++) {
    const k = path[i]!;
    if (Array.isArray(cur) && typeof k === "number" && k < cur.length) cur = cur[k]!;
    else if (isPlainMap(cur) && typeof k === "string" && Object.hasOwn(cur, k)) {
      cur = cur[k]!;
    } else {
      throw new HushError("ERR_PATH", `${formatKeyPath(path.slice(0, i + 1))} does not exist`, {
        hint: "list the keys with `hush decrypt`",
      });
    }
  }
  return cur;
}

function scalarString(v: PlainValue): string {
  if (v === null) return "";
  if (typeof v === "boolean") return v ? "true" : "false";
  if (typeof v === "number" || typeof v === "string" || isPlainNumber(v)) return String(v);
  return plainJson(v, "");
}

/**
 * Flatten to `[name, value]` pairs for environment variables: nested keys joined with `_`
 * (`db.password` → `db_password`), lists by index; values stringified (bools `true`/`false`).
 */
export function flatten(
  tree: PlainValue,
  options?: { prefix?: string; separator?: string },
): [string, string][] {
  const sep = options?.separator ?? "_";
  const out: [string, string][] = [];
  const visit = (v: PlainValue, name: string): void => {
    if (Array.isArray(v))
      v.forEach((e, i) => visit(e, name === "" ? String(i) : `${name}${sep}${i}`));
    else if (isPlainMap(v)) {
      for (const [k, e] of Object.entries(v)) visit(e, name === "" ? k : `${name}${sep}${k}`);
    } else out.push([name, scalarString(v)]);
  };
  visit(tree, options?.prefix ?? "");
  return out;
}

/** The `yaml` package writes a {@link PlainNumber} as its exact text. */
const YAML_OUT = { lineWidth: 0, customTags: [YAML_PLAIN_NUMBER_TAG] };

/**
 * Render plain data as another format: JSON, YAML, or a dotenv *document* (each value in the
 * plainest spelling the dotenv store reads back; the strict export dialect is
 * `renderDotenvExport`, Secrets are `renderSecret`).
 */
export function exportAs(tree: PlainValue, as: "json" | "yaml" | "dotenv"): string {
  switch (as) {
    case "json":
      return plainJson(tree, "\t") + "\n";
    case "yaml":
      return yamlStringify(tree, YAML_OUT);
    case "dotenv":
      return flatten(tree)
        .map(([k, v]) => `${k}=${writeValue(v, undefined, k)}\n`)
        .join("");
  }
}
