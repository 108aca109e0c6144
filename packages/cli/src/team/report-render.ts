// Markdown for `hush report`: fit to paste in an audit ticket (GitHub/GitLab/Jira markdown tables).
import type { Report, ReportCommit } from "./report-model.js";
import { kindsText, shortKey } from "./members.js";

const cell = (s: string): string => s.replace(/\|/g, "\\|").replace(/\n/g, " ");
const code = (s: string): string => `\`${s.replace(/`/g, "'")}\``;
const names = (xs: readonly string[]): string => (xs.length === 0 ? "—" : xs.map(cell).join(", "));
const short = (c: ReportCommit | null): string =>
  c === null
    ? "uncommitted"
    : `${c.date.slice(0, 10)} · ${cell(c.author)} · ${code(c.commit.slice(0, 7))}`;
const key = (k: string): string => (k.startsWith("age1") || k.startsWith("ssh-") ? shortKey(k) : k);

/** The report as Markdown. */
export function renderReportMarkdown(r: Report): string {
  const s = r.summary;
  const lines: string[] = [
    "# hush compliance report",
    "",
    `Generated ${r.generatedAt} from policy ${code(r.policy)}.`,
    "",
    "## Summary",
    "",
    "| | |",
    "| --- | ---: |",
    `| Encrypted files | ${s.encryptedFiles} |`,
    `| Values in encrypted files | ${s.values} |`,
    `| Values overdue for rotation | ${s.overdueValues} |`,
    `| Files whose recipients drift from the policy | ${s.filesWithDrift} |`,
    `| Plaintext files under an encryption rule | ${s.plaintextFilesUnderRules} |`,
    `| Former readers never rotated out | ${s.staleAccess} |`,
    "",
  ];
  const findings: string[] = [];
  for (const f of r.files) {
    const overdue = f.values.filter((v) => v.rotation === "overdue");
    if (overdue.length > 0)
      findings.push(
        `- **Overdue** ${code(f.file)}: ${overdue.map((v) => `${code(v.path)} (${v.ageDays ?? "?"} days)`).join(", ")} — max_age ${f.maxAgeDays} days; run ${code(`hush rotate ${f.file}`)}`,
      );
    if (f.drift.missing.length > 0)
      findings.push(
        `- **Drift** ${code(f.file)}: granted but missing from the file: ${f.drift.missing.map(key).join(", ")}; run ${code(`hush rekey ${f.file}`)}`,
      );
    if (f.drift.extra.length > 0)
      findings.push(
        `- **Drift** ${code(f.file)}: can read but not granted: ${f.drift.extra.map(key).join(", ")}; run ${code(`hush rekey ${f.file}`)} then ${code(`hush rotate ${f.file}`)}`,
      );
  }
  for (const p of r.plaintext)
    findings.push(
      `- **Plaintext** ${code(p.file)} is covered by the rule on line ${p.ruleLine ?? "?"} but not encrypted; run ${code(`hush encrypt -i ${p.file}`)}`,
    );
  for (const st of r.stale)
    findings.push(
      `- **Not rotated after off-boarding** ${code(st.file)}: ${st.member ?? "an unknown key"} (${key(st.recipient)}) could read it until ${code(st.lastCommit.slice(0, 7))} (${st.lastDate.slice(0, 10)}); run ${code(`hush rotate ${st.file}`)}`,
    );
  lines.push(
    "## Findings",
    "",
    ...(findings.length === 0 ? ["None."] : findings),
    "",
    "## Members",
    "",
    "| Member | Keys |",
    "| --- | --- |",
    ...r.members.map((m) => `| ${cell(m.name)} | ${cell(kindsText(m))} |`),
    "",
    "## Inventory",
    "",
  );
  if (r.files.length === 0) lines.push("No encrypted files.", "");
  for (const f of r.files) {
    lines.push(`### ${code(f.file)}`, "");
    lines.push(
      `- Rule: ${f.rule === null ? "none" : `${code(f.rule.path ?? "?")} (line ${f.rule.line})`}; max_age: ${f.maxAgeDays === null ? "none" : `${f.maxAgeDays} days`}`,
    );
    lines.push(
      `- Readers by policy: ${names(f.readers.members)}${f.readers.groups.length > 0 ? ` (groups: ${names(f.readers.groups)})` : ""}`,
    );
    lines.push(
      `- Recipients in the file: ${names([...f.recipients.members, ...f.recipients.unknown.map((k) => `unknown ${key(k)}`)])}`,
    );
    lines.push(`- Last change: ${short(f.lastChange)}`, "");
    lines.push("| Value | Last change | Age (days) | Rotation |", "| --- | --- | ---: | --- |");
    for (const v of f.values)
      lines.push(
        `| ${code(v.path)} | ${short(v.lastChange)} | ${v.ageDays ?? "—"} | ${v.rotation} |`,
      );
    lines.push("");
  }
  return `${lines.join("\n")}\n`;
}
