// Who can read each encrypted file: by policy (its rule) and in fact (its metadata), and the drift between.
import type { ResolvedRule } from "@hush/core";
import type { InventoryFile, TeamContext } from "./inventory.js";

/** Access to one file. Names are member names; keys no member holds appear as `age1…` in `unknown`. */
export interface FileAccess {
  file: string;
  encrypted: boolean;
  /** The rule that covers the file (1-based line in the policy file), or null. */
  rule: { index: number; line: number; path: string | null; maxAge: number | null } | null;
  policy: {
    members: string[];
    groups: string[];
    recipients: string[];
    shamirThreshold: number | null;
  };
  actual: { members: string[]; unknown: string[]; recipients: string[] };
  drift: {
    /** Granted by the policy but not in the metadata: they cannot read the file yet (run `hush rekey`). */
    missing: string[];
    /** In the metadata but not granted by the policy: they can still read it (run `hush rekey`, then `hush rotate`). */
    extra: string[];
  };
}

/** The recipients a rule names, every key group flattened. */
export function ruleRecipients(ctx: TeamContext, rule: ResolvedRule | undefined): string[] {
  if (rule === undefined) return [];
  if (rule.keyGroups === undefined) return [...rule.recipients];
  const out: string[] = [];
  for (const group of rule.keyGroups)
    for (const entry of group) {
      const keys = ctx.core.isRecipient(entry) ? [entry] : (ctx.policy.members.get(entry) ?? []);
      for (const key of keys) if (!out.includes(key)) out.push(key);
    }
  return out;
}

/** A member's name for a key, else the key itself. */
export function displayName(ctx: TeamContext, recipient: string): string {
  try {
    return ctx.core.memberName(ctx.policy, recipient) ?? recipient;
  } catch {
    return recipient;
  }
}

/** Access of one inventory file. */
export function fileAccess(ctx: TeamContext, entry: InventoryFile): FileAccess {
  const expected = ruleRecipients(ctx, entry.rule);
  const actual = entry.snapshot?.recipients ?? [];
  const names = (keys: readonly string[]): string[] => keys.map((k) => displayName(ctx, k));
  const rule = entry.rule;
  return {
    file: entry.file,
    encrypted: entry.encrypted,
    rule:
      rule === undefined
        ? null
        : {
            index: rule.index,
            line: rule.rule.line,
            path: rule.rule.path ?? rule.rule.pathRegex ?? null,
            maxAge: rule.maxAgeMs ?? null,
          },
    policy: {
      members: rule === undefined ? [] : [...rule.readers],
      groups: rule === undefined ? [] : [...rule.groups],
      recipients: expected,
      shamirThreshold: rule?.shamirThreshold ?? null,
    },
    actual: {
      members: actual.filter((k) => displayName(ctx, k) !== k).map((k) => displayName(ctx, k)),
      unknown: actual.filter((k) => displayName(ctx, k) === k),
      recipients: [...actual],
    },
    drift: entry.encrypted
      ? {
          missing: names(expected.filter((k) => !actual.includes(k))),
          extra: names(actual.filter((k) => !expected.includes(k))),
        }
      : { missing: [], extra: [] },
  };
}

/** True when a file's metadata differs from its rule either way. */
export function hasDrift(a: FileAccess): boolean {
  return a.drift.missing.length > 0 || a.drift.extra.length > 0;
}
