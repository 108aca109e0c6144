import type { EncryptionRules, Policy } from "@hush/core";

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

# People and machines, by name, with their age public key (\`hush keygen\` makes one).
members:
  ${member}: ${recipient}
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
  # - path: "k8s/**/*.yaml"
  #   recipients: [devs]
  #   encrypted_regex: "^(data|stringData)$"     # encrypt only these keys, like sops

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
    ruleLines.push(rule.path !== undefined ? `  - path: ${q(rule.path)}` : `  - path_regex: ${q(rule.pathRegex ?? "")}`);
    if (rule.keyGroups !== undefined) {
      ruleLines.push("    key_groups:");
      for (const g of rule.keyGroups) ruleLines.push(`      - [${g.map(nameOf).join(", ")}]`);
      if (rule.shamirThreshold !== undefined) ruleLines.push(`    shamir_threshold: ${rule.shamirThreshold}`);
    } else {
      ruleLines.push(`    recipients: [${rule.recipients.map(nameOf).join(", ")}]`);
    }
    for (const [k, yamlKey] of RULE_KEYS) {
      const v = rule.rules[k];
      if (v !== undefined) ruleLines.push(`    ${yamlKey}: ${typeof v === "string" ? q(v) : String(v)}`);
    }
  }
  const memberLines = [...names].map(([key, name]) => `  ${name}: ${key}   # rename to the person or machine`);
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
