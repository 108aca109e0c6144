// Keyword-and-entropy finders: secrets assigned to secret-named names in any form (see
// assign.ts), URLs and connection strings with a password, and HTTP Basic credentials (headers,
// docker `auths`, `.npmrc` `_auth`, `curl -u`). These are the noisiest detectors anywhere
// (gitleaks #1578, detect-secrets #693), so every value passes names.ts and values.ts.

import { isPlaceholder } from "./allow.js";
import { isBasicPassword } from "./basic.js";
import { assignments } from "./assign.js";
import { isConnectionPassword } from "./connection.js";
import { classifyName, UNSPACED_PASSWORD_WORDS } from "./names.js";
import type { Candidate, RuleContext } from "./rule.js";
import { isSecretValue } from "./values.js";

/** Split a space-separated word list (keeps long tables short). */
const wordList = (s: string): string[] => s.split(" ");

/** Keywords that start a generic assignment (names.ts decides what the whole name means). */
export const GENERIC_KEYWORDS = [
  ...wordList(
    "pass pwd pw= pw: _pw secret token api_key apikey api-key api.key apiKey ApiKey APIKEY " +
      "access_key accesskey access-key auth_key authkey private_key privatekey credential creds " +
      "_key -key .key Key _KEY key: key= key\" key' key` authorization bearer passcode " +
      "contrase kennwort senha wachtwoord parola haslo lozinka salasana identified " +
      "masterauth psk",
  ),
  // Names in other scripts (`パスワード`, `пароль`), matched as written: Cyrillic in its cases.
  ...UNSPACED_PASSWORD_WORDS,
  "Пароль",
  "ПАРОЛЬ",
  // Prose: `the master key is …`.
  "key is",
  "key was",
  // Credential pairs in calls: `requests.get(url, auth=("u", "…"))`, `HTTPBasicAuth("u", "…")`.
  "auth=(",
  "auth = (",
  "basicauth(",
  "basic_auth(",
  // JDBC: `DriverManager.getConnection(url, "user", "…")`, whose line names no password.
  "getConnection(",
];

/** Password, secret, token or API-key assignments in `[start, end)`. */
export function findGenericSecrets(ctx: RuleContext, start: number, end: number): Candidate[] {
  const out: Candidate[] = [];
  for (const a of assignments(ctx, start, end)) {
    if (a.expression === true) continue;
    const kind = classifyName(a.name);
    const value = a.query ? percentDecoded(a.value) : a.value;
    if (!kind.secret || !isSecretValue(value, kind, a.name)) continue;
    // A URL query (a badge's `?token=`): badge and share tokens are short; keys are not.
    if (
      !kind.password &&
      a.value.length < 16 &&
      /[?&]$/.test(ctx.text.slice(a.start - a.name.length - 2, a.start - a.name.length - 1))
    )
      continue;
    out.push({ start: a.start, end: a.end, secret: a.value, confidence: "medium" });
  }
  // SQL: `CREATE USER … IDENTIFIED BY 'x'`, `ALTER ROLE … PASSWORD 'x'`.
  const region = ctx.text.slice(start, end);
  if (!region.includes("'")) return out;
  SQL_PASSWORD.lastIndex = 0;
  for (let m = SQL_PASSWORD.exec(region); m; m = SQL_PASSWORD.exec(region)) {
    const value = m[2]!;
    // A password named by the statement itself: strong context, as in a connection string.
    if (!isConnectionPassword(value)) continue;
    const at = start + m.index + m[0].length - value.length - 1;
    out.push({ start: at, end: at + value.length, secret: value, confidence: "medium" });
  }
  return out;
}

const SQL_PASSWORD = /\b(IDENTIFIED\s+BY|PASSWORD)\s+'([^'\n]{1,200})'/gi;

