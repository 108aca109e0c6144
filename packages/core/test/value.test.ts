import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { fc, test } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import { GcmOpener } from "../src/gcm.js";
import {
  canonicalText,
  formatGoFloat,
  formatJsonFloat,
  parseEnvelope,
  ValueCipher,
} from "../src/value.js";

// example.yaml `myapp1` (sops 3.7.1): data key and value from the fixture README.
const KEY = Buffer.from("9ac088cf7029981341457c39dd56dde54600dfbce9b5ede23aa65c418900ab67", "hex");

describe("GcmOpener", () => {
  test.prop(
    [
      fc.uint8Array({ minLength: 32, maxLength: 32 }),
      fc.uint8Array({ maxLength: 100 }),
      fc.uint8Array({ maxLength: 60 }),
      fc.constantFrom(12, 16, 32, 45),
    ],
    {
      numRuns: 300,
    },
  )(
    "should open exactly what node:crypto seals and reject any tampering",
    (key, plain, aad, ivLen) => {
      const iv = randomBytes(ivLen);
      const c = createCipheriv("aes-256-gcm", key, iv);
      c.setAAD(aad);
      const ct = Buffer.concat([c.update(plain), c.final()]);
      const tag = c.getAuthTag();
      const opener = new GcmOpener(key);
      // One value in the packed layout value.ts builds (a tag offset of -1: not 16 bytes).
      const o = {
        open: (iv: Buffer, ct: Buffer, tag: Buffer, aad: Uint8Array): Buffer | undefined => {
          const buf = Buffer.concat([iv, ct, tag]);
          const tagAt = tag.length === 16 ? iv.length + ct.length : -1;
          const layout = Int32Array.of(0, iv.length, iv.length, ct.length, tagAt);
          const ok = opener.openPacked(buf, layout, [aad], 1);
          return ok[0] === 1 ? buf.subarray(iv.length, iv.length + ct.length) : undefined;
        },
      };
      expect(o.open(iv, ct, tag, aad)).toEqual(Buffer.from(plain));
      const flip = (b: Uint8Array, i: number): Buffer => {
        const x = Buffer.from(b);
        x[i % x.length]! ^= 0x01;
        return x;
      };
      expect(o.open(iv, ct, flip(tag, plain.length), aad)).toBeUndefined();
      expect(o.open(flip(iv, 3), ct, tag, aad)).toBeUndefined();
      if (ct.length > 0) expect(o.open(iv, flip(ct, aad.length), tag, aad)).toBeUndefined();
      if (aad.length > 0) expect(o.open(iv, ct, tag, flip(aad, plain.length))).toBeUndefined();
      expect(o.open(iv, ct, tag, Buffer.concat([aad, Buffer.of(0)]))).toBeUndefined();
      expect(o.open(iv, ct, tag.subarray(0, 12), aad)).toBeUndefined();
    },
  );

  it("should seal packed values exactly as an independent node:crypto computation", () => {
    const key = randomBytes(32);
    const iv = randomBytes(32);
    const text = Buffer.from("päßwörd-1234567890-abcdefghijklmnopqrstuvwxyz", "utf8");
    const aad = "db:pässword:";
    const buf = Buffer.concat([iv, text, Buffer.alloc(16)]);
    const layout = Int32Array.of(0, 32, 32, text.length, 32 + text.length);
    new GcmOpener(key).sealPacked(buf, layout, [aad], 1);
    const c = createCipheriv("aes-256-gcm", key, iv);
    c.setAAD(Buffer.from(aad, "utf8"));
    const ct = Buffer.concat([c.update(text), c.final()]);
    expect(buf.subarray(32, 32 + text.length)).toEqual(ct);
    expect(buf.subarray(32 + text.length)).toEqual(c.getAuthTag());
  });

  test.prop(
    [
      fc.array(fc.tuple(fc.string({ maxLength: 80 }), fc.string({ maxLength: 40 })), {
        minLength: 1,
        maxLength: 20,
      }),
    ],
    { numRuns: 100 },
  )("should seal values that node:crypto opens", (pairs) => {
    const key = randomBytes(32);
    const sealed = new ValueCipher(key).sealMany(
      pairs.map(([text, aad]) => ({ text, type: "str", aad })),
    );
    sealed.forEach((stored, i) => {
      const [text, aad] = pairs[i]!;
      if (text === "") return void expect(stored).toBe("");
      const e = parseEnvelope(stored, "x");
      expect(e.iv.length).toBe(32);
      const d = createDecipheriv("aes-256-gcm", key, e.iv);
      d.setAAD(Buffer.from(aad, "utf8"));
      d.setAuthTag(e.tag);
      expect(Buffer.concat([d.update(e.data), d.final()]).toString("utf8")).toBe(text);
    });
  });

  it("should open many values in one batch and flag only the bad one", () => {
    const v = new ValueCipher(KEY);
    const items = ["a", "bb", "ccc"].map((t, i) => ({
      stored: v.seal(t, "str", `k${i}:`),
      aad: `k${i}:`,
      where: `k${i}`,
    }));
    items[1]!.aad = "other:";
    const r = v.openMany(items);
    expect(r[0]).toEqual({ type: "str", text: "a" });
    expect(r[1]).toMatchObject({ code: "ERR_VALUE" });
    expect(r[2]).toEqual({ type: "str", text: "ccc" });
  });
});

