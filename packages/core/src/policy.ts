// The `.hush.yaml` policy, and `.sops.yaml` creation_rules as a fallback.
import {
  isMap,
  isScalar,
  isSeq,
  LineCounter,
  parseDocument,
  type Node,
  type Pair,
  type YAMLMap,
} from "yaml";
import { Minimatch } from "minimatch";
import type { EncryptionRules } from "./types.js";
import { HushError } from "./errors.js";
import { canonicalRecipient, isRecipient } from "./keys.js";
import { isPolicyFile } from "./policy-files.js";
import { fileRegex, isValidFileRegex } from "./regex.js";

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
  /** name → the member's recipients (canonical: ssh keys without their comment), one or more */
  members: Map<string, string[]>;
  /** name → where a member's keys were fetched from (`hush member add NAME --github USER`) */
  fetched?: Map<string, FetchedKeys>;
  /** name → member or group names (as written) */
  groups: Map<string, string[]>;
  rules: PolicyRule[];
  scan: { ignore: string[] };
}

/** Keys a member publishes on a git host, pinned in the policy with the day they were fetched. */
export interface FetchedKeys {
  /** The user on the git host. */
  github: string;
  /** ISO date (YYYY-MM-DD) of the fetch that wrote the keys. */
  fetched: string;
  /** The host's base URL when not github.com (GitHub Enterprise). */
  url: string | undefined;
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
  /** Recipients per key group (only with two or more groups; a single group is folded into `recipients`). */
  keyGroups: string[][] | undefined;
  shamirThreshold: number | undefined;
  rules: EncryptionRules;
  /**
   * The options a file under this rule must carry (see `assertPinnedOptions`): the rule's options
   * for a `.hush.yaml` rule; undefined for a `.sops.yaml` creation rule, which sops applies only
   * when it creates a file (older files of a plain sops repo may differ and still read).
   */
  pinnedRules?: EncryptionRules | undefined;
  maxAgeMs: number | undefined;
}

/** Rule options shared by `.hush.yaml` rules and sops creation rules, YAML name → EncryptionRules field. */
const CRYPT_RULES = {
  unencrypted_suffix: "unencryptedSuffix",
  encrypted_suffix: "encryptedSuffix",
  unencrypted_regex: "unencryptedRegex",
  encrypted_regex: "encryptedRegex",
  unencrypted_comment_regex: "unencryptedCommentRegex",
  encrypted_comment_regex: "encryptedCommentRegex",
} as const satisfies Record<string, keyof EncryptionRules>;
type CryptRuleName = keyof typeof CRYPT_RULES;
const HUSH_RULE_KEYS = new Set([
  "path",
  "recipients",
  "mac_only_encrypted",
  "max_age",
  "key_groups",
  "shamir_threshold",
  ...Object.keys(CRYPT_RULES),
]);

/** Reads a YAML document, turning every problem into ERR_POLICY at `source:line`. */
class Reader {
  readonly lines = new LineCounter();
  constructor(readonly source: string) {}

  lineOf(node: Node | Pair | null | undefined): number {
    const n =
      node !== null && node !== undefined && "key" in node ? (node.key as Node | null) : node;
    const start = n?.range?.[0];
    return start === undefined ? 1 : this.lines.linePos(start).line;
  }

  fail(at: Node | Pair | null | undefined | number, what: string): never {
    const line = typeof at === "number" ? at : this.lineOf(at);
    throw new HushError("ERR_POLICY", `${this.source}:${line}: ${what}`, {
      hint: "fix the policy file at that line, then run `hush policy check`",
    });
  }

  root(text: string): YAMLMap | undefined {
    const doc = parseDocument(text, { lineCounter: this.lines, uniqueKeys: true });
    const err = doc.errors[0];
    if (err !== undefined)
      this.fail(err.linePos?.[0].line ?? 1, `not valid YAML (${err.code.toLowerCase()})`);
    if (doc.contents === null || (isScalar(doc.contents) && doc.contents.value === null))
      return undefined;
    if (!isMap(doc.contents)) this.fail(doc.contents, "expected a mapping at the top level");
    return doc.contents;
  }

