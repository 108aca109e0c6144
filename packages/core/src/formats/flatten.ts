/**
 * sops metadata flattening for dotenv and INI (stores/flatten.go): a nested mapping key `a` becomes
 * `parent__map_a`, a list element `parent__list_<i>`.
 */
import { isPlainNumber } from "../plain.js";

/** Flatten plain data into ordered `[key, string]` pairs. */
export function flattenMetadata(data: Record<string, unknown>, prefix: string): [string, string][] {
  const out: [string, string][] = [];
  const visit = (v: unknown, key: string): void => {
    if (Array.isArray(v)) v.forEach((e, i) => visit(e, `${key}__list_${i}`));
    else if (isPlainNumber(v)) out.push([key, v.text]);
    else if (v !== null && typeof v === "object") {
      for (const [k, e] of Object.entries(v as Record<string, unknown>))
        visit(e, `${key}__map_${k}`);
    } else if (
      typeof v === "string" ||
      typeof v === "number" ||
      typeof v === "boolean" ||
      typeof v === "bigint"
    )
      out.push([key, String(v)]);
  };
  for (const [k, v] of Object.entries(data)) visit(v, prefix + k);
  return out;
}

const TOKEN = /__(list|map)_/g;

/** Rebuild nested data from flattened pairs (keys without the prefix). */
export function unflattenMetadata(pairs: readonly [string, string][]): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const [flat, value] of pairs) {
    const parts: { kind: "map" | "list"; key: string }[] = [];
    TOKEN.lastIndex = 0;
    let m: RegExpExecArray | null;
    let last = 0;
    let kind: "map" | "list" = "map";
    while ((m = TOKEN.exec(flat)) !== null) {
      parts.push({ kind, key: flat.slice(last, m.index) });
      kind = m[1] as "map" | "list";
      last = m.index + m[0].length;
    }
    parts.push({ kind, key: flat.slice(last) });
    let cur: Record<string, unknown> | unknown[] = root;
    for (let i = 0; i < parts.length; i++) {
      const p = parts[i]!;
      const next = parts[i + 1];
      const key: string | number = p.kind === "list" ? Number(p.key) : p.key;
      const container = cur as Record<string | number, unknown>;
      if (next === undefined) container[key] = value;
      else {
        if (container[key] === undefined || typeof container[key] !== "object") {
          container[key] = next.kind === "list" ? [] : {};
        }
        cur = container[key] as Record<string, unknown> | unknown[];
      }
    }
  }
  return root;
}
