// HTTP Basic credentials with short, human-made passwords (repeated characters, under the generic
// entropy floor) in every place they are encoded: Authorization headers, docker `auths` (also
// inside a base64 `.dockerconfigjson`), `.npmrc` `_auth`; and the placeholders that stay silent.
// Also a hex-encoded token that carries no other marker. Values are built at run time.
import { describe, expect, it } from "vitest";
import { isBasicPassword } from "../src/scan/basic.js";
import { scanText } from "../src/scan/index.js";
import { isSecretValue } from "../src/scan/values.js";
import { ALNUM, Rng } from "./scan-fixtures.js";

const DIGITS = "0123456789";

const rng = new Rng(20261204);
const b64 = (s: string): string => Buffer.from(s).toString("base64");

/** 6–10 characters, three kinds, one character repeated: below the generic floor (asserted). */
function shortPassword(n: number): string {
  for (;;) {
    const a = rng.str(ALNUM, n - 3);
    const p = `${a}@${a[1]}${rng.str("!#%^*", 1)}`;
    if (!isSecretValue(p, { password: true }) && /[0-9]/.test(p) && /[a-z]/i.test(p)) return p;
  }
}

const found = (text: string, path: string): string[] =>
  scanText(`${text}\n`, { path }).map((f) => f.ruleId);

describe("HTTP Basic credentials with a short password", () => {
  for (const n of [6, 8, 10]) {
    const pw = shortPassword(n);
    it.each([
      ["api.http", `Authorization: Basic ${b64(`admin:${pw}`)}`],
      ["nginx.conf", `proxy_set_header Authorization "Basic ${b64(`proxy:${pw}`)}";`],
      ["check.sh", `curl -H "Authorization: Basic ${b64(`ops:${pw}`)}" https://status.internal/`],
      [".npmrc", `_auth=${b64(`builder:${pw}`)}`],
      ["config.json", `{"auths": {"registry.internal": {"auth": "${b64(`ci:${pw}`)}"}}}`],
      [
        "pull-secret.yaml",
        `kind: Secret\ndata:\n  .dockerconfigjson: ${b64(JSON.stringify({ auths: { r: { auth: b64(`ci:${pw}`) } } }))}`,
      ],
    ])(`should report a ${n}-character password (%s)`, (path, text) => {
      expect(found(text, path), text).not.toEqual([]);
    });
  }

  it.each([
    "user:password",
    "username:password",
    "Aladdin:open sesame",
    "admin:admin",
    "foo:bar",
    "user:pass",
    "demo:demo1234",
    "admin:1234",
    "bob:P@ssw0rd",
    "bob:s3cr3t!x",
    "<user>:<password>",
    "$USER:$PASSWORD",
    "${USER}:${PASS}",
    "ci:{{ .Values.password }}",
    "ci:********",
    "ci:changeit",
    "your_username:hunter22x",
    "s6BhdRkqt3:gX1fBat3bV",
  ])("should not report the documentation credentials %s", (creds) => {
    expect(found(`Authorization: Basic ${b64(creds)}`, "api.http"), creds).toEqual([]);
    expect(found(`_auth=${b64(creds)}`, ".npmrc"), creds).toEqual([]);
  });

  it("should take short human passwords and refuse placeholders in isBasicPassword", () => {
    expect(isBasicPassword("ops", shortPassword(6))).toBe(true);
    for (const [u, p] of [
      ["a", "pw"],
      ["admin", "Admin"],
      ["x", "%PW%"],
      ["x", "[password]"],
    ] as const)
      expect(isBasicPassword(u, p), `${u}:${p}`).toBe(false);
  });
});

describe("curl -u with a URL", () => {
  it("should not read `-U https://host` as user:password", () => {
    const text = "node app.js | pino-couch -U https://couch-server -d mylogs";
    expect(found(text, "docs/transports.md")).toEqual([]);
  });
});

describe("hex-encoded tokens", () => {
  it("should decode a hex run with no marker but the token's own prefix", () => {
    // Low-entropy digits, so the hex is no generic secret by itself: only decoding finds it.
    const token = `xoxb-${rng.str(DIGITS, 12)}-${rng.str(DIGITS, 13)}-${rng.str(ALNUM, 24)}`;
    const hex = Buffer.from(token).toString("hex");
    expect(found(`slack_hex: ${hex}`, "ci/vars.yml")).toEqual(["slack-token"]);
  });
});
