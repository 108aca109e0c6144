import { isPolicyFile, resolveRule, type EncryptionRules, type Policy } from "@hush/core";
import { HushError } from "@hush/core/errors";

const q = (s: string): string => JSON.stringify(s);

/** A member name from a person's name: `Ada Lovelace` → `ada-lovelace`. */
export function memberSlug(name: string | undefined): string {
  const slug = (name ?? "")
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  return slug === "" ? "me" : slug;
}

/** The commented `.hush.yaml` that `hush init` writes for a fresh repo. */
export function starterPolicy(member: string, recipient: string): string {
  return `# hush policy: who can read which secret files.
# After changing members or groups run \`hush rekey --all\`; when someone leaves, also \`hush rotate --all\`.

# People and machines, by name, with their public key: age1… (\`hush keygen\`), an ssh public key
# line, age1yubikey1… (a hardware key through its age plugin), or a list of several.
members:
  ${member}: ${recipient.includes(" ") ? q(recipient) : recipient}
  # bob: ssh-ed25519 AAAA…  # an ssh public key works too (hush member add bob --github bob)
  # deploy-prod: age1…     # the key your production deploy job holds

# Named sets of members; a group may name other groups.
groups:
  devs: [${member}]

# The first rule whose path matches wins. Paths are globs relative to this file's folder.
rules:
  - path: "**/*.secret.{yaml,yml,json,env,ini}"
    recipients: [devs]
    # max_age: 90d                               # report values older than this as overdue
  - path: "secrets/**"
    recipients: [devs]
  - path: "k8s/**/*secret*.{yaml,yml}"           # Kubernetes Secret manifests
    recipients: [devs]
    encrypted_regex: "^(data|stringData)$"       # encrypt only these keys, like sops
  - path: "**/.env"                              # dotenv files (.env.example stays in clear)
    recipients: [devs]

# The pre-commit guard (\`hush hook install\`).
scan:
  ignore: []
`;
}

const RULE_KEYS: [keyof EncryptionRules, string][] = [
  ["encryptedRegex", "encrypted_regex"],
  ["unencryptedRegex", "unencrypted_regex"],
  ["encryptedSuffix", "encrypted_suffix"],
  ["unencryptedSuffix", "unencrypted_suffix"],
  ["encryptedCommentRegex", "encrypted_comment_regex"],
  ["unencryptedCommentRegex", "unencrypted_comment_regex"],
  ["macOnlyEncrypted", "mac_only_encrypted"],
];

/** The `.hush.yaml` equivalent of a parsed `.sops.yaml` (age recipients only; keys get member names). */
export function policyFromSops(sops: Policy): string {
  const names = new Map<string, string>();
  const nameOf = (key: string): string => {
    let n = names.get(key);
    if (n === undefined) {
      n = `member-${names.size + 1}`;
      names.set(key, n);
    }
    return n;
  };
  const ruleLines: string[] = [];
  for (const rule of sops.rules) {
    const glob = rule.path ?? (rule.pathRegex === undefined ? "**" : regexToGlob(rule.pathRegex));
    if (glob === undefined)
      throw new HushError(
        "ERR_COMMAND",
        `cannot turn path_regex ${q(rule.pathRegex ?? "")} (line ${rule.line}) into a glob`,
        { hint: "write that rule of .hush.yaml by hand, or keep using .sops.yaml" },
      );
    if (rule.pathRegex !== undefined) ruleLines.push(`  # from path_regex: ${q(rule.pathRegex)}`);
    ruleLines.push(`  - path: ${q(glob)}`);
    if (rule.keyGroups !== undefined) {
      ruleLines.push("    key_groups:");
      for (const g of rule.keyGroups) ruleLines.push(`      - [${g.map(nameOf).join(", ")}]`);
      if (rule.shamirThreshold !== undefined)
        ruleLines.push(`    shamir_threshold: ${rule.shamirThreshold}`);
    } else {
      ruleLines.push(`    recipients: [${rule.recipients.map(nameOf).join(", ")}]`);
    }
    for (const [k, yamlKey] of RULE_KEYS) {
      const v = rule.rules[k];
      if (v !== undefined)
        ruleLines.push(`    ${yamlKey}: ${typeof v === "string" ? q(v) : String(v)}`);
    }
  }
  const memberLines = [...names].map(
    ([key, name]) => `  ${name}: ${key}   # rename to the person or machine`,
  );
  return `# hush policy converted from ${sops.source} by \`hush init --from-sops\`.
# Give the members real names, group them, then run \`hush rekey --check\`.

members:
${memberLines.length > 0 ? memberLines.join("\n") : "  {}"}

groups: {}

# The first matching rule wins (same order as creation_rules).
rules:
${ruleLines.join("\n")}

scan:
  ignore: []
`;
}

