/**
 * The policy and sops checks of one file's (staged) text: (1) a file a rule covers must be encrypted,
 * with every value its rules say must be encrypted; (2) an encrypted file's structure and MAC must
 * verify and its recipients must be the rule's. Core is passed in: it is loaded lazily, only when a
 * covered or encrypted file is staged.
 */
import type { EncryptionRules, Format, Inspection, KeyPath, ResolvedRule } from "@hush/core";
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

/** Extensions hush reads as structured formats, to gate the sops sniff without loading core. */
function guessFormat(path: string): Format {
  const name = path.slice(path.lastIndexOf("/") + 1).toLowerCase();
  if (/\.ya?ml$/.test(name)) return "yaml";
  if (name.endsWith(".json")) return "json";
  if (/(^|\.)env$/.test(name) || /^\.env\./.test(name)) return "dotenv";
  if (name.endsWith(".ini")) return "ini";
  return "binary";
}

/**
 * True when the text looks like a sops-encrypted file: it carries a `mac` envelope and the format's
 * metadata marker. Cheap (no parsing), so every staged file can be asked.
 */
export function looksEncrypted(path: string, text: string): boolean {
  if (!text.includes("ENC[AES256_GCM,")) return false;
  switch (guessFormat(path)) {
    case "yaml":
      return /^sops:[ \t]*$/m.test(text);
    case "json":
    case "binary":
      return /^\s*\{/.test(text) && /"sops"\s*:\s*\{/.test(text);
    case "dotenv":
      return /^sops_(mac|version|lastmodified)=/m.test(text);
    case "ini":
      return /^\[sops\][ \t]*$/m.test(text);
  }
}

/** sops `shouldBeEncrypted` for a leaf (comments are not leaves here): rules apply to every mapping key of the path. */
export function shouldBeEncrypted(keyPath: KeyPath, rules: EncryptionRules): boolean {
  const keys = keyPath.filter((k): k is string => typeof k === "string");
  if (rules.encryptedSuffix !== undefined && rules.encryptedSuffix !== "") {
    const s = rules.encryptedSuffix;
    return keys.some((k) => k.endsWith(s));
  }
  if (rules.encryptedRegex !== undefined && rules.encryptedRegex !== "") {
    const re = new RegExp(rules.encryptedRegex);
    return keys.some((k) => re.test(k));
  }
  if (rules.unencryptedRegex !== undefined && rules.unencryptedRegex !== "") {
    const re = new RegExp(rules.unencryptedRegex);
    return !keys.some((k) => re.test(k));
  }
  // Comment rules leave every key value encrypted.
  if (rules.unencryptedCommentRegex !== undefined || rules.encryptedCommentRegex !== undefined)
    return true;
  const suffix = rules.unencryptedSuffix ?? "_unencrypted";
  return !keys.some((k) => k.endsWith(suffix));
}

/** An `ENC[AES256_GCM,data:…,iv:…,tag:…,type:…]` envelope with a 32-byte IV and a 16-byte tag. */
export function isEnvelope(stored: string): boolean {
  const m =
    /^ENC\[AES256_GCM,data:([A-Za-z0-9+/]*={0,2}),iv:([A-Za-z0-9+/]+={0,2}),tag:([A-Za-z0-9+/]+={0,2}),type:(str|int|float|bool|time|bytes|comment)\]$/.exec(
      stored.trim(),
    );
  if (!m) return false;
  return (
    Buffer.from(m[2] ?? "", "base64").length === 32 &&
    Buffer.from(m[3] ?? "", "base64").length === 16
  );
}

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
  /** True when the file is sops-encrypted: the detector skips it (its ENC values are not secrets). */
  encrypted: boolean;
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
 */
export async function checkEncryption(
  core: Core,
  file: CheckedFile,
  rule: ResolvedRule | undefined,
  policySource: string | undefined,
  identities: IdentityProvider,
): Promise<PolicyCheck> {
  const out: PolicyCheck = { findings: [], notes: [], encrypted: false };
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
  const sniffed = looksEncrypted(file.path, file.text);
  if (!sniffed) {
    if (rule !== undefined && file.text.trim() !== "") {
      plaintext();
    }
    return out;
  }
  const format = core.detectFormat(file.path);
  let info: Inspection;
  try {
    info = core.inspect(file.text, format);
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

  // Structure, checkable without a key.
  const structural: string[] = [];
  if (info.lastmodified === undefined || info.lastmodified === "")
    structural.push("no lastmodified");
  if (info.keyGroups.every((g) => g.length === 0)) structural.push("no age recipients");
  const mac = (info as Inspection & { mac?: string }).mac;
  if (mac !== undefined && !isEnvelope(mac)) structural.push("malformed mac");
  for (const v of info.values) {
    if (v.encrypted && !isEnvelope(v.stored)) {
      out.findings.push(
        finding(
          file,
          "sops-malformed",
          "an ENC[…] value is malformed (hand-edited?)",
          core.formatKeyPath(v.keyPath),
          `restore it from the last commit and edit with hush edit ${p}`,
          locateKey(file.text, v.keyPath),
        ),
      );
    }
  }
  if (structural.length > 0) {
    out.findings.push(
      finding(
        file,
        "sops-malformed",
        `incomplete sops metadata: ${structural.join(", ")}`,
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
    if (v.encrypted) continue;
    const byFile = shouldBeEncrypted(v.keyPath, info.rules);
    const byRule = rule !== undefined && shouldBeEncrypted(v.keyPath, rule.rules);
    if (!byFile && !byRule) continue;
    const keyPath = core.formatKeyPath(v.keyPath);
    const description = byFile
      ? "value in plaintext in an encrypted file (partly decrypted?)"
      : `value in plaintext, but the policy rule says it must be encrypted${where}`;
    const fix = byFile
      ? `hush encrypt -i ${p}`
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
      const extra = drift.actual.filter((r) => !drift.expected.includes(r)).length;
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
