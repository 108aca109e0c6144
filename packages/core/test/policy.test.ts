import { describe, expect, it } from "vitest";
import { generateIdentity } from "../src/keys.js";
import { memberName, parseDuration, parsePolicy, resolveRule } from "../src/policy.js";
import { isHushError } from "../src/errors.js";

const [alice, bob, deploy, carol] = await Promise.all([1, 2, 3, 4].map(() => generateIdentity()));
if (alice === undefined || bob === undefined || deploy === undefined || carol === undefined)
  throw new Error("keys");

const POLICY = `# team policy
members:
  alice: ${alice.recipient}
  bob: ${bob.recipient}
  deploy-prod: ${deploy.recipient}
groups:
  devs: [alice, bob]
  prod: [alice, deploy-prod]
  everyone: [devs, prod]
rules:
  - path: "k8s/prod/**/*.yaml"
    recipients: [prod]
    encrypted_regex: "^(data|stringData)$"
    max_age: 90d
  - path: "**/*.secret.{yaml,json,env}"
    recipients: [devs, ${carol.recipient}]
    mac_only_encrypted: true
  - path: "shared/**"
    recipients: [everyone]
scan:
  ignore: ["**/testdata/**"]
`;

/** bob's key with its last character changed: the bech32 checksum no longer verifies. */
const broken = bob.recipient.slice(0, -1) + (bob.recipient.endsWith("q") ? "p" : "q");

function policyError(text: string): { line: number; message: string } {
  try {
    parsePolicy(text, ".hush.yaml");
  } catch (e) {
    if (!isHushError(e) || e.code !== "ERR_POLICY") throw e;
    const m = /^\.hush\.yaml:(\d+): /.exec(e.message);
    if (m === null) throw new Error(`no line in: ${e.message}`, { cause: e });
    return { line: Number(m[1]), message: e.message };
  }
  throw new Error("expected ERR_POLICY");
}

