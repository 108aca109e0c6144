import { describe, expect, it } from "vitest";
import {
  decrypt,
  encrypt,
  generateIdentity,
  inspect,
  rekey,
  rotate,
  setValue,
  unsetValue,
  update,
} from "../src/index.js";

const alice = await generateIdentity();
const bob = await generateIdentity();
const carol = await generateIdentity();
const NOW = new Date("2026-01-02T03:04:05.678Z");
const LATER = new Date("2026-02-03T04:05:06Z");

const JSON_DOC = `{
  "db": {
    "user": "admin",
    "password": "hunter2",
    "port": 5432
  },
  "hosts": [
    "a",
    "b"
  ],
  "debug_unencrypted": true,
  "empty": ""
}
`;

function lines(s: string): string[] {
  return s.split("\n");
}

describe("encrypt and decrypt", () => {
  it("should round-trip a JSON document byte for byte", async () => {
    const enc = await encrypt(JSON_DOC, {
      format: "json",
      recipients: [alice.recipient],
      now: NOW,
    });
    expect(enc).not.toContain("hunter2");
    expect(enc).toContain('"debug_unencrypted": true');
    expect(enc).toContain('"empty": ""');
    expect(enc).toContain('"lastmodified": "2026-01-02T03:04:05Z"');
    const dec = await decrypt(enc, { format: "json", identities: [alice.identity] });
    expect(dec.text).toBe(JSON_DOC);
    expect(dec.tree).toEqual(JSON.parse(JSON_DOC));
    expect(dec.values.map((v) => [v.keyPath, v.type, v.encrypted])).toEqual([
      [["db", "user"], "str", true],
      [["db", "password"], "str", true],
      [["db", "port"], "int", true],
      [["hosts", 0], "str", true],
      [["hosts", 1], "str", true],
      [["debug_unencrypted"], "bool", false],
      [["empty"], "str", false],
    ]);
    expect(dec.recipient).toBe(alice.recipient);
  });

  it("should write the 3.13 metadata layout with sorted keys", async () => {
    const enc = await encrypt('{"a": "b"}', {
      format: "json",
      recipients: [alice.recipient, bob.recipient],
      now: NOW,
    });
    const sops = (JSON.parse(enc) as { sops: Record<string, unknown> }).sops;
    expect(Object.keys(sops)).toEqual([
      "age",
      "lastmodified",
      "mac",
      "unencrypted_suffix",
      "version",
    ]);
    expect((sops["age"] as Record<string, string>[]).map((a) => Object.keys(a))).toEqual([
      ["enc", "recipient"],
      ["enc", "recipient"],
    ]);
    expect(sops["version"]).toMatch(/^\d+\.\d+\.\d+$/);
    // either recipient opens it
    await expect(
      decrypt(enc, { format: "json", identities: [bob.identity] }),
    ).resolves.toMatchObject({ recipient: bob.recipient });
  });

  it("should refuse to encrypt an encrypted file", async () => {
    const enc = await encrypt(JSON_DOC, { format: "json", recipients: [alice.recipient] });
    await expect(
      encrypt(enc, { format: "json", recipients: [alice.recipient] }),
    ).rejects.toMatchObject({ code: "ERR_ALREADY_ENCRYPTED" });
  });

  it("should encrypt with key groups and a Shamir threshold and decrypt with enough groups", async () => {
    const enc = await encrypt(JSON_DOC, {
      format: "json",
      keyGroups: [[alice.recipient], [bob.recipient], [carol.recipient]],
      shamirThreshold: 2,
    });
    const sops = (JSON.parse(enc) as { sops: Record<string, unknown> }).sops;
    expect(sops["shamir_threshold"]).toBe(2);
    expect((sops["key_groups"] as unknown[]).length).toBe(3);
    const dec = await decrypt(enc, {
      format: "json",
      identities: [alice.identity, carol.identity],
    });
    expect(dec.text).toBe(JSON_DOC);
    await expect(
      decrypt(enc, { format: "json", identities: [bob.identity] }),
    ).rejects.toMatchObject({ code: "ERR_NO_IDENTITY" });
    expect(inspect(enc, "json")).toMatchObject({
      shamirThreshold: 2,
      keyGroups: [[alice.recipient], [bob.recipient], [carol.recipient]],
    });
  });

  it("should honour encrypted_regex and mac_only_encrypted", async () => {
    const enc = await encrypt('{"kind": "Secret", "data": {"k": "v"}}', {
      format: "json",
      recipients: [alice.recipient],
      rules: { encryptedRegex: "^data$", macOnlyEncrypted: true },
    });
    const parsed = JSON.parse(enc) as {
      kind: string;
      data: { k: string };
      sops: Record<string, unknown>;
    };
    expect(parsed.kind).toBe("Secret");
    expect(parsed.data.k).toMatch(/^ENC\[/);
    expect(parsed.sops).toMatchObject({ encrypted_regex: "^data$", mac_only_encrypted: true });
    expect(parsed.sops["unencrypted_suffix"]).toBeUndefined();
    // mac_only_encrypted: editing the plaintext field does not break the MAC
    const edited = enc.replace('"kind": "Secret"', '"kind": "Other"');
    await expect(
      decrypt(edited, { format: "json", identities: [alice.identity] }),
    ).resolves.toMatchObject({ tree: { kind: "Other" } });
  });

  it("should detect an edited unencrypted value through the MAC", async () => {
    const enc = await encrypt(JSON_DOC, { format: "json", recipients: [alice.recipient] });
    const edited = enc.replace('"debug_unencrypted": true', '"debug_unencrypted": false');
    await expect(
      decrypt(edited, { format: "json", identities: [alice.identity] }),
    ).rejects.toMatchObject({ code: "ERR_MAC" });
  });
});

describe("update", () => {
  it("should keep every unchanged ciphertext and change only the edited value, mac and lastmodified", async () => {
    const enc = await encrypt(JSON_DOC, {
      format: "json",
      recipients: [alice.recipient],
      now: NOW,
    });
    const edited = JSON_DOC.replace("hunter2", "correct horse");
    const r = await update(enc, edited, {
      format: "json",
      identities: [alice.identity],
      now: LATER,
    });
    expect(r.changed).toEqual(["db.password"]);
    const before = lines(enc);
    const after = lines(r.text);
    expect(after.length).toBe(before.length);
    const diff = after
      .map((l, i) => (l === before[i] ? undefined : l.trim().split(":")[0]))
      .filter((x) => x !== undefined);
    expect(diff).toEqual(['"password"', '"lastmodified"', '"mac"']);
    const dec = await decrypt(r.text, { format: "json", identities: [alice.identity] });
    expect(dec.text).toBe(edited);
  });

  it("should return the input unchanged when nothing changed", async () => {
    const enc = await encrypt(JSON_DOC, { format: "json", recipients: [alice.recipient] });
    const r = await update(enc, JSON_DOC, { format: "json", identities: [alice.identity] });
    expect(r).toEqual({ text: enc, changed: [] });
  });

  it("should report added and removed values", async () => {
    const enc = await encrypt(JSON_DOC, { format: "json", recipients: [alice.recipient] });
    const edited = JSON_DOC.replace('    "user": "admin",\n', "").replace(
      '"empty": ""',
      '"empty": "",\n  "token": "t"',
    );
    const r = await update(enc, edited, { format: "json", identities: [alice.identity] });
    expect(r.changed.sort()).toEqual(["db.user", "token"]);
  });
});

describe("setValue and unsetValue", () => {
  it("should set a nested value creating intermediate maps, keeping other ciphertexts", async () => {
    const enc = await encrypt(JSON_DOC, { format: "json", recipients: [alice.recipient] });
    const r = await setValue(enc, ["cache", "redis", "url"], "redis://x", {
      format: "json",
      identities: [alice.identity],
    });
    expect(r.changed).toEqual(["cache.redis.url"]);
    const oldPassword = /"password": "(ENC[^"]+)"/.exec(enc)![1];
    expect(r.text).toContain(oldPassword);
    const dec = await decrypt(r.text, { format: "json", identities: [alice.identity] });
    expect((dec.tree as Record<string, unknown>)["cache"]).toEqual({ redis: { url: "redis://x" } });
  });

  it("should replace an existing value and a list element", async () => {
    const enc = await encrypt(JSON_DOC, { format: "json", recipients: [alice.recipient] });
    const r1 = await setValue(enc, ["hosts", 1], "c", {
      format: "json",
      identities: [alice.identity],
    });
    const r2 = await setValue(
      r1.text,
      ["db", "port"],
      { type: "int", text: "6543" },
      { format: "json", identities: [alice.identity] },
    );
    const dec = await decrypt(r2.text, { format: "json", identities: [alice.identity] });
    expect(dec.tree).toMatchObject({ hosts: ["a", "c"], db: { port: 6543 } });
  });

  it("should unset a value and fail with ERR_PATH when it is absent", async () => {
    const enc = await encrypt(JSON_DOC, { format: "json", recipients: [alice.recipient] });
    const r = await unsetValue(enc, ["db", "user"], {
      format: "json",
      identities: [alice.identity],
    });
    expect(r.changed).toEqual(["db.user"]);
    const dec = await decrypt(r.text, { format: "json", identities: [alice.identity] });
    expect((dec.tree as { db: Record<string, unknown> }).db["user"]).toBeUndefined();
    await expect(
      unsetValue(enc, ["db", "nope"], { format: "json", identities: [alice.identity] }),
    ).rejects.toMatchObject({ code: "ERR_PATH" });
  });
});

