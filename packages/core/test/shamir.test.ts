import { describe, expect, it } from "vitest";
import { fc, test } from "@fast-check/vitest";
import { randomBytes } from "node:crypto";
import { combineShares, splitSecret } from "../src/shamir.js";
import { isHushError } from "../src/errors.js";

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (isHushError(e)) return e.code;
    throw e;
  }
  return "ok";
}

describe("shamir", () => {
  it("should lay shares out like sops: y bytes then the 1-based x coordinate", () => {
    const secret = randomBytes(32);
    const shares = splitSecret(secret, 3, 2);
    expect(shares.map((s) => s.length)).toEqual([33, 33, 33]);
    expect(shares.map((s) => s[32])).toEqual([1, 2, 3]);
  });

  it("should interpolate in the AES field (hand-made shares of s + a·x)", () => {
    // GF(2^8) with x^8+x^4+x^3+x+1: 2·0x57 = 0xae, 3·0x57 = 0xae ^ 0x57 = 0xf9; 2·0x80 = 0x1b.
    const s = 0x42;
    const share = (x: number, ax: number) => Uint8Array.of(s ^ ax, x);
    expect(Array.from(combineShares([share(1, 0x57), share(2, 0xae)]))).toEqual([s]);
    expect(Array.from(combineShares([share(2, 0xae), share(3, 0xf9)]))).toEqual([s]);
    expect(Array.from(combineShares([share(1, 0x80), share(2, 0x1b)]))).toEqual([s]);
  });

  test.prop([
    fc.uint8Array({ minLength: 1, maxLength: 40 }),
    fc.integer({ min: 2, max: 8 }),
    fc.integer({ min: 0, max: 6 }),
    fc.integer(),
  ])(
    "should rebuild the secret from any threshold-sized subset",
    (secret, threshold, extra, seed) => {
      const parts = threshold + extra;
      const shares = splitSecret(secret, parts, threshold);
      const order = shares
        .map((_, i) => i)
        .sort((a, b) => ((a * 7919 + seed) % 13) - ((b * 7919 + seed) % 13));
      const subset = order.slice(0, threshold).map((i) => shares[i] as Uint8Array);
      expect(Buffer.from(combineShares(subset)).equals(Buffer.from(secret))).toBe(true);
      expect(Buffer.from(combineShares(shares)).equals(Buffer.from(secret))).toBe(true);
    },
  );

  it("should not rebuild the secret from fewer shares than the threshold", () => {
    const secret = randomBytes(32);
    const shares = splitSecret(secret, 3, 3);
    expect(Buffer.from(combineShares(shares.slice(0, 2))).equals(secret)).toBe(false);
  });

  it("should reject bad parameters and bad share sets", () => {
    expect(codeOf(() => splitSecret(randomBytes(32), 1, 2))).toBe("ERR_CONFIG");
    expect(codeOf(() => splitSecret(randomBytes(32), 3, 1))).toBe("ERR_CONFIG");
    expect(codeOf(() => splitSecret(randomBytes(32), 256, 2))).toBe("ERR_CONFIG");
    const shares = splitSecret(randomBytes(32), 3, 2);
    expect(codeOf(() => combineShares([shares[0] as Uint8Array]))).toBe("ERR_FORMAT");
    expect(codeOf(() => combineShares([shares[0] as Uint8Array, shares[0] as Uint8Array]))).toBe(
      "ERR_FORMAT",
    );
    expect(
      codeOf(() => combineShares([shares[0] as Uint8Array, (shares[1] as Uint8Array).subarray(1)])),
    ).toBe("ERR_FORMAT");
  });
});
