import * as core from "@actions/core";
import { escapeHtml, writeJobSummary } from "@hush/core/summary";

export interface SummaryInput {
  outcome: "success" | "failure";
  error: string | undefined;
  files: readonly string[];
  valueCount: number;
  recipients: readonly string[];
  exportMode: string;
  actor: string | undefined;
  runUrl: string | undefined;
  attribution: string;
  audit: readonly { sink: string; hash: string }[];
}

/** The record as a short table in the job summary: names, counts and hashes only, never values. */
export async function writeSummary(input: SummaryInput): Promise<void> {
  const rows: [string, string][] = [
    [
      "outcome",
      input.outcome === "success"
        ? "✅ success"
        : `❌ failure${input.error === undefined ? "" : `: ${escapeHtml(input.error)}`}`,
    ],
    [
      "files",
      input.files.length === 0
        ? "none"
        : input.files.map((f) => `<code>${escapeHtml(f)}</code>`).join("<br>"),
    ],
    ["values", String(input.valueCount)],
    [
      "recipient",
      input.recipients.length === 0
        ? "none"
        : input.recipients.map((r) => `<code>${escapeHtml(r)}</code>`).join("<br>"),
    ],
    ["export", escapeHtml(input.exportMode)],
    ["actor", escapeHtml(input.actor ?? "unknown")],
    [
      "run",
      input.runUrl === undefined
        ? "unknown"
        : `<a href="${escapeHtml(input.runUrl)}">${escapeHtml(input.runUrl)}</a>`,
    ],
    ["attribution", escapeHtml(input.attribution)],
    ...input.audit.map(({ sink, hash }): [string, string] => [
      `audit (${escapeHtml(sink)})`,
      `<code>${hash}</code>`,
    ]),
  ];
  await writeJobSummary(core.summary, {
    heading: "hush decrypt",
    columns: ["field", "value"],
    rows,
  });
}