  map(node: unknown, what: string): Pair<Node, Node | null>[] {
    if (node === null || node === undefined || (isScalar(node) && node.value === null)) return [];
    if (!isMap(node)) this.fail(node as Node, `${what} must be a mapping`);
    return node.items as Pair<Node, Node | null>[];
  }

  seq(node: unknown, what: string): Node[] {
    if (node === null || node === undefined || (isScalar(node) && node.value === null)) return [];
    if (!isSeq(node)) this.fail(node as Node, `${what} must be a list`);
    return node.items as Node[];
  }

  key(pair: Pair<Node, Node | null>): string {
    if (!isScalar(pair.key) || typeof pair.key.value !== "string")
      this.fail(pair, "keys must be strings");
    return pair.key.value;
  }

  string(node: unknown, what: string): string {
    if (!isScalar(node) || (typeof node.value !== "string" && typeof node.value !== "number")) {
      this.fail(node as Node, `${what} must be a string`);
    }
    return String(node.value);
  }

  /** A list of strings; a lone string counts as a list of one (`recipients: devs`). */
  strings(node: unknown, what: string): { value: string; node: Node }[] {
    if (isScalar(node) && typeof node.value === "string") return [{ value: node.value, node }];
    return this.seq(node, what).map((n) => ({
      value: this.string(n, `each entry of ${what}`),
      node: n,
    }));
  }
}

function regexProblem(pattern: string): string | undefined {
  return isValidFileRegex(pattern) ? undefined : "not a valid regular expression (RE2 syntax)";
}

/** Rule options common to both formats; `pairs` are the rule's key/value pairs. */
function readOptions(
  r: Reader,
  pairs: Pair<Node, Node | null>[],
): { rules: EncryptionRules; count: number } {
  const rules: EncryptionRules = {};
  let count = 0;
  for (const pair of pairs) {
    const name = r.key(pair);
    if (name in CRYPT_RULES) {
      const value = r.string(pair.value, name);
      if (name.endsWith("_regex")) {
        const problem = regexProblem(value);
        if (problem !== undefined) r.fail(pair.value, `${name}: ${problem}`);
      }
      rules[CRYPT_RULES[name as CryptRuleName]] = value;
      if (++count > 1) {
        r.fail(pair, `${name}: use only one of ${Object.keys(CRYPT_RULES).join(", ")} in a rule`);
      }
    } else if (name === "mac_only_encrypted") {
      if (!isScalar(pair.value) || typeof pair.value.value !== "boolean")
        r.fail(pair.value, `${name} must be true or false`);
      rules.macOnlyEncrypted = pair.value.value;
    }
  }
  return { rules, count };
}

function readThreshold(r: Reader, node: Node | null, groups: number | undefined): number {
  if (
    !isScalar(node) ||
    typeof node.value !== "number" ||
    !Number.isInteger(node.value) ||
    node.value < 1
  ) {
    r.fail(node, "shamir_threshold must be a positive whole number");
  }
  if (groups !== undefined && node.value > groups) {
    r.fail(node, `shamir_threshold ${node.value} is more than the ${groups} key groups`);
  }
  if (groups !== undefined && groups > 1 && node.value < 2) {
    r.fail(node, "shamir_threshold must be at least 2 with several key groups");
  }
  return node.value;
}

const DURATION_UNITS: Record<string, number> = {
  s: 1e3,
  m: 60e3,
  h: 3600e3,
  d: 86400e3,
  w: 7 * 86400e3,
};

/** Parse a duration like `90d`, `12h`, `2w`, `30m` (or `1d12h`) into milliseconds. @throws ERR_POLICY */
export function parseDuration(s: string): number {
  const text = s.trim();
  if (!/^(\d+[smhdw])+$/.test(text)) {
    throw new HushError("ERR_POLICY", `bad duration "${text.slice(0, 20)}"`, {
      hint: "write a number and a unit: 30m, 12h, 90d, 2w",
    });
  }
  let ms = 0;
  for (const [, n, unit] of text.matchAll(/(\d+)([smhdw])/g))
    ms += Number(n) * (DURATION_UNITS[unit ?? ""] ?? 0);
  if (ms <= 0) throw new HushError("ERR_POLICY", "a duration must be longer than zero");
  return ms;
}

