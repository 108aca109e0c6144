// Shamir secret sharing over GF(2^8) as sops uses it for key groups
// (sops's fork of HashiCorp Vault's shamir package): the AES field (x^8 + x^4 + x^3 + x + 1),
// one random polynomial per secret byte, and each share is the y bytes followed by its x coordinate.
// Unlike Vault, sops gives share i (0-based key group) the x coordinate i + 1.
import { randomBytes } from "node:crypto";
import { HushError } from "./errors.js";

/** Carry-less multiply modulo the AES polynomial, without data-dependent branches. */
function mul(a: number, b: number): number {
  let r = 0;
  for (let i = 0; i < 8; i++) {
    r ^= -(b & 1) & a;
    const hi = -((a >>> 7) & 1) & 0x1b;
    a = ((a << 1) ^ hi) & 0xff;
    b >>>= 1;
  }
  return r;
}

/** a^254 = a^-1 in GF(2^8) (0 maps to 0; callers never divide by 0). */
function inv(a: number): number {
  let result = 1;
  let base = a;
  for (let e = 254; e > 0; e >>>= 1) {
    if (e & 1) result = mul(result, base);
    base = mul(base, base);
  }
  return result;
}

/**
 * Split a secret into `parts` shares, any `threshold` of which rebuild it. Share i is
 * `secret.length + 1` bytes: the polynomial values at x = i + 1, then the byte i + 1.
 * @throws HushError ERR_CONFIG for an impossible threshold or part count
 */
export function splitSecret(secret: Uint8Array, parts: number, threshold: number): Uint8Array[] {
  if (
    !Number.isInteger(parts) ||
    !Number.isInteger(threshold) ||
    parts < threshold ||
    parts > 255 ||
    threshold < 2
  ) {
    throw new HushError(
      "ERR_CONFIG",
      `cannot split a key into ${parts} parts with threshold ${threshold}`,
      {
        hint: "the Shamir threshold must be between 2 and the number of key groups (at most 255)",
      },
    );
  }
  if (secret.length === 0) throw new HushError("ERR_CONFIG", "cannot split an empty secret");
  const shares = Array.from({ length: parts }, (_, i) => {
    const share = new Uint8Array(secret.length + 1);
    share[secret.length] = i + 1;
    return share;
  });
  const coefficients = new Uint8Array(threshold);
  for (let b = 0; b < secret.length; b++) {
    coefficients[0] = secret[b] ?? 0;
    randomBytes(threshold - 1).forEach((c, k) => (coefficients[k + 1] = c));
    for (let i = 0; i < parts; i++) {
      const x = i + 1;
      // Horner's rule from the highest coefficient down.
      let y = 0;
      for (let k = threshold - 1; k >= 0; k--) y = mul(y, x) ^ (coefficients[k] ?? 0);
      (shares[i] as Uint8Array)[b] = y;
    }
  }
  coefficients.fill(0);
  return shares;
}

/**
 * Rebuild a secret from shares (Lagrange interpolation at x = 0). Every share given is used.
 * @throws HushError ERR_FORMAT when there are fewer than two shares, lengths differ or x repeats
 */
export function combineShares(shares: Uint8Array[]): Uint8Array {
  const bad = (what: string): HushError =>
    new HushError("ERR_FORMAT", `cannot combine key group shares: ${what}`, {
      hint: "the file's key groups or shamir_threshold were altered",
    });
  if (shares.length < 2) throw bad("fewer than two shares");
  const len = shares[0]?.length ?? 0;
  if (len < 2) throw bad("share too short");
  const xs = shares.map((s) => {
    if (s.length !== len) throw bad("shares differ in length");
    return s[len - 1] ?? 0;
  });
  if (new Set(xs).size !== xs.length || xs.includes(0)) throw bad("duplicate share coordinates");
  const basis = xs.map((xi, i) => {
    let num = 1;
    let den = 1;
    xs.forEach((xj, j) => {
      if (j === i) return;
      num = mul(num, xj);
      den = mul(den, xi ^ xj);
    });
    return mul(num, inv(den));
  });
  const secret = new Uint8Array(len - 1);
  for (let b = 0; b < len - 1; b++) {
    let acc = 0;
    shares.forEach((s, i) => (acc ^= mul(s[b] ?? 0, basis[i] ?? 0)));
    secret[b] = acc;
  }
  return secret;
}
