// Cryptographic keys and signed tokens: PEM private keys (raw, in YAML block scalars, in JSON
// strings with `\n` escapes), PuTTY keys, age identities, JSON Web Tokens.

import { decodeBase64Url } from "../build.js";
import { findPrivateKeys, findPuttyKeys } from "../pem.js";
import type { Rule } from "../rule.js";

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
      return "medium";
    },
  },
];
