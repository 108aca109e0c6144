/**
 * The policy and sops checks of one file's (staged) text: (1) a file a rule covers must be encrypted,
 * with every value its rules say must be encrypted; (2) an encrypted file's structure and MAC must
 * verify and its recipients must be the rule's. Core is passed in: it is loaded lazily, only when a
 * covered or encrypted file is staged.
 */
import type { EncryptionRules, Format, Inspection, KeyPath, ResolvedRule } from "@hush/core";
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
  const c: Checking = {
    core,
    file,
    rule,
    out: { findings: [], notes: [], encrypted: false, clearText: undefined },
    p: shellPath(file.path),
    where:
      policySource === undefined || rule === undefined
        ? ""
        : ` (rule at ${policySource}:${rule.rule.line})`,
    format: detectFormat(file.path),
  };
  const info = inspectFile(c, moreOptions);
  if (info === undefined) return c.out;
  checkStructure(c, info);
  checkOptions(c, info);
  checkPlaintextValues(c, info);
  checkRecipients(c, info);
  await checkMac(c, identities);
  return c.out;
}

/** One file being checked: what every step reads, and the result they add to. */
interface Checking {
  core: Core;
  file: CheckedFile;
  rule: ResolvedRule | undefined;
  out: PolicyCheck;
  /** The path as a shell word, for fixes. */
  p: string;
  /** ` (rule at SOURCE:LINE)`, or "" without a rule. */
  where: string;
  format: Format;
}

/**
 * The file's sops inspection when it is encrypted; undefined (the result complete) when it is not,
 * or is not a valid sops file.
 */
function inspectFile(c: Checking, moreOptions: readonly EncryptionRules[]): Inspection | undefined {
  const { core, file, rule, out } = c;
  if (!looksEncrypted(file.text, c.format)) {
    if (rule !== undefined && file.text.trim() !== "") plaintextFile(c);
    return undefined;
  }
  let info: Inspection;
  try {
    info = core.inspect(file.text, c.format, {
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
        `restore it (git restore --staged --worktree ${c.p}) and re-create it with hush encrypt`,
      ),
    );
    out.encrypted = true;
    return undefined;
  }
  if (!info.encrypted) {
    if (rule !== undefined) plaintextFile(c);
    return undefined;
  }
  out.encrypted = true;
  out.clearText = () => clearParts(file.text, info);
  return info;
}

/** A file a rule covers is not encrypted. */
function plaintextFile(c: Checking): void {
  c.out.findings.push(
    finding(
      c.file,
      "policy-plaintext-file",
      `not encrypted, but a policy rule covers it${c.where}`,
      c.file.path,
      `hush encrypt -i ${c.p}`,
    ),
  );
}

/** Structure, checkable without a key: the sops block (MAC envelope included) and every envelope. */
function checkStructure(c: Checking, info: Inspection): void {
  const { core, file, out } = c;
  for (const leaf of [...info.values, ...info.comments]) {
    if (leaf.envelopeProblem === undefined) continue;
    out.findings.push(
      finding(
        file,
        "sops-malformed",
        `an ENC[…] value is malformed (hand-edited?): ${leaf.envelopeProblem}`,
        core.formatKeyPath(leaf.keyPath),
        `restore it from the last commit and edit with hush edit ${c.p}`,
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
        `restore it from the last commit, or re-create it with hush encrypt -i ${c.p}`,
      ),
    );
  }
}

/**
 * The sops block's options are not under the MAC: a file whose options are not its rule's is
 * refused by every reader, so it must not be committed either.
 */
function checkOptions(c: Checking, info: Inspection): void {
  const pinned = c.format === "binary" ? undefined : c.rule?.pinnedRules;
  const differ = pinned === undefined ? [] : c.core.optionsMismatch(info.rules, pinned);
  if (differ.length === 0) return;
  c.out.findings.push(
    finding(
      c.file,
      "policy-options",
      `sops options differ from the policy rule${c.where}: ${differ.join(", ")}`,
      c.file.path,
      `restore the sops block from the last commit, or re-encrypt under the rule: hush decrypt -i ${c.p} && hush encrypt -i ${c.p}`,
    ),
  );
}

/** Values in plaintext that the file's own rules, or the policy rule, say must be encrypted. */
function checkPlaintextValues(c: Checking, info: Inspection): void {
  const { core, file, p, where } = c;
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
    c.out.findings.push(
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
}

/** The file's recipients must be its rule's. */
function checkRecipients(c: Checking, info: Inspection): void {
  const { rule } = c;
  if (rule === undefined) return;
  const drift = recipientsDrift(info.keyGroups, rule);
  if (drift === undefined) return;
  const missing = drift.expected.filter((r) => !drift.actual.includes(r)).length;
  // A stanza for a recipient the rule does not name: that reader may hold the data key (rotate).
  const extra = c.core.unexpectedRecipients(info.keyGroups, rule).length;
  c.out.findings.push(
    finding(
      c.file,
      "policy-recipient-drift",
      `recipients differ from the policy${c.where}: ${missing} missing, ${extra} not in the rule`,
      c.file.path,
      extra > 0 ? `hush rotate ${c.p}` : `hush rekey ${c.p}`,
    ),
  );
}

/** The MAC needs the data key: verify it when an identity opens the file. */
async function checkMac(c: Checking, identities: IdentityProvider): Promise<void> {
  const { core, file, out, p } = c;
  const { identities: ids, problem } = await identities();
  if (ids.length === 0) {
    out.notes.push({
      path: file.path,
      message: `MAC unchecked (${problem ?? "no age identity available"}); structure checked`,
    });
    return;
  }
  try {
    await core.decrypt(file.text, { format: c.format, identities: ids });
  } catch (err) {
    if (!core.isHushError(err)) throw err;
    if (err.code === "ERR_NO_IDENTITY") {
      out.notes.push({
        path: file.path,
        message: "MAC unchecked (none of your identities is a recipient); structure checked",
      });
      return;
    }
    out.findings.push(macFinding(file, err, p));
  }
}

/** The finding for a file that does not decrypt with an identity that opens it. */
function macFinding(file: CheckedFile, err: CoreModule.HushError, p: string): GuardFinding {
  const edit = `restore it from the last commit and change values with hush edit ${p}`;
  switch (err.code) {
    case "ERR_MAC":
      return finding(
        file,
        "sops-mac-mismatch",
        "MAC does not verify: a value was changed, added, removed or reordered outside hush",
        file.path,
        edit,
      );
    case "ERR_VALUE":
      return finding(
        file,
        "sops-corrupt-value",
        "an encrypted value does not decrypt (ciphertext edited by hand?)",
        file.path,
        edit,
      );
    default:
      return finding(
        file,
        "sops-malformed",
        `does not decrypt: ${err.message}`,
        file.path,
        `restore it from the last commit, or re-create it with hush encrypt -i ${p}`,
      );
  }
}
