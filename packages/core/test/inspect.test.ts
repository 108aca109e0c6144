import { describe, expect, it } from "vitest";
import {
  encrypt,
  envelopeProblem,
  generateIdentity,
  inspect,
  isHushError,
  isPolicyFile,
  assertNotPolicyFile,
  looksEncrypted,
  resolveRule,
  parsePolicy,
  type EncryptionRules,
  type Format,
} from "../src/index.js";

const b64 = (n: number, fill = 7): string => Buffer.alloc(n, fill).toString("base64");
const env = (data: string, type = "str", iv = b64(32), tag = b64(16)): string =>
  `ENC[AES256_GCM,data:${data},iv:${iv},tag:${tag},type:${type}]`;

let recipient: string | undefined;
async function sealed(text: string, format: Format, rules: EncryptionRules = {}): Promise<string> {
  recipient ??= (await generateIdentity()).recipient;
  return encrypt(text, { format, recipients: [recipient], rules });
}

describe("envelopeProblem (shape only, no key)", () => {
  it("should accept a sops envelope and name what is wrong with a malformed one", () => {
    expect(envelopeProblem(env("aGVsbG8="))).toBeUndefined();
    expect(envelopeProblem(env(""))).toBeUndefined();
    expect(envelopeProblem(env("aGVsbG8=", "nope"))).toMatch(/type/);
    expect(envelopeProblem(env("aGVsbG8=").slice(0, -1))).toBeDefined();
    expect(envelopeProblem(env("aGVs!G8="))).toMatch(/data/);
    expect(envelopeProblem(env("aGk=", "str", b64(12)))).toMatch(/iv/);
    expect(envelopeProblem(env("aGk=", "str", b64(32), b64(8)))).toMatch(/tag/);
    expect(envelopeProblem(" " + env("aGk="))).toBeDefined();
    expect(envelopeProblem("garbage")).toBeDefined();
  });

  it("should hold the MAC to its exact shape: 128 encrypted hex digits, type str", () => {
    expect(envelopeProblem(env(b64(128)), { type: "str", dataBytes: 128 })).toBeUndefined();
    expect(envelopeProblem(env(b64(64)), { type: "str", dataBytes: 128 })).toMatch(/data/);
    expect(envelopeProblem(env(b64(128), "int"), { type: "str", dataBytes: 128 })).toMatch(/type/);
  });
});

describe("inspect", () => {
  it("should report a missing or garbage MAC, and a sound file as sound", async () => {
    const text = await sealed("a: 1\nb: two\n", "yaml");
    expect(inspect(text, "yaml").problems).toEqual([]);
    const garbage = text.replace(/^ {4}mac: .*$/m, "    mac: garbage");
    expect(garbage).not.toBe(text);
    expect(inspect(garbage, "yaml").problems.join()).toMatch(/malformed mac/);
    const missing = text.replace(/^ {4}mac: .*\n/m, "");
    expect(missing).not.toBe(text);
    expect(inspect(missing, "yaml").problems).toContain("no mac");
    const short = text.replace(/(^ {4}mac: ENC\[AES256_GCM,data:)[^,]*/m, `$1${b64(30)}`);
    expect(inspect(short, "yaml").problems.join()).toMatch(/malformed mac/);
  });

  it("should decide should-be-encrypted per value under the file's rules, comment rules included", async () => {
    const k8s = await sealed("metadata:\n  name: app\ndata:\n  password: aGk=\n", "yaml", {
      encryptedRegex: "^(data|stringData)$",
    });
    const v = inspect(k8s, "yaml").values.map((x) => [
      x.keyPath.join("."),
      x.shouldEncrypt,
      x.encrypted,
    ]);
    expect(v).toEqual([
      ["metadata.name", false, false],
      ["data.password", true, true],
    ]);
    const marked = await sealed("# sops:enc\nsecret: s1\nplain: p1\n", "yaml", {
      encryptedCommentRegex: "sops:enc",
    });
    const info = inspect(marked, "yaml");
    expect(info.values.map((x) => [x.keyPath.join("."), x.shouldEncrypt])).toEqual([
      ["secret", true],
      ["plain", false],
    ]);
    expect(info.comments.map((c) => [c.stored, c.encrypted])).toEqual([[" sops:enc", false]]);
  });

  it("should not call empty values left in clear (as sops leaves them) should-be-encrypted", async () => {
    for (const [format, text] of [
      ["dotenv", "KEY=\nOTHER=x\n"],
      ["yaml", 'a: ""\nb: x\n'],
      ["json", '{"a": "", "b": "x"}\n'],
      ["ini", "[s]\na =\nb = x\n"],
    ] as const) {
      const info = inspect(await sealed(text, format), format);
      expect(
        info.values.map((x) => x.shouldEncrypt),
        format,
      ).toEqual([false, true]);
      expect(info.problems, format).toEqual([]);
    }
  });

  it("should judge each value under other rule sets too (a policy rule's options)", async () => {
    const text = await sealed("metadata:\n  note: n\ndata:\n  x: y\n", "yaml", {
      encryptedRegex: "^data$",
    });
    const info = inspect(text, "yaml", { alsoUnder: [{}] });
    expect(info.values.map((x) => x.requiredElsewhere)).toEqual([true, true]);
    expect(inspect(text, "yaml").values.map((x) => x.requiredElsewhere)).toEqual([false, false]);
  });
});

describe("looksEncrypted (no parse)", () => {
  it("should recognise sops files of each format by their metadata marker and an ENC value", () => {
    const mac = env("bWFj");
    expect(looksEncrypted(`x: ${mac}\nsops:\n  mac: ${mac}\n`, "yaml")).toBe(true);
    expect(looksEncrypted("x: 1\nsops:\n  enabled: true\n", "yaml")).toBe(false);
    expect(looksEncrypted(`{\n "x": "${mac}",\n "sops": {\n "mac": "${mac}"}}`, "json")).toBe(true);
    expect(looksEncrypted(`X=${mac}\nsops_mac=${mac}\n`, "dotenv")).toBe(true);
    expect(looksEncrypted(`[s]\nx = ${mac}\n[sops]\nmac = ${mac}\n`, "ini")).toBe(true);
    expect(looksEncrypted(`sops:\n  mac: ${mac}\n`, "binary")).toBe(false);
  });
});

describe("hush's own configuration files", () => {
  it("should never be covered by a rule, not even by **", async () => {
    const { recipient: key } = await generateIdentity();
    const policy = parsePolicy(`rules:\n  - path: "**"\n    recipients: [${key}]\n`, ".hush.yaml");
    for (const p of [".hush.yaml", ".sops.yaml", ".hushignore", "sub/.sops.yaml"]) {
      expect(isPolicyFile(p)).toBe(true);
      expect(resolveRule(policy, p), p).toBeUndefined();
    }
    expect(resolveRule(policy, "secrets.yaml")).toBeDefined();
  });

  it("should refuse to encrypt them with ERR_POLICY", () => {
    let err: unknown;
    try {
      assertNotPolicyFile("/repo/.hush.yaml");
    } catch (e) {
      err = e;
    }
    expect(isHushError(err) && err.code).toBe("ERR_POLICY");
    expect(() => assertNotPolicyFile("/repo/app.yaml")).not.toThrow();
  });
});