describe("rotate and rekey", () => {
  it("should rotate to a new data key, re-encrypting every value", async () => {
    const enc = await encrypt(JSON_DOC, { format: "json", recipients: [alice.recipient] });
    const rotated = await rotate(enc, {
      format: "json",
      identities: [alice.identity],
      recipients: [bob.recipient],
    });
    const oldPassword = /"password": "(ENC[^"]+)"/.exec(enc)![1]!;
    expect(rotated).not.toContain(oldPassword);
    await expect(
      decrypt(rotated, { format: "json", identities: [alice.identity] }),
    ).rejects.toMatchObject({ code: "ERR_NO_IDENTITY" });
    expect((await decrypt(rotated, { format: "json", identities: [bob.identity] })).text).toBe(
      JSON_DOC,
    );
  });

  it("should rekey without touching values, mac or lastmodified", async () => {
    const enc = await encrypt(JSON_DOC, {
      format: "json",
      recipients: [alice.recipient],
      now: NOW,
    });
    const rekeyed = await rekey(enc, {
      format: "json",
      identities: [alice.identity],
      recipients: [alice.recipient, bob.recipient],
    });
    const a = JSON.parse(enc) as Record<string, unknown> & { sops: Record<string, unknown> };
    const b = JSON.parse(rekeyed) as Record<string, unknown> & { sops: Record<string, unknown> };
    expect({ ...b, sops: undefined }).toEqual({ ...a, sops: undefined });
    expect(b.sops["mac"]).toBe(a.sops["mac"]);
    expect(b.sops["lastmodified"]).toBe(a.sops["lastmodified"]);
    expect((await decrypt(rekeyed, { format: "json", identities: [bob.identity] })).text).toBe(
      JSON_DOC,
    );
  });
});

