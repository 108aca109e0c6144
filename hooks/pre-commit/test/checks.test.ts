import { describe, expect, it } from "vitest";
import type { ResolvedRule } from "@hush/core";
import {
  isEnvelope,
  locateKey,
  looksEncrypted,
  recipientsDrift,
  shouldBeEncrypted,
} from "../src/checks.js";

const env = (data: string): string =>
  `ENC[AES256_GCM,data:${data},iv:${Buffer.alloc(32, 7).toString("base64")},tag:${Buffer.alloc(16, 9).toString("base64")},type:str]`;

function rule(recipients: string[], keyGroups?: string[][]): ResolvedRule {
  return {
    index: 0,
    rule: {
      path: "x/**",
      pathRegex: undefined,
      recipients,
      keyGroups,
      shamirThreshold: undefined,
      rules: {},
      maxAgeMs: undefined,
      line: 3,
    },
    recipients: keyGroups ? [] : recipients,
    readers: [],
    groups: [],
    keyGroups,
    shamirThreshold: undefined,
    rules: {},
    maxAgeMs: undefined,
  };
}

describe("shouldBeEncrypted (sops rules over every mapping key of the path)", () => {
  it("should encrypt everything but *_unencrypted subtrees by default", () => {
    expect(shouldBeEncrypted(["db", "password"], {})).toBe(true);
    expect(shouldBeEncrypted(["public_unencrypted", "x"], {})).toBe(false);
    expect(shouldBeEncrypted(["list_unencrypted", 0], {})).toBe(false);
  });

  it("should follow encrypted_regex, unencrypted_regex and the suffix rules", () => {
    const k8s = { encryptedRegex: "^(data|stringData)$" };
    expect(shouldBeEncrypted(["data", "password"], k8s)).toBe(true);
    expect(shouldBeEncrypted(["metadata", "name"], k8s)).toBe(false);
    expect(shouldBeEncrypted(["metadata", "name"], { unencryptedRegex: "^metadata$" })).toBe(false);
    expect(shouldBeEncrypted(["spec", "x"], { unencryptedRegex: "^metadata$" })).toBe(true);
    expect(shouldBeEncrypted(["token_enc"], { encryptedSuffix: "_enc" })).toBe(true);
    expect(shouldBeEncrypted(["token"], { encryptedSuffix: "_enc" })).toBe(false);
    expect(shouldBeEncrypted(["a_pub"], { unencryptedSuffix: "_pub" })).toBe(false);
  });
});

describe("structure checks", () => {
  it("should accept a well-formed ENC envelope and reject truncated or odd ones", () => {
    expect(isEnvelope(env("aGVsbG8="))).toBe(true);
    expect(isEnvelope(env(""))).toBe(true);
    expect(isEnvelope(env("aGVsbG8=").replace(",type:str]", ",type:nope]"))).toBe(false);
    expect(isEnvelope(env("aGVsbG8=").slice(0, -1))).toBe(false);
    expect(isEnvelope(env("aGVs!G8="))).toBe(false);
    expect(
      isEnvelope(
        `ENC[AES256_GCM,data:aGk=,iv:${Buffer.alloc(12).toString("base64")},tag:${Buffer.alloc(16).toString("base64")},type:str]`,
      ),
    ).toBe(false);
  });

  it("should recognise sops files of each format by their metadata marker and an ENC value", () => {
    const mac = env("bWFj");
    expect(looksEncrypted("a.yaml", `x: ${mac}\nsops:\n  mac: ${mac}\n`)).toBe(true);
    expect(looksEncrypted("a.yaml", "x: 1\nsops:\n  enabled: true\n")).toBe(false);
    expect(looksEncrypted("a.json", `{\n "x": "${mac}",\n "sops": {\n "mac": "${mac}"}}`)).toBe(
      true,
    );
    expect(looksEncrypted("a.env", `X=${mac}\nsops_mac=${mac}\n`)).toBe(true);
    expect(looksEncrypted("a.ini", `[s]\nx = ${mac}\n[sops]\nmac = ${mac}\n`)).toBe(true);
    expect(looksEncrypted("docs.md", `sops:\n  mac: ${mac}\n`)).toBe(false);
  });

  it("should locate a key path's line for messages", () => {
    const text = "a: 1\ndb:\n  user: x\n  password: y\napi_token: z\n";
    expect(locateKey(text, ["db", "password"])).toBe(4);
    expect(locateKey(text, ["api_token"])).toBe(5);
    expect(locateKey("A=1\nB=2\n", ["B"])).toBe(2);
  });
});

describe("recipient drift", () => {
  it("should compare recipients as sets", () => {
    expect(recipientsDrift([["age1b", "age1a"]], rule(["age1a", "age1b"]))).toBeUndefined();
    expect(recipientsDrift([["age1a"]], rule(["age1a", "age1b"]))).toEqual({
      expected: ["age1a", "age1b"],
      actual: ["age1a"],
    });
    expect(recipientsDrift([["age1a", "age1c"]], rule(["age1a"]))).toBeDefined();
  });

  it("should compare key groups as a set of sets", () => {
    const r = rule([], [["age1a"], ["age1b", "age1c"]]);
    expect(recipientsDrift([["age1c", "age1b"], ["age1a"]], r)).toBeUndefined();
    expect(recipientsDrift([["age1a", "age1b", "age1c"]], r)).toBeDefined();
  });
});
