// OWNER: scanner helper. The credential detector: pure, text in, findings out; never throws.
import { notImplemented } from "../stub.js";

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
}

export interface ScanOptions {
  /** File path (used for path-based rules and to skip lock files, binaries, minified files). */
  path: string;
  /** Fingerprints from `.hushignore` to drop. */
  ignore?: ReadonlySet<string>;
}

/** Scan one text. Lines carrying `hush:allow` (or following a line that does) are skipped. */
export function scanText(_text: string, _options: ScanOptions): Finding[] {
  return notImplemented("scanText");
}

/** Parse `.hushignore`: one fingerprint per line, `#` comments, optional `path:` prefix ignored. */
export function parseIgnoreFile(_text: string): Set<string> {
  return notImplemented("parseIgnoreFile");
}

/** The rules, for `hush scan --list-rules` and SARIF rule metadata. */
export function listRules(): { id: string; description: string }[] {
  return notImplemented("listRules");
}
