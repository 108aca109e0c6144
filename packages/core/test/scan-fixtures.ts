// Fake credentials for the detector tests, built at run time from the corpus's seeded source so
// that no source file in this repository holds a literal live-looking token. None is a real
// credential. The checksum comes from the corpus, not from the detector it is checked by.
import { generateKeyPairSync } from "node:crypto";
import {
  ALNUM,
  B64,
  B64URL,
  BASE32,
  BECH32,
  DIGITS,
  HEX as HEXL,
  LOWER,
  Random,
  UPPER,
  checksummed,
} from "../../../test/corpus/random.mjs";

export { ALNUM, B64, HEXL };
const LETTERS = UPPER + LOWER;
const BECH32_UPPER = BECH32.toUpperCase();

/** The tests' one seeded source (test/corpus/random.mjs), with the name these tests use. */
export class Rng extends Random {
  /** `n` characters drawn from `alphabet`; every class a mixed alphabet has, when long enough. */
  str(alphabet: string, n: number): string {
    return this.s(alphabet, n);
  }
}

const b64url = (s: string): string => Buffer.from(s).toString("base64url");

/** One generator per kind of fake credential. */
export function fakes(rng: Rng) {
  const gh = (prefix: string): string => checksummed(rng, `${prefix}_`);
  return {
    awsKeyId: () => `AKIA${rng.str(BASE32, 16)}`,
    awsSecret: () => rng.str(B64, 40),
    gcpApiKey: () => `AIza${rng.str(B64URL, 35)}`,
    azureKey: () => `${rng.str(B64, 86)}==`,
    githubClassic: (prefix = "ghp") => gh(prefix),
    githubFineGrained: () => `github_pat_${rng.str(ALNUM, 22)}_${rng.str(ALNUM, 59)}`,
    gitlab: () => `glpat-${rng.str(B64URL, 20)}`,
    slackBot: () => `xoxb-${rng.str(DIGITS, 11)}-${rng.str(DIGITS, 12)}-${rng.str(ALNUM, 24)}`,
    slackWebhook: () =>
      `https://hooks.slack.com/services/T${rng.str(BASE32, 8)}/B${rng.str(BASE32, 8)}/${rng.str(ALNUM, 24)}`,
    discordWebhook: () =>
      `https://discord.com/api/webhooks/${rng.str(DIGITS, 18)}/${rng.str(B64URL, 68)}`,
    discordBot: () =>
      `${b64url(`1${rng.str(DIGITS, 17)}`)}.${rng.str(B64URL, 6)}.${rng.str(B64URL, 27)}`,
    telegram: () => `${rng.str(DIGITS, 9)}:AA${rng.str(B64URL, 33)}`,
    stripe: (prefix = "sk") => `${prefix}_live_${rng.str(ALNUM, 24)}`,
    openaiProject: () => `sk-proj-${rng.str(B64URL, 74)}T3BlbkFJ${rng.str(B64URL, 74)}`,
    openaiLegacy: () => `sk-${rng.str(ALNUM, 20)}T3BlbkFJ${rng.str(ALNUM, 20)}`,
    anthropic: () => `sk-ant-api03-${rng.str(B64URL, 93)}AA`,
    huggingface: () => `hf_${rng.str(LETTERS, 34)}`,
    npm: () => gh("npm"),
    pypi: () => `pypi-AgEIcHlwaS5vcmc${rng.str(B64URL, 70)}`,
    sendgrid: () => `SG.${rng.str(B64URL, 22)}.${rng.str(B64URL, 43)}`,
    twilioKey: () => `SK${rng.str(HEXL, 32)}`,
    hex: (n: number) => rng.str(HEXL, n),
    mailgun: () => `key-${rng.str(HEXL, 32)}`,
    shopify: (prefix = "shpat") => `${prefix}_${rng.str(HEXL, 32)}`,
    uuid: () => {
      const h = rng.str(HEXL, 32);
      return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20)}`;
    },
    herokuNew: () => `HRKU-${rng.str(B64URL, 60)}`,
    digitalocean: () => `dop_v1_${rng.str(HEXL, 64)}`,
    doppler: () => `dp.pt.${rng.str(ALNUM, 43)}`,
    vault: () => `hvs.${rng.str(B64URL, 90)}`,
    age: () => `AGE-SECRET-KEY-1${rng.str(BECH32_UPPER, 58)}`,
    jwt: (payload: object = { sub: rng.str(DIGITS, 10), name: "Ada", iat: 1700000000 }) =>
      `${b64url(JSON.stringify({ alg: "HS256", typ: "JWT" }))}.${b64url(JSON.stringify(payload))}.${rng.str(B64URL, 43)}`,
    password: () => `${rng.str(ALNUM, 14)}!`,
    token: (n = 32) => rng.str(ALNUM, n),
  };
}

/** A real PEM private key of the given type, freshly generated (PKCS#1 for RSA, SEC1 for EC). */
export function pemKey(kind: "rsa" | "ec" | "pkcs8"): string {
  if (kind === "ec") {
    return generateKeyPairSync("ec", { namedCurve: "P-256" })
      .privateKey.export({ type: "sec1", format: "pem" })
      .toString();
  }
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 1024 });
  return privateKey.export({ type: kind === "rsa" ? "pkcs1" : "pkcs8", format: "pem" }).toString();
}

/** A PEM-armoured block with a random base64 body (for OpenSSH, DSA and PGP shapes). */
export function armoured(label: string, rng: Rng, lines = 8): string {
  const body = Array.from({ length: lines }, () => rng.str(B64, 64)).join("\n");
  return `-----BEGIN ${label}-----\n${body}\n-----END ${label}-----\n`;
}
