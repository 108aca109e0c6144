// Keyword-and-entropy rules: `password`/`secret`/`token`/`api_key` assignments in YAML, JSON,
// dotenv, INI and code, and URLs or connection strings with a password. These are the noisiest
// detectors anywhere (gitleaks #1578, detect-secrets #693), so every value passes a chain of
// checks: key-name shape, literal-ness, placeholders, charset, length and Shannon entropy.

import { isPlaceholder, isPublicValue } from "./allow.js";
import { charClasses, shannonEntropy } from "./entropy.js";
import type { Candidate, RuleContext } from "./rule.js";

/** Split a space-separated word list (keeps long tables short). */
const wordList = (s: string): string[] => s.split(" ");

/** Keywords that start a generic assignment. */
export const GENERIC_KEYWORDS = wordList(
  "pass pwd secret token api_key apikey api-key api.key access_key accesskey access-key " +
    "auth_key authkey private_key privatekey credential",
);

const ASSIGNMENT =
  /(?:pass(?:word|wd|phrase)?|pwd|secret|token|api[_.-]?key|access[_.-]?key|auth[_.-]?key|private[_.-]?key|credentials?)[\w.-]{0,30}["'\]]?[ \t]{0,3}(?::=|=>|=|:)[ \t]{0,3}/gi;

const SECRET_WORDS = new Set(
  wordList(
    "password passwd pass passphrase pwd secret token apikey credential credentials accesskey " +
      "authkey privatekey secretkey authtoken accesstoken",
  ),
);
const PASSWORD_WORDS = new Set(["password", "passwd", "pass", "passphrase", "pwd"]);
const KEY_PAIRS = new Set(
  wordList("api access auth private secret client signing master encryption"),
);
const NOT_A_VALUE_SUFFIX = new Set(
  wordList(
    "name file path dir url uri endpoint type length len count size id ids env field ref " +
      "regex pattern prefix suffix label hint placeholder header version policy mode format " +
      "expiry expires expiration ttl timeout method usage scope scopes hash hashed salt rounds " +
      "min max enabled required rule rules reset input validation strength confirm confirmation " +
      "changed sent generator store manager provider service class kind holder mask at location " +
      "source template id_ arn command cmd var variable variables key_id keyid selector lookup " +
      "checksum digest sha fingerprint public format chars characters encoding arg args through " +
      "thru",
  ),
);
const NOT_A_SECRET = new Set(
  wordList("true false null none undefined nil empty required optional string"),
);
const REFERENCE_PREFIX =
  /^(?:[$%{[(<!&*@#~/\\]|\.\.?\/|ENC\[|vault:|arn:|ref\+|op:\/\/|sm:\/\/|secretref|projects\/|https?:|file:|env:|process\.env|os\.environ|getenv)/i;
const IDENTIFIER_LIKE = /^[A-Za-z]+(?:[_.-][A-Za-z0-9]+)+$/;
const FILE_LIKE =
  /\.(?:json|ya?ml|txt|pem|key|crt|cer|p12|pfx|env|js|ts|py|sh|toml|ini|conf|cfg|xml|html?)$/i;
const DUMMY_WORDS = /password|passwd|secret|token|api_?key/i;

/**
 * Letters only, mostly lowercase (`?InterpolationInJSX`, `NonExpressionParenEnd`): an identifier
 * or label. Generated keys almost always mix in digits, or are about half uppercase.
 */
function wordsOnly(value: string): boolean {
  const core = value.replace(/^[^A-Za-z0-9]+|[^A-Za-z0-9]+$/g, "");
  if (!/^[A-Za-z]+$/.test(core)) return false;
  const upper = core.replace(/[^A-Z]/g, "").length;
  return upper * 3 <= core.length;
}

/** Split an identifier into lower-cased words (snake, kebab, dotted and camelCase). */
export function keyWords(key: string): string[] {
  return key
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/([A-Z])([A-Z][a-z])/g, "$1 $2")
    .split(/[\s_.-]+/)
    .filter(Boolean)
    .map((w) => w.toLowerCase());
}

/** Whether a key name names a secret value (not its name, file, length, hash or URL). */
export function isSecretKey(key: string): { secret: boolean; password: boolean } {
  const words = keyWords(key);
  const last = words[words.length - 1] ?? "";
  if (NOT_A_VALUE_SUFFIX.has(last) || words.includes("public") || words.includes("publishable")) {
    return { secret: false, password: false };
  }
  let secret = false;
  let password = false;
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    if (SECRET_WORDS.has(w)) secret = true;
    if (PASSWORD_WORDS.has(w)) password = true;
    if (w === "key" && i > 0 && KEY_PAIRS.has(words[i - 1]!)) secret = true;
  }
  return { secret, password };
}

/** Whether a value assigned to a secret-named key looks like a real secret. */
export function isSecretValue(value: string, password: boolean): boolean {
  if (value.length < (password ? 8 : 12) || value.length > 500) return false;
  if (/\s/.test(value) || NOT_A_SECRET.has(value.toLowerCase())) return false;
  if (REFERENCE_PREFIX.test(value) || IDENTIFIER_LIKE.test(value) || FILE_LIKE.test(value))
    return false;
  if (DUMMY_WORDS.test(value) || isPlaceholder(value) || isPublicValue(value)) return false;
  if (/^[0-9.]+$/.test(value) || value.includes("(") || wordsOnly(value)) return false;
  // URLs are the URL rule's business; `ENC\[`, `[^` and `\d` are regex source, not values.
  if (/:\/\/|ENC\\?\[|\[\^|\\[dws]/.test(value)) return false;
  const c = charClasses(value);
  if (c.lower + c.upper === 0 || c.digit + c.other === 0) return false;
  const entropy = shannonEntropy(value);
  if (password) return entropy >= 3.0;
  if (/^[0-9a-f]+$/i.test(value)) return value.length >= 32 && entropy >= 3.0;
  return entropy >= 3.5;
}

const KEY_CHAR = /[\w.-]/;

/** Generic `password`/`secret`/`token`/`api_key` assignments in `[start, end)`. */
export function findAssignments(ctx: RuleContext, start: number, end: number): Candidate[] {
  const { text } = ctx;
  const region = text.slice(start, end);
  const out: Candidate[] = [];
  ASSIGNMENT.lastIndex = 0;
  for (let m = ASSIGNMENT.exec(region); m; m = ASSIGNMENT.exec(region)) {
    let keyStart = m.index;
    while (keyStart > 0 && KEY_CHAR.test(region[keyStart - 1]!)) keyStart--;
    const keyEnd = m.index + /^[\w.-]*/.exec(m[0])![0].length;
    const key = region.slice(keyStart, keyEnd);
    const kind = isSecretKey(key);
    if (!kind.secret) continue;
    const valueAt = m.index + m[0].length;
    const quote = region[valueAt];
    let value: string;
    let valueStart = valueAt;
    if (quote === '"' || quote === "'" || quote === "`") {
      const close = region.indexOf(quote, valueAt + 1);
      const newline = region.indexOf("\n", valueAt + 1);
      if (close < 0 || (newline >= 0 && newline < close)) continue;
      valueStart = valueAt + 1;
      value = region.slice(valueStart, close);
    } else {
      // Stops at a backslash too: in code strings that starts an escape (`KEY=v\nNEXT=…`).
      value = /^[^\s"'`,;)}\]\\]*/.exec(region.slice(valueAt, valueAt + 501))![0];
      if (ctx.codeFile) {
        // In code an unquoted right-hand side is an expression; only a connection string inside
        // a literal (`"Server=…;Password=…;"`) is a value there.
        const before = region[keyStart - 1];
        const op = m[0].trimEnd().slice(-1);
        if (!(before === ";" || ((before === '"' || before === "'") && op === "="))) continue;
      }
    }
    if (!isSecretValue(value, kind.password)) continue;
    const at = start + valueStart;
    out.push({ start: at, end: at + value.length, secret: value, confidence: "medium" });
  }
  return out;
}

const URL_CREDENTIALS =
  /:\/\/([^\s:@/?#'"`<>{}$]{0,100}):([^\s@/?#'"`<>{}]{1,200})@([^\s/:?#'"`<>]{1,253})/g;
const SCHEME_CHAR = /[A-Za-z0-9+.-]/;
const WEAK_DEFAULTS = new Set(
  wordList(
    "pass password passwd secret postgres mysql root admin guest test user username changeme " +
      "example pwd redis rabbitmq mongo default",
  ),
);

/** URLs and connection strings with an embedded password: `postgres://user:pass@host/db`. */
export function findUrlPasswords(ctx: RuleContext, start: number, end: number): Candidate[] {
  const region = ctx.text.slice(start, end);
  const out: Candidate[] = [];
  URL_CREDENTIALS.lastIndex = 0;
  for (let m = URL_CREDENTIALS.exec(region); m; m = URL_CREDENTIALS.exec(region)) {
    let s = m.index;
    while (s > 0 && SCHEME_CHAR.test(region[s - 1]!)) s--;
    if (s === m.index) continue;
    const password = m[2] ?? "";
    const host = (m[3] ?? "").toLowerCase();
    if (password.length < 4 || WEAK_DEFAULTS.has(password.toLowerCase())) continue;
    if (password.startsWith("%") || password.startsWith("$") || isPlaceholder(password)) continue;
    if (/^(?:key|pass|pw|pwd|password|secret|token)[_-]?\d+$/i.test(password)) continue;
    if (/(?:^|\.)example\.(?:com|org|net)$|\.(?:example|test|invalid)$/.test(host)) continue;
    const at = start + m.index + 3 + (m[1] ?? "").length + 1;
    out.push({ start: at, end: at + password.length, secret: password });
  }
  return out;
}
