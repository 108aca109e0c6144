/**
 * Live-looking credentials built at run time, so the repository itself holds no literal token: the
 * one generator of the tests, on the detector corpus's seeded source and token table
 * (test/corpus/). Reproducible runs (a miss can be replayed with its seed); `HUSH_TOKEN_SEED` picks
 * another. Checksummed formats (GitHub, npm) get a valid CRC32.
 */
import {
  ALNUM,
  B64,
  BECH32,
  DIGITS,
  HEX,
  LOWER,
  UPPER,
  DASH5,
  PRIV,
  Random,
  checksummed,
} from "../corpus/random.mjs";
import { TOKENS } from "../corpus/tokens.mjs";

const random = new Random(process.env.HUSH_TOKEN_SEED ?? "hush-guard-tokens");

/** `n` characters of `alphabet` (every character class of a mixed alphabet present). */
const r = (n: number, alphabet = ALNUM): string => random.s(alphabet, n);

/** A fresh fake of one type of the corpus table (e.g. "aws-access-key-id", "github-classic-pat"). */
export function fakeToken(type: string): string {
  const spec = TOKENS.find((t) => t.type === type);
  if (spec === undefined) throw new Error(`no token type ${type} in test/corpus/tokens.mjs`);
  return spec.make(random);
}

/** One planted credential per kind the issue lists; the key is a short name for test titles. */
export function plantedTokens(): Record<string, string> {
  const pem = (label: string): string =>
    [
      `${DASH5}BEGIN ${label}${DASH5}`,
      ...Array.from({ length: 6 }, () => r(64, B64)),
      `${r(20, B64)}==`,
      `${DASH5}END ${label}${DASH5}`,
    ].join("\n");
  const jwtPart = (o: object): string => Buffer.from(JSON.stringify(o)).toString("base64url");
  return {
    "aws-access-key-id": `aws_access_key_id = AKIA${r(16, UPPER + "234567")}`,
    "aws-secret-access-key": `aws_secret_access_key = ${r(40, B64)}`,
    "gcp-api-key": `const mapsKey = "AIza${r(35, ALNUM + "-_")}";`,
    "gcp-service-account": `{"type": "service_account", "project_id": "demo-${r(6, LOWER)}", "private_key_id": "${r(40, HEX)}", "private_key": "${DASH5}BEGIN ${PRIV} KEY${DASH5}\\n${r(64, B64)}\\n${r(64, B64)}\\n${DASH5}END ${PRIV} KEY${DASH5}\\n", "client_email": "svc@demo.iam.gserviceaccount.com"}`,
    "azure-storage-connection-string": `AZURE_STORAGE="DefaultEndpointsProtocol=https;AccountName=acct${r(6, LOWER)};AccountKey=${r(86, B64)}==;EndpointSuffix=core.windows.net"`,
    "github-pat": `token: ${checksummed(random, "ghp_")}`,
    "github-oauth": `token: ${checksummed(random, "gho_")}`,
    "github-app-token": `token: ${checksummed(random, "ghs_")}`,
    "github-fine-grained-pat": `token: github_pat_${r(22)}_${r(59)}`,
    "gitlab-pat": `GITLAB_TOKEN=glpat-${r(20, ALNUM + "-_")}`,
    "slack-bot-token": `slack: xoxb-${random.int(1e10, 9e10 - 1)}-${random.int(1e10, 9e10 - 1)}-${r(24)}`,
    "slack-webhook": `url = "https://hooks.slack.com/services/T${r(8, UPPER + DIGITS)}/B${r(8, UPPER + DIGITS)}/${r(24)}"`,
    "discord-webhook": `hook = "https://discord.com/api/webhooks/${random.int(1, 9)}${r(17, DIGITS)}/${r(68, ALNUM + "-_")}"`,
    // A bot token starts with the bot's numeric user id, base64-encoded.
    "discord-bot-token": `DISCORD_TOKEN=${Buffer.from(`${random.int(1, 9)}${r(17, DIGITS)}`).toString("base64url")}.${r(6, ALNUM + "-_")}.${r(38, ALNUM + "-_")}`,
    "telegram-bot-token": `TELEGRAM_BOT_TOKEN=${random.int(1e8, 9e9 - 1)}:AA${r(33, ALNUM + "-_")}`,
    "stripe-secret-key": `stripe.api_key = "sk_live_${r(24)}"`,
    "openai-api-key": `OPENAI_API_KEY=sk-proj-${r(58, ALNUM + "-_")}T3BlbkFJ${r(58, ALNUM + "-_")}`,
    "anthropic-api-key": `ANTHROPIC_API_KEY=sk-ant-api03-${r(93, ALNUM + "-_")}AA`,
    "huggingface-token": `HF_TOKEN=hf_${r(34, UPPER + LOWER)}`,
    "npm-token": `//registry.npmjs.org/:_authToken=${checksummed(random, "npm_")}`,
    "pypi-token": `password = pypi-AgEIcHlwaS5vcmc${r(70, ALNUM + "-_")}`,
    "sendgrid-api-key": `SENDGRID_API_KEY=SG.${r(22, ALNUM + "-_")}.${r(43, ALNUM + "-_")}`,
    "twilio-api-key": `TWILIO_API_KEY=SK${r(32, HEX)}`,
    "twilio-auth-token": `twilio:\n  auth_token: ${r(32, HEX)}`,
    "mailgun-api-key": `MAILGUN_API_KEY=key-${r(32, HEX)}`,
    "datadog-api-key": `DD_API_KEY=${r(32, HEX)}`,
    "shopify-access-token": `SHOPIFY_TOKEN=shpat_${r(32, HEX)}`,
    "heroku-api-key": `HEROKU_API_KEY=${r(8, HEX)}-${r(4, HEX)}-${r(4, HEX)}-${r(4, HEX)}-${r(12, HEX)}`,
    "digitalocean-token": `DO_TOKEN=dop_v1_${r(64, HEX)}`,
    "doppler-token": `DOPPLER_TOKEN=dp.pt.${r(43)}`,
    "vault-token": `VAULT_TOKEN=hvs.${r(90, ALNUM + "-_")}`,
    "private-key-rsa": pem(`RSA ${PRIV} KEY`),
    "private-key-ec": pem(`EC ${PRIV} KEY`),
    "private-key-openssh": pem(`OPENSSH ${PRIV} KEY`),
    "private-key-pgp": [
      `${DASH5}BEGIN PGP ${PRIV} KEY BLOCK${DASH5}`,
      "",
      ...Array.from({ length: 5 }, () => r(64, B64)),
      `=${r(4, B64)}`,
      `${DASH5}END PGP ${PRIV} KEY BLOCK${DASH5}`,
    ].join("\n"),
    "age-secret-key": `${"AGE-SECRET"}-KEY-1${r(58, BECH32).toUpperCase()}`,
    jwt: `auth = "${jwtPart({ alg: "HS256", typ: "JWT" })}.${jwtPart({ sub: r(10), iat: 1700000000, name: "svc" })}.${random.bytes(32).toString("base64url")}"`,
    "bearer-token": `curl -H "Authorization: Bearer ${r(40, ALNUM + "-._")}" https://api.example.invalid/v1/me`,
    "connection-string": `DATABASE_URL=postgres://app:${r(20)}@db.internal:5432/app`,
    "generic-password": `db_password = "${r(24)}"`,
  };
}

/** Values that look like secrets to a naive scanner but are not: they must never block. */
export function harmlessLines(): string[] {
  return [
    `recipient: age1${r(58, BECH32)}`,
    `"integrity": "sha512-${random.bytes(64).toString("base64")}"`,
    `resolved "https://registry.yarnpkg.com/x/-/x-1.0.0.tgz#${random.bytes(20).toString("hex")}"`,
    `id: ${random.uuid()}`,
    `commit: ${random.bytes(20).toString("hex")}`,
    "password: changeme",
    "api_key: <your-key>",
    "token: ${API_TOKEN}",
    "secret: {{ .Values.secret }}",
  ];
}
