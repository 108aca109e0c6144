/**
 * What a reviewer sees: one `::error file=…,line=…::` annotation per finding (redacted), and a job
 * summary table. Neither ever holds a secret: previews are the guard's masked previews.
 */
import * as core from "@actions/core";
import type { GuardFinding, GuardReport } from "@hush/pre-commit";

const HTML: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
  "|": "&#124;",
};
/** core.summary does not escape: paths, rule text and author names could hold markup. */
const escapeHtml = (s: string): string => s.replace(/[&<>"'|]/g, (c) => HTML[c] ?? c);

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
  const s = core.summary.addHeading(
    n === 0 ? "hush scan: no findings" : `hush scan: ${n} finding${n === 1 ? "" : "s"}`,
    3,
  );
  s.addRaw(
    `<p>${escapeHtml(range)}: ${report.commits ?? 0} commit${report.commits === 1 ? "" : "s"}, ${report.files} file change${report.files === 1 ? "" : "s"} checked${sarif === undefined ? "" : "; SARIF written"}.</p>`,
    true,
  );
  if (n > 0)
    s.addTable([
      [
        { data: "file", header: true },
        { data: "line", header: true },
        { data: "rule", header: true },
        { data: "preview", header: true },
        { data: "commit", header: true },
      ],
      ...report.findings.map((f) => [
        `<code>${escapeHtml(f.path)}</code>`,
        String(f.line),
        escapeHtml(f.ruleId),
        `<code>${escapeHtml(oneLine(f.preview))}</code>`,
        f.commit === undefined
          ? ""
          : `<code>${f.commit.sha.slice(0, 12)}</code> ${escapeHtml(f.commit.author)}`,
      ]),
    ]);
  if (report.notes.length > 0)
    s.addList(report.notes.map((x) => `${escapeHtml(x.path)}: ${escapeHtml(x.message)}`));
  await s.write();
}
