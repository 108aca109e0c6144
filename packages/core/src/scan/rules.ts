// The rule table, most specific first: when two rules report overlapping ranges the earlier one
// wins, and the generic rules come last. Formats and prefixes follow the providers' documentation
// and the gitleaks/secretlint rule sets (see shared/reference/secret-scanning.md).

import { hasValidTokenChecksum } from "./checksum.js";
import { charClasses } from "./entropy.js";
import { findAssignments, findUrlPasswords, GENERIC_KEYWORDS, isSecretValue } from "./generic.js";
import { findPrivateKeys, findServiceAccountKeys } from "./pem.js";
import type { Confidence, Rule } from "./rule.js";

/** Token boundaries: the secret is not part of a longer run of token characters. */
const B = String.raw`(?<![A-Za-z0-9_-])`;
const E = String.raw`(?![A-Za-z0-9_-])`;
/** `<key-ish name> <op> <optional quote>` between a key keyword and its value. */
const ASSIGN = String.raw`[\w.-]{0,30}["'\]]?[ \t]{0,3}(?::=|=>|=|:)[ \t]{0,3}["'\x60]?`;

const HEX = (n: number) => `[0-9a-f]{${n}}`;

function decodeBase64Url(part: string): string | undefined {
  try {
    const b64 = part.replace(/-/g, "+").replace(/_/g, "/");
    return atob(b64 + "=".repeat((4 - (b64.length % 4)) % 4));
  } catch {
    return undefined;
  }
}

/** Checksummed tokens: a valid CRC32 means a real token shape; a failed one is still reported. */
function checksummed(secret: string): Confidence {
  return hasValidTokenChecksum(secret) ? "high" : "medium";
}

function mixedCase(secret: string, atLeast: number): boolean {
  const c = charClasses(secret);
  return c.upper >= atLeast && c.lower >= atLeast;
}