describe("rekey touches one entry per recipient change", () => {
  const stanzas = (text: string): { recipient: string; enc: string }[] =>
    (JSON.parse(text) as { sops: { age: { recipient: string; enc: string }[] } }).sops.age;

  it("should keep the stanzas of recipients who stay, byte for byte, and drop or add only the changed ones", async () => {
    const enc = await encrypt(JSON_DOC, {
      format: "json",
      recipients: [alice.recipient, bob.recipient],
    });
    const before = stanzas(enc);
    // bob leaves, carol joins
    const rekeyed = await rekey(enc, {
      format: "json",
      identities: [alice.identity],
      recipients: [alice.recipient, carol.recipient],
    });
    const after = stanzas(rekeyed);
    expect(after.map((s) => s.recipient)).toEqual([alice.recipient, carol.recipient]);
    expect(after[0]).toEqual(before[0]);
    expect(after[1]!.enc).not.toBe(before[1]!.enc);
    await expect(
      decrypt(rekeyed, { format: "json", identities: [bob.identity] }),
    ).rejects.toMatchObject({ code: "ERR_NO_IDENTITY" });
    expect((await decrypt(rekeyed, { format: "json", identities: [carol.identity] })).text).toBe(
      JSON_DOC,
    );
  });

  it("should return the file unchanged when the recipients already match", async () => {
    const enc = await encrypt(JSON_DOC, {
      format: "json",
      recipients: [alice.recipient, bob.recipient],
    });
    const same = await rekey(enc, {
      format: "json",
      identities: [bob.identity],
      recipients: [bob.recipient, alice.recipient],
    });
    expect(same).toBe(enc);
  });
});

