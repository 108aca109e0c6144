import { describe, expect, it } from "vitest";
import type { GuardReport } from "../src/findings.js";
import { formatJson, formatSarif, formatText } from "../src/report.js";

function sample(): GuardReport {
  return {
    root: "/tmp/repo",
    source: "staged",
    files: 3,
    bytesScanned: 1234,
    notes: [
      {
        path: "secrets/dev.yaml",
        message: "MAC unchecked (no age identity available); structure checked",
      },
    ],
    findings: [
      {
        kind: "secret",
        path: "src/a b.ts",
        line: 12,
        column: 9,
        ruleId: "github-pat",
        description: "GitHub personal access token",
        preview: "ghp_ab…",
        fingerprint: "0f".repeat(32),
        fix: "move it to an encrypted file; or add this line to .hushignore: 0f0f  # github-pat in src/a b.ts",
      },
      {
        kind: "policy",
        path: "secrets/prod.yaml",
        line: 1,
        column: 1,
        ruleId: "policy-plaintext-file",
        description: "not encrypted, but a policy rule covers it",
        preview: "secrets/prod.yaml",
        fingerprint: undefined,
        fix: "hush encrypt -i secrets/prod.yaml",
      },
    ],
  };
}

describe("reports", () => {
  it("should print one line per finding with path:line, rule, preview and the fix", () => {
    const text = formatText(sample());
    expect(text).toContain("2 problems in 2 files — commit blocked");
    expect(text).toContain(
      "  src/a b.ts:12  github-pat  ghp_ab…  GitHub personal access token\n    → encrypt it (hush encrypt -i 'src/a b.ts')",
    );
    expect(text).toContain(`      ${"0f".repeat(32)}  # github-pat in src/a b.ts\n`);
    expect(text).toContain("secrets/prod.yaml:1  policy-plaintext-file");
    expect(text).toContain("note: secrets/dev.yaml: MAC unchecked");
    expect(text).not.toContain("\x1b[");
    expect(formatText(sample(), { color: true })).toContain("\x1b[31m");
  });

  it("should say clean when there is nothing", () => {
    expect(formatText({ ...sample(), findings: [], notes: [] })).toBe(
      "hush: no secrets or policy problems in 3 staged files\n",
    );
  });

  it("should write JSON with a summary and no secret fields", () => {
    const json = JSON.parse(formatJson(sample())) as {
      version: number;
      findings: Record<string, unknown>[];
      summary: { findings: number };
    };
    expect(json.version).toBe(1);
    expect(json.summary.findings).toBe(2);
    expect(Object.keys(json.findings[0] ?? {}).sort()).toEqual([
      "column",
      "description",
      "fingerprint",
      "fix",
      "ignoreLine",
      "kind",
      "line",
      "path",
      "preview",
      "ruleId",
    ]);
    expect(json.findings[1]?.fingerprint).toBeNull();
  });

  it("should write SARIF 2.1.0 with rules, physical locations and partial fingerprints", () => {
    const sarif = JSON.parse(
      formatSarif(sample(), [{ id: "github-pat", description: "GitHub personal access token" }]),
    ) as {
      version: string;
      runs: {
        tool: {
          driver: { name: string; rules: { id: string; shortDescription: { text: string } }[] };
        };
        results: {
          ruleId: string;
          ruleIndex: number;
          level: string;
          locations: {
            physicalLocation: {
              artifactLocation: { uri: string; uriBaseId: string };
              region: { startLine: number; startColumn: number };
            };
          }[];
          partialFingerprints: Record<string, string>;
        }[];
      }[];
    };
    expect(sarif.version).toBe("2.1.0");
    const run = sarif.runs[0];
    expect(run?.tool.driver.name).toBe("hush");
    const ids = run?.tool.driver.rules.map((r) => r.id) ?? [];
    expect(ids).toContain("github-pat");
    expect(ids).toContain("policy-plaintext-file");
    const [first, second] = run?.results ?? [];
    expect(first?.ruleId).toBe("github-pat");
    expect(ids[first?.ruleIndex ?? -1]).toBe("github-pat");
    expect(first?.locations[0]?.physicalLocation.artifactLocation.uri).toBe("src/a%20b.ts");
    expect(first?.locations[0]?.physicalLocation.region).toEqual({ startLine: 12, startColumn: 9 });
    expect(first?.partialFingerprints["hushFindingHash/v1"]).toBe("0f".repeat(32));
    expect(second?.partialFingerprints["hushFindingHash/v1"]).toBe(
      "policy-plaintext-file:secrets/prod.yaml",
    );
    expect(first?.level).toBe("error");
  });
});
