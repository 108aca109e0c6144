/**
 * Pinned options: the encryption options of a file's `sops` block (`unencrypted_suffix`, the
 * regexes, `mac_only_encrypted`…) are not under the MAC, so anyone who can write the file can change
 * which values count as encrypted and which the MAC covers. Where a policy rule covers a file, its
 * options are the ones that count, and a file that says otherwise is refused.
 */
import { HushError } from "./errors.js";
import type { EncryptionRules } from "./types.js";

/** Every option a rule pins, with its sops name, in sops' order (also the order of the messages). */
export const PINNED: readonly [keyof EncryptionRules, string][] = [
  ["unencryptedSuffix", "unencrypted_suffix"],
  ["encryptedSuffix", "encrypted_suffix"],
  ["unencryptedRegex", "unencrypted_regex"],
  ["encryptedRegex", "encrypted_regex"],
  ["unencryptedCommentRegex", "unencrypted_comment_regex"],
  ["encryptedCommentRegex", "encrypted_comment_regex"],
  ["macOnlyEncrypted", "mac_only_encrypted"],
];

/**
 * The options as sops applies them: empty strings dropped, `mac_only_encrypted` false when absent,
 * and sops's default `unencrypted_suffix: _unencrypted` when no key or comment rule is set (what
 * hush and sops write for a rule without options).
 */
function effective(rules: EncryptionRules): Record<string, string | boolean | undefined> {
  const out: Record<string, string | boolean | undefined> = {};
  for (const [field, name] of PINNED) {
    const v = rules[field];
    out[name] = field === "macOnlyEncrypted" ? v === true : v === "" ? undefined : v;
  }
  if (PINNED.every(([, name]) => name === "mac_only_encrypted" || out[name] === undefined))
    out["unencrypted_suffix"] = "_unencrypted";
  return out;
}

/**
 * The sops names of the options where a file's own options differ from the ones its rule pins
 * (empty when they agree).
 */
export function optionsMismatch(file: EncryptionRules, pinned: EncryptionRules): string[] {
  const a = effective(file);
  const b = effective(pinned);
  return PINNED.map(([, name]) => name).filter((name) => a[name] !== b[name]);
}

/**
 * Refuse a file whose options differ from its rule's, before anything of it is used.
 * @param where - the file, for the message
 * @throws HushError ERR_POLICY_OPTIONS naming every option that differs (never a value)
 */
export function assertPinnedOptions(
  file: EncryptionRules,
  pinned: EncryptionRules,
  where?: string,
): void {
  const differ = optionsMismatch(file, pinned);
  if (differ.length === 0) return;
  const names = differ.map((n) => `sops.${n}`).join(", ");
  throw new HushError(
    "ERR_POLICY_OPTIONS",
    `${where === undefined ? "" : `${where}: `}${names} ${differ.length === 1 ? "differs" : "differ"} from the policy rule's options`,
    {
      hint: "the sops block is not under the MAC: restore the file from git, or re-encrypt it under the rule (hush decrypt -i, then hush encrypt -i)",
    },
  );
}
