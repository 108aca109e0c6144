/**
 * A file's recipients against its policy rule. The `sops.age` stanzas are not under the MAC, so
 * they are evidence of who holds the data key, never a source of who should: a stanza whose
 * recipient the rule does not name means that reader may already hold the data key (rotate), a
 * recipient the rule names without a stanza only needs the key re-wrapped (rekey).
 */
import type { ResolvedRule } from "./policy.js";
import { canonicalRecipient } from "./keys.js";

/** How a file's recipients differ from its rule's. */
export interface RecipientDrift {
  /** Recipients the rule names that have no stanza: `hush rekey` fixes it. */
  missing: string[];
  /** Recipients with a stanza the rule does not name: they may hold the data key, so `hush rotate`. */
  unexpected: string[];
  /** What fixes it: `rotate` when anyone unexpected holds a stanza, else `rekey`. */
  fix: "rotate" | "rekey";
}

type RuleRecipients = Pick<ResolvedRule, "recipients" | "keyGroups">;

/** The key groups a rule names (one group unless it uses key groups). */
export function ruleGroups(rule: RuleRecipients): string[][] {
  return rule.keyGroups ?? [rule.recipients];
}

/** Recipients of the file's stanzas that the rule does not name, in file order, once each. */
export function unexpectedRecipients(
  actual: readonly (readonly string[])[],
  rule: RuleRecipients,
): string[] {
  const named = new Set(ruleGroups(rule).flat().map(canonicalRecipient));
  return [...new Set(actual.flat().map(canonicalRecipient))].filter((r) => !named.has(r));
}

const sameSet = (a: readonly string[], b: readonly string[]): boolean => {
  const sa = new Set(a);
  const sb = new Set(b);
  return sa.size === sb.size && [...sa].every((x) => sb.has(x));
};

/**
 * Compare a file's key groups with its rule's (groups as sets, their order free); undefined when
 * they match.
 */
export function recipientDrift(
  actual: readonly (readonly string[])[],
  rule: RuleRecipients,
): RecipientDrift | undefined {
  const want = ruleGroups(rule).map((g) => g.map(canonicalRecipient));
  const have = actual.filter((g) => g.length > 0).map((g) => g.map(canonicalRecipient));
  const haveAll = new Set(have.flat());
  const missing = [...new Set(want.flat())].filter((r) => !haveAll.has(r));
  const unexpected = unexpectedRecipients(have, rule);
  const sameShape =
    have.length === want.length &&
    want.every((w) => have.some((h) => sameSet(h, w))) &&
    have.every((h) => want.some((w) => sameSet(h, w)));
  if (missing.length === 0 && unexpected.length === 0 && sameShape) return undefined;
  return { missing, unexpected, fix: unexpected.length > 0 ? "rotate" : "rekey" };
}