/**
 * Parse and validate a `.hush.yaml`.
 * @throws HushError ERR_POLICY with `source:line` and what is wrong (unknown member, bad key, unknown option, group cycle)
 */
export function parsePolicy(text: string, source: string): Policy {
  const r = new Reader(source);
  const policy: Policy = {
    kind: "hush",
    source,
    members: new Map(),
    groups: new Map(),
    rules: [],
    scan: { ignore: [] },
  };
  const section = readSections(r, text);
  for (const pair of r.map(section("members"), "members")) readMember(r, policy, pair);
  readGroups(r, policy, section("groups"));
  r.seq(section("rules"), "rules").forEach((node, i) => {
    policy.rules.push(readRule(r, policy, node, `rules[${i}]`));
  });
  readScan(r, policy, section("scan"));
  return policy;
}

type Section = "members" | "groups" | "rules" | "scan";
const SECTIONS: readonly string[] = ["members", "groups", "rules", "scan"];

/** The top-level mapping, every key a known section; gives a section's node by name. */
function readSections(r: Reader, text: string): (name: Section) => Node | null | undefined {
  const top = r.map(r.root(text), "the policy");
  for (const pair of top) {
    const name = r.key(pair);
    if (!SECTIONS.includes(name)) {
      r.fail(pair, `unknown section "${name}" (expected members, groups, rules, scan)`);
    }
  }
  return (name) => top.find((p) => r.key(p) === name)?.value;
}

/** `groups`: each a list of members and groups, all of them known, without cycles. */
function readGroups(r: Reader, policy: Policy, node: Node | null | undefined): void {
  const groupNodes = new Map<string, { value: string; node: Node }[]>();
  for (const pair of r.map(node, "groups")) {
    const name = r.key(pair);
    if (policy.members.has(name)) r.fail(pair, `groups.${name}: a member has the same name`);
    const entries = r.strings(pair.value, `groups.${name}`);
    groupNodes.set(name, entries);
    policy.groups.set(
      name,
      entries.map((e) => e.value),
    );
  }
  for (const [name, entries] of groupNodes) {
    for (const e of entries) {
      if (!policy.members.has(e.value) && !policy.groups.has(e.value)) {
        r.fail(e.node, `groups.${name}: unknown member or group "${e.value}"`);
      }
    }
  }
  findCycle(policy.groups, (group, via) =>
    r.fail(groupNodes.get(group)?.[0]?.node, `group cycle: ${via.join(" → ")}`),
  );
}

/** One entry of `rules`: its path, recipients or key groups, and options. */
function readRule(r: Reader, policy: Policy, node: Node, where: string): PolicyRule {
  const pairs = r.map(node, where);
  const get = (k: string): Node | null | undefined => pairs.find((p) => r.key(p) === k)?.value;
  for (const pair of pairs) {
    const k = r.key(pair);
    if (!HUSH_RULE_KEYS.has(k)) r.fail(pair, `${where}: unknown option "${k}"`);
  }
  const path = readRulePath(r, node, get("path"), where);
  const { recipients, keyGroups } = readRuleRecipients(r, policy, node, get, where);
  const thresholdNode = get("shamir_threshold");
  if (thresholdNode !== undefined && keyGroups === undefined)
    r.fail(thresholdNode, `${where}: shamir_threshold needs key_groups`);
  const maxAgeMs = readMaxAge(r, get("max_age"), where);
  return {
    path,
    pathRegex: undefined,
    recipients,
    keyGroups,
    shamirThreshold:
      thresholdNode === undefined ? undefined : readThreshold(r, thresholdNode, keyGroups?.length),
    rules: readOptions(r, pairs).rules,
    maxAgeMs,
    line: r.lineOf(node),
  };
}