describe("inspect", () => {
  it("should list recipients and stored values without a key", async () => {
    const enc = await encrypt(JSON_DOC, { format: "json", recipients: [alice.recipient] });
    const i = inspect(enc, "json");
    expect(i.encrypted).toBe(true);
    expect(i.keyGroups).toEqual([[alice.recipient]]);
    expect(i.rules).toEqual({ unencryptedSuffix: "_unencrypted" });
    expect(i.values.find((v) => v.keyPath.join(".") === "debug_unencrypted")).toMatchObject({
      keyPath: ["debug_unencrypted"],
      encrypted: false,
      stored: "True",
      shouldEncrypt: false,
    });
    expect(i.values.find((v) => v.keyPath.join(".") === "db.user")?.encrypted).toBe(true);
    expect(inspect(JSON_DOC, "json").encrypted).toBe(false);
  });
});

describe("bad input", () => {
  const opts = { format: "json" as const, identities: [alice.identity] };

  it("should reject text that is not JSON with ERR_FORMAT", async () => {
    await expect(decrypt("{ nope", opts)).rejects.toMatchObject({ code: "ERR_FORMAT" });
    await expect(
      encrypt("[1, 2]", { format: "json", recipients: [alice.recipient] }),
    ).rejects.toMatchObject({ code: "ERR_FORMAT" });
  });

  it("should reject text that is not YAML and a non-string key with ERR_FORMAT", async () => {
    await expect(
      encrypt("a: [1, 2\n", { format: "yaml", recipients: [alice.recipient] }),
    ).rejects.toMatchObject({ code: "ERR_FORMAT" });
    await expect(
      encrypt("1: one\n", { format: "yaml", recipients: [alice.recipient] }),
    ).rejects.toMatchObject({ code: "ERR_FORMAT" });
  });

  it("should reject a file that is not encrypted with ERR_NOT_ENCRYPTED", async () => {
    await expect(decrypt(JSON_DOC, opts)).rejects.toMatchObject({ code: "ERR_NOT_ENCRYPTED" });
  });

  it("should reject a truncated ENC value with ERR_FORMAT and an unknown type with ERR_VALUE", async () => {
    const enc = await encrypt(JSON_DOC, { format: "json", recipients: [alice.recipient] });
    const truncated = enc.replace(/("password": "ENC\[AES256_GCM,data:[^,]+),iv:[^"]+"/, '$1"');
    await expect(decrypt(truncated, opts)).rejects.toMatchObject({
      code: "ERR_FORMAT",
      message: expect.stringContaining("db.password"),
    });
    const unknown = enc.replace(/("password": "ENC[^"]+)type:str\]"/, '$1type:blob]"');
    await expect(decrypt(unknown, opts)).rejects.toMatchObject({ code: "ERR_VALUE" });
  });

  it("should reject a wrong identity and no identity with ERR_NO_IDENTITY", async () => {
    const enc = await encrypt(JSON_DOC, { format: "json", recipients: [alice.recipient] });
    await expect(
      decrypt(enc, { format: "json", identities: [bob.identity] }),
    ).rejects.toMatchObject({ code: "ERR_NO_IDENTITY" });
    await expect(decrypt(enc, { format: "json", identities: [] })).rejects.toMatchObject({
      code: "ERR_NO_IDENTITY",
    });
  });

  it("should reject a malformed recipient with ERR_KEY and no recipient with ERR_CONFIG", async () => {
    await expect(
      encrypt(JSON_DOC, { format: "json", recipients: ["age1nope"] }),
    ).rejects.toMatchObject({ code: "ERR_KEY" });
    await expect(encrypt(JSON_DOC, { format: "json", recipients: [] })).rejects.toMatchObject({
      code: "ERR_CONFIG",
    });
  });

  it("should reject a plaintext value where ciphertext is expected with ERR_VALUE", async () => {
    const enc = await encrypt(JSON_DOC, { format: "json", recipients: [alice.recipient] });
    const plain = enc.replace(/"password": "ENC[^"]+"/, '"password": "hunter2"');
    await expect(decrypt(plain, opts)).rejects.toMatchObject({ code: "ERR_VALUE" });
  });

  it("should never put plaintext or key material in error messages", async () => {
    const enc = await encrypt(JSON_DOC, { format: "json", recipients: [alice.recipient] });
    const swapped = enc
      .replace(/"user": "(ENC[^"]+)"/, '"user": "X"')
      .replace(/"password": "(ENC[^"]+)"/, '"password": "Y"');
    const err = (await decrypt(swapped, opts).catch((e: unknown) => e)) as Error;
    expect(err.message).not.toContain("hunter2");
    expect(err.message).not.toContain(alice.identity);
  });
});

