/**
 * The policy and sops checks of one file's (staged) text: (1) a file a rule covers must be encrypted,
 * with every value its rules say must be encrypted; (2) an encrypted file's structure and MAC must
 * verify and its recipients must be the rule's. Core is passed in: it is loaded lazily, only when a
 * covered or encrypted file is staged.
 */
import type { EncryptionRules, Inspection, KeyPath, ResolvedRule } from "@hush/core";
import { detectFormat, looksEncrypted } from "@hush/core/sniff";
import { clearParts } from "./detect.js";
import { shellPath, type GuardFinding, type GuardNote } from "./findings.js";
import type * as CoreModule from "@hush/core";

type Core = typeof CoreModule;

/** A file to check: its path relative to the repository root and its text. */
export interface CheckedFile {
  path: string;
  text: string;
}

/** Identities for MAC checks, looked up once on first use; `undefined` source when none is available. */
export type IdentityProvider = () => Promise<{ identities: string[]; problem: string | undefined }>;

/** Best-effort 1-based line of a key path in the text, for messages (the last key, after its parents). */
export function locateKey(text: string, keyPath: KeyPath): number {
  const lines = text.split("\n");
  let from = 0;
  for (const key of keyPath) {
    if (typeof key !== "string") continue;
    const esc = key.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    const re = new RegExp(`^\\s*(?:-\\s+)?(?:"${esc}"|'${esc}'|${esc})\\s*[:=]`);
    for (let i = from; i < lines.length; i++) {
      if (re.test(lines[i] ?? "")) {
        from = i;
        break;
      }
    }
  }
  return from + 1;
}

const sameSet = (a: readonly string[], b: readonly string[]): boolean => {
  const sa = new Set(a);
  const sb = new Set(b);
  return sa.size === sb.size && [...sa].every((x) => sb.has(x));
};

/** Recipients of the file vs the rule, as sets (groups compared as a set of sets). */
export function recipientsDrift(
  actual: readonly string[][],
  rule: ResolvedRule,
): { expected: string[]; actual: string[] } | undefined {
  const expectedGroups = rule.keyGroups ?? [rule.recipients];
  const groups = actual.filter((g) => g.length > 0);
  const matches =
    groups.length === expectedGroups.length &&
    expectedGroups.every((eg) => groups.some((g) => sameSet(g, eg))) &&
    groups.every((g) => expectedGroups.some((eg) => sameSet(g, eg)));
  if (matches) return undefined;
  return { expected: [...new Set(expectedGroups.flat())], actual: [...new Set(groups.flat())] };
}

/** Result of checking one file under the policy and the sops structure. */
export interface PolicyCheck {
  findings: GuardFinding[];
  notes: GuardNote[];
  /** True when the file is sops-encrypted: its ENC values are not secrets, its clear parts may be. */
  encrypted: boolean;
  /**
   * For an encrypted file: its text as the detector should read it, every well-formed ENC value
   * starred out (see `clearParts`). A function, so a result never carries the text itself.
   */
  clearText: (() => string) | undefined;
}

function finding(
  file: CheckedFile,
  ruleId: string,
  description: string,
  preview: string,
  fix: string,
  line = 1,
): GuardFinding {
  const kind = ruleId.startsWith("policy-") ? "policy" : "sops";
  return {
    kind,
    path: file.path,
    line,
    column: 1,
    ruleId,
    description,
    preview,
    fingerprint: undefined,
    fix,
  };
}

/**
 * Check one file against its rule (if any) and, when it is sops-encrypted, its structure, values and MAC.
 * @param rule - the resolved `.hush.yaml` rule covering the file, or undefined
 * @param policySource - the policy file, for messages
 * @param moreOptions - further options a value must also be encrypted under (the committed policy's
 *   rule, while a staged policy changes it)
 */
