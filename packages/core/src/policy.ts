// OWNER: core-keys helper. The `.hush.yaml` policy, and `.sops.yaml` creation_rules as a fallback.
import type { EncryptionRules } from "./types.js";
import { notImplemented } from "./stub.js";

export interface PolicyRule {
  /** minimatch glob relative to the policy's folder (`.hush.yaml`), or undefined for a sops `path_regex` rule. */
  path: string | undefined;
  /** sops `path_regex` (Go RE2 syntax, unanchored search) for rules from `.sops.yaml`. */
  pathRegex: string | undefined;
  /** Names of members and groups, or raw `age1…` keys, as written. */
  recipients: string[];
  /** When set: key groups (each a list of names/keys) with a Shamir threshold. */
  keyGroups: string[][] | undefined;
  shamirThreshold: number | undefined;
  rules: EncryptionRules;
  /** Rotation policy in milliseconds (`90d`, `12h`, `2w`). */
  maxAgeMs: number | undefined;
  /** 1-based line of the rule in its file. */
  line: number;
}

export interface Policy {
  kind: "hush" | "sops";
  /** Path of the policy file, for messages. */
  source: string;
  /** name → age recipient */
  members: Map<string, string>;
  /** name → member or group names (as written) */
  groups: Map<string, string[]>;
  rules: PolicyRule[];
  scan: { ignore: string[] };
}

/** The rule that applies to one file, with names expanded to recipients. */
export interface ResolvedRule {
  /** Index into `policy.rules`. */
  index: number;
  rule: PolicyRule;
  /** Recipients of a single key group, deduplicated, in policy order. Empty when keyGroups is set. */
  recipients: string[];
  /** Member names that can read (recipients that are raw keys appear as the key). */
  readers: string[];
  /** Groups named by the rule, directly or through other groups. */
  groups: string[];
  keyGroups: string[][] | undefined;
  shamirThreshold: number | undefined;
  rules: EncryptionRules;
  maxAgeMs: number | undefined;
}

/**
 * Parse and validate a `.hush.yaml`.
 * @throws HushError ERR_POLICY with `source:line` and what is wrong (unknown member, bad key, unknown option, group cycle)
 */
export function parsePolicy(_text: string, _source: string): Policy {
  return notImplemented("parsePolicy");
}

/** Parse `.sops.yaml` `creation_rules` (age only; other key types ignored). @throws ERR_POLICY */
export function parseSopsConfig(_text: string, _source: string): Policy {
  return notImplemented("parseSopsConfig");
}

/** First matching rule for a path relative to the policy's folder (POSIX separators), or undefined. */
export function resolveRule(_policy: Policy, _relPath: string): ResolvedRule | undefined {
  return notImplemented("resolveRule");
}

/** The member name that holds a recipient key, if any. */
export function memberName(_policy: Policy, _recipient: string): string | undefined {
  return notImplemented("memberName");
}

/** Parse a duration like `90d`, `12h`, `2w`, `30m` into milliseconds. @throws ERR_POLICY */
export function parseDuration(_s: string): number {
  return notImplemented("parseDuration");
}
