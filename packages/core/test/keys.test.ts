import { describe, expect, it } from "vitest";
import { fc, test } from "@fast-check/vitest";
import { randomBytes } from "node:crypto";
import * as age from "age-encryption";
import {
  assertRecipient,
  generateIdentity,
  identityToRecipient,
  isRecipient,
  unwrapDataKey,
  wrapDataKey,
  type AgeStanza,
} from "../src/keys.js";
import { isHushError } from "../src/errors.js";

// The key published in getsops/sops age/keysource_test.go and its fixture.
const SOPS_IDENTITY = "AGE-SECRET-KEY-1G0Q5K9TV4REQ3ZSQRMTMG8NSWQGYT0T7TZ33RAZEE0GZYVZN0APSU24RK7";
const SOPS_ENC = `-----BEGIN AGE ENCRYPTED FILE-----
YWdlLWVuY3J5cHRpb24ub3JnL3YxCi0+IFgyNTUxOSBvY2t2NkdLUGRvY3l2OGNy
MVJWcUhCOEZrUG8yeCtnRnhxL0I5NFk4YjJFCmE4SVQ3MEdyZkFqRWpSa2F0NVhF
VDUybzBxdS9nSGpHSVRVMUI0UEVqZkkKLS0tIGJjeGhNQ0Y5L2VZRVVYSm90djFF
bzdnQ3UwTGljMmtrbWNMV1MxYkFzUFUK4xjOZOTGdcbzuwUY/zeBXhcF+Md3e5PQ
EylloI7MNGbadPGb
-----END AGE ENCRYPTED FILE-----
`;

const victim = await generateIdentity();
const victimKey = randomBytes(32);
const victimEnc = await wrapDataKey(victimKey, victim.recipient);
const victimFile = age.armor.decode(victimEnc);

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    if (isHushError(e)) return e.code;
    throw e;
  }
  return "resolved";
}

describe("identities and recipients", () => {
  it("should generate X25519 identities whose recipient matches typage's derivation", async () => {
    const { identity, recipient } = await generateIdentity();
    expect(identity).toMatch(/^AGE-SECRET-KEY-1[0-9A-Z]{58}$/);
    expect(recipient).toMatch(/^age1[0-9a-z]{58}$/);
    expect(recipient).toBe(await age.identityToRecipient(identity));
    expect(await identityToRecipient(identity)).toBe(recipient);
  });

  it("should generate post-quantum hybrid identities", async () => {
    const { identity, recipient } = await generateIdentity({ pq: true });
    expect(identity.startsWith("AGE-SECRET-KEY-PQ-1")).toBe(true);
    expect(recipient.startsWith("age1pq1")).toBe(true);
    expect(recipient).toBe(await age.identityToRecipient(identity));
    expect(isRecipient(recipient)).toBe(true);
  });

  it("should accept typage-made keys and reject bad checksums, case and lengths", async () => {
    const id = await age.generateX25519Identity();
    const r = await age.identityToRecipient(id);
    expect(isRecipient(r)).toBe(true);
    const last = r.at(-1) === "q" ? "p" : "q";
    expect(isRecipient(r.slice(0, -1) + last)).toBe(false);
    expect(isRecipient(r.toUpperCase())).toBe(false);
    expect(isRecipient(r.slice(0, -2))).toBe(false);
    expect(isRecipient(` ${r}`)).toBe(false);
    expect(isRecipient("age1")).toBe(false);
    expect(isRecipient(id)).toBe(false);
    expect(() => assertRecipient("age1nope", "members.alice")).toThrow(/members\.alice/);
    expect(await codeOf(identityToRecipient("AGE-SECRET-KEY-1XYZ"))).toBe("ERR_KEY");
  });
});

