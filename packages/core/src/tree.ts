// Paths and plain trees.
import { HushError } from "./errors.js";
import { isPlainMap } from "./plain.js";
import type { KeyPath, PlainValue } from "./types.js";

export { detectFormat } from "./formats/registry.js";
export { flatten } from "./plain.js";

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
