import { join } from "node:path";
import * as core from "@actions/core";
import { HushError, isHushError } from "@hush/core/errors";
import { quoteDotenvExport, renderSecret, secretNameOf } from "@hush/core/export";
import type { DecryptedFile } from "./decrypt.js";
import type { ExportEntry } from "./entries.js";
import type { ActionInputs } from "./inputs.js";
import { writeSecretFile } from "./fsutil.js";
import { checkWritePath, makeDirs, type WriteTarget } from "./paths.js";

/** What the export will do, fully computed (and checked) before the audit record is written. */
export interface ExportPlan {
  /** Variables for GITHUB_ENV (export env). */
  env: ExportEntry[];
  /** Files to write (export dotenv, files, k8s-secret), each in the folder it belongs to. */
  writes: { path: string; text: string }[];
  /** What the writes go to, for errors and the symlink checks. */
  target: WriteTarget;
  /** The folder to create first (files, k8s-secret). */
  dir: string | undefined;
  /** The `export-path` output. */
  path: string | undefined;
  names: string[];
}

/**
 * Compute every text the export will write, so that a value no dotenv quoting keeps exact or a
 * name no Secret can hold fails the step before anything is recorded as exported.
 * @throws HushError ERR_VALUE, ERR_ENV_NAME (naming the key and file, never the value)
 */
export async function planExport(
  inputs: ActionInputs,
  entries: readonly ExportEntry[],
  files: readonly DecryptedFile[],
  allowUnauthenticated = false,
): Promise<ExportPlan> {
  const plan = planTexts(inputs, entries, files, allowUnauthenticated);
  // Refuse a committed symlink (or a path outside the workspace and RUNNER_TEMP) now, before the
  // audit record says the values were exported; the writes check again as they go.
  if (plan.dir !== undefined) await checkWritePath(plan.dir, plan.target, true);
  for (const w of plan.writes) await checkWritePath(w.path, plan.target);
  return plan;
}

function planTexts(
  inputs: ActionInputs,
  entries: readonly ExportEntry[],
  files: readonly DecryptedFile[],
  allowUnauthenticated: boolean,
): ExportPlan {
  const names = entries.map((e) => e.name);
  const what = inputs.exportMode === "dotenv" ? "input dotenv-path" : "input output-dir";
  const target: WriteTarget = { what, code: "ERR_IO", roots: inputs.writeRoots };
  const plan: ExportPlan = { env: [], writes: [], dir: undefined, path: undefined, names, target };
  switch (inputs.exportMode) {
    case "none":
      plan.names = [];
      return plan;
    case "env":
      plan.env = [...entries];
      return plan;
    case "dotenv": {
      const lines = entries.map(
        (e) => `${e.name}=${inFile(e.file, () => quoteDotenvExport(e.value, e.name))}\n`,
      );
      plan.writes.push({ path: inputs.dotenvPath, text: lines.join("") });
      plan.path = inputs.dotenvPath;
      return plan;
    }
    case "files":
      plan.dir = inputs.outputDir;
      plan.path = inputs.outputDir;
      for (const e of entries)
        plan.writes.push({ path: join(inputs.outputDir, e.name), text: e.value });
      return plan;
    case "k8s-secret": {
      plan.dir = inputs.outputDir;
      plan.path = inputs.outputDir;
      const used = new Set<string>();
      for (const f of files) {
        const options = { file: f.file, allowUnauthenticated };
        const base = fileName(secretNameOf(f.result, options));
        let name = base;
        for (let i = 2; used.has(name); i++) name = `${base}-${i}`;
        used.add(name);
        plan.writes.push({
          path: join(inputs.outputDir, `${name}.yaml`),
          text: inFile(f.file, () => renderSecret(f.result, options)),
        });
      }
      return plan;
    }
  }
}

/** A manifest's own name as a file name: no path separators, no leading dot. */
function fileName(name: string): string {
  const safe = name.replace(/[^A-Za-z0-9._-]+/g, "-").replace(/^[.-]+/, "");
  return safe === "" ? "secret" : safe;
}

/** Run `f`, naming `file` in any HushError it throws. */
function inFile<T>(file: string, f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (isHushError(e) && !e.message.includes(file)) {
      throw new HushError(
        e.code,
        `${file}: ${e.message}`,
        e.hint === undefined ? { cause: e } : { hint: e.hint, cause: e },
      );
    }
    throw e;
  }
}

/**
 * Hand the values to later steps. Runs only after every value is masked, every name checked and
 * the audit record written.
 */
export async function applyExport(plan: ExportPlan): Promise<void> {
  for (const e of plan.env) core.exportVariable(e.name, e.value);
  if (plan.dir !== undefined) await makeDirs(plan.dir, plan.target);
  for (const w of plan.writes) await writeSecretFile(w.path, w.text, plan.target);
}
