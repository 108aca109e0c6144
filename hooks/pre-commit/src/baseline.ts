/**
 * `--baseline FILE`: a previous `--json` report whose findings are known and accepted. Findings
 * match by fingerprint (sha256 of rule and secret, never of path or line), so a baselined secret
 * that moves to another line or file, or shows up again in another commit, stays baselined; a
 * policy finding (no fingerprint) matches by rule and path.
 */
import { HushError } from "@hush/core/errors";
import type { GuardFinding, GuardReport } from "./findings.js";

/** The baseline file is not a `hush scan --json` report: an ERR_BASELINE {@link HushError}. */
function notABaseline(why: string): HushError {
  return new HushError("ERR_BASELINE", why);
}

const FINGERPRINT = /^[0-9a-f]{64}$/;

function keyOf(f: {
  fingerprint: string | null | undefined;
  ruleId: string;
  path: string;
}): string {
  return typeof f.fingerprint === "string" ? f.fingerprint : `${f.ruleId}\0${f.path}`;
}

/** The keys of the findings of a `--json` report; ERR_BASELINE when it is not one. */
export function parseBaseline(text: string): Set<string> {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    throw notABaseline("the baseline is not JSON");
  }
  const findings = (doc as { findings?: unknown } | null)?.findings;
  if (typeof doc !== "object" || doc === null || !Array.isArray(findings))
    throw notABaseline("the baseline is not a hush scan --json report (no findings list)");
  const keys = new Set<string>();
  for (const f of findings as unknown[]) {
    const o = f as { fingerprint?: unknown; ruleId?: unknown; path?: unknown } | null;
    if (
      o === null ||
      typeof o !== "object" ||
      typeof o.ruleId !== "string" ||
      typeof o.path !== "string"
    )
      throw notABaseline("the baseline has a finding without ruleId and path");
    const fp = typeof o.fingerprint === "string" ? o.fingerprint.toLowerCase() : null;
    if (fp !== null && !FINGERPRINT.test(fp))
      throw notABaseline("the baseline has a malformed fingerprint");
    keys.add(keyOf({ fingerprint: fp, ruleId: o.ruleId, path: o.path }));
  }
  return keys;
}

/** Drop the baselined findings from `report` (in place); a note says how many. */
export function applyBaseline(report: GuardReport, keys: ReadonlySet<string>, name: string): void {
  const kept: GuardFinding[] = [];
  let dropped = 0;
  for (const f of report.findings) {
    if (keys.has(keyOf(f))) dropped++;
    else kept.push(f);
  }
  report.findings = kept;
  if (dropped > 0)
    report.notes.push({
      path: name,
      message: `${dropped} finding${dropped === 1 ? "" : "s"} already in the baseline, not reported`,
    });
}