/** `[A-Za-z0-9+.-]`, by char code: a regex test per character cost ~13 ms per 15 MB (profiled). */
function isSchemeChar(c: number): boolean {
  return (
    (c >= 97 && c <= 122) ||
    (c >= 65 && c <= 90) ||
    (c >= 48 && c <= 57) ||
    c === 43 ||
    c === 46 ||
    c === 45
  );
}
/** A URL's run of characters after `://`, at most 600. */
const URL_RUN = /[^\s'"`<>]{0,600}/y;
const WEAK_DEFAULTS = new Set(
  wordList(
    "pass password passwd secret postgres mysql root admin guest test user username changeme " +
      "example pwd redis rabbitmq mongo default xyzzy foobar",
  ),
);
/** What follows the `@` of user-info: a host name, an optional port, then the end of the authority. */
const HOST =
  /^(?:[A-Za-z0-9](?:[A-Za-z0-9.-]{0,252}[A-Za-z0-9])?|\[[0-9A-Fa-f:.]{2,45}(?:%[\w.-]+)?\])(?::\d{1,5})?(?=[/?#;,)\]'"`\s]|$)/;

function percentDecoded(s: string): string {
  if (!s.includes("%")) return s;
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/**
 * URLs and connection strings with an embedded password: `postgres://user:pass@host/db`. The
 * password runs to the last `@` that a host name follows: people paste passwords with `@`, `#`,
 * `/` or `?` in them unencoded.
 */
export function findUrlPasswords(ctx: RuleContext, start: number, end: number): Candidate[] {
  const { text } = ctx;
  const out: Candidate[] = [];
  for (let i = text.indexOf("://", start); i >= 0 && i < end; i = text.indexOf("://", i + 3)) {
    let s = i;
    while (s > 0 && isSchemeChar(text.charCodeAt(s - 1))) s--;
    if (s === i) continue;
    const from = i + 3;
    URL_RUN.lastIndex = from;
    URL_RUN.test(text);
    const stop = Math.min(URL_RUN.lastIndex, end);
    const run = text.slice(from, stop);
    const next = run.indexOf("://");
    const authority = next < 0 ? run : run.slice(0, next);
    let at = -1;
    for (let k = authority.lastIndexOf("@"); k > 0; k = authority.lastIndexOf("@", k - 1)) {
      if (HOST.test(authority.slice(k + 1))) {
        at = k;
        break;
      }
    }
    if (at < 0) continue;
    const userinfo = authority.slice(0, at);
    const colon = userinfo.indexOf(":");
    if (colon < 0 || /[/{}$]/.test(userinfo.slice(0, colon))) continue;
    const raw = userinfo.slice(colon + 1);
    // User-info is percent-encoded (`p%40ss`): judge the password itself.
    const password = percentDecoded(raw);
    const host = /^(?:\[[^\]]*\]|[^:/?#]*)/.exec(authority.slice(at + 1))![0].toLowerCase();
    if (password.length < 4 || WEAK_DEFAULTS.has(password.toLowerCase())) continue;
    if (raw.startsWith("%(") || password.startsWith("$") || isPlaceholder(password)) continue;
    if (/^(?:key|pass|pw|pwd|password|secret|token)[_-]?\d+$/i.test(password)) continue;
    if (/(?:^|\.)example\.(?:com|org|net)$|\.(?:example|test|invalid)$/.test(host)) continue;
    const p = from + colon + 1;
    out.push({ start: p, end: p + raw.length, secret: raw });
  }
  return out;
}

/** `Basic <b64>`, `"auth": "<b64>"`, `_auth=<b64>`, `_password=<b64>`, `-u user:pass`. */
const BASIC =
  /(?:\bBasic[ \t]+|["']?\b_?auth["']?[ \t]*[:=][ \t]*["']?|\b_password[ \t]*=[ \t]*["']?)([A-Za-z0-9+/]{8,400}={0,2})(?![A-Za-z0-9+/=])|(?:^|[\s"'])(?:-u|--user)(?:[ \t]+|=)["']?([^\s"':]{1,100}:[^\s"']{1,200})/gim;

/**
 * Whether `atob` is sure to reject `b64` (WHATWG forgiving-base64): a character outside the
 * alphabet, `=` and ASCII blanks; or, with neither `=` nor blanks, 4n+1 characters. Asked first
 * because a rejection throws a DOMException, stack trace and all: on the 15 MB scan bench a
 * quarter of the base64-looking runs are 4n+1 long, and their exceptions cost ~10 ms of a cold
 * scan (profiled: `lazyDOMException`).
 */
function atobRejects(b64: string): boolean {
  let padOrBlank = false;
  for (let i = 0; i < b64.length; i++) {
    const c = b64.charCodeAt(i);
    if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 47 && c <= 57) || c === 43) continue;
    // `=`, TAB, LF, FF, CR, space
    if (c === 61 || c === 9 || c === 10 || c === 12 || c === 13 || c === 32) padOrBlank = true;
    else return true;
  }
  return !padOrBlank && b64.length % 4 === 1;
}

/** Base64 text decoded when it is printable, else undefined. */
export function decodeBase64Text(b64: string): string | undefined {
  const std =
    b64.includes("-") || b64.includes("_") ? b64.replace(/-/g, "+").replace(/_/g, "/") : b64;
  if (atobRejects(std)) return undefined;
  let bin: string;
  try {
    bin = atob(std);
  } catch {
    return undefined;
  }
  for (let i = 0; i < bin.length; i++) {
    const c = bin.charCodeAt(i);
    if (c < 32 && c !== 9 && c !== 10 && c !== 13) return undefined;
    if (c > 126) return undefined;
  }
  return bin;
}

/** HTTP Basic credentials, base64-encoded (headers, docker config, `.npmrc`) or plain (`curl -u`). */
export function findBasicAuth(ctx: RuleContext, start: number, end: number): Candidate[] {
  const region = ctx.text.slice(start, end);
  const out: Candidate[] = [];
  BASIC.lastIndex = 0;
  for (let m = BASIC.exec(region); m; m = BASIC.exec(region)) {
    const encoded = m[1];
    const plain = m[2];
    let password: string | undefined;
    let span: string;
    if (encoded !== undefined) {
      span = encoded;
      const decoded = decodeBase64Text(encoded);
      if (decoded === undefined) continue;
      // `_password` holds the password alone; the others hold `user:password`, which is a
      // credential by its form, whatever the password's entropy (basic.ts).
      const colon = decoded.indexOf(":");
      if (!/_password/.test(m[0])) {
        if (colon <= 0 || !isBasicPassword(decoded.slice(0, colon), decoded.slice(colon + 1)))
          continue;
        const at = start + m.index + m[0].length - span.length;
        out.push({
          start: at,
          end: at + span.length,
          secret: decoded.slice(colon + 1),
          confidence: "medium",
        });
        continue;
      }
      password = decoded;
    } else {
      span = plain!;
      password = plain!.slice(plain!.indexOf(":") + 1);
      // `-u http://host/…` is a URL option of some other tool (the URL rule reads credentials in it).
      if (password.startsWith("//")) continue;
    }
    if (password === undefined || !isSecretValue(password, { password: true })) continue;
    const at = start + m.index + m[0].length - span.length;
    out.push({ start: at, end: at + span.length, secret: password, confidence: "medium" });
  }
  return out;
}
