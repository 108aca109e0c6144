import { createHmac } from "node:crypto";
import type { DecryptedFile } from "./decrypt.js";
import { formatKeyPath } from "@hush/core/tree";
import type { ActionErrorCode } from "./failure.js";
import type { ExportMode } from "./inputs.js";
import type { OidcAttribution } from "./oidc.js";

export interface RecordInput {
  env: NodeJS.ProcessEnv;
  now: Date;
  exportMode: ExportMode | undefined;
  patterns: readonly string[];
  files: readonly DecryptedFile[];
  /** Files that matched, also when decryption failed before reaching all of them. */
  matched: readonly string[];
  salt: string | undefined;
  oidc: OidcAttribution;
  error: { code: ActionErrorCode; message: string } | undefined;
}

/** Vault's value fingerprint format: `hmac-sha256:<hex>` keyed by the salt. */
export function fingerprint(salt: string, value: string): string {
  return `hmac-sha256:${createHmac("sha256", salt).update(value, "utf8").digest("hex")}`;
}

/**
 * The audit record's fields (the chain adds `seq`, `prev`, `hash`): who ran what, where, which
 * files and value paths were read and which recipient's key opened them. Never a value: only, when
 * a salt is given, an HMAC fingerprint per value so a changed value shows without being revealed.
 */
export function auditFields(input: RecordInput): Record<string, unknown> {
  const e = input.env;
  const v = (name: string): string | null => {
    const value = e[name];
    return value === undefined || value === "" ? null : value;
  };
  const serverUrl = v("GITHUB_SERVER_URL") ?? "https://github.com";
  const repository = v("GITHUB_REPOSITORY");
  const runId = v("GITHUB_RUN_ID");
  return {
    v: 1,
    type: "decrypt",
    time: input.now.toISOString(),
    outcome: input.error === undefined ? "success" : "failure",
    error:
      input.error === undefined ? null : { code: input.error.code, message: input.error.message },
    repository,
    repository_id: v("GITHUB_REPOSITORY_ID"),
    sha: v("GITHUB_SHA"),
    ref: v("GITHUB_REF"),
    workflow: v("GITHUB_WORKFLOW"),
    workflow_ref: v("GITHUB_WORKFLOW_REF"),
    workflow_sha: v("GITHUB_WORKFLOW_SHA"),
    run_id: runId,
    run_number: v("GITHUB_RUN_NUMBER"),
    run_attempt: v("GITHUB_RUN_ATTEMPT"),
    run_url:
      repository !== null && runId !== null
        ? `${serverUrl}/${repository}/actions/runs/${runId}`
        : null,
    job: v("GITHUB_JOB"),
    event_name: v("GITHUB_EVENT_NAME"),
    actor: v("GITHUB_ACTOR"),
    actor_id: v("GITHUB_ACTOR_ID"),
    triggering_actor: v("GITHUB_TRIGGERING_ACTOR"),
    runner: {
      name: v("RUNNER_NAME"),
      os: v("RUNNER_OS"),
      arch: v("RUNNER_ARCH"),
      environment: v("RUNNER_ENVIRONMENT"),
    },
    action_ref: v("GITHUB_ACTION_REF"),
    attribution:
      input.oidc.source === "oidc"
        ? {
            source: "oidc",
            audience: input.oidc.audience,
            claims: input.oidc.claims,
            token: input.oidc.token,
          }
        : { source: "none", reason: input.oidc.reason },
    patterns: input.patterns,
    export: input.exportMode ?? null,
    files: input.matched.map((file) => {
      const d = input.files.find((f) => f.file === file);
      return d === undefined
        ? { file, decrypted: false }
        : {
            file,
            decrypted: true,
            sha256: d.sha256,
            recipient: d.result.recipient,
            lastmodified: d.result.lastmodified,
          };
    }),
    values: input.files.flatMap((f) =>
      f.result.values.map((val) => ({
        file: f.file,
        path: formatKeyPath(val.keyPath),
        encrypted: val.encrypted,
        ...(input.salt === undefined ? {} : { fingerprint: fingerprint(input.salt, val.value) }),
      })),
    ),
    recipients: [...new Set(input.files.map((f) => f.result.recipient))],
  };
}
