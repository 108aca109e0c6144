// The credential detector: pure, text in, findings out; never throws.
import { detect, type Detection } from "./detect.js";
import type { Confidence } from "./rule.js";
import { RULES } from "./rules/index.js";
import { sha256Hex } from "./sha256.js";

export interface Finding {
  /** Stable rule id, e.g. `github-pat`, `aws-access-key-id`. */
  ruleId: string;
  /** Human description of the rule. */
  description: string;
  /** 1-based line and column of the secret. */
  line: number;
  column: number;
  /** Redacted preview of the secret (first few characters then `…`), never the whole value. */
  preview: string;
  /** Stable fingerprint for `.hushignore`: sha256 hex of `ruleId:secret` (not of line numbers). */
  fingerprint: string;
  /** 1-based line and column just past the reported range (for SARIF regions). */
  endLine?: number;
  endColumn?: number;
  /**
   * `high` for checksummed or strongly structured formats (a GitHub token whose CRC32 checks
   * out), `medium` for entropy-based and keyword-based matches. Both block a commit.
   */
  confidence?: Confidence;
}

export interface ScanOptions {
  /** File path (used for path-based rules and to skip lock files, binaries, minified files). */
  path: string;
  /** Fingerprints from `.hushignore` to drop. */
  ignore?: ReadonlySet<string>;
}

export type { Confidence };

/** The `.hushignore` fingerprint of a secret found by a rule: sha256 hex of `ruleId:secret`. */
export function fingerprintOf(ruleId: string, secret: string): string {
  return sha256Hex(`${ruleId}:${secret}`);
}

/**
 * A redacted preview: at most 4 characters and never more than a quarter of the secret,
 * then `…`.
 */
export function redact(secret: string): string {
  const shown = Math.min(4, Math.floor(secret.length / 4));
  return `${secret.slice(0, shown)}…`;
}

/** Map offsets to 1-based line/column with one forward walk over the text. */
function positions(text: string, offsets: number[]): Map<number, [number, number]> {
  const sorted = [...new Set(offsets)].sort((a, b) => a - b);
  const out = new Map<number, [number, number]>();
  let line = 1;
  let lineStart = 0;
  for (const off of sorted) {
    for (
      let nl = text.indexOf("\n", lineStart);
      nl >= 0 && nl < off;
      nl = text.indexOf("\n", lineStart)
    ) {
      line++;
      lineStart = nl + 1;
    }
    out.set(off, [line, off - lineStart + 1]);
  }
  return out;
}

function toFindings(text: string, found: Detection[], ignore?: ReadonlySet<string>): Finding[] {
  const pos = positions(
    text,
    found.flatMap((d) => [d.start, d.end]),
  );
  const out: Finding[] = [];
  for (const d of found) {
    const fingerprint = fingerprintOf(d.rule.id, d.secret);
    if (ignore?.has(fingerprint)) continue;
    const [line, column] = pos.get(d.start) ?? [1, 1];
    const [endLine, endColumn] = pos.get(d.end) ?? [line, column];
    out.push({
      ruleId: d.rule.id,
      description: d.decoded === true ? `${d.rule.description} (encoded)` : d.rule.description,
      line,
      column,
      endLine,
      endColumn,
      preview: redact(d.secret),
      fingerprint,
      confidence: d.confidence,
    });
  }
  return out;
}

/**
 * Scan one text. Lines carrying `hush:allow` (or following a line that does) are skipped.
 *
 * Pure and total: lock files, vendored and binary paths, and binary content (a NUL in the first
 * 8 KB) give no findings; it never throws. Should a rule ever fail internally, the result is a
 * single `scanner-error` finding (fail closed) rather than an exception or a silent pass.
 */
export function scanText(text: string, options: ScanOptions): Finding[] {
  try {
    return toFindings(text, detect(text, options.path), options.ignore);
  } catch {
    // Fail closed but never throw: a detector bug must block the commit, visibly, not pass it.
    return [
      {
        ruleId: "scanner-error",
        description: "the detector failed on this file; please report it",
        line: 1,
        column: 1,
        preview: "…",
        fingerprint: fingerprintOf("scanner-error", options.path),
      },
    ];
  }
}

const FINGERPRINT = /(?:^|[\s:])([0-9a-f]{64})(?=\s|$)/i;

/** Parse `.hushignore`: one fingerprint per line, `#` comments, optional `path:` prefix ignored. */
export function parseIgnoreFile(text: string): Set<string> {
  const out = new Set<string>();
  for (const raw of String(text).split(/\r?\n/)) {
    const line = raw.replace(/(?:^|\s)#.*$/, "").trim();
    if (line === "") continue;
    const m = FINGERPRINT.exec(line);
    if (m?.[1]) out.add(m[1].toLowerCase());
  }
  return out;
}

export { skippedPathspecs } from "./allow.js";

/** The rules, for `hush scan --list-rules` and SARIF rule metadata. */
export function listRules(): { id: string; description: string }[] {
  const seen = new Set<string>();
  const out: { id: string; description: string }[] = [];
  for (const r of RULES) {
    if (seen.has(r.id)) continue;
    seen.add(r.id);
    out.push({ id: r.id, description: r.description });
  }
  return out;
}