describe("value envelope", () => {
  it("should reproduce a sops ciphertext byte for byte with the same IV", () => {
    const v = new ValueCipher(KEY);
    const stored = v.seal("t00m4nys3cr3tzupdated", "str", "myapp1:");
    const back = v.open(stored, "myapp1:", "myapp1");
    expect(back).toEqual({ type: "str", text: "t00m4nys3cr3tzupdated" });
    const e = parseEnvelope(stored, "myapp1");
    expect(v.seal("t00m4nys3cr3tzupdated", "str", "myapp1:", e.iv)).toBe(stored);
    expect(e.iv.length).toBe(32);
    expect(e.tag.length).toBe(16);
  });

  it("should keep an empty string unencrypted", () => {
    const v = new ValueCipher(KEY);
    expect(v.seal("", "str", "a:")).toBe("");
    expect(v.open("", "a:", "a")).toEqual({ type: "str", text: "" });
  });

  it("should reject a value under another path with ERR_VALUE", () => {
    const v = new ValueCipher(KEY);
    const stored = v.seal("x", "str", "a:");
    expect(() => v.open(stored, "b:", "b")).toThrow(expect.objectContaining({ code: "ERR_VALUE" }));
  });

  it.each([
    "ENC[AES256_GCM,data:abc",
    "ENC[AES256_GCM,data:,iv:AAAA,tag:AAAA,type:str]",
    "ENC[AES256_GCM,data:AAAA,iv:AAAA,tag:AAAA]",
    "ENC[AES256_GCM,data:AAAA,iv:AAAA,tag:AAAA,type:]",
    "ENC[",
  ])("should reject the truncated envelope %s with ERR_FORMAT", (s) => {
    expect(() => parseEnvelope(s, "db.password")).toThrow(
      expect.objectContaining({
        code: "ERR_FORMAT",
        message: expect.stringContaining("db.password"),
      }),
    );
  });

  it("should reject an unknown type and bad base64 with ERR_VALUE", () => {
    expect(() =>
      parseEnvelope("ENC[AES256_GCM,data:AAAA,iv:AAAA,tag:AAAA,type:blob]", "a"),
    ).toThrow(expect.objectContaining({ code: "ERR_VALUE" }));
    expect(() => parseEnvelope("ENC[AES256_GCM,data:AAA,iv:AAAA,tag:AAAA,type:str]", "a")).toThrow(
      expect.objectContaining({ code: "ERR_VALUE" }),
    );
  });
});

describe("typed plaintexts", () => {
  it.each<[number, string]>([
    [1, "1"],
    [1.5, "1.5"],
    [1e21, "1000000000000000000000"],
    [1e-7, "0.0000001"],
    [1.234568e9, "1234568000"],
    [-2.5e-8, "-0.000000025"],
    [123456789.123, "123456789.123"],
    [Infinity, "+Inf"],
    [-Infinity, "-Inf"],
    [NaN, "NaN"],
    [-0, "-0"],
  ])("should format %d like Go 'f' -1 as %s", (x, s) => {
    expect(formatGoFloat(x)).toBe(s);
  });

  it("should format JSON floats like Go json.Marshal", () => {
    expect(formatJsonFloat(1e21)).toBe("1e+21");
    expect(formatJsonFloat(1e-7)).toBe("1e-7");
    expect(formatJsonFloat(0.000001)).toBe("0.000001");
    expect(formatJsonFloat(25.4)).toBe("25.4");
  });

  it("should canonicalize ints, bools, floats and times as sops ToBytes does", () => {
    expect(canonicalText("int", "+007", "a")).toBe("7");
    expect(canonicalText("int", "99999999999999999999", "a")).toBe("99999999999999999999");
    expect(canonicalText("bool", "true", "a")).toBe("True");
    expect(canonicalText("bool", "F", "a")).toBe("False");
    expect(canonicalText("float", "1e3", "a")).toBe("1000");
    expect(canonicalText("time", "2024-01-01T00:00:00.500+00:00", "a")).toBe(
      "2024-01-01T00:00:00.5Z",
    );
    expect(() => canonicalText("int", "1.5", "db.port")).toThrow(
      expect.objectContaining({ code: "ERR_VALUE" }),
    );
    expect(() => canonicalText("bool", "yes", "a")).toThrow(
      expect.objectContaining({ code: "ERR_VALUE" }),
    );
  });
});
