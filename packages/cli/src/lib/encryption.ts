import type { Command } from "commander";
import type { EncryptionRules, RecipientSpec } from "@hush/core";
import { HushError } from "@hush/core/errors";
import type { Context } from "./context.js";

/** sops-style flags that choose recipients and what gets encrypted. */
export interface EncryptionFlags {
  age?: string[];
  encryptedRegex?: string;
  unencryptedRegex?: string;
  encryptedSuffix?: string;
  unencryptedSuffix?: string;
  encryptedCommentRegex?: string;
  unencryptedCommentRegex?: string;
  macOnlyEncrypted?: boolean;
  shamirSecretSharingThreshold?: string;
}

function commaList(value: string, previous: string[] | undefined): string[] {
  const items = value
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "");
  return [...(previous ?? []), ...items];
}

/** Declare the sops-style encryption flags on a command. */
export function addEncryptionOptions(cmd: Command): Command {
  return cmd
    .option(
      "--age <recipients>",
      "age recipients, comma-separated (instead of the policy rule; repeatable)",
      commaList,
    )
    .option("--encrypted-regex <re>", "encrypt only keys matching this regex")
    .option("--unencrypted-regex <re>", "leave keys matching this regex in clear")
    .option("--encrypted-suffix <suffix>", "encrypt only keys ending with this suffix")
    .option(
      "--unencrypted-suffix <suffix>",
      "leave keys ending with this suffix in clear (sops default: _unencrypted)",
    )
    .option("--encrypted-comment-regex <re>", "encrypt comments matching this regex")
    .option("--unencrypted-comment-regex <re>", "leave comments matching this regex in clear")
    .option("--mac-only-encrypted", "compute the MAC over encrypted values only")
    .option(
      "--shamir-secret-sharing-threshold <n>",
      "groups needed to open the data key (with key groups)",
    );
}

function rulesFromFlags(flags: EncryptionFlags): EncryptionRules {
  const rules: EncryptionRules = {};
  if (flags.encryptedRegex !== undefined) rules.encryptedRegex = flags.encryptedRegex;
  if (flags.unencryptedRegex !== undefined) rules.unencryptedRegex = flags.unencryptedRegex;
  if (flags.encryptedSuffix !== undefined) rules.encryptedSuffix = flags.encryptedSuffix;
  if (flags.unencryptedSuffix !== undefined) rules.unencryptedSuffix = flags.unencryptedSuffix;
  if (flags.encryptedCommentRegex !== undefined)
    rules.encryptedCommentRegex = flags.encryptedCommentRegex;
  if (flags.unencryptedCommentRegex !== undefined)
    rules.unencryptedCommentRegex = flags.unencryptedCommentRegex;
  if (flags.macOnlyEncrypted === true) rules.macOnlyEncrypted = true;
  return rules;
}

const KEY_RULES = [
  "encryptedRegex",
  "unencryptedRegex",
  "encryptedSuffix",
  "unencryptedSuffix",
] as const;
const COMMENT_RULES = ["encryptedCommentRegex", "unencryptedCommentRegex"] as const;

/** Flags override the rule: a key rule given on the command line replaces the rule's key rule. */
function mergeRules(fromRule: EncryptionRules, fromFlags: EncryptionRules): EncryptionRules {
  const merged: EncryptionRules = { ...fromRule };
  if (KEY_RULES.some((k) => fromFlags[k] !== undefined))
    for (const k of KEY_RULES) delete merged[k];
  if (COMMENT_RULES.some((k) => fromFlags[k] !== undefined))
    for (const k of COMMENT_RULES) delete merged[k];
  return { ...merged, ...fromFlags };
}

/** Recipients and encryption rules for one file. */
export type EncryptionSpec = RecipientSpec & { rules: EncryptionRules };

const noted = new WeakSet<Context>();

/**
 * Say once per run which policy file chose the recipients: the policy decides who can read, so the
 * user sees which one did (a stray file must not decide it silently).
 */
export function notePolicy(ctx: Context, file: string): void {
  if (noted.has(ctx)) return;
  noted.add(ctx);
  ctx.io.stderr(`recipients from ${ctx.show(file)}\n`);
}

/**
 * For the commands that rewrite many files (rekey, rotate): says on stderr which policy chooses
 * the recipients (not with `--json`), and returns it as shown to the user, or null without one.
 */
export async function announcePolicy(ctx: Context, json: boolean): Promise<string | null> {
  const file = (await ctx.policy())?.file;
  if (file === undefined) return null;
  if (!json) notePolicy(ctx, file);
  return ctx.show(file);
}

/**
 * Recipients and rules for encrypting `abs`: the `--age` flag, else the first matching policy rule.
 * A file a `.hush.yaml` rule covers always gets the rule's options (hush would refuse to read it
 * otherwise): flags that change them are refused.
 */
export async function encryptionFor(
  ctx: Context,
  abs: string,
  flags: EncryptionFlags,
): Promise<EncryptionSpec> {
  const { assertNotPolicyFile } = await import("@hush/core");
  assertNotPolicyFile(abs);
  const flagRules = rulesFromFlags(flags);
  const loaded = await ctx.policy();
  const rule = loaded === undefined ? undefined : await ctx.rule(abs);
  const rules = rule === undefined ? flagRules : mergeRules(rule.rules, flagRules);
  if (rule?.pinnedRules !== undefined) {
    const { assertPinnedOptions } = await import("@hush/core");
    assertPinnedOptions(rules, rule.pinnedRules, `the options given for ${ctx.show(abs)}`);
  }
  if (flags.age !== undefined && flags.age.length > 0) {
    const { assertRecipient } = await import("@hush/core");
    flags.age.forEach((r, i) => assertRecipient(r, `--age (recipient ${i + 1})`));
    return { recipients: flags.age, rules };
  }
  if (loaded === undefined) {
    throw new HushError("ERR_COMMAND", `no policy and no recipients for ${ctx.show(abs)}`, {
      hint: "run `hush init` to write .hush.yaml, or pass --age age1…",
    });
  }
  if (rule === undefined) {
    throw new HushError(
      "ERR_COMMAND",
      `no rule in ${ctx.show(loaded.file)} matches ${ctx.show(abs)}`,
      { hint: "add a rule for this path, or pass --age age1…" },
    );
  }
  notePolicy(ctx, loaded.file);
  const threshold = flags.shamirSecretSharingThreshold ?? rule.shamirThreshold;
  if (rule.keyGroups !== undefined) {
    return {
      keyGroups: rule.keyGroups,
      ...(threshold === undefined ? {} : { shamirThreshold: Number(threshold) }),
      rules,
    };
  }
  return { recipients: rule.recipients, rules };
}
