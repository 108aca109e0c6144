import { basename, join } from "node:path";
import * as core from "@actions/core";
import { exportAs, isPlainMap, type PlainValue } from "@hush/core";
import type { DecryptedFile } from "./decrypt.js";
import type { ExportEntry } from "./entries.js";
import type { ActionInputs } from "./inputs.js";
import { privateDir, writeSecretFile } from "./fsutil.js";

/** Where the values went, for the `export-path` output. */
export interface ExportOutcome {
  path: string | undefined;
  names: string[];
}

/** A Kubernetes object name (DNS-1123 subdomain) from a file name: `k8s/prod/db.enc.yaml` → `db`. */
export function secretName(file: string): string {
  const base = basename(file)
    .replace(/\.(ya?ml|json|env|ini)$/i, "")
    .replace(/\.enc$/i, "");
  const name = base
    .toLowerCase()
    .replace(/[^a-z0-9.-]+/g, "-")
    .replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, "");
  return (name === "" ? "secret" : name).slice(0, 253);
}

const asObject = (entries: readonly ExportEntry[]): Record<string, PlainValue> =>
  Object.fromEntries(entries.map((e) => [e.name, e.value]));

/**
 * Hand the values to later steps. Runs only after every value is masked, every name checked and
 * the audit record written.
 */
export async function exportValues(
  inputs: ActionInputs,
  entries: readonly ExportEntry[],
  files: readonly DecryptedFile[],
): Promise<ExportOutcome> {
  const names = entries.map((e) => e.name);
  switch (inputs.exportMode) {
    case "none":
      return { path: undefined, names: [] };
    case "env":
      for (const e of entries) core.exportVariable(e.name, e.value);
      return { path: undefined, names };
    case "dotenv":
      await writeSecretFile(inputs.dotenvPath, exportAs(asObject(entries), "dotenv"));
      return { path: inputs.dotenvPath, names };
    case "files":
      await privateDir(inputs.outputDir);
      for (const e of entries) await writeSecretFile(join(inputs.outputDir, e.name), e.value);
      return { path: inputs.outputDir, names };
    case "k8s-secret": {
      await privateDir(inputs.outputDir);
      const used = new Set<string>();
      for (const f of files) {
        let name = secretName(f.file);
        for (let i = 2; used.has(name); i++) name = `${secretName(f.file)}-${i}`;
        used.add(name);
        // A file that already is a Secret manifest (the GitOps case: only data/stringData
        // encrypted) is written back decrypted as it is; any other file becomes one.
        // (Not when values were left out: the text still holds them.)
        const manifest =
          isSecretManifest(f.result.tree) && f.omitted.length === 0
            ? f.result.text
            : exportAs(asObject(entries.filter((e) => e.file === f.file)), "k8s-secret", { name });
        await writeSecretFile(join(inputs.outputDir, `${name}.yaml`), manifest);
      }
      return { path: inputs.outputDir, names };
    }
  }
}

/** A Kubernetes `v1` Secret manifest (written back as it is by `export: k8s-secret`). */
export function isSecretManifest(tree: PlainValue): boolean {
  return (
    isPlainMap(tree) && tree.apiVersion === "v1" && tree.kind === "Secret" && hasSecretData(tree)
  );
}

function hasSecretData(tree: { [key: string]: PlainValue }): boolean {
  return typeof tree.data === "object" || typeof tree.stringData === "object";
}
