import { isAbsolute, join, resolve } from "node:path";
import * as core from "@actions/core";
import { compileAllowNames } from "@hush/core/envname";
import { HushError, isHushError } from "@hush/core/errors";

/** Where decrypted values go. */
export type ExportMode = "env" | "dotenv" | "files" | "k8s-secret" | "none";
const EXPORT_MODES: readonly ExportMode[] = ["env", "dotenv", "files", "k8s-secret", "none"];

/** The action's inputs, checked. Paths are absolute (relative ones resolved against the workspace). */
export interface ActionInputs {
  workspace: string;
  /** Where the action may write: the workspace and RUNNER_TEMP (absolute, resolved). */
  writeRoots: string[];
  /** The raw `age-key` input, already registered as a secret line by line. */
  ageKey: string;
  /** Glob patterns relative to the workspace; a leading `!` excludes. */
  patterns: string[];
  exportMode: ExportMode;
  /** The dotenv file (`export: dotenv`). */
  dotenvPath: string;
  /** The folder for `export: files` and `export: k8s-secret`. */
  outputDir: string;
  prefix: string;
  /** Names opened on purpose (`allow-names`): a whole-name regex; never opens a locked family. */
  allowNames: RegExp | undefined;
  auditLog: string | undefined;
  auditBranch: string | undefined;
  auditSalt: string | undefined;
  /** The key of each record's MAC (`audit-key`, an Actions secret repository writers do not hold). */
  auditKey: string | undefined;
  failOnAuditError: boolean;
  /** Export values the MAC does not cover too (`mac_only_encrypted` files); off by default. */
  allowUnauthenticated: boolean;
}

/**
 * Read and check every input. The identity is registered as a secret before anything else
 * happens, so not even a parse error of another input can print it.
 * @throws HushError ERR_INPUT
 */
export function readInputs(env: NodeJS.ProcessEnv): ActionInputs {
  const ageKey = core.getInput("age-key", { trimWhitespace: false });
  maskIdentityText(ageKey);
  if (ageKey.trim() === "") {
    throw new HushError("ERR_INPUT", "input age-key is empty", {
      hint: "pass the identity as a secret (secrets are not given to workflows from forks)",
    });
  }

  const workspace = resolve(env.GITHUB_WORKSPACE ?? process.cwd());
  const inWorkspace = (p: string): string => (isAbsolute(p) ? p : resolve(workspace, p));
  const temp = env.RUNNER_TEMP ?? workspace;
  const writeRoots = [
    workspace,
    ...(env.RUNNER_TEMP === undefined ? [] : [resolve(env.RUNNER_TEMP)]),
  ];

  const patterns = core
    .getMultilineInput("files")
    .map((p) => p.trim())
    .filter((p) => p !== "" && !p.startsWith("#"));
  if (patterns.length === 0) {
    throw new HushError("ERR_INPUT", "input files is empty", {
      hint: "give one or more globs, one per line",
    });
  }

  const exportInput = core.getInput("export") || "env";
  if (!(EXPORT_MODES as readonly string[]).includes(exportInput)) {
    throw new HushError("ERR_INPUT", `input export is ${JSON.stringify(exportInput)}`, {
      hint: `use one of ${EXPORT_MODES.join(", ")}`,
    });
  }

  let failOnAuditError: boolean;
  try {
    failOnAuditError =
      core.getInput("fail-on-audit-error") === ""
        ? true
        : core.getBooleanInput("fail-on-audit-error");
  } catch {
    throw new HushError("ERR_INPUT", "input fail-on-audit-error is not a boolean", {
      hint: "use true or false",
    });
  }

  let allowUnauthenticated: boolean;
  try {
    allowUnauthenticated =
      core.getInput("allow-unauthenticated") === ""
        ? false
        : core.getBooleanInput("allow-unauthenticated");
  } catch {
    throw new HushError("ERR_INPUT", "input allow-unauthenticated is not a boolean", {
      hint: "use true or false",
    });
  }

  const auditBranch = core.getInput("audit-branch") || undefined;
  if (
    auditBranch !== undefined &&
    !/^(?!.*\.\.)(?!\/)(?!.*\/$)[A-Za-z0-9._/-]+$/.test(auditBranch)
  ) {
    throw new HushError(
      "ERR_INPUT",
      `input audit-branch is not a plain branch name: ${JSON.stringify(auditBranch)}`,
    );
  }
  const auditSalt = core.getInput("audit-salt", { trimWhitespace: false }) || undefined;
  if (auditSalt !== undefined) core.setSecret(auditSalt);
  const auditKey = core.getInput("audit-key") || undefined;
  if (auditKey !== undefined) core.setSecret(auditKey);
  const auditLog = core.getInput("audit-log");
  let allowNames: RegExp | undefined;
  try {
    allowNames = compileAllowNames(core.getInput("allow-names"), "input allow-names");
  } catch (e) {
    if (!isHushError(e)) throw e;
    throw new HushError("ERR_INPUT", e.message, { hint: e.hint });
  }

  return {
    workspace,
    writeRoots,
    ageKey,
    patterns,
    exportMode: exportInput as ExportMode,
    dotenvPath: inWorkspace(core.getInput("dotenv-path") || join(temp, "hush", ".env")),
    outputDir: inWorkspace(core.getInput("output-dir") || join(temp, "hush", "secrets")),
    prefix: core.getInput("prefix"),
    allowNames,
    auditLog: auditLog === "" ? undefined : inWorkspace(auditLog),
    auditBranch,
    auditSalt,
    auditKey,
    failOnAuditError,
    allowUnauthenticated,
  };
}

/** Register the identity input, and each of its lines, before it can reach any output. */
function maskIdentityText(text: string): void {
  if (text.trim() === "") return;
  core.setSecret(text);
  for (const line of text.split(/\r?\n/)) {
    const t = line.trim();
    if (t !== "" && t !== text && !t.startsWith("#")) core.setSecret(t);
  }
}
