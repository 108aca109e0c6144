// The rule table, most specific first: when two rules report overlapping ranges the earlier one
// wins, so token formats come before provider-named values, and the keyword-and-entropy rules
// come last. Formats follow the providers' documentation, gitleaks' default rules and GitHub's
// supported secret scanning patterns (see shared/reference/secret-scanning.md).

import {
  findBasicAuth,
  findGenericSecrets,
  findUrlPasswords,
  GENERIC_KEYWORDS,
} from "../generic.js";
import { findCommandPasswords } from "../command.js";
import { findPipedSecrets } from "../stdin.js";
import { findConnectionPasswords } from "../connection.js";
import { shannonEntropy } from "../entropy.js";
import type { Rule } from "../rule.js";
import { isSecretValue } from "../values.js";
import { AI_RULES } from "./ai.js";
import { CLIENT_KEYWORDS } from "./clients.js";
import { CLOUD_RULES } from "./cloud.js";
import { COMMS_RULES } from "./comms.js";
import { DEVOPS_RULES } from "./devops.js";
import { KEYED_RULES } from "./keyed.js";
import { KEY_RULES } from "./keys.js";
import { OBSERVABILITY_RULES } from "./observability.js";
import { PAYMENT_RULES } from "./payments.js";
import { SAAS_RULES } from "./saas.js";
import { VCS_RULES } from "./vcs.js";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Reported by the decoding layer for a Kubernetes Secret value that looks like a secret. */
export const KUBERNETES_SECRET: Rule = {
  id: "kubernetes-secret",
  description: "Kubernetes Secret value in plaintext (base64 is an encoding, not encryption)",
  keywords: [],
  find: () => [],
};

/** The keyword-and-entropy rule; the decoding layer also reports encoded values under it. */
export const GENERIC_SECRET: Rule = {
  id: "generic-secret",
  description: "Password, secret, token or API key assigned a high-entropy value",
  keywords: GENERIC_KEYWORDS,
  find: findGenericSecrets,
  generic: true,
};

export const RULES: readonly Rule[] = [
  ...VCS_RULES,
  ...CLOUD_RULES,
  ...AI_RULES,
  ...PAYMENT_RULES,
  ...COMMS_RULES,
  ...OBSERVABILITY_RULES,
  ...DEVOPS_RULES,
  ...SAAS_RULES,
  // After the cloud rules: a service-account JSON is reported as one, not as its PEM inside.
  ...KEY_RULES,
  ...KEYED_RULES,
  {
    id: "basic-auth",
    description:
      "HTTP Basic credentials (Authorization header, docker auths, .npmrc _auth, curl -u)",
    keywords: ["basic ", "_auth", 'auth"', "auth'", "auth:", "auth=", "_password", "-u ", "--user"],
    find: findBasicAuth,
  },
  {
    id: "url-password",
    description: "URL or connection string with a password",
    keywords: ["://"],
    find: findUrlPasswords,
  },
  {
    id: "bearer-token",
    description: "Bearer token in an Authorization header or curl command",
    keywords: ["bearer "],
    pattern: /\bbearer[ \t]+([A-Za-z0-9._~+/-]{20,500}=*)(?![A-Za-z0-9._~+/=-])/dgi,
    // A UUID elsewhere is an identifier; sent as a bearer token it is the token (Heroku, Postmark
    // and others issue UUIDs), unless it is a repeated digit or a documentation example.
    check: (s) =>
      isSecretValue(s, { password: false }) || (UUID.test(s) && shannonEntropy(s) > 3)
        ? "medium"
        : false,
    generic: true,
  },
  KUBERNETES_SECRET,
  // A client's own password flag (`mysql -pX`, `redis-cli -a X`) is context enough for a short
  // human-made password; keyed on program names, rare in source, so most lines never see it.
  {
    id: "command-line-password",
    description:
      "Password or token given to a command-line client (mysql -p, redis-cli -a, sshpass -p, docker login -p, htpasswd -b, PGPASSWORD=, …) or piped into one (echo … | docker login --password-stdin, chpasswd, sudo -S)",
    keywords: CLIENT_KEYWORDS,
    // A command continued with `\` puts its password on a later line (or, piped into the
    // command named, on the line before: `echo x | \` then `  docker login --password-stdin`).
    before: 2,
    after: 8,
    find: (ctx, start, end) => {
      const found = findCommandPasswords(ctx, start, end);
      for (const c of findPipedSecrets(ctx, start, end)) found.push(c);
      return found;
    },
    generic: true,
  },
  // Before the generic rule: it reads the value as the connection string's syntax does (to `;`,
  // the next query pair, a quote or brace), and the key's context admits short human passwords.
  {
    id: "connection-string-password",
    description: "Password in an ADO.NET, ODBC, JDBC or libpq connection string, or a URL query",
    keywords: ["password=", "pwd=", "passwd=", "jdbc:oracle:"],
    find: findConnectionPasswords,
    generic: true,
  },
  GENERIC_SECRET,
];
