/**
 * The sops checks of one file with real encryption (core's encrypt/inspect/decrypt, real age keys):
 * plaintext under a rule, partly decrypted values, tampering, structure without a key, drift.
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { ResolvedRule } from "@hush/core";
import { checkEncryption, type IdentityProvider } from "../src/checks.js";
import type * as CoreModule from "@hush/core";

type Core = typeof CoreModule;
let core: Core;
let alice: { identity: string; recipient: string };
let bob: { identity: string; recipient: string };

beforeAll(async () => {
  core = await import("@hush/core");
  alice = await core.generateIdentity();
  bob = await core.generateIdentity();
});

const PLAIN = "db:\n  user: app\n  password: hunter2-for-tests\npublic_unencrypted: shown\n";
const noKey: IdentityProvider = () => Promise.resolve({ identities: [], problem: undefined });
const withKey =
  (id: string): IdentityProvider =>
  () =>
    Promise.resolve({ identities: [id], problem: undefined });

function rule(recipients: string[], rules = {}): ResolvedRule {
  return {
    index: 0,
    rule: {
      path: "secrets/**",
      pathRegex: undefined,
      recipients,
      keyGroups: undefined,
      shamirThreshold: undefined,
      rules,
      maxAgeMs: undefined,
      line: 4,
    },
    recipients,
    readers: recipients,
    groups: [],
    keyGroups: undefined,
    shamirThreshold: undefined,
    rules,
    maxAgeMs: undefined,
  };
}

const ids = (r: { findings: { ruleId: string }[] }): string[] => r.findings.map((f) => f.ruleId);

describe("checkEncryption", () => {
  it("should flag a covered plaintext file and leave an uncovered one alone", async () => {
    const covered = await checkEncryption(
      core,
      { path: "secrets/a.yaml", text: PLAIN },
      rule([alice.recipient]),
      ".hush.yaml",
      noKey,
    );
    expect(ids(covered)).toEqual(["policy-plaintext-file"]);
    expect(covered.findings[0]?.description).toContain(".hush.yaml:4");
    const free = await checkEncryption(
      core,
      { path: "notes/a.yaml", text: PLAIN },
      undefined,
      undefined,
      noKey,
    );
    expect(free.findings).toEqual([]);
    expect(free.encrypted).toBe(false);
  });

  it("should pass an encrypted file, noting the MAC is unchecked without a key, verified with one", async () => {
    const text = await core.encrypt(PLAIN, { format: "yaml", recipients: [alice.recipient] });
    const without = await checkEncryption(
      core,
      { path: "secrets/a.yaml", text },
      rule([alice.recipient]),
      ".hush.yaml",
      noKey,
    );
    expect(without.findings).toEqual([]);
    expect(without.encrypted).toBe(true);
    expect(without.notes[0]?.message).toContain("MAC unchecked");
    const withId = await checkEncryption(
      core,
      { path: "secrets/a.yaml", text },
      rule([alice.recipient]),
      ".hush.yaml",
      withKey(alice.identity),
    );
    expect(withId.findings).toEqual([]);
    expect(withId.notes).toEqual([]);
  });

  it("should flag a partly decrypted value by key path, never printing the value", async () => {
    const text = await core.encrypt(PLAIN, { format: "yaml", recipients: [alice.recipient] });
    const partly = text.replace(/password: ENC\[[^\]]*\]/, "password: hunter2-for-tests");
    const r = await checkEncryption(
      core,
      { path: "secrets/a.yaml", text: partly },
      undefined,
      undefined,
      noKey,
    );
    expect(ids(r)).toEqual(["sops-plaintext-value"]);
    expect(r.findings[0]?.preview).toBe("db.password");
    expect(r.findings[0]?.line).toBe(3);
    expect(JSON.stringify(r)).not.toContain("hunter2");
  });

  it("should flag a value the policy rule wants encrypted that the file's own rules left plaintext", async () => {
    const text = await core.encrypt(PLAIN, {
      format: "yaml",
      recipients: [alice.recipient],
      rules: { encryptedRegex: "^password$" },
    });
    const ok = await checkEncryption(
      core,
      { path: "secrets/a.yaml", text },
      rule([alice.recipient], { encryptedRegex: "^password$" }),
      ".hush.yaml",
      noKey,
    );
    expect(ok.findings).toEqual([]);
    const strict = await checkEncryption(
      core,
      { path: "secrets/a.yaml", text },
      rule([alice.recipient]),
      ".hush.yaml",
      noKey,
    );
    expect(ids(strict)).toEqual(["sops-plaintext-value"]);
    expect(strict.findings[0]?.preview).toBe("db.user");
  });

  it("should flag tampering with a key, and a broken envelope even without one", async () => {
    const text = await core.encrypt(PLAIN, { format: "yaml", recipients: [alice.recipient] });
    const flipped = text.replace(
      /(password: ENC\[AES256_GCM,data:)(.)/,
      (_m, h: string, c: string) => `${h}${c === "A" ? "B" : "A"}`,
    );
    const tampered = await checkEncryption(
      core,
      { path: "x.yaml", text: flipped },
      undefined,
      undefined,
      withKey(alice.identity),
    );
    expect(ids(tampered)).toEqual(["sops-corrupt-value"]);
    const removed = text
      .split("\n")
      .filter((l) => !l.includes("user: ENC"))
      .join("\n");
    const mac = await checkEncryption(
      core,
      { path: "x.yaml", text: removed },
      undefined,
      undefined,
      withKey(alice.identity),
    );
    expect(ids(mac)).toEqual(["sops-mac-mismatch"]);
    const truncated = text.replace(/(password: ENC\[AES256_GCM,data:[^,]*,iv:)[^,]*/, "$1AAAA");
    const broken = await checkEncryption(
      core,
      { path: "x.yaml", text: truncated },
      undefined,
      undefined,
      noKey,
    );
    expect(ids(broken)).toContain("sops-malformed");
  });

  it("should note, not block, when no identity of ours opens the file", async () => {
    const text = await core.encrypt(PLAIN, { format: "yaml", recipients: [alice.recipient] });
    const r = await checkEncryption(
      core,
      { path: "x.yaml", text },
      undefined,
      undefined,
      withKey(bob.identity),
    );
    expect(r.findings).toEqual([]);
    expect(r.notes[0]?.message).toContain("none of your identities");
  });

  it("should flag recipients that differ from the rule, suggesting rotate when someone must lose access", async () => {
    const text = await core.encrypt(PLAIN, {
      format: "yaml",
      recipients: [alice.recipient, bob.recipient],
    });
    const fewer = await checkEncryption(
      core,
      { path: "secrets/a.yaml", text },
      rule([alice.recipient]),
      ".hush.yaml",
      noKey,
    );
    expect(ids(fewer)).toEqual(["policy-recipient-drift"]);
    expect(fewer.findings[0]?.fix).toBe("hush rotate secrets/a.yaml");
    const onlyAlice = await core.encrypt(PLAIN, { format: "yaml", recipients: [alice.recipient] });
    const more = await checkEncryption(
      core,
      { path: "secrets/a.yaml", text: onlyAlice },
      rule([alice.recipient, bob.recipient]),
      ".hush.yaml",
      noKey,
    );
    expect(more.findings[0]?.fix).toBe("hush rekey secrets/a.yaml");
  });

  it("should check dotenv and JSON files the same way", async () => {
    const env = await core.encrypt("NAME=abc\nOTHER=def\n", {
      format: "dotenv",
      recipients: [alice.recipient],
    });
    expect(
      (
        await checkEncryption(
          core,
          { path: "secrets/app.env", text: env },
          rule([alice.recipient]),
          ".hush.yaml",
          noKey,
        )
      ).findings,
    ).toEqual([]);
    const partly = env.replace(/^OTHER=ENC\[[^\]]*\]/m, "OTHER=def");
    const r = await checkEncryption(
      core,
      { path: "secrets/app.env", text: partly },
      rule([alice.recipient]),
      ".hush.yaml",
      noKey,
    );
    expect(ids(r)).toEqual(["sops-plaintext-value"]);
    expect(r.findings[0]?.line).toBe(2);
    const json = await core.encrypt('{"a": {"b": "c"}}\n', {
      format: "json",
      recipients: [alice.recipient],
    });
    expect(
      (
        await checkEncryption(
          core,
          { path: "secrets/a.json", text: json },
          rule([alice.recipient]),
          ".hush.yaml",
          withKey(alice.identity),
        )
      ).findings,
    ).toEqual([]);
  });
});
