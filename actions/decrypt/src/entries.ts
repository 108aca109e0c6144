import {
  envNameProblem,
  flatten,
  formatKeyPath,
  isPlainMap,
  isPlainNumber,
  type PlainValue,
} from "@hush/core";
import type { DecryptedFile } from "./decrypt.js";
import { isSecretManifest } from "./export.js";
import { ActionFailure } from "./failure.js";
import { decodeBase64Text } from "./mask.js";

/** One value as it will be exported: its environment name (prefix included) and its text. */
export interface ExportEntry {
  name: string;
  value: string;
  /** The file it came from (workspace-relative). */
  file: string;
}

/**
 * The values of every file with the prefix in front of their names. A Kubernetes Secret manifest
 * gives what its pod would see: the `stringData` entries and the base64-decoded `data` entries, by
 * their own keys (`DATABASE_URL`, not `stringData_DATABASE_URL`; never `kind` or `metadata_name`).
 * Any other file is flattened the way `hush exec` does.
 */
export function exportEntries(files: readonly DecryptedFile[], prefix: string): ExportEntry[] {
  return files.flatMap((f) =>
    namedValues(f.result.tree).map(([name, value]) => ({
      name: `${prefix}${name}`,
      value,
      file: f.file,
    })),
  );
}

function namedValues(tree: PlainValue): [string, string][] {
  if (!isSecretManifest(tree) || !isPlainMap(tree)) {
    return flatten(tree);
  }
  const out: [string, string][] = [];
  const section = (v: PlainValue | undefined): [string, PlainValue][] =>
    isPlainMap(v) ? Object.entries(v) : [];
  // Binary data (not UTF-8) stays base64, as `kubectl get secret -o jsonpath` would show it.
  const text = (v: PlainValue): string =>
    typeof v === "string" ? v : isPlainNumber(v) ? v.text : JSON.stringify(v);
  for (const [k, v] of section(tree["data"])) out.push([k, decodeBase64Text(text(v)) ?? text(v)]);
  for (const [k, v] of section(tree["stringData"])) out.push([k, text(v)]);
  return out;
}

/** Value paths of every file (`db.password`, `hosts[0]`), in order, for outputs and the audit. */
export function valuePaths(files: readonly DecryptedFile[]): { file: string; path: string }[] {
  return files.flatMap((f) =>
    f.result.values.map((v) => ({ file: f.file, path: formatKeyPath(v.keyPath) })),
  );
}

/**
 * Refuse any name that cannot safely become an environment variable (`=`, a newline, `GITHUB_*`,
 * `LD_*`, `BASH_ENV`, `NODE_OPTIONS`, `PATH`…) and any name two values would share. Every bad
 * name is listed; names are keys, never values, so they may be shown.
 * @param unique - whether two files may not give the same name (every mode but k8s-secret)
 * @throws ActionFailure ERR_ENV_NAME
 */
export function checkNames(entries: readonly ExportEntry[], unique: boolean): void {
  const problems: string[] = [];
  const firstFile = new Map<string, string>();
  for (const e of entries) {
    const problem = envNameProblem(e.name);
    if (problem !== undefined) problems.push(`${JSON.stringify(e.name)} in ${e.file}: ${problem}`);
    const other = firstFile.get(e.name);
    if (other !== undefined && (unique || other === e.file)) {
      problems.push(
        `${JSON.stringify(e.name)} is given by ${other === e.file ? "two values" : "two files"} (${other}, ${e.file})`,
      );
    }
    if (other === undefined) firstFile.set(e.name, e.file);
  }
  if (problems.length > 0) {
    throw new ActionFailure(
      "ERR_ENV_NAME",
      `cannot export ${problems.length === 1 ? "a value" : `${problems.length} values`}: ${problems.join("; ")}`,
      "rename the keys, or set input prefix",
    );
  }
}