describe("wrapDataKey / unwrapDataKey", () => {
  it("should produce armor exactly as typage and age write it, which typage decrypts", async () => {
    const { identity, recipient } = await generateIdentity();
    const dataKey = randomBytes(32);
    const enc = await wrapDataKey(dataKey, recipient);
    expect(enc.startsWith("-----BEGIN AGE ENCRYPTED FILE-----\n")).toBe(true);
    expect(enc.endsWith("\n-----END AGE ENCRYPTED FILE-----\n")).toBe(true);
    const binary = age.armor.decode(enc);
    expect(age.armor.encode(binary)).toBe(enc);
    for (const line of enc.split("\n").slice(1, -3)) expect(line).toHaveLength(64);
    const d = new age.Decrypter();
    d.addIdentity(identity);
    expect(Buffer.from(await d.decrypt(binary)).equals(dataKey)).toBe(true);
  });

  it("should round-trip through X25519 and PQ recipients and report which one opened it", async () => {
    const a = await generateIdentity();
    const b = await generateIdentity({ pq: true });
    const dataKey = randomBytes(33);
    const stanzas: AgeStanza[] = [
      { recipient: a.recipient, enc: await wrapDataKey(dataKey, a.recipient) },
      { recipient: b.recipient, enc: await wrapDataKey(dataKey, b.recipient) },
    ];
    for (const who of [a, b]) {
      const out = await unwrapDataKey(stanzas, [who.identity]);
      expect(Buffer.from(out.dataKey).equals(dataKey)).toBe(true);
      expect(out.recipient).toBe(who.recipient);
    }
  });

  it("should open files of other shapes (several stanzas) through typage", async () => {
    const a = await generateIdentity();
    const b = await generateIdentity();
    const dataKey = randomBytes(32);
    const e = new age.Encrypter();
    e.addRecipient(b.recipient);
    e.addRecipient(a.recipient);
    const enc = age.armor.encode(await e.encrypt(dataKey));
    const out = await unwrapDataKey([{ recipient: a.recipient, enc }], [a.identity]);
    expect(Buffer.from(out.dataKey).equals(dataKey)).toBe(true);
  });

  it("should open sops's own test fixture", async () => {
    const out = await unwrapDataKey(
      [{ recipient: "age1whatever", enc: SOPS_ENC }],
      [SOPS_IDENTITY],
    );
    expect(Buffer.from(out.dataKey).toString()).toBe("data");
  });

  it("should open a stanza whose recipient field does not name the identity, as sops does", async () => {
    const a = await generateIdentity();
    const other = await generateIdentity();
    const dataKey = randomBytes(32);
    const stanzas = [{ recipient: other.recipient, enc: await wrapDataKey(dataKey, a.recipient) }];
    const out = await unwrapDataKey(stanzas, [other.identity, a.identity]);
    expect(Buffer.from(out.dataKey).equals(dataKey)).toBe(true);
  });

  it("should fail with ERR_NO_IDENTITY without key material in the message", async () => {
    const a = await generateIdentity();
    const stranger = await generateIdentity();
    const stanzas = [
      { recipient: a.recipient, enc: await wrapDataKey(randomBytes(32), a.recipient) },
    ];
    const err = await unwrapDataKey(stanzas, [stranger.identity]).catch((e: unknown) => e);
    expect(isHushError(err) && err.code).toBe("ERR_NO_IDENTITY");
    const text = String((err as Error).message) + String((err as { hint?: string }).hint);
    expect(text).not.toContain(stranger.identity);
    expect(text).not.toContain(a.recipient.slice(4));
    expect(text).toMatch(/1 recipient/);
    expect(await codeOf(unwrapDataKey(stanzas, []))).toBe("ERR_NO_IDENTITY");
  });

  it("should report a corrupted stanza of a matching identity as ERR_FORMAT", async () => {
    const a = await generateIdentity();
    const enc = await wrapDataKey(randomBytes(32), a.recipient);
    const binary = age.armor.decode(enc);
    for (const pos of [30, binary.length - 1, binary.length - 40]) {
      const bad = Uint8Array.from(binary);
      bad[pos] = (bad[pos] ?? 0) ^ 1;
      const code = await codeOf(
        unwrapDataKey([{ recipient: a.recipient, enc: age.armor.encode(bad) }], [a.identity]),
      );
      expect(code).toBe("ERR_FORMAT");
    }
    const truncated = enc.replace(/\n-----END/, "A\n-----END");
    expect(
      await codeOf(unwrapDataKey([{ recipient: a.recipient, enc: truncated }], [a.identity])),
    ).toBe("ERR_FORMAT");
  });

  it("should reject malformed recipients and identities with ERR_KEY", async () => {
    expect(await codeOf(wrapDataKey(randomBytes(32), "age1notakey"))).toBe("ERR_KEY");
    expect(await codeOf(unwrapDataKey([], ["AGE-SECRET-KEY-1BAD"]))).toBe("ERR_KEY");
  });

  test.prop([fc.nat(), fc.integer({ min: 1, max: 255 })])(
    "should reject any flipped byte of a wrapped key with ERR_FORMAT, never a wrong key",
    async (at, mask) => {
      const bad = Uint8Array.from(victimFile);
      const pos = at % bad.length;
      bad[pos] = (bad[pos] ?? 0) ^ mask;
      const stanza = { recipient: victim.recipient, enc: age.armor.encode(bad) };
      expect(await codeOf(unwrapDataKey([stanza], [victim.identity]))).toBe("ERR_FORMAT");
    },
  );
});

describe("age file internals", () => {
  it("should make wraps that typage opens, every time (fresh ephemeral keys, nonces)", async () => {
    const { identity, recipient } = await generateIdentity();
    const d = new age.Decrypter();
    d.addIdentity(identity);
    for (let i = 0; i < 20; i++) {
      const dataKey = randomBytes(32);
      const out = await d.decrypt(age.armor.decode(await wrapDataKey(dataKey, recipient)));
      expect(Buffer.from(out).equals(dataKey)).toBe(true);
    }
  });
});

describe("wrapping at rekey scale", () => {
  it("should keep going through thousands of wraps and unwraps (no Node key-object deadlock)", async () => {
    // Node 20 could deadlock in a GC during a JWK export of a generateKeyPairSync key after a few
    // thousand wraps; this loop hung before the fix (the test would time out).
    const team = await Promise.all([1, 2, 3].map(() => generateIdentity()));
    const dataKey = randomBytes(32);
    let last = "";
    for (let i = 0; i < 6000; i++) last = await wrapDataKey(dataKey, team[i % 3]?.recipient ?? "");
    const out = await unwrapDataKey(
      [{ recipient: team[2]?.recipient ?? "", enc: last }],
      [team[2]?.identity ?? ""],
    );
    expect(Buffer.from(out.dataKey).equals(dataKey)).toBe(true);
  });
});
