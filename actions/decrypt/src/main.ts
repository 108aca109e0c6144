import * as core from "@actions/core";
import { auditFields } from "./audit-record.js";
import { appendAuditBranch } from "./audit-branch.js";
import { appendAuditLog } from "./audit-writer.js";
import { decryptFiles, decryptPolicy, type DecryptedFile } from "./decrypt.js";
import {
  checkNames,
  exportEntries,
  manifestFiles,
  valuePaths,
  type ExportEntry,
} from "./entries.js";
import { applyExport, planExport, type ExportPlan } from "./export.js";
import { describeFailure, failureLine, type ActionErrorCode } from "./failure.js";
import { resolveFiles } from "./globs.js";
import { readInputs, type ActionInputs } from "./inputs.js";
import { maskValues } from "./mask.js";
import { oidcAttribution } from "./oidc.js";
import { writeSummary } from "./summary.js";

/**
 * The action, in the order that keeps secrets safe: inputs (the identity masked first) → decrypt
 * every file (MAC verified) → mask every value → check every name and compute every text the export
 * writes → write the audit record (fail closed) → export → outputs → job summary. Any failure before
 * the export exports nothing; a failed export appends a second record (outcome failure).
 */
export async function run(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  try {
    await decryptStep(env);
  } catch (e) {
    // A bug, not an expected failure: still one ::error:: line, and no stack trace in the log.
    core.setFailed(failureLine(e));
  }
}