export async function checkEncryption(
  core: Core,
  file: CheckedFile,
  rule: ResolvedRule | undefined,
  policySource: string | undefined,
  identities: IdentityProvider,
  moreOptions: readonly EncryptionRules[] = [],
): Promise<PolicyCheck> {
  const out: PolicyCheck = { findings: [], notes: [], encrypted: false, clearText: undefined };
  const p = shellPath(file.path);
  const where =
    policySource === undefined || rule === undefined
      ? ""
      : ` (rule at ${policySource}:${rule.rule.line})`;
  const plaintext = (): void => {
    out.findings.push(
      finding(
        file,
        "policy-plaintext-file",
        `not encrypted, but a policy rule covers it${where}`,
        file.path,
        `hush encrypt -i ${p}`,
      ),
    );
  };
  const format = detectFormat(file.path);
  if (!looksEncrypted(file.text, format)) {
    if (rule !== undefined && file.text.trim() !== "") plaintext();
    return out;
  }
  let info: Inspection;
  try {
    info = core.inspect(file.text, format, {
      alsoUnder: rule === undefined ? [] : [rule.rules, ...moreOptions],
    });
  } catch (err) {
    const why = core.isHushError(err) ? err.message : "unparsable";
    out.findings.push(
      finding(
        file,
        "sops-malformed",
        `not a valid sops file: ${why}`,
        file.path,
        `restore it (git restore --staged --worktree ${p}) and re-create it with hush encrypt`,
      ),
    );
    out.encrypted = true;
    return out;
  }
  if (!info.encrypted) {
    if (rule !== undefined) plaintext();
    return out;
  }
  out.encrypted = true;
  out.clearText = () => clearParts(file.text, info);

  // Structure, checkable without a key: the sops block (MAC envelope included) and every envelope.
  for (const leaf of [...info.values, ...info.comments]) {
    if (leaf.envelopeProblem === undefined) continue;
    out.findings.push(
      finding(
        file,
        "sops-malformed",
        `an ENC[…] value is malformed (hand-edited?): ${leaf.envelopeProblem}`,
        core.formatKeyPath(leaf.keyPath),
        `restore it from the last commit and edit with hush edit ${p}`,
        locateKey(file.text, leaf.keyPath),
      ),
    );
  }
  if (info.problems.length > 0) {
    out.findings.push(
      finding(
        file,
        "sops-malformed",
        `incomplete sops metadata: ${info.problems.join(", ")}`,
        file.path,
        `restore it from the last commit, or re-create it with hush encrypt -i ${p}`,
      ),
    );
  }

  // The sops block's options are not under the MAC: a file whose options are not its rule's is
  // refused by every reader, so it must not be committed either.
  const pinned = format === "binary" ? undefined : rule?.pinnedRules;
  const differ = pinned === undefined ? [] : core.optionsMismatch(info.rules, pinned);
  if (differ.length > 0) {
    out.findings.push(
      finding(
        file,
        "policy-options",
        `sops options differ from the policy rule${where}: ${differ.join(", ")}`,
        file.path,
        `restore the sops block from the last commit, or re-encrypt under the rule: hush decrypt -i ${p} && hush encrypt -i ${p}`,
      ),
    );
  }

  // Values in plaintext that the file's own rules, or the policy rule, say must be encrypted.
  for (const v of info.values) {
    if (v.encrypted || (!v.shouldEncrypt && !v.requiredElsewhere)) continue;
    const byFile = v.shouldEncrypt;
    const keyPath = core.formatKeyPath(v.keyPath);
    const description = byFile
      ? "value in plaintext in an encrypted file (partly decrypted?)"
      : `value in plaintext, but the policy rule says it must be encrypted${where}`;
    const fix = byFile
      ? `restore it from the last commit (git checkout HEAD -- ${p}) and change values with hush edit ${p}`
      : `re-encrypt under the rule: hush decrypt -i ${p} && hush encrypt -i ${p}`;
    out.findings.push(
      finding(
        file,
        "sops-plaintext-value",
        description,
        keyPath,
        fix,
        locateKey(file.text, v.keyPath),
      ),
    );
  }

  if (rule !== undefined) {
    const drift = recipientsDrift(info.keyGroups, rule);
    if (drift !== undefined) {
      const missing = drift.expected.filter((r) => !drift.actual.includes(r)).length;
      // A stanza for a recipient the rule does not name: that reader may hold the data key (rotate).
      const extra = core.unexpectedRecipients(info.keyGroups, rule).length;
      out.findings.push(
        finding(
          file,
          "policy-recipient-drift",
          `recipients differ from the policy${where}: ${missing} missing, ${extra} not in the rule`,
          file.path,
          extra > 0 ? `hush rotate ${p}` : `hush rekey ${p}`,
        ),
      );
    }
  }

  // The MAC needs the data key: verify it when an identity opens the file.
  const { identities: ids, problem } = await identities();
  if (ids.length === 0) {
    out.notes.push({
      path: file.path,
      message: `MAC unchecked (${problem ?? "no age identity available"}); structure checked`,
    });
    return out;
  }
  try {
    await core.decrypt(file.text, { format, identities: ids });
  } catch (err) {
    if (!core.isHushError(err)) throw err;
    switch (err.code) {
      case "ERR_MAC":
        out.findings.push(
          finding(
            file,
            "sops-mac-mismatch",
            "MAC does not verify: a value was changed, added, removed or reordered outside hush",
            file.path,
            `restore it from the last commit and change values with hush edit ${p}`,
          ),
        );
        break;
      case "ERR_VALUE":
        out.findings.push(
          finding(
            file,
            "sops-corrupt-value",
            "an encrypted value does not decrypt (ciphertext edited by hand?)",
            file.path,
            `restore it from the last commit and change values with hush edit ${p}`,
          ),
        );
        break;
      case "ERR_NO_IDENTITY":
        out.notes.push({
          path: file.path,
          message: "MAC unchecked (none of your identities is a recipient); structure checked",
        });
        break;
      default:
        out.findings.push(
          finding(
            file,
            "sops-malformed",
            `does not decrypt: ${err.message}`,
            file.path,
            `restore it from the last commit, or re-create it with hush encrypt -i ${p}`,
          ),
        );
    }
  }
  return out;
}