const YAML_DOC = `# service settings
db:
    user: admin   # who connects
    password: hunter2

  # replicas follow
replicas:
- host: a.example
  port: 5432
-   host: b.example
enabled: true
ratio: 0.5
when: 2024-01-01T10:20:30Z
flag_unencrypted: yes
`;

describe("YAML through the operations", () => {
  const opts = { format: "yaml" as const, identities: [alice.identity] };

  it("should encrypt a commented, unevenly indented YAML and decrypt it back byte for byte", async () => {
    const enc = await encrypt(YAML_DOC, {
      format: "yaml",
      recipients: [alice.recipient],
      now: NOW,
    });
    expect(enc).not.toContain("hunter2");
    expect(enc).not.toContain("who connects");
    expect(enc).toContain("flag_unencrypted: yes\n");
    const dec = await decrypt(enc, opts);
    expect(dec.text).toBe(YAML_DOC);
    expect(dec.values.find((v) => v.keyPath.join(".") === "when")).toMatchObject({
      type: "time",
      value: "2024-01-01T10:20:30Z",
    });
  });

  it("should change exactly the edited line plus mac and lastmodified on update", async () => {
    const enc = await encrypt(YAML_DOC, {
      format: "yaml",
      recipients: [alice.recipient],
      now: NOW,
    });
    const r = await update(enc, YAML_DOC.replace("b.example", "c.example"), {
      ...opts,
      now: LATER,
    });
    expect(r.changed).toEqual(["replicas[1].host"]);
    const before = lines(enc);
    const after = lines(r.text);
    expect(after.length).toBe(before.length);
    const diff = after
      .map((l, i) => (l === before[i] ? undefined : l.trim().split(":")[0]))
      .filter((x) => x !== undefined);
    expect(diff).toEqual(["-   host", "lastmodified", "mac"]);
  });

  it("should set an existing value in place and add a new nested key", async () => {
    const enc = await encrypt(YAML_DOC, { format: "yaml", recipients: [alice.recipient] });
    const r1 = await setValue(enc, ["db", "password"], "s3cret", opts);
    expect(r1.changed).toEqual(["db.password"]);
    const r2 = await setValue(r1.text, ["cache", "url"], "redis://x", opts);
    expect(r2.changed).toEqual(["cache.url"]);
    const dec = await decrypt(r2.text, opts);
    expect(dec.tree).toMatchObject({
      db: { user: "admin", password: "s3cret" },
      cache: { url: "redis://x" },
    });
    // the new keys are inserted as text: every other byte stays as it was
    expect(dec.text).toBe(YAML_DOC.replace("hunter2", "s3cret") + "cache:\n    url: redis://x\n");
    const r3 = await unsetValue(r2.text, ["db", "user"], opts);
    expect(r3.changed).toEqual(["db.user"]);
    const after = await decrypt(r3.text, opts);
    expect((after.tree as { db: object }).db).toEqual({ password: "s3cret" });
    expect(after.text).toBe(dec.text.replace("    user: admin   # who connects\n", ""));
  });
});

describe("Kubernetes Secret with encrypted_regex", () => {
  const SECRET = `apiVersion: v1
kind: Secret
metadata:
  name: db # the name stays readable
type: Opaque
stringData:
  # the password
  password: hunter2
`;

  it("should encrypt only data/stringData and keep the rest and its comments readable", async () => {
    const enc = await encrypt(SECRET, {
      format: "yaml",
      recipients: [alice.recipient],
      rules: { encryptedRegex: "^(data|stringData)$" },
    });
    expect(enc).toContain("kind: Secret\n");
    expect(enc).toContain("name: db # the name stays readable\n");
    expect(enc).not.toContain("hunter2");
    expect(enc).not.toContain("the password");
    expect(enc).toContain("encrypted_regex: ^(data|stringData)$");
    const dec = await decrypt(enc, { format: "yaml", identities: [alice.identity] });
    expect(dec.text).toBe(SECRET);
    expect(dec.values.map((v) => [v.keyPath.join("."), v.encrypted])).toEqual([
      ["apiVersion", false],
      ["kind", false],
      ["metadata.name", false],
      ["type", false],
      ["stringData.password", true],
    ]);
  });
});