async function decryptStep(env: NodeJS.ProcessEnv): Promise<void> {
  let inputs: ActionInputs;
  try {
    inputs = readInputs(env);
  } catch (e) {
    core.setFailed(failureLine(e));
    return;
  }

  const event = env.GITHUB_EVENT_NAME ?? "";
  if (event === "pull_request_target" || event === "workflow_run") {
    // These run with the base repository's secrets; checking out and running the pull request's
    // code in the same job hands it the decrypted values ("pwn request").
    core.warning(`decrypting in a ${event} run: never build or run pull request code in this job`);
  }

  let matched: string[] = [];
  let files: DecryptedFile[] = [];
  let entries: ExportEntry[] = [];
  let plan: ExportPlan | undefined;
  let failure: unknown;
  try {
    matched = await resolveFiles(inputs.workspace, inputs.patterns);
    files = await decryptFiles(
      inputs.workspace,
      matched,
      inputs.ageKey,
      await decryptPolicy(inputs),
    );
    for (const f of files)
      if (f.omitted.length > 0)
        core.warning(
          `${f.file}: left out ${f.omitted.length} value${f.omitted.length === 1 ? "" : "s"} the MAC does not cover (${f.omitted.join(", ")}); anyone who can push to the file can set them (input allow-unauthenticated exports them)`,
        );
    entries = exportEntries(files, inputs.prefix, inputs.allowUnauthenticated);
    maskValues(files, entries);
    if (inputs.exportMode === "k8s-secret") {
      // Secret manifests are written back as they are: their keys (`tls.crt`) never become names.
      const manifests = manifestFiles(files);
      checkNames(
        entries.filter((e) => !manifests.has(e.file)),
        false,
        inputs.allowNames,
      );
    } else if (inputs.exportMode !== "none") {
      checkNames(entries, true, inputs.allowNames);
    }
    plan = await planExport(inputs, entries, files, inputs.allowUnauthenticated);
  } catch (e) {
    failure = e;
  }

  const described = failure === undefined ? undefined : describeFailure(failure);
  const oidc = await oidcAttribution(env);
  const recordOf = (error: { code: ActionErrorCode; message: string } | undefined) =>
    auditFields({
      env,
      now: new Date(),
      exportMode: inputs.exportMode,
      patterns: inputs.patterns,
      files,
      matched,
      salt: inputs.auditSalt,
      oidc,
      error,
    });
  const fields = recordOf(
    described === undefined ? undefined : { code: described.code, message: described.message },
  );
  /** Append a record to every configured sink; `what` names it in the audit branch's commit. */
  const append = async (
    record: Record<string, unknown>,
    what: string,
  ): Promise<{ sink: string; hash: string }[]> => {
    const done: { sink: string; hash: string }[] = [];
    if (inputs.auditLog !== undefined) {
      const r = await appendAuditLog(inputs.auditLog, record, inputs.auditKey, inputs.writeRoots);
      done.push({ sink: "log", hash: r.hash });
    }
    if (inputs.auditBranch !== undefined) {
      const message = `audit: ${what} in run ${env.GITHUB_RUN_ID ?? "local"}/${env.GITHUB_RUN_ATTEMPT ?? "1"}`;
      const r = await appendAuditBranch(
        inputs.workspace,
        inputs.auditBranch,
        record,
        message,
        inputs.auditKey,
      );
      done.push({ sink: `branch ${inputs.auditBranch}`, hash: r.hash });
    }
    return done;
  };

  const audit: { sink: string; hash: string }[] = [];
  let auditError: unknown;
  try {
    audit.push(
      ...(await append(fields, `decrypt ${described === undefined ? "success" : "failure"}`)),
    );
  } catch (e) {
    auditError = e;
  }
  const auditHash = audit[0]?.hash;
  if (auditHash !== undefined) core.setOutput("audit-hash", auditHash);

  const summary = async (error: string | undefined): Promise<void> => {
    try {
      await writeSummary({
        outcome: error === undefined ? "success" : "failure",
        error,
        files: files.length > 0 ? files.map((f) => f.file) : matched,
        valueCount: files.reduce((n, f) => n + f.result.values.length, 0),
        recipients: [...new Set(files.map((f) => f.result.recipient))],
        exportMode: inputs.exportMode,
        actor: env.GITHUB_ACTOR,
        runUrl: typeof fields.run_url === "string" ? fields.run_url : undefined,
        attribution:
          oidc.source === "oidc"
            ? `OIDC token (audience ${oidc.audience})`
            : `none: ${oidc.reason}`,
        audit,
      });
    } catch (e) {
      core.warning(
        `could not write the job summary: ${e instanceof Error ? e.message : String(e)}`,
      );
    }
  };

  if (auditError !== undefined) {
    if (failure !== undefined || inputs.failOnAuditError) {
      // Fail closed: a decrypt that cannot be recorded exports nothing.
      const line =
        failure === undefined
          ? failureLine(auditError)
          : `${failureLine(failure)}; also ${failureLine(auditError)}`;
      await summary(line);
      core.setFailed(line);
      return;
    }
    core.warning(`${failureLine(auditError)}; continuing because fail-on-audit-error is false`);
  }
  if (failure !== undefined) {
    await summary(failureLine(failure));
    core.setFailed(failureLine(failure));
    return;
  }

  try {
    if (plan === undefined) throw new Error("no export plan");
    await applyExport(plan);
    core.setOutput("files", JSON.stringify(files.map((f) => f.file)));
    core.setOutput("paths", JSON.stringify([...new Set(valuePaths(files).map((p) => p.path))]));
    if (plan.path !== undefined) core.setOutput("export-path", plan.path);
    core.info(
      `decrypted ${files.length} file${files.length === 1 ? "" : "s"}, ${entries.length} value${entries.length === 1 ? "" : "s"}` +
        (inputs.exportMode === "none"
          ? ""
          : `; exported to ${inputs.exportMode}: ${plan.names.join(", ")}`),
    );
  } catch (e) {
    // The record above says the files were decrypted; a second one says the values never got where
    // they were going, so the trail does not end on a success that was not one.
    const exportFailure = describeFailure(e);
    try {
      const after = await append(
        recordOf({ code: exportFailure.code, message: `export failed: ${exportFailure.message}` }),
        "export failure",
      );
      if (after[0] !== undefined) core.setOutput("audit-hash", after[0].hash);
      audit.push(...after);
    } catch (recordError) {
      core.warning(`could not record the export failure: ${failureLine(recordError)}`);
    }
    await summary(failureLine(e));
    core.setFailed(failureLine(e));
    return;
  }
  await summary(undefined);
}
