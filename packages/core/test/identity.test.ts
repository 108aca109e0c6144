import { describe, expect, it } from "vitest";
import * as age from "age-encryption";
import { formatIdentityFile, generateIdentity, parseIdentities } from "../src/keys.js";
import { isHushError } from "../src/errors.js";

function errorOf(fn: () => unknown): { code: string; message: string } {
  try {
    fn();
  } catch (e) {
    if (isHushError(e)) return { code: e.code, message: e.message };
    throw e;
  }
  throw new Error("expected a failure");
}

describe("parseIdentities", () => {
  it("should read an age-keygen file with comments, blank lines, several keys and CRLF", async () => {
    const a = await generateIdentity();
    const b = await generateIdentity({ pq: true });
    const text =
      formatIdentityFile(a.identity, a.recipient, new Date("2026-01-02T03:04:05Z")) +
      "\n# second\n" +
      formatIdentityFile(b.identity, b.recipient, new Date());
    expect(parseIdentities(text, "keys.txt")).toEqual([a.identity, b.identity]);
    expect(parseIdentities(text.replaceAll("\n", "\r\n"), "keys.txt")).toEqual([
      a.identity,
      b.identity,
    ]);
  });

  it("should lay a file out like age-keygen", async () => {
    const { identity, recipient } = await generateIdentity();
    const text = formatIdentityFile(identity, recipient, new Date("2026-01-02T03:04:05.678Z"));
    expect(text).toBe(`# created: 2026-01-02T03:04:05Z\n# public key: ${recipient}\n${identity}\n`);
  });

  it("should return nothing for a file of comments only", () => {
    expect(parseIdentities("# nothing here\n\n", "keys.txt")).toEqual([]);
  });

  it("should name the source and line of a garbage line but never its content", async () => {
    const id = await age.generateX25519Identity();
    const secretish = "password=hunter2";
    const e = errorOf(() => parseIdentities(`# c\n${id}\n\n${secretish}\n`, "/home/me/keys.txt"));
    expect(e.code).toBe("ERR_KEY");
    expect(e.message).toContain("/home/me/keys.txt:4");
    expect(e.message).not.toContain("hunter2");
  });

  it("should reject a key with a broken checksum without echoing it", async () => {
    const id = await age.generateX25519Identity();
    const broken = id.slice(0, -1) + (id.endsWith("Q") ? "P" : "Q");
    const e = errorOf(() => parseIdentities(broken, "SOPS_AGE_KEY"));
    expect(e.code).toBe("ERR_KEY");
    expect(e.message).toContain("SOPS_AGE_KEY:1");
    expect(e.message).not.toContain(broken.slice(16));
  });

  it("should refuse a passphrase-encrypted identity file with an actionable ERR_KEY", async () => {
    const e = new age.Encrypter();
    e.setPassphrase("pw");
    e.setScryptWorkFactor(2);
    const armored = age.armor.encode(await e.encrypt("AGE-SECRET-KEY-1…"));
    expect(errorOf(() => parseIdentities(armored, "k.age")).code).toBe("ERR_KEY");
  });
});
