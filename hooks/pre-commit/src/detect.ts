/**
 * The detector's side of the guard: run core's `scanText` on a file and keep what the commit adds,
 * with `.hushignore` fingerprints and `hush:allow` honoured (by the scanner) and a fix for each.
 */
import type { Finding } from "@hush/core/scan";
import { shellPath, type GuardFinding } from "./findings.js";

/** The part of core the detector needs. */
export interface Detector {
  scanText: (text: string, options: { path: string; ignore?: ReadonlySet<string> }) => Finding[];
}

/** Larger texts are not scanned (generated or vendored files); a note says so. */
export const MAX_SCAN_BYTES = 8 * 1024 * 1024;

/** The leaves of an encrypted file, as core's inspection lists them. */
interface Leaves {
  values: readonly { encrypted: boolean; stored: string; envelopeProblem: string | undefined }[];
  comments: readonly { encrypted: boolean; stored: string; envelopeProblem: string | undefined }[];
  /** The stored MAC, and what is wrong with the sops block (a malformed MAC is named there). */
  mac: string | undefined;
  problems: readonly string[];
}

const ENC = "ENC[";

/**
 * What the detector reads of an encrypted file: everything it leaves in clear (values outside its
 * encryption rules, comments, keys, the sops block), with each well-formed `ENC[…]` envelope of
 * its values, comments and MAC starred out to the same length, so lines and columns hold and no
 * ciphertext is ever read as a secret. Any other `ENC[` (a clear value dressed as one) is defused,
 * so the detector's own ENC skip cannot hide what follows it.
 */
export function clearParts(text: string, leaves: Leaves): string {
  const sealed = new Set<string>();
  for (const l of [...leaves.values, ...leaves.comments])
    if (l.encrypted && l.envelopeProblem === undefined) sealed.add(l.stored);
  if (leaves.mac !== undefined && !leaves.problems.some((p) => p.includes("mac")))
    sealed.add(leaves.mac);
  const out: string[] = [];
  let from = 0;
  for (let at = text.indexOf(ENC); at >= 0; at = text.indexOf(ENC, at + ENC.length)) {
    const end = text.indexOf("]", at);
    const envelope = end < 0 ? "" : text.slice(at, end + 1);
    out.push(text.slice(from, at));
    if (sealed.has(envelope)) {
      out.push("*".repeat(envelope.length));
      from = end + 1;
      at = end + 1 - ENC.length;
    } else {
      out.push("ENC(");
      from = at + ENC.length;
    }
  }
  out.push(text.slice(from));
  return out.join("");
}

/** The line to add to `.hushignore` to silence one finding. */
export function ignoreLine(f: {
  fingerprint: string | undefined;
  ruleId: string;
  path: string;
}): string {
  return `${f.fingerprint ?? ""}  # ${f.ruleId} in ${f.path}`;
}

function touches(added: ReadonlySet<number>, from: number, to: number): boolean {
  for (let l = from; l <= to; l++) if (added.has(l)) return true;
  return false;
}

/**
 * Scan a file's text and keep the findings on added lines.
 * @param added - line numbers the commit adds, or "all" for a new file or a working-tree scan
 */
export function detect(
  detector: Detector,
  path: string,
  text: string,
  added: ReadonlySet<number> | "all",
  ignore: ReadonlySet<string>,
): GuardFinding[] {
  // Scan the whole blob so multi-line secrets and a `hush:allow` on an unchanged line above still
  // count, then keep only what lands on an added line.
  const found = detector.scanText(text, { path, ignore });
  const out: GuardFinding[] = [];
  for (const f of found) {
    // A multi-line secret (a PEM block) counts when any of its lines is added.
    const end = (f as Finding & { endLine?: number }).endLine ?? f.line;
    if (added !== "all" && !touches(added, f.line, Math.max(f.line, end))) continue;
    out.push({
      kind: "secret",
      path,
      line: f.line,
      column: f.column,
      ruleId: f.ruleId,
      description: f.description,
      preview: f.preview,
      fingerprint: f.fingerprint,
      fix: `encrypt the file (hush encrypt -i ${shellPath(path)}) or move the value into an encrypted one; not a secret? add "hush:allow" to the line, or this line to .hushignore: ${ignoreLine({ fingerprint: f.fingerprint, ruleId: f.ruleId, path })}`,
    });
  }
  return out;
}
