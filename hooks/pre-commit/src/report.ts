/**
 * Render a {@link GuardReport}: text for people (redacted, one line per finding plus its fix),
 * JSON for scripts, SARIF 2.1.0 for GitHub code scanning. No format ever holds a secret.
 */
import { ignoreLine } from "./detect.js";
import { GUARD_RULES, shellPath, type GuardFinding, type GuardReport } from "./findings.js";

/** Longest preview printed, so a minified line cannot flood the terminal. */
const MAX_PREVIEW = 60;

const clip = (s: string): string => {
  const one = s.replace(/[\r\n\t]+/g, " ");
  return one.length > MAX_PREVIEW ? `${one.slice(0, MAX_PREVIEW - 1)}…` : one;
};

/** Text report. `color` adds ANSI bold/red for a terminal. */
export function formatText(report: GuardReport, options: { color?: boolean } = {}): string {
  const c = options.color === true;
  const red = (s: string): string => (c ? `\x1b[31m${s}\x1b[39m` : s);
  const bold = (s: string): string => (c ? `\x1b[1m${s}\x1b[22m` : s);
  const dim = (s: string): string => (c ? `\x1b[2m${s}\x1b[22m` : s);
  const lines: string[] = [];
  const what = report.source === "staged" ? "staged" : "";
  const commits = report.commits ?? 0;
  if (report.findings.length === 0) {
    if (report.source === "history" || report.source === "range")
      lines.push(
        `hush: no secrets${report.source === "range" ? " or policy problems" : ""} in ${commits} commit${commits === 1 ? "" : "s"}`,
      );
    else
      lines.push(
        `hush: no secrets or policy problems in ${report.files} ${what === "" ? "" : "staged "}file${report.files === 1 ? "" : "s"}`,
      );
  } else {
    const n = report.findings.length;
    const files = new Set(report.findings.map((f) => f.path)).size;
    const verdict = report.source === "staged" ? " — commit blocked" : "";
    lines.push(
      red(
        bold(
          `hush: ${n} problem${n === 1 ? "" : "s"} in ${files} file${files === 1 ? "" : "s"}${verdict}`,
        ),
      ),
      "",
    );
    for (const f of report.findings) {
      lines.push(
        `  ${bold(`${f.path}:${f.line}`)}  ${red(f.ruleId)}  ${clip(f.preview)}  ${dim(f.description)}`,
      );
      if (f.commit !== undefined) {
        lines.push(
          `    commit ${f.commit.sha.slice(0, 12)}  ${clip(`${f.commit.author} <${f.commit.email}>`)}  ${f.commit.date}`,
        );
        lines.push(`    → ${f.fix}`);
        if (f.fingerprint !== undefined) lines.push(`      ${ignoreLine(f)}`);
      } else if (f.kind === "secret" && f.fingerprint !== undefined) {
        lines.push(
          `    → encrypt it (hush encrypt -i ${shellPath(f.path)}); not a secret? "hush:allow" on the line, or in .hushignore:`,
        );
        lines.push(`      ${ignoreLine(f)}`);
      } else lines.push(`    → ${f.fix}`);
    }
  }
  for (const n of report.notes) lines.push(`${dim("note:")} ${n.path}: ${n.message}`);
  if (report.findings.length > 0 && report.source === "staged") {
    lines.push(
      "",
      dim(
        "Fix the staged files (git add), then commit again. The guard reads the index, not the working tree.",
      ),
    );
  }
  return `${lines.join("\n")}\n`;
}

/** JSON report: `{ version, source, findings, notes, summary }`; findings carry no secret. */
export function formatJson(report: GuardReport): string {
  const findings = report.findings.map((f) => ({
    path: f.path,
    line: f.line,
    column: f.column,
    ruleId: f.ruleId,
    kind: f.kind,
    description: f.description,
    preview: clip(f.preview),
    fingerprint: f.fingerprint ?? null,
    ignoreLine: f.fingerprint === undefined ? null : ignoreLine(f),
    fix: f.fix,
    ...(f.commit === undefined ? {} : { commit: f.commit }),
  }));
  return `${JSON.stringify(
    {
      version: 1,
      source: report.source,
      findings,
      notes: report.notes,
      summary: {
        files: report.files,
        findings: report.findings.length,
        bytesScanned: report.bytesScanned,
        ...(report.commits === undefined ? {} : { commits: report.commits }),
      },
    },
    null,
    2,
  )}\n`;
}

/** A stable id for a finding with no detector fingerprint (policy findings): rule and path only. */
function findingKey(f: GuardFinding): string {
  return f.fingerprint ?? `${f.ruleId}:${f.path}`;
}

/**
 * SARIF 2.1.0: one run, tool `hush`, rules for every rule that can fire, results with
 * `physicalLocation` (URI relative to the repository root) and `partialFingerprints`.
 * @param detectorRules - the detector's rules (`listRules()`), for rule metadata
 */
export function formatSarif(
  report: GuardReport,
  detectorRules: readonly { id: string; description: string }[],
  version = "0.1.0",
): string {
  const rules = [
    ...GUARD_RULES.map((r) => ({ id: r.id, description: r.description, help: r.help })),
    ...detectorRules.map((r) => ({
      id: r.id,
      description: r.description,
      help: "Move the secret into an encrypted file (`hush encrypt -i`), revoke it if it was ever pushed; not a secret: add `hush:allow` to the line or its fingerprint to .hushignore.",
    })),
  ];
  // Findings from a rule the list does not know (older core) still need a rule entry.
  for (const f of report.findings) {
    if (!rules.some((r) => r.id === f.ruleId))
      rules.push({ id: f.ruleId, description: f.description, help: f.fix });
  }
  const index = new Map(rules.map((r, i) => [r.id, i]));
  const sarif = {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "hush",
            version,
            rules: rules.map((r) => ({
              id: r.id,
              name: r.id.replace(/(^|-)(\w)/g, (_m, _d: string, ch: string) => ch.toUpperCase()),
              shortDescription: { text: r.description },
              fullDescription: { text: r.description },
              help: { text: r.help },
              defaultConfiguration: { level: "error" },
              properties: { tags: ["security", "secret"] },
            })),
          },
        },
        results: report.findings.map((f) => ({
          ruleId: f.ruleId,
          ruleIndex: index.get(f.ruleId) ?? 0,
          level: "error",
          message: { text: `${f.description} (${clip(f.preview)}). Fix: ${f.fix}` },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: encodeURI(f.path), uriBaseId: "%SRCROOT%" },
                region: { startLine: f.line, startColumn: f.column },
              },
            },
          ],
          partialFingerprints: { "hushFindingHash/v1": findingKey(f) },
          ...(f.commit === undefined
            ? {}
            : {
                properties: {
                  commitSha: f.commit.sha,
                  author: f.commit.author,
                  email: f.commit.email,
                  date: f.commit.date,
                },
              }),
        })),
        columnKind: "unicodeCodePoints",
      },
    ],
  };
  return `${JSON.stringify(sarif, null, 2)}\n`;
}
