import { HushError } from "@hush/core/errors";
import { envNameRefusal } from "@hush/core/envname";
import { exportPairs, isSecretManifest } from "@hush/core/export";
import { formatKeyPath } from "@hush/core/tree";
import type { DecryptedFile } from "./decrypt.js";

/** One value as it will be exported: its environment name (prefix included) and its text. */
export interface ExportEntry {
  name: string;
  value: string;
  /** The file it came from (workspace-relative). */
  file: string;
}

/**
 * The values of every file with the prefix in front of their names, through core's one export
 * mapping: a Kubernetes Secret manifest gives its `data` (decoded) and `stringData` entries by their
 * own keys (`DATABASE_URL`, never `kind` or `metadata_name`); any other file every leaf, nested keys
 * joined with `_` as `hush exec` does. Comments are never exported.
 */
export function exportEntries(
  files: readonly DecryptedFile[],
  prefix: string,
  allowUnauthenticated = false,
): ExportEntry[] {
  return files.flatMap((f) =>
    exportPairs(f.result, { prefix, allowUnauthenticated }).map((p) => ({
      name: p.name,
      value: p.value,
      file: f.file,
    })),
  );
}

/** Files that are Secret manifests (written back as manifests by export k8s-secret). */
export function manifestFiles(files: readonly DecryptedFile[]): Set<string> {
  return new Set(files.filter((f) => isSecretManifest(f.result.tree)).map((f) => f.file));
}

/** Value paths of every file (`db.password`, `hosts[0]`), in order, for outputs and the audit. */
export function valuePaths(files: readonly DecryptedFile[]): { file: string; path: string }[] {
  return files.flatMap((f) =>
    f.result.values.map((v) => ({ file: f.file, path: formatKeyPath(v.keyPath) })),
  );
}

/**
 * Refuse any name that cannot safely become an environment variable (`=`, a newline, or a name of
 * a family that makes a later step run code or send traffic elsewhere: `GITHUB_*`, `LD_*`,
 * `GIT_*`, `*_PROXY`…, unless `allow` opens its family) and any name two values would share. Every
 * bad name is listed with its file; names are keys, never values, so they may be shown.
 * @param unique - whether two files may not give the same name (every mode but k8s-secret)
 * @throws HushError ERR_ENV_NAME
 */
export function checkNames(entries: readonly ExportEntry[], unique: boolean, allow?: RegExp): void {
  const problems: string[] = [];
  const firstFile = new Map<string, string>();
  for (const e of entries) {
    const refusal = envNameRefusal(e.name, { allow });
    if (refusal !== undefined) {
      problems.push(`${JSON.stringify(e.name)} in ${e.file}: ${refusal.reason}`);
    }
    const other = firstFile.get(e.name);
    if (other !== undefined && (unique || other === e.file)) {
      problems.push(
        `${JSON.stringify(e.name)} is given by ${other === e.file ? "two values" : "two files"} (${other}, ${e.file})`,
      );
    }
    if (other === undefined) firstFile.set(e.name, e.file);
  }
  if (problems.length > 0) {
    throw new HushError(
      "ERR_ENV_NAME",
      `cannot export ${problems.length === 1 ? "a value" : `${problems.length} values`}: ${problems.join("; ")}`,
      { hint: "rename the keys, set input prefix, or open a name with input allow-names" },
    );
  }
}