describe("parsePolicy", () => {
  it("should read members, groups, rules with their options and scan settings", () => {
    const p = parsePolicy(POLICY, ".hush.yaml");
    expect(p.kind).toBe("hush");
    expect(p.members.get("bob")).toEqual([bob.recipient]);
    expect(p.groups.get("everyone")).toEqual(["devs", "prod"]);
    expect(p.rules).toHaveLength(3);
    expect(p.rules[0]).toMatchObject({
      path: "k8s/prod/**/*.yaml",
      line: 11,
      maxAgeMs: 90 * 86400e3,
    });
    expect(p.rules[0]?.rules).toEqual({ encryptedRegex: "^(data|stringData)$" });
    expect(p.rules[1]?.rules).toEqual({ macOnlyEncrypted: true });
    expect(p.scan.ignore).toEqual(["**/testdata/**"]);
    expect(memberName(p, deploy.recipient)).toBe("deploy-prod");
    expect(memberName(p, carol.recipient)).toBeUndefined();
  });

  it("should resolve the first matching rule and expand nested groups", () => {
    const p = parsePolicy(POLICY, ".hush.yaml");
    const prod = resolveRule(p, "k8s/prod/app/secret.yaml");
    expect(prod?.index).toBe(0);
    expect(prod?.recipients).toEqual([alice.recipient, deploy.recipient]);
    expect(prod?.readers).toEqual(["alice", "deploy-prod"]);
    expect(prod?.groups).toEqual(["prod"]);
    const dev = resolveRule(p, "./apps/api/db.secret.json");
    expect(dev?.index).toBe(1);
    expect(dev?.recipients).toEqual([alice.recipient, bob.recipient, carol.recipient]);
    expect(dev?.readers).toEqual(["alice", "bob", carol.recipient]);
    const all = resolveRule(p, "shared/x/.env");
    expect(all?.recipients).toEqual([alice.recipient, bob.recipient, deploy.recipient]);
    expect(all?.groups).toEqual(["everyone", "devs", "prod"]);
    expect(resolveRule(p, "README.md")).toBeUndefined();
    expect(resolveRule(p, "k8s/prod/app/secret.yml")).toBeUndefined();
  });

  it("should resolve key groups with their threshold, folding a single group into recipients", () => {
    const p = parsePolicy(
      `members: {a: ${alice.recipient}, b: ${bob.recipient}}\nrules:\n  - path: "x/**"\n    key_groups: [[a], [b, ${carol.recipient}]]\n    shamir_threshold: 2\n  - path: "**"\n    key_groups: [[a, b]]\n`,
      "p",
    );
    const x = resolveRule(p, "x/y.yaml");
    expect(x?.keyGroups).toEqual([[alice.recipient], [bob.recipient, carol.recipient]]);
    expect(x?.shamirThreshold).toBe(2);
    expect(x?.recipients).toEqual([]);
    const other = resolveRule(p, "z.yaml");
    expect(other?.keyGroups).toBeUndefined();
    expect(other?.recipients).toEqual([alice.recipient, bob.recipient]);
  });

  it("should take a lone name where a list is expected", () => {
    const p = parsePolicy(
      `members: {a: ${alice.recipient}}\nrules:\n  - path: "**"\n    recipients: a\n`,
      "p",
    );
    expect(resolveRule(p, "x")?.recipients).toEqual([alice.recipient]);
  });

  it("should accept an empty policy", () => {
    expect(parsePolicy("", "p").rules).toEqual([]);
    expect(parsePolicy("# nothing\n", "p").members.size).toBe(0);
  });

  const base = `members:\n  alice: ${alice.recipient}\n`;
  it.each([
    [
      "an unknown member in a rule",
      `${base}rules:\n  - path: a\n    recipients: [alice, mallory]\n`,
      5,
      /unknown member or group "mallory"/,
    ],
    [
      "an unknown member in a group",
      `${base}groups:\n  g: [alice,\n      eve]\n`,
      5,
      /unknown member or group "eve"/,
    ],
    [
      "a malformed member key",
      `members:\n  alice: ${alice.recipient}\n  bob: ${broken}\n`,
      3,
      /malformed key/,
    ],
    [
      "a malformed raw key",
      `${base}rules:\n  - path: a\n    recipients: [age1qqqqqq]\n`,
      5,
      /malformed key/,
    ],
    [
      "an unknown rule option",
      `${base}rules:\n  - path: a\n    recipients: [alice]\n    encrypted_regx: x\n`,
      6,
      /unknown option "encrypted_regx"/,
    ],
    ["an unknown section", `${base}rule:\n  - path: a\n`, 3, /unknown section "rule"/],
    [
      "a group cycle",
      `${base}groups:\n  a1: [b1]\n  b1: [c1, alice]\n  c1: [a1]\n`,
      4,
      /cycle: a1 → b1 → c1 → a1/,
    ],
    [
      "a bad regex",
      `${base}rules:\n  - path: a\n    recipients: [alice]\n    encrypted_regex: "^(data"\n`,
      6,
      /encrypted_regex: not a valid regular expression/,
    ],
    [
      "a bad duration",
      `${base}rules:\n  - path: a\n    recipients: [alice]\n    max_age: 90 days\n`,
      6,
      /max_age: bad duration/,
    ],
    [
      "two key rules",
      `${base}rules:\n  - path: a\n    recipients: [alice]\n    encrypted_suffix: _s\n    unencrypted_regex: x\n`,
      7,
      /use only one of/,
    ],
    ["a rule without path", `${base}rules:\n  - recipients: [alice]\n`, 4, /missing "path"/],
    ["a rule without recipients", `${base}rules:\n  - path: a\n`, 4, /no recipients/],
    [
      "a threshold above the groups",
      `${base}rules:\n  - path: a\n    key_groups: [[alice]]\n    shamir_threshold: 3\n`,
      6,
      /more than the 1 key groups/,
    ],
    [
      "a threshold of 1 with two groups",
      `${base}rules:\n  - path: a\n    key_groups: [[alice], [alice]]\n    shamir_threshold: 1\n`,
      6,
      /at least 2/,
    ],
    ["invalid YAML", `${base}rules: [\n`, 4, /not valid YAML/],
    ["a duplicate key", `${base}  alice: ${bob.recipient}\n`, 3, /not valid YAML/],
  ])("should reject %s with the line number", (_what, text, line, message) => {
    const e = policyError(text);
    expect(e.line).toBe(line);
    expect(e.message).toMatch(message);
  });

  it("should never echo a member's key in an error", () => {
    const e = policyError(`members:\n  bob: ${broken}\n`);
    expect(e.message).not.toContain(bob.recipient.slice(4, -1));
  });
});

describe("parseDuration", () => {
  it("should read the units and compounds", () => {
    expect(parseDuration("90d")).toBe(90 * 86400e3);
    expect(parseDuration("12h")).toBe(12 * 3600e3);
    expect(parseDuration("2w")).toBe(14 * 86400e3);
    expect(parseDuration("30m")).toBe(30 * 60e3);
    expect(parseDuration("1d12h")).toBe(36 * 3600e3);
  });
  it.each(["", "90", "d", "1y", "-1d", "0d", "1.5h"])("should reject %j with ERR_POLICY", (s) => {
    expect(() => parseDuration(s)).toThrow(expect.objectContaining({ code: "ERR_POLICY" }));
  });
});