const STAR2 = "\u0000";

/**
 * Best-effort translation of a sops `path_regex` (unanchored search) into a minimatch glob, for the
 * patterns people write (`secrets/.*\\.yaml$`, `^k8s/(dev|prod)/`, `\\.enc\\.json$`). Returns undefined
 * for anything else; `hush init --from-sops` then checks the result against the repo's files.
 */
export function regexToGlob(re: string): string | undefined {
  let s = re;
  const startAnchored = s.startsWith("^");
  if (startAnchored) s = s.slice(1);
  const endAnchored = s.endsWith("$") && !s.endsWith("\\$");
  if (endAnchored) s = s.slice(0, -1);
  let out = "";
  for (let i = 0; i < s.length; i++) {
    const c = s[i] as string;
    const rest = s.slice(i);
    if (c === "\\") {
      const n = s[i + 1];
      if (n === undefined || !/[./\-_]/.test(n)) return undefined;
      out += n;
      i++;
    } else if (rest.startsWith(".*")) {
      out += STAR2;
      i++;
    } else if (rest.startsWith("[^/]*")) {
      out += "*";
      i += 4;
    } else if (c === "(") {
      const close = s.indexOf(")", i);
      const inner = close === -1 ? "" : s.slice(i + 1, close);
      if (close === -1 || !/^[\w\-./|]+$/.test(inner.replace(/\\\./g, "."))) return undefined;
      out += `{${inner.replace(/\\\./g, ".").split("|").join(",")}}`;
      i = close;
    } else if (c === ".") {
      out += "?";
    } else if ("+?[]{}()|*$^".includes(c)) {
      return undefined;
    } else {
      out += c;
    }
  }
  // `.*` as a whole segment start crosses folders (`**/`); inside a segment it stays within it.
  out = out.replace(
    new RegExp(`(^|/)${STAR2}(/|$)`, "g"),
    (_m, a: string, b: string) => `${a}**${b}`,
  );
  out = out.replace(new RegExp(`(^|/)${STAR2}`, "g"), (_m, a: string) => `${a}**/*`);
  out = out.split(STAR2).join("*");
  // Unanchored: the match may start anywhere, even inside a folder name.
  if (!startAnchored && !out.startsWith("**")) out = `**/*${out}`;
  if (!endAnchored)
    out = out.endsWith("/") ? `${out}**` : out.endsWith("**") ? out : `${out}{,/**}`;
  return out.replace(/^\*\*\/\*\*/, "**");
}

/** A path that fits a glob: each wildcard or choice replaced by a plain name. */
function fitGlob(glob: string): string {
  return glob
    .replace(/\{([^{},]*)(?:,[^{}]*)?\}/g, "$1")
    .replace(/\[[!^]?([^\]])[^\]]*\]/g, "$1")
    .replace(/(^|\/)\*\*\//g, "$1")
    .replace(/\*\*/g, "app")
    .replace(/\*/g, "app")
    .replace(/\?/g, "x");
}

/**
 * A file to name in a next step that a rule of `policy` covers: one that exists already (`files`,
 * relative to the policy's folder), else one made up from a rule's glob and checked against the
 * policy; undefined when neither works (sops `path_regex` rules and no covered file yet).
 */
export function examplePath(
  policy: Policy,
  files: readonly string[],
): { path: string; existing: boolean } | undefined {
  for (const f of files)
    if (!isPolicyFile(f) && resolveRule(policy, f) !== undefined)
      return { path: f, existing: true };
  for (const rule of policy.rules) {
    if (rule.path === undefined) continue;
    const candidate = fitGlob(rule.path);
    if (candidate !== "" && resolveRule(policy, candidate) !== undefined)
      return { path: candidate, existing: false };
  }
  return undefined;
}

/**
 * A rule's options as `name value` texts in the policy's spelling (`hush policy explain`), in the
 * order of {@link RULE_KEYS}, then `max_age`.
 */
export function ruleOptionList(rules: EncryptionRules, maxAgeMs: number | undefined): string[] {
  const out: string[] = [];
  for (const [field, name] of RULE_KEYS) {
    const v = rules[field];
    if (typeof v === "string") out.push(`${name} ${JSON.stringify(v)}`);
    else if (v === true) out.push(`${name} true`);
  }
  if (maxAgeMs !== undefined) out.push(`max_age ${duration(maxAgeMs)}`);
  return out;
}

/** Milliseconds as the largest whole unit the policy accepts (90d, 12h, 30m). */
function duration(ms: number): string {
  for (const [unit, size] of [
    ["w", 604800000],
    ["d", 86400000],
    ["h", 3600000],
    ["m", 60000],
  ] as const) {
    if (ms % size === 0) return `${ms / size}${unit}`;
  }
  return `${ms}ms`;
}
