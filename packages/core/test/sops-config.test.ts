import { describe, expect, it } from "vitest";
import { generateIdentity } from "../src/keys.js";
import { parsePolicy, parseSopsConfig, resolveRule } from "../src/policy.js";
import { isHushError } from "../src/errors.js";

const [a, b, c] = await Promise.all([1, 2, 3].map(() => generateIdentity()));
if (a === undefined || b === undefined || c === undefined) throw new Error("keys");

describe("parseSopsConfig", () => {
  it("should read creation_rules as sops does: first match, unanchored regex, comma lists", () => {
    const p = parseSopsConfig(
      `creation_rules:
  - path_regex: prod/.*\\.yaml$
    age: " ${a.recipient} , ${b.recipient},"
    encrypted_regex: ^(data|stringData)$
    pgp: ABCDEF
  - path_regex: \\.env
    age: [${b.recipient}, "${c.recipient},${a.recipient}"]
    unencrypted_suffix: _plain
    mac_only_encrypted: true
  - age: ${c.recipient}
    path_regexp: typo-is-ignored
`,
      ".sops.yaml",
    );
    expect(p.kind).toBe("sops");
    expect(resolveRule(p, "k8s/prod/x.yaml")?.recipients).toEqual([a.recipient, b.recipient]);
    expect(resolveRule(p, "k8s/prod/x.yaml")?.rules).toEqual({
      encryptedRegex: "^(data|stringData)$",
    });
    const env = resolveRule(p, "apps/.env.local");
    expect(env?.index).toBe(1);
    expect(env?.recipients).toEqual([b.recipient, c.recipient, a.recipient]);
    expect(env?.rules).toEqual({ unencryptedSuffix: "_plain", macOnlyEncrypted: true });
    expect(resolveRule(p, "anything/else.json")?.index).toBe(2);
    expect(p.rules[2]?.line).toBe(10);
  });

  it("should read key groups with merge and the Shamir threshold", () => {
    const p = parseSopsConfig(
      `creation_rules:
  - path_regex: ""
    key_groups:
      - age: [${a.recipient}]
        pgp: [FFFF]
      - age: ["${b.recipient}"]
        merge:
          - age: [${c.recipient}]
    shamir_threshold: 2
`,
      ".sops.yaml",
    );
    const r = resolveRule(p, "x.yaml");
    expect(r?.keyGroups).toEqual([[a.recipient], [b.recipient, c.recipient]]);
    expect(r?.shamirThreshold).toBe(2);
    expect(r?.recipients).toEqual([]);
  });

  it("should translate Go regex syntax that JS spells differently", () => {
    const p = parseSopsConfig(
      `creation_rules:\n  - path_regex: (?i)\\.SECRET\\.yaml\\z\n    age: ${a.recipient}\n`,
      "s",
    );
    expect(resolveRule(p, "a/b.secret.yaml")?.index).toBe(0);
    expect(resolveRule(p, "a/b.secret.yaml.bak")).toBeUndefined();
  });

  it("should treat a file without creation_rules as having no rules", () => {
    expect(parseSopsConfig("stores:\n  yaml:\n    indent: 2\n", "s").rules).toEqual([]);
  });

  it("should reject a malformed age key and a bad path_regex with the line", () => {
    for (const [text, line] of [
      [`creation_rules:\n  - path_regex: x\n    age: age1nope\n`, 3],
      [`creation_rules:\n  - age: ${a.recipient}\n  - path_regex: "(x"\n`, 3],
    ] as const) {
      try {
        parseSopsConfig(text, ".sops.yaml");
        throw new Error("expected failure");
      } catch (e) {
        expect(isHushError(e) && e.code).toBe("ERR_POLICY");
        expect((e as Error).message).toContain(`.sops.yaml:${line}:`);
      }
    }
  });
});

describe(".hush.yaml and the equivalent .sops.yaml", () => {
  it("should give every path the same recipients and options", () => {
    const hush = parsePolicy(
      `members: {alice: ${a.recipient}, bob: ${b.recipient}, ci: ${c.recipient}}
groups: {devs: [alice, bob], prod: [alice, ci]}
rules:
  - path: "k8s/prod/**/*.yaml"
    recipients: [prod]
    encrypted_regex: "^(data|stringData)$"
  - path: "**/*.secret.json"
    recipients: [devs]
  - path: "**"
    recipients: [alice]
`,
      ".hush.yaml",
    );
    const sops = parseSopsConfig(
      `creation_rules:
  - path_regex: ^k8s/prod/(.*/)?[^/]*\\.yaml$
    age: ${a.recipient},${c.recipient}
    encrypted_regex: "^(data|stringData)$"
  - path_regex: \\.secret\\.json$
    age: [${a.recipient}, ${b.recipient}]
  - age: ${a.recipient}
`,
      ".sops.yaml",
    );
    const paths = [
      "k8s/prod/app/s.yaml",
      "k8s/prod/s.yaml",
      "k8s/dev/s.yaml",
      "api/db.secret.json",
      "db.secret.json",
      "x.txt",
    ];
    for (const path of paths) {
      const h = resolveRule(hush, path);
      const s = resolveRule(sops, path);
      expect({ path, recipients: h?.recipients, rules: h?.rules }).toEqual({
        path,
        recipients: s?.recipients,
        rules: s?.rules,
      });
    }
  });
});
