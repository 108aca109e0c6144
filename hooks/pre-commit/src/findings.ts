/**
 * What the guard reports: findings that block the commit, notes that do not, and the guard's own
 * rules (the policy and sops checks; the detector's rules come from `@hush/core` `listRules()`).
 */
import type { CommitInfo } from "./history.js";

/** Where a finding comes from: the policy (`.hush.yaml`), the sops structure, or the detector. */
export type FindingKind = "policy" | "sops" | "secret";

/** One reason to block the commit. Never holds a secret: `preview` is masked or a key path. */
export interface GuardFinding {
  kind: FindingKind;
  /** Path relative to the repository root, POSIX separators. */
  path: string;
  /** 1-based line and column. */
  line: number;
  column: number;
  ruleId: string;
  description: string;
  /** A masked preview of the secret, or the key path of a plaintext value; never a whole secret. */
  preview: string;
  /** `.hushignore` fingerprint (detector findings only; policy findings cannot be ignored). */
  fingerprint: string | undefined;
  /** What to do about it, one line. */
  fix: string;
  /** The commit that added it (history and range scans). */
  commit?: CommitInfo;
}

/** Something the user should know that does not block (e.g. a MAC that could not be checked). */
export interface GuardNote {
  path: string;
  message: string;
}

/** The result of one run of the checks. */
export interface GuardReport {
  /** Repository root the paths are relative to. */
  root: string;
  /**
   * "staged" for the index, "worktree" for files on disk, "history" for the lines commits added,
   * "range" for the commits of a range (`--since`, actions/scan).
   */
  source: "staged" | "worktree" | "history" | "range";
  findings: GuardFinding[];
  notes: GuardNote[];
  /** Files looked at, and the bytes of text given to the detector. */
  files: number;
  bytesScanned: number;
  /** Commits read (history and range scans). */
  commits?: number;
}

/** The guard's own rules, for help, JSON and SARIF rule metadata. */
export const GUARD_RULES: readonly { id: string; description: string; help: string }[] = [
  {
    id: "policy-plaintext-file",
    description: "A file that a .hush.yaml rule covers is not encrypted",
    help: "Encrypt it in place with `hush encrypt -i FILE`, then stage it again.",
  },
  {
    id: "sops-plaintext-value",
    description:
      "A value of an encrypted file is in plaintext but its rules say it must be encrypted",
    help: "Re-encrypt the file (`hush encrypt -i FILE`); values already encrypted keep their ciphertext.",
  },
  {
    id: "sops-mac-mismatch",
    description:
      "The MAC of an encrypted file does not verify: a value was changed outside sops/hush",
    help: "Restore the file from the last commit and change values with `hush edit` or `hush set`.",
  },
  {
    id: "sops-corrupt-value",
    description: "An encrypted value does not decrypt (hand-edited or truncated ciphertext)",
    help: "Restore the file from the last commit and change values with `hush edit` or `hush set`.",
  },
  {
    id: "sops-malformed",
    description: "A sops file whose metadata or ENC[…] envelopes are incomplete or unparsable",
    help: "Restore the file from the last commit, or re-create it with `hush encrypt`.",
  },
  {
    id: "policy-options",
    description:
      "An encrypted file's sops options (suffixes, regexes, mac_only_encrypted) are not the ones its .hush.yaml rule pins",
    help: "Those options are not under the MAC: restore the sops block from the last commit, or re-encrypt the file under the rule.",
  },
  {
    id: "policy-weakened",
    description:
      "The commit weakens the guard's configuration (scan.ignore, a rule removed or narrowed, a .hushignore fingerprint) together with other files",
    help: "A staged configuration change takes effect only once committed: commit it alone first (`git commit -m … -- .hush.yaml .hushignore`), then the rest.",
  },
  {
    id: "policy-recipient-drift",
    description: "An encrypted file's recipients differ from what its .hush.yaml rule names",
    help: "Re-wrap the data key for the policy's recipients with `hush rekey FILE` (or `hush rotate FILE` when someone left).",
  },
];

/** Shell-quote a path for a fix line only when it needs it. */
export function shellPath(p: string): string {
  return /^[\w./@%+=:,-]+$/.test(p) ? p : `'${p.replace(/'/g, `'\\''`)}'`;
}