/** A rule's `path`: required, a glob that can match (a leading `./` dropped). */
function readRulePath(r: Reader, rule: Node, node: Node | null | undefined, where: string): string {
  if (node === undefined) r.fail(rule, `${where}: missing "path"`);
  const path = r.string(node, `${where}.path`).replace(/^\.\//, "");
  const globIssue = globProblem(path);
  if (globIssue !== undefined) r.fail(node, `${where}.path: ${globIssue}`);
  return path;
}

/** A rule's `recipients` and `key_groups`: names or keys, at least one recipient in all. */
function readRuleRecipients(
  r: Reader,
  policy: Policy,
  rule: Node,
  get: (k: string) => Node | null | undefined,
  where: string,
): { recipients: string[]; keyGroups: string[][] | undefined } {
  const recipients = recipientList(r, policy, get("recipients"), `${where}.recipients`);
  const keyGroupsNode = get("key_groups");
  const keyGroups =
    keyGroupsNode === undefined
      ? undefined
      : r
          .seq(keyGroupsNode, `${where}.key_groups`)
          .map((g, j) => recipientList(r, policy, g, `${where}.key_groups[${j}]`));
  if (
    recipients.length === 0 &&
    (keyGroups === undefined || keyGroups.every((g) => g.length === 0))
  ) {
    r.fail(rule, `${where}: no recipients (add "recipients" or "key_groups")`);
  }
  return { recipients, keyGroups };
}

/** Names of members and groups as written; raw keys canonical (ssh keys without their comment). */
function recipientList(r: Reader, policy: Policy, node: unknown, what: string): string[] {
  return r.strings(node, what).map(({ value, node: n }) => {
    if (policy.members.has(value) || policy.groups.has(value)) return value;
    if (value.startsWith("age1") || value.startsWith("ssh-")) {
      if (!isRecipient(value)) r.fail(n, `${what}: malformed key`);
      return canonicalRecipient(value);
    }
    return r.fail(n, `${what}: unknown member or group "${value}"`);
  });
}

/** A rule's `max_age` in milliseconds, if set. */
function readMaxAge(r: Reader, node: Node | null | undefined, where: string): number | undefined {
  if (node === undefined) return undefined;
  try {
    return parseDuration(r.string(node, `${where}.max_age`));
  } catch {
    return r.fail(node, `${where}.max_age: bad duration (write 30m, 12h, 90d or 2w)`);
  }
}

/** `scan`: only `ignore`, a list of globs that can match. */
function readScan(r: Reader, policy: Policy, node: Node | null | undefined): void {
  for (const pair of r.map(node, "scan")) {
    if (r.key(pair) !== "ignore")
      r.fail(pair, `scan: unknown option "${r.key(pair)}" (expected ignore)`);
    policy.scan.ignore = r.strings(pair.value, "scan.ignore").map((e) => {
      const issue = globProblem(e.value);
      if (issue !== undefined) r.fail(e.node, `scan.ignore: ${issue}`);
      return e.value;
    });
  }
}

/** Depth-first search over group → members; calls `onCycle` with the first cycle found. */
function findCycle(
  groups: Map<string, string[]>,
  onCycle: (group: string, via: string[]) => never,
): void {
  const done = new Set<string>();
  const visit = (g: string, stack: string[]): void => {
    if (done.has(g)) return;
    const at = stack.indexOf(g);
    if (at >= 0) onCycle(g, [...stack.slice(at), g]);
    for (const child of groups.get(g) ?? []) if (groups.has(child)) visit(child, [...stack, g]);
    done.add(g);
  };
  for (const g of groups.keys()) visit(g, []);
}

/** sops's string-or-list key fields: `"a,b"` or `[a, "b,c"]`, items trimmed, empty ones dropped. */
function sopsKeyList(r: Reader, node: Node | null | undefined, what: string): string[] {
  if (node === undefined || node === null) return [];
  const raw = isSeq(node) ? r.strings(node, what) : [{ value: r.string(node, what), node }];
  const out: string[] = [];
  for (const { value, node: n } of raw) {
    for (const key of value.split(",").map((k) => k.trim())) {
      if (key === "") continue;
      if (!isRecipient(key)) r.fail(n, `${what}: malformed age key`);
      const canonical = canonicalRecipient(key);
      if (!out.includes(canonical)) out.push(canonical);
    }
  }
  return out;
}

function sopsKeyGroup(r: Reader, node: Node, what: string): string[] {
  const pairs = r.map(node, what);
  const keys = sopsKeyList(r, pairs.find((p) => r.key(p) === "age")?.value, `${what}.age`);
  const merge = pairs.find((p) => r.key(p) === "merge")?.value;
  for (const [j, sub] of r.seq(merge, `${what}.merge`).entries()) {
    for (const k of sopsKeyGroup(r, sub, `${what}.merge[${j}]`))
      if (!keys.includes(k)) keys.push(k);
  }
  return keys;
}

/** Parse `.sops.yaml` `creation_rules` (age only; other key types ignored). @throws ERR_POLICY */
export function parseSopsConfig(text: string, source: string): Policy {
  const r = new Reader(source);
  const policy: Policy = {
    kind: "sops",
    source,
    members: new Map(),
    groups: new Map(),
    rules: [],
    scan: { ignore: [] },
  };
  const top = r.map(r.root(text), "the config");
  const creation = top.find((p) => r.key(p) === "creation_rules")?.value;
  r.seq(creation, "creation_rules").forEach((node, i) => {
    const where = `creation_rules[${i}]`;
    const pairs = r.map(node, where);
    const get = (k: string): Node | null | undefined => pairs.find((p) => r.key(p) === k)?.value;
    const regexNode = get("path_regex");
    const pathRegex =
      regexNode === undefined || regexNode === null
        ? ""
        : r.string(regexNode, `${where}.path_regex`);
    if (regexProblem(pathRegex) !== undefined)
      r.fail(regexNode, `${where}.path_regex: not a valid regular expression`);
    const groupsNode = get("key_groups");
    const groupNodes = r.seq(groupsNode, `${where}.key_groups`);
    const keyGroups =
      groupNodes.length > 0
        ? groupNodes.map((g, j) => sopsKeyGroup(r, g, `${where}.key_groups[${j}]`))
        : undefined;
    const thresholdNode = get("shamir_threshold");
    const threshold =
      thresholdNode === undefined || thresholdNode === null
        ? undefined
        : readThreshold(r, thresholdNode, undefined);
    policy.rules.push({
      path: undefined,
      pathRegex: pathRegex === "" ? undefined : pathRegex,
      recipients: keyGroups === undefined ? sopsKeyList(r, get("age"), `${where}.age`) : [],
      keyGroups,
      shamirThreshold: threshold === 0 ? undefined : threshold,
      rules: readOptions(r, pairs).rules,
      maxAgeMs: undefined,
      line: r.lineOf(node),
    });
  });
  return policy;
}

const globCache = new Map<string, Minimatch>();

/**
 * minimatch turns each `*` into a backtracking `[^/]*?`, so a glob's cost grows as the name's
 * length to the power of its `*`s in one segment: `*a*a*a*a*a*b` against a 120-character name
 * took 9 s. Whoever writes the policy also names the files, so a segment may hold at most
 * {@link MAX_STARS} (≈30 ms at the 255-byte name limit; every glob a real policy needs fits).
 */
const MAX_STARS = 3;

/** Why a `path`/`scan.ignore` glob is refused, or undefined when it is fine. */
export function globProblem(glob: string): string | undefined {
  for (const segment of glob.split("/")) {
    const stars = segment.replace(/\\./g, "").match(/\*+/g)?.length ?? 0;
    if (stars > MAX_STARS)
      return `more than ${MAX_STARS} * wildcards in one path segment ("${segment.slice(0, 40)}")`;
  }
  return undefined;
}

/** True when a rule's path (glob or sops `path_regex`) matches a path relative to the policy's folder. */
export function ruleMatches(rule: PolicyRule, relPath: string): boolean {
  if (rule.path !== undefined) {
    let m = globCache.get(rule.path);
    if (m === undefined) {
      // Also reached by globs that did not come through parsePolicy (the guard's scan.ignore).
      const problem = globProblem(rule.path);
      if (problem !== undefined)
        throw new HushError("ERR_POLICY", `path glob "${rule.path.slice(0, 60)}": ${problem}`, {
          hint: "split the pattern into several rules, or use fewer *",
        });
      globCache.set(rule.path, (m = new Minimatch(rule.path, { dot: true })));
    }
    return m.match(relPath);
  }
  // path_regex is written by whoever can write .sops.yaml: the linear-time engine, Go's syntax.
  return rule.pathRegex === undefined || fileRegex(rule.pathRegex).test(relPath);
}

/**
 * First matching rule for a path relative to the policy's folder (POSIX separators), or undefined;
 * always undefined for `.hush.yaml`, `.sops.yaml` and `.hushignore`.
 */
export function resolveRule(policy: Policy, relPath: string): ResolvedRule | undefined {
  const path = relPath.replace(/^\.\//, "");
  // hush's own configuration is never subject to a rule, not even to `**`.
  if (isPolicyFile(path)) return undefined;
  const index = policy.rules.findIndex((rule) => ruleMatches(rule, path));
  const rule = policy.rules[index];
  if (rule === undefined) return undefined;
  const readers: string[] = [];
  const groups: string[] = [];
  const expand = (names: readonly string[], into: string[]): void => {
    for (const name of names) {
      const members = policy.groups.get(name);
      if (members !== undefined) {
        if (!groups.includes(name)) groups.push(name);
        expand(members, into);
        continue;
      }
      for (const key of policy.members.get(name) ?? [name]) if (!into.includes(key)) into.push(key);
      if (!readers.includes(name)) readers.push(name);
    }
  };
  const recipients: string[] = [];
  expand(rule.recipients, recipients);
  let keyGroups = rule.keyGroups?.map((g) => {
    const keys: string[] = [];
    expand(g, keys);
    return keys;
  });
  if (keyGroups !== undefined && keyGroups.length === 1) {
    for (const k of keyGroups[0] ?? []) if (!recipients.includes(k)) recipients.push(k);
    keyGroups = undefined;
  }
  return {
    index,
    rule,
    recipients: keyGroups === undefined ? recipients : [],
    readers,
    groups,
    keyGroups,
    shamirThreshold: keyGroups === undefined ? undefined : rule.shamirThreshold,
    rules: rule.rules,
    pinnedRules: policy.kind === "hush" ? rule.rules : undefined,
    maxAgeMs: rule.maxAgeMs,
  };
}

/** The member name that holds a recipient key, if any. */
export function memberName(policy: Policy, recipient: string): string | undefined {
  const key = canonicalRecipient(recipient);
  for (const [name, keys] of policy.members) if (keys.includes(key)) return name;
  return undefined;
}

const KEY_EXPECTED = "expected age1…, an ssh-ed25519/ssh-rsa public key line, or age1<plugin>1…";

/**
 * One entry of `members`: a key, a list of keys, or keys fetched from a git host
 * (`{github: USER, fetched: DATE, keys: […], url: BASE}`).
 */
function readMember(r: Reader, policy: Policy, pair: Pair<Node, Node | null>): void {
  const name = r.key(pair);
  const where = `members.${name}`;
  const key = (node: unknown): string => {
    const text = r.string(node, where).trim();
    if (!isRecipient(text)) r.fail(node as Node, `${where}: malformed key (${KEY_EXPECTED})`);
    return canonicalRecipient(text);
  };
  let keys: string[];
  if (isMap(pair.value)) {
    const pairs = r.map(pair.value, where);
    const get = (k: string): Node | null | undefined => pairs.find((p) => r.key(p) === k)?.value;
    for (const p of pairs) {
      if (!["github", "fetched", "url", "keys"].includes(r.key(p)))
        r.fail(p, `${where}: unknown option "${r.key(p)}" (expected github, fetched, url, keys)`);
    }
    const user = get("github");
    const fetched = get("fetched");
    if (user === undefined) r.fail(pair.value, `${where}: missing "github"`);
    const date = fetched === undefined ? "" : r.string(fetched, `${where}.fetched`);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date))
      r.fail(fetched ?? pair.value, `${where}.fetched: expected a date (YYYY-MM-DD)`);
    const url = get("url");
    (policy.fetched ??= new Map()).set(name, {
      github: r.string(user, `${where}.github`),
      fetched: date,
      url: url === undefined ? undefined : r.string(url, `${where}.url`),
    });
    keys = r.seq(get("keys"), `${where}.keys`).map(key);
  } else if (isSeq(pair.value)) {
    keys = r.seq(pair.value, where).map(key);
  } else {
    keys = [key(pair.value)];
  }
  if (keys.length === 0) r.fail(pair, `${where}: no keys`);
  policy.members.set(name, [...new Set(keys)]);
}
