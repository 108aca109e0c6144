/**
 * What a reviewer sees: one `::error file=…,line=…::` annotation per finding (redacted), and a job
 * summary table. Neither ever holds a secret: previews are the guard's masked previews.
 */
import * as core from "@actions/core";
import { escapeHtml, writeJobSummary } from "@hush/core/summary";
import type { GuardFinding, GuardReport } from "@hush/pre-commit";

const oneLine = (s: string): string => s.replace(/[\r\n]+/g, " ");

/** The annotation text of a finding (a masked preview, never the secret). */
export function annotationText(f: GuardFinding): string {
  const where = f.commit === undefined ? "" : ` (commit ${f.commit.sha.slice(0, 12)})`;
  return oneLine(`${f.ruleId}: ${f.description} [${f.preview}]${where}. ${f.fix}`);
}

/** One error annotation per finding; notes as notices. */
export function annotate(report: GuardReport): void {
  for (const f of report.findings)
    core.error(annotationText(f), {
      title: `hush: ${f.ruleId}`,
      file: f.path,
      startLine: f.line,
      startColumn: f.column,
    });
  for (const n of report.notes) core.notice(oneLine(n.message), { file: n.path });
}

/** The job summary: the range, the counts, a row per finding. */
export async function writeSummary(
  report: GuardReport,
  range: string,
  sarif: string | undefined,
): Promise<void> {
  const n = report.findings.length;
  await writeJobSummary(core.summary, {
    heading: n === 0 ? "hush scan: no findings" : `hush scan: ${n} finding${n === 1 ? "" : "s"}`,
    intro: `${escapeHtml(range)}: ${report.commits ?? 0} commit${report.commits === 1 ? "" : "s"}, ${report.files} file change${report.files === 1 ? "" : "s"} checked${sarif === undefined ? "" : "; SARIF written"}.`,
    columns: ["file", "line", "rule", "preview", "commit"],
    rows: report.findings.map((f) => [
      `<code>${escapeHtml(f.path)}</code>`,
      String(f.line),
      escapeHtml(f.ruleId),
      `<code>${escapeHtml(oneLine(f.preview))}</code>`,
      f.commit === undefined
        ? ""
        : `<code>${f.commit.sha.slice(0, 12)}</code> ${escapeHtml(f.commit.author)}`,
    ]),
    notes: report.notes.map((x) => `${escapeHtml(x.path)}: ${escapeHtml(x.message)}`),
  });
}