export const RULES: readonly Rule[] = [
  {
    id: "aws-access-key-id",
    description: "AWS access key id",
    keywords: ["AKIA", "ASIA", "ABIA", "ACCA", "A3T"],
    pattern: new RegExp(
      String.raw`(?<![A-Z0-9])((?:AKIA|ASIA|ABIA|ACCA|A3T[A-Z0-9])[A-Z2-7]{16})(?![A-Z0-9])`,
      "gd",
    ),
    minEntropy: 3,
  },
  {
    id: "aws-secret-access-key",
    description: "AWS secret access key",
    keywords: [
      "secret_access_key",
      "secretaccesskey",
      "secret-access-key",
      "aws_secret",
      "awssecret",
      "aws-secret",
    ],
    pattern: new RegExp(
      String.raw`(?:secret[_.-]?access[_.-]?key|aws[_.-]?secret)${ASSIGN}([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])`,
      "gid",
    ),
    minEntropy: 4,
  },
  {
    id: "aws-secret-access-key",
    description: "AWS secret access key (next to an access key id)",
    keywords: ["AKIA", "ASIA"],
    before: 3,
    after: 3,
    pattern: /(?<![A-Za-z0-9/+])([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])/dg,
    minEntropy: 4.3,
    check: (s) => (mixedCase(s, 3) && /[0-9]/.test(s) ? "medium" : false),
  },
  {
    id: "gcp-service-account",
    description: "GCP service-account JSON with a private key",
    keywords: ["service_account"],
    find: findServiceAccountKeys,
  },
  {
    id: "gcp-api-key",
    description: "Google Cloud API key",
    keywords: ["AIza"],
    pattern: new RegExp(String.raw`${B}(AIza[0-9A-Za-z_-]{35})${E}`, "gd"),
    minEntropy: 3.5,
  },
  {
    id: "azure-storage-key",
    description: "Azure storage or Service Bus connection-string key",
    keywords: ["accountkey=", "sharedaccesskey="],
    pattern: /(?:AccountKey=([A-Za-z0-9+/]{86}==)|SharedAccessKey=([A-Za-z0-9+/]{43}=))/dgi,
    minEntropy: 4,
  },
  {
    id: "github-token",
    description:
      "GitHub token (classic personal, OAuth, user-to-server, server-to-server, refresh)",
    keywords: ["ghp_", "gho_", "ghu_", "ghs_", "ghr_"],
    pattern: new RegExp(String.raw`${B}(gh[pousr]_[A-Za-z0-9]{36})${E}`, "gd"),
    minEntropy: 3,
    check: checksummed,
  },
  {
    id: "github-fine-grained-pat",
    description: "GitHub fine-grained personal access token",
    keywords: ["github_pat_"],
    pattern: new RegExp(String.raw`${B}(github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59})${E}`, "gd"),
    minEntropy: 3.5,
  },
  {
    id: "gitlab-token",
    description: "GitLab personal, deploy or runner token",
    keywords: ["glpat-", "gldt-", "glrt-", "glptt-"],
    pattern: new RegExp(
      String.raw`${B}((?:glpat|gldt|glrt|glptt)-[A-Za-z0-9_-]{20,60}(?:\.[0-9a-z]{2}\.[0-9a-z]{7,9})?)(?![A-Za-z0-9_-])`,
      "gd",
    ),
    minEntropy: 3,
  },
  {
    id: "slack-token",
    description: "Slack bot, user, app or refresh token",
    keywords: ["xoxb-", "xoxp-", "xoxa-", "xoxr-", "xoxs-", "xoxe-", "xapp-"],
    pattern: new RegExp(String.raw`${B}((?:xox[abprse]|xapp)-[0-9A-Za-z-]{10,250})${E}`, "gd"),
    minEntropy: 3,
    check: (s) => (s.split("-").length >= 3 && /[0-9]/.test(s) ? "high" : false),
  },
  {
    id: "slack-webhook",
    description: "Slack incoming webhook URL",
    keywords: ["hooks.slack.com"],
    pattern: /hooks\.slack\.com\/(?:services|workflows|triggers)\/([A-Za-z0-9_/+-]{20,120})/dg,
    minEntropy: 3,
  },
  {
    id: "discord-webhook",
    description: "Discord webhook URL",
    keywords: ["discord"],
    pattern: /discord(?:app)?\.com\/api\/webhooks\/([0-9]{17,20}\/[A-Za-z0-9_-]{60,68})/dg,
    minEntropy: 3,
  },
  {
    id: "discord-bot-token",
    description: "Discord bot token",
    keywords: ["discord", "token"],
    pattern: new RegExp(
      String.raw`${B}([MNO][A-Za-z0-9_-]{23,27}\.[A-Za-z0-9_-]{6}\.[A-Za-z0-9_-]{27,38})${E}`,
      "gd",
    ),
    minEntropy: 3.5,
    // The first part is the bot's numeric user id, base64-encoded.
    check: (s) =>
      /^[0-9]{17,20}$/.test(decodeBase64Url(s.slice(0, s.indexOf("."))) ?? "") ? "high" : false,
  },
  {
    id: "telegram-bot-token",
    description: "Telegram bot token",
    keywords: [":AA"],
    pattern: /(?<![0-9])([0-9]{8,10}:AA[0-9A-Za-z_-]{33})(?![0-9A-Za-z_-])/dg,
    minEntropy: 3.5,
  },
  {
    id: "stripe-secret-key",
    description: "Stripe live secret or restricted key",
    keywords: ["sk_live_", "rk_live_", "sk_prod_", "rk_prod_"],
    pattern: new RegExp(
      String.raw`${B}((?:sk|rk)_(?:live|prod)_[0-9A-Za-z]{20,247})(?![0-9A-Za-z])`,
      "gd",
    ),
    minEntropy: 3,
  },
  {
    id: "anthropic-api-key",
    description: "Anthropic API key",
    keywords: ["sk-ant-"],
    pattern: new RegExp(
      String.raw`${B}(sk-ant-[a-z]{2,8}[0-9]{2}-[A-Za-z0-9_-]{32,200})${E}`,
      "gd",
    ),
    minEntropy: 3.5,
  },
  {
    id: "openai-api-key",
    description: "OpenAI API key",
    keywords: ["T3BlbkFJ", "sk-proj-", "sk-svcacct-", "sk-admin-"],
    pattern: new RegExp(
      String.raw`${B}(sk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20,250})${E}`,
      "gd",
    ),
    minEntropy: 3.5,
    // Every OpenAI key embeds base64("OpenAI"); project keys are long enough to stand alone.
    check: (s) =>
      s.startsWith("sk-ant-")
        ? false
        : s.includes("T3BlbkFJ")
          ? "high"
          : /^sk-(?:proj|svcacct|admin)-/.test(s) && s.length >= 48
            ? "medium"
            : false,
  },
  {
    id: "huggingface-token",
    description: "Hugging Face access token",
    keywords: ["hf_"],
    pattern: /(?<![A-Za-z0-9_])(hf_[A-Za-z]{34})(?![A-Za-z0-9_])/dg,
    minEntropy: 3.5,
    check: (s) => (mixedCase(s, 6) ? "medium" : false),
  },
  {
    id: "npm-token",
    description: "npm access token",
    keywords: ["npm_"],
    pattern: /(?<![A-Za-z0-9_])(npm_[A-Za-z0-9]{36})(?![A-Za-z0-9_])/dg,
    minEntropy: 3,
    check: (s) =>
      hasValidTokenChecksum(s) ? "high" : mixedCase(s, 2) && /[0-9]/.test(s) ? "medium" : false,
  },
  {
    id: "pypi-token",
    description: "PyPI upload token",
    keywords: ["pypi-AgEIcHlwaS5vcmc", "pypi-AgENdGVzdC5weXBpLm9yZw"],
    pattern: /(pypi-AgE(?:IcHlwaS5vcmc|NdGVzdC5weXBpLm9yZw)[A-Za-z0-9_-]{50,1000})/dg,
  },
  {
    id: "sendgrid-api-key",
    description: "SendGrid API key",
    keywords: ["SG."],
    pattern: /(?<![A-Za-z0-9_.-])(SG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43})(?![A-Za-z0-9_-])/dg,
    minEntropy: 3.5,
  },
  {
    id: "twilio-api-key",
    description: "Twilio API key SID",
    keywords: [..."0123456789abcdef"].map((h) => `SK${h}`),
    pattern: /(?<![A-Za-z0-9])(SK[0-9a-f]{32})(?![A-Za-z0-9])/dg,
    minEntropy: 3,
  },
  {
    id: "twilio-auth-token",
    description: "Twilio auth token (next to an account SID or a twilio key)",
    // Not the `AC…` account SID itself: its trigram ("acc") would fire on every "access".
    keywords: ["twilio"],
    before: 3,
    after: 3,
    pattern: new RegExp(String.raw`auth[_.-]?token${ASSIGN}(${HEX(32)})(?![0-9A-Za-z])`, "gid"),
    minEntropy: 3,
  },
  {
    id: "mailgun-api-key",
    description: "Mailgun API key",
    keywords: ["key-", "mailgun"],
    before: 2,
    after: 2,
    pattern: new RegExp(
      String.raw`(?<![A-Za-z0-9_-])(key-${HEX(32)}|${HEX(32)}-${HEX(8)}-${HEX(8)})(?![0-9A-Za-z])`,
      "gd",
    ),
    minEntropy: 3,
    check: (s, ctx) => (s.startsWith("key-") || /mailgun/i.test(ctx.text) ? "medium" : false),
  },
  {
    id: "datadog-api-key",
    description: "Datadog API or application key",
    keywords: ["datadog", "dd_api", "dd_app", "dd-api", "dd-app", "ddapi", "ddapp"],
    pattern: new RegExp(
      String.raw`(?:datadog|dd)[\w.-]{0,20}(?:api|app(?:lication)?)[_.-]?key${ASSIGN}(${HEX(40)}|${HEX(32)})(?![0-9A-Za-z])`,
      "gid",
    ),
    minEntropy: 3,
  },
  {
    id: "shopify-token",
    description: "Shopify access token or shared secret",
    keywords: ["shpat_", "shpss_", "shpca_", "shppa_"],
    pattern: /(?<![A-Za-z0-9_])(shp(?:at|ss|ca|pa)_[a-fA-F0-9]{32})(?![A-Za-z0-9])/dg,
    minEntropy: 3,
  },
  {
    id: "heroku-api-key",
    description: "Heroku API key",
    keywords: ["heroku", "HRKU-"],
    pattern: new RegExp(
      String.raw`(?:heroku${ASSIGN}([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})|${B}(HRKU-[A-Za-z0-9_-]{40,80})${E})`,
      "gid",
    ),
    minEntropy: 3,
  },
  {
    id: "digitalocean-token",
    description: "DigitalOcean personal access, OAuth or refresh token",
    keywords: ["dop_v1_", "doo_v1_", "dor_v1_"],
    pattern: /(?<![A-Za-z0-9_])(do[por]_v1_[a-f0-9]{64})(?![A-Za-z0-9])/dg,
    minEntropy: 3,
  },
  {
    id: "doppler-token",
    description: "Doppler token",
    keywords: ["dp.pt.", "dp.st.", "dp.sa.", "dp.ct.", "dp.scim.", "dp.audit."],
    pattern:
      /(?<![A-Za-z0-9_.-])(dp\.(?:pt|st|sa|ct|scim|audit)\.[A-Za-z0-9_.-]{40,200})(?![A-Za-z0-9_-])/dg,
    minEntropy: 3.5,
  },
  {
    id: "vault-token",
    description: "HashiCorp Vault service, batch or recovery token",
    keywords: ["hvs.", "hvb.", "hvr."],
    pattern: /(?<![A-Za-z0-9_.-])(hv[sbr]\.[A-Za-z0-9_-]{24,400})(?![A-Za-z0-9_-])/dg,
    minEntropy: 3.5,
  },
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
    check: (s) => (isSecretValue(s, false) ? "medium" : false),
    generic: true,
  },
  {
    id: "generic-secret",
    description: "Password, secret, token or API key assigned a high-entropy value",
    keywords: GENERIC_KEYWORDS,
    find: findAssignments,
    generic: true,
  },
];
