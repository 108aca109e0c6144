/**
 * Live-looking credentials built at run time, so the repository itself holds no literal token.
 * Each maker returns a line of source (or a block) that plants one credential of one kind. Random
 * parts come from a seeded generator: reproducible runs (a miss can be replayed with its seed),
 * `HUSH_TOKEN_SEED` picks another. Checksummed formats (GitHub, npm) get a valid CRC32.
 */
import { createHash } from "node:crypto";

/** Deterministic bytes: sha256(seed:counter) blocks. */
const seedText = process.env.HUSH_TOKEN_SEED ?? "hush-guard-tokens";
let counter = 0;
let pool: Buffer = Buffer.alloc(0);
function randomBytes(n: number): Buffer {
  while (pool.length < n)
    pool = Buffer.concat([pool, createHash("sha256").update(`${seedText}:${counter++}`).digest()]);
  const out = pool.subarray(0, n);
  pool = pool.subarray(n);
  return Buffer.from(out);
}
/** Uniform integer in [min, max) — or [0, min) with one argument — from the seeded bytes. */
function randomInt(min: number, max?: number): number {
  const [lo, hi] = max === undefined ? [0, min] : [min, max];
  return lo + (randomBytes(6).readUIntBE(0, 6) % (hi - lo));
}
function randomUUID(): string {
  const h = randomBytes(16).toString("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

const UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
const LOWER = "abcdefghijklmnopqrstuvwxyz";
const DIGITS = "0123456789";
const ALNUM = UPPER + LOWER + DIGITS;
const HEX = "0123456789abcdef";
const B64 = ALNUM + "+/";
const BASE62 = DIGITS + UPPER + LOWER;

/** `n` random characters from `alphabet`, with every character class of a mixed alphabet present. */
export function rand(n: number, alphabet = ALNUM): string {
  for (;;) {
    let s = "";
    for (let i = 0; i < n; i++) s += alphabet.charAt(randomInt(alphabet.length));
    const classes = [UPPER, LOWER, DIGITS].filter((c) =>
      [...alphabet].some((ch) => c.includes(ch)),
    );
    if (classes.every((c) => [...s].some((ch) => c.includes(ch))) || n < 8) return s;
  }
}

function crc32(s: string): number {
  let crc = 0xffffffff;
  for (const b of Buffer.from(s, "utf8")) {
    crc ^= b;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

function base62(n: number, width: number): string {
  let s = "";
  while (n > 0) {
    s = BASE62.charAt(n % 62) + s;
    n = Math.floor(n / 62);
  }
  return s.padStart(width, "0");
}

/** GitHub-style token: prefix + 30 random + 6-char base62 CRC32 of the random part. */
function checksummed(prefix: string): string {
  const body = rand(30);
  return `${prefix}${body}${base62(crc32(body), 6)}`;
}

// Markers are assembled so that this file itself holds no private-key header.
const DASHES = "-".repeat(5);
const PRIV = ["PRI", "VATE"].join("");
const bech32 = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";

/** One planted credential per kind the issue lists; the key is a short name for test titles. */
export function plantedTokens(): Record<string, string> {
  const pem = (label: string): string =>
    [
      `${DASHES}BEGIN ${label}${DASHES}`,
      ...Array.from({ length: 6 }, () => rand(64, B64)),
      `${rand(20, B64)}==`,
      `${DASHES}END ${label}${DASHES}`,
    ].join("\n");
  const jwtPart = (o: object): string => Buffer.from(JSON.stringify(o)).toString("base64url");
  return {
    "aws-access-key-id": `aws_access_key_id = AKIA${rand(16, UPPER + "234567")}`,
    "aws-secret-access-key": `aws_secret_access_key = ${rand(40, B64)}`,
    "gcp-api-key": `const mapsKey = "AIza${rand(35, ALNUM + "-_")}";`,
    "gcp-service-account": `{"type": "service_account", "project_id": "demo-${rand(6, LOWER)}", "private_key_id": "${rand(40, HEX)}", "private_key": "${DASHES}BEGIN ${PRIV} KEY${DASHES}\\n${rand(64, B64)}\\n${rand(64, B64)}\\n${DASHES}END ${PRIV} KEY${DASHES}\\n", "client_email": "svc@demo.iam.gserviceaccount.com"}`,
    "azure-storage-connection-string": `AZURE_STORAGE="DefaultEndpointsProtocol=https;AccountName=acct${rand(6, LOWER)};AccountKey=${rand(86, B64)}==;EndpointSuffix=core.windows.net"`,
    "github-pat": `token: ${checksummed("ghp_")}`,
    "github-oauth": `token: ${checksummed("gho_")}`,
    "github-app-token": `token: ${checksummed("ghs_")}`,
    "github-fine-grained-pat": `token: github_pat_${rand(22)}_${rand(59)}`,
    "gitlab-pat": `GITLAB_TOKEN=glpat-${rand(20, ALNUM + "-_")}`,
    "slack-bot-token": `slack: xoxb-${randomInt(1e10, 9e10)}-${randomInt(1e10, 9e10)}-${rand(24)}`,
    "slack-webhook": `url = "https://hooks.slack.com/services/T${rand(8, UPPER + DIGITS)}/B${rand(8, UPPER + DIGITS)}/${rand(24)}"`,
    "discord-webhook": `hook = "https://discord.com/api/webhooks/${randomInt(1, 10)}${rand(17, DIGITS)}/${rand(68, ALNUM + "-_")}"`,
    // A bot token starts with the bot's numeric user id, base64-encoded.
    "discord-bot-token": `DISCORD_TOKEN=${Buffer.from(`${randomInt(1, 10)}${rand(17, DIGITS)}`).toString("base64url")}.${rand(6, ALNUM + "-_")}.${rand(38, ALNUM + "-_")}`,
    "telegram-bot-token": `TELEGRAM_BOT_TOKEN=${randomInt(1e8, 9e9)}:AA${rand(33, ALNUM + "-_")}`,
    "stripe-secret-key": `stripe.api_key = "sk_live_${rand(24)}"`,
    "openai-api-key": `OPENAI_API_KEY=sk-proj-${rand(58, ALNUM + "-_")}T3BlbkFJ${rand(58, ALNUM + "-_")}`,
    "anthropic-api-key": `ANTHROPIC_API_KEY=sk-ant-api03-${rand(93, ALNUM + "-_")}AA`,
    "huggingface-token": `HF_TOKEN=hf_${rand(34, UPPER + LOWER)}`,
    "npm-token": `//registry.npmjs.org/:_authToken=${checksummed("npm_")}`,
    "pypi-token": `password = pypi-AgEIcHlwaS5vcmc${rand(70, ALNUM + "-_")}`,
    "sendgrid-api-key": `SENDGRID_API_KEY=SG.${rand(22, ALNUM + "-_")}.${rand(43, ALNUM + "-_")}`,
    "twilio-api-key": `TWILIO_API_KEY=SK${rand(32, HEX)}`,
    "twilio-auth-token": `twilio:\n  auth_token: ${rand(32, HEX)}`,
    "mailgun-api-key": `MAILGUN_API_KEY=key-${rand(32, HEX)}`,
    "datadog-api-key": `DD_API_KEY=${rand(32, HEX)}`,
    "shopify-access-token": `SHOPIFY_TOKEN=shpat_${rand(32, HEX)}`,
    "heroku-api-key": `HEROKU_API_KEY=${rand(8, HEX)}-${rand(4, HEX)}-${rand(4, HEX)}-${rand(4, HEX)}-${rand(12, HEX)}`,
    "digitalocean-token": `DO_TOKEN=dop_v1_${rand(64, HEX)}`,
    "doppler-token": `DOPPLER_TOKEN=dp.pt.${rand(43)}`,
    "vault-token": `VAULT_TOKEN=hvs.${rand(90, ALNUM + "-_")}`,
    "private-key-rsa": pem(`RSA ${PRIV} KEY`),
    "private-key-ec": pem(`EC ${PRIV} KEY`),
    "private-key-openssh": pem(`OPENSSH ${PRIV} KEY`),
    "private-key-pgp": [
      `${DASHES}BEGIN PGP ${PRIV} KEY BLOCK${DASHES}`,
      "",
      ...Array.from({ length: 5 }, () => rand(64, B64)),
      `=${rand(4, B64)}`,
      `${DASHES}END PGP ${PRIV} KEY BLOCK${DASHES}`,
    ].join("\n"),
    "age-secret-key": `${"AGE-SECRET"}-KEY-1${rand(58, bech32).toUpperCase()}`,
    jwt: `auth = "${jwtPart({ alg: "HS256", typ: "JWT" })}.${jwtPart({ sub: rand(10), iat: 1700000000, name: "svc" })}.${randomBytes(32).toString("base64url")}"`,
    "bearer-token": `curl -H "Authorization: Bearer ${rand(40, ALNUM + "-._")}" https://api.example.invalid/v1/me`,
    "connection-string": `DATABASE_URL=postgres://app:${rand(20)}@db.internal:5432/app`,
    "generic-password": `db_password = "${rand(24)}"`,
  };
}

/** Values that look like secrets to a naive scanner but are not: they must never block. */
export function harmlessLines(): string[] {
  return [
    `recipient: age1${rand(58, bech32)}`,
    `"integrity": "sha512-${randomBytes(64).toString("base64")}"`,
    `resolved "https://registry.yarnpkg.com/x/-/x-1.0.0.tgz#${randomBytes(20).toString("hex")}"`,
    `id: ${randomUUID()}`,
    `commit: ${randomBytes(20).toString("hex")}`,
    "password: changeme",
    "api_key: <your-key>",
    "token: ${API_TOKEN}",
    "secret: {{ .Values.secret }}",
  ];
}
