/**
 * Decrypted values as named pairs, the one mapping behind every export (`hush exec`, `hush decrypt
 * --format dotenv|k8s-secret`, the action's `env`, `dotenv`, `files` and `k8s-secret`). It works on
 * the decrypt result's value list, so a value keeps its exact text (a number is never re-printed).
 * Comments are never part of an export (a comment can hold a secret).
 */
import type { DecryptedValue } from "../sops.js";
import type { KeyPath, PlainValue } from "../types.js";
import { isSecretManifest } from "./manifest.js";

/** One exported value. */
export interface ExportPair {
  /** The name it is exported under (prefix included); not yet checked. */
  name: string;
  /** Its exact text: strings as they are, numbers as written, booleans `true`/`false`. */
  value: string;
  /** Where it is in the file. */
  keyPath: KeyPath;
  /** Whether the file stored it encrypted (a value kept in clear is no secret). */
  encrypted: boolean;
}

/** What the mapping reads from a decrypt result. */
export interface ExportSource {
  values: readonly DecryptedValue[];
  tree: PlainValue;
  /** The YAML document `tree` is (0 when absent): only its values are exported. */
  doc?: number | undefined;
}

/** Options of {@link exportPairs}. */
export interface ExportPairsOptions {
  /** Put in front of every name. */
  prefix?: string | undefined;
  /** Only the values under this key path, named from below it (`--path db`). */
  under?: KeyPath | undefined;
  /** Export values the MAC does not cover (a decrypt result marks them `authenticated: false`). */
  allowUnauthenticated?: boolean | undefined;
}

/** A value's text as a variable holds it: booleans in lower case (sops stores `True`). */
function valueText(v: DecryptedValue): string {
  return v.type === "bool" ? v.value.toLowerCase() : v.value;
}

const under = (path: KeyPath, prefix: KeyPath): boolean =>
  prefix.length <= path.length && prefix.every((k, i) => path[i] === k);

/** Whether the MAC covers the value (a value in clear in a `mac_only_encrypted` file is not). */
export function isAuthenticated(v: DecryptedValue): boolean {
  return v.authenticated;
}

/**
 * The values of one decrypted file as named pairs, in document order. A Kubernetes Secret manifest
 * gives what its pod sees: its `data` (base64-decoded when it is UTF-8 text) and `stringData`
 * entries by their own keys, `stringData` winning as in Kubernetes; nothing else of it (no
 * `apiVersion`, `kind` or `metadata`). Any other file gives every leaf, nested keys joined with `_`
 * (`db.password` → `db_password`, `hosts[0]` → `hosts_0`).
 */
export function exportPairs(source: ExportSource, options: ExportPairsOptions = {}): ExportPair[] {
  const prefix = options.prefix ?? "";
  const base = options.under ?? [];
  // The document the plain tree holds (a multi-document file exports one: the first or --doc).
  const doc = source.doc ?? 0;
  const values = source.values.filter(
    (v) =>
      v.doc === doc &&
      under(v.keyPath, base) &&
      (options.allowUnauthenticated === true || isAuthenticated(v)),
  );
  if (base.length === 0 && isSecretManifest(source.tree)) {
    const byKey = new Map<string, ExportPair>();
    for (const v of values) {
      const [section, key] = v.keyPath;
      if (v.keyPath.length !== 2 || typeof key !== "string") continue;
      if (section === "data") {
        if (byKey.has(key)) continue;
        const text = valueText(v);
        byKey.set(key, {
          name: prefix + key,
          value: decodeBase64Text(text) ?? text,
          keyPath: v.keyPath,
          encrypted: v.encrypted,
        });
      } else if (section === "stringData") {
        byKey.set(key, {
          name: prefix + key,
          value: valueText(v),
          keyPath: v.keyPath,
          encrypted: v.encrypted,
        });
      }
    }
    return [...byKey.values()];
  }
  return values.map((v) => ({
    name: prefix + v.keyPath.slice(base.length).map(String).join("_"),
    value: valueText(v),
    keyPath: v.keyPath,
    encrypted: v.encrypted,
  }));
}

/**
 * The UTF-8 text a strict base64 string stands for, or undefined when it is not strict base64 of
 * UTF-8 text (binary data stays base64, as `kubectl get secret -o jsonpath` would show it).
 */
export function decodeBase64Text(s: string): string | undefined {
  const compact = s.replace(/\s+/g, "");
  if (compact === "" || !/^[A-Za-z0-9+/]+={0,2}$/.test(compact)) return undefined;
  const bytes = Buffer.from(compact, "base64");
  if (bytes.toString("base64") !== compact) return undefined;
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}
