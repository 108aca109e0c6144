// Cryptographic keys and signed tokens: PEM private keys (raw, in YAML block scalars, in JSON
// strings with `\n` escapes), PuTTY keys, age identities, JSON Web Tokens.

import { createHmac } from "node:crypto";
import { decodeBase64Url } from "../build.js";
import { findPrivateKeys, findPuttyKeys } from "../pem.js";
import type { Rule } from "../rule.js";

/**
 * The HMAC keys documentation signs its sample tokens with (jwt.io's `your-256-bit-secret`, the
 * READMEs of PyJWT, jsonwebtoken, jjwt…): a JWT one of them verifies is an example, not a leak.
 */
const EXAMPLE_HMAC_KEYS = [
  "secret",
  "your-256-bit-secret",
  "your-384-bit-secret",
  "your-512-bit-secret",
  "shhhhh",
  "shhhhhared-secret",
  "your-secret-key",
  "my-secret",
  "mysecret",
  "secretkey",
  "supersecret",
  "keyboard cat",
  "changeme",
];
const HMAC_HASH: Readonly<Record<string, string>> = {
  HS256: "sha256",
  HS384: "sha384",
  HS512: "sha512",
};

/** Whether an HMAC-signed JWT verifies under one of {@link EXAMPLE_HMAC_KEYS}. */
function signedWithExampleKey(jwt: string, header: string): boolean {
  const alg = /"alg"\s*:\s*"(HS\d{3})"/.exec(header)?.[1];
  const hash = alg === undefined ? undefined : HMAC_HASH[alg];
  if (hash === undefined) return false;
  const dot = jwt.lastIndexOf(".");
  const signed = jwt.slice(0, dot);
  const signature = jwt.slice(dot + 1);
  return EXAMPLE_HMAC_KEYS.some(
    (key) => createHmac(hash, key).update(signed).digest("base64url") === signature,
  );
}

export const KEY_RULES: readonly Rule[] = [
  {
    id: "age-secret-key",
    description: "age secret key (identity)",
    keywords: ["AGE-SECRET-KEY-"],
    pattern: /(AGE-SECRET-KEY-(?:PQ-)?1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58,3000})/dg,
    minEntropy: 3,
  },
  {
    id: "private-key",
    description: "PEM private key (RSA, EC, DSA, OpenSSH, PKCS#8, PGP)",
    keywords: ["private key"],
    find: findPrivateKeys,
    minEntropy: 4,
  },
  {
    id: "putty-private-key",
    description: "PuTTY private key file",
    keywords: ["PuTTY-User-Key-File-"],
    after: 40,
    find: findPuttyKeys,
  },
  {
    id: "jwt",
    description: "JSON Web Token",
    keywords: ["eyJ"],
    pattern:
      /(?<![A-Za-z0-9_-])(eyJ[A-Za-z0-9_-]{8,2000}\.eyJ[A-Za-z0-9_-]{8,8000}\.[A-Za-z0-9_-]{16,2000})(?![A-Za-z0-9_-])/dg,
    check: (s) => {
      const [header, payload] = s.split(".");
      const h = decodeBase64Url(header ?? "");
      if (h === undefined || !/^\s*\{[\s\S]*"alg"\s*:/.test(h)) return false;
      // Supabase-style anon keys are meant to be public.
      if (/"role"\s*:\s*"anon"/.test(decodeBase64Url(payload ?? "") ?? "")) return false;
      if (signedWithExampleKey(s, h)) return false;
      return "medium";
    },
  },
];
