// OWNER: core-format helper. Paths and plain trees.
import type { Format, KeyPath, PlainValue } from "./types.js";
import { notImplemented } from "./stub.js";

/** Format from a file name (`.yaml/.yml`, `.json`, `.env`/`.env.*`, `.ini`; anything else binary). */
export function detectFormat(_path: string): Format {
  return notImplemented("detectFormat");
}

/** Parse `a.b[0].c` (dots, brackets; `["a.b"]` quotes) into a key path. ERR_PATH when malformed. */
export function parseKeyPath(_path: string): KeyPath {
  return notImplemented("parseKeyPath");
}

/** Parse sops `--extract` syntax: `["a"]["b"][0]`. ERR_PATH when malformed. */
export function parseExtractPath(_path: string): KeyPath {
  return notImplemented("parseExtractPath");
}

/** Format a key path for humans: `db.password`, `hosts[0]`. */
export function formatKeyPath(_path: KeyPath): string {
  return notImplemented("formatKeyPath");
}

/** The value at a path; ERR_PATH when absent. */
export function getValue(_tree: PlainValue, _path: KeyPath): PlainValue {
  return notImplemented("getValue");
}

/**
 * Flatten to `[name, value]` pairs for environment variables: nested keys joined with `_`
 * (`db.password` → `db_password`), lists by index; values stringified (bools `true`/`false`).
 */
export function flatten(_tree: PlainValue, _options?: { prefix?: string; separator?: string }): [string, string][] {
  return notImplemented("flatten");
}

/** Render plain data as another format. `k8s-secret` is a Secret manifest with `stringData`. */
export function exportAs(
  _tree: PlainValue,
  _as: "json" | "yaml" | "dotenv" | "k8s-secret",
  _options?: { name?: string; namespace?: string },
): string {
  return notImplemented("exportAs");
}
