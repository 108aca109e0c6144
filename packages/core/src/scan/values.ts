// Whether a value assigned to a secret's name looks like a real secret rather than a reference,
// a placeholder, an identifier or a public value. These checks carry the precision of every
// keyword-and-entropy rule (gitleaks #1578, detect-secrets #693 are the classic failures).

import { isPlaceholder, isPublicValue } from "./allow.js";
import { charClasses, shannonEntropy } from "./entropy.js";
import type { NameKind } from "./names.js";

const NOT_A_SECRET = new Set(
  "true false yes no on off null nil none undefined empty required optional string str bool boolean int integer number object any secret password token default value disabled enabled unset blank n/a na tbd todo".split(
    " ",
  ),
);

/**
 * References to where a secret lives, never the secret: variables, templates, YAML aliases and
 * tags, paths, vault paths. A generated password may start with a symbol, so symbols alone do not
 * make a reference.
 */
const REFERENCE_PREFIX =
  /^(?:\$[A-Za-z_{(\d]|%\(|%[A-Za-z_]+%|[*&][A-Za-z][A-Za-z_-]*\d*$|!(?:Ref|Sub|GetAtt|ImportValue|Base64|vault|secret|env|include)\b|#\{|[{[(<\\]|~\/|\/(?:etc|var|home|usr|opt|tmp|run|srv|mnt|Users|data|app|secrets|vault|root|dev|proc|sys|bin|lib)\/|\/[a-z0-9._-]+\/[a-z0-9._/-]*$|\.\.?\/|[A-Za-z]:\\|ENC\[|vault:|arn:|ref\+|op:\/\/|sm:\/\/|gcp:|azure:|aws:|secretref|secretKeyRef|projects\/|https?:|file:|env:|process\.env|import\.meta\.env|os\.environ|os\.getenv|getenv|System\.getenv|Environment\.|ENV\[|ENV\.fetch|config\.|settings\.|secrets\.|self\.|this\.|props\.|params\.|req\.|request\.|ctx\.|context\.)/i;
/**
 * `db-credentials-prod`, `bearer_token_v2`, `post-RA-sched`, `Some.Class.Name`: words (and short
 * acronyms) joined, not generated.
 */
const IDENTIFIER_LIKE =
  /^(?:[a-z]+(?:[_.-](?:[a-z0-9]+|[A-Z]{1,4}))+|[A-Z][A-Z0-9]*(?:[_.-][A-Z0-9]+)+|[A-Z]?[a-z]+(?:[_.-][A-Z]?[a-z]+[0-9]*)+)$/;
const FILE_LIKE =
  /\.(?:json|ya?ml|txt|pem|key|crt|cer|p12|pfx|jks|keystore|env|js|ts|py|sh|toml|ini|conf|cfg|xml|html?|properties|gpg|asc|der|p8)$/i;
const DUMMY_WORDS = /password|passwd|secret|token|api_?key|private_?key|credential/i;
const EMAIL = /^[\w.+-]+@[\w-]+(?:\.[\w-]+)+$/;
/** An ISO 8601 date and time (`2016-09-08T21:47:36Z`): when a password was last used, not it. */
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?$/;
/** A package version (`1:4.13+dfsg1-1+deb12u1`, `2.31.0-rc1`): an epoch, dotted numbers, a tag. */
const VERSION = /^(?:\d{1,4}:)?\d{1,6}(?:\.\d{1,6})+(?:[-+~][0-9A-Za-z.+~]*)*$/;
/** A format string's or f-string's field (`{portfolio_id}`, `{token!r}`, `{0:>8}`): a template. */
const FORMAT_FIELD =
  /\{(?:[A-Za-z_][\w.]{2,}|\d{0,2})(?:\[[\w-]+\])?(?:![rsa])?(?::[^{}]{0,20})?\}/;
const HEX = /^[0-9a-f]+$/i;
const GIT_SHA = /^[0-9a-f]{40}$/i;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/**
 * An ABNF element (RFC 5234): a repetition of a rule name (`1*non-delimiter`, `*tchar`,
 * `2*4HEXDIG`) or a terminal value (`%x21-7E`, `%d13.10`). `token = 1*tchar` is a grammar.
 */
const ABNF_ELEMENT =
  /^(?:\d*\*\d*(?:[a-z]+(?:-[a-z]+)*\d*|[A-Z]+)|\d*\*?\d*%[xdb][0-9A-Fa-f]+(?:-[0-9A-Fa-f]+|(?:\.[0-9A-Fa-f]+)+)?)$/;

/**
 * Code, not a value: a member access or scoped name whose every part is an identifier made of
 * words (`key.publicKey`, `a:dict.istemp`, `self->buf`). A dotted secret (a JWT, `sk.eyJ…`) has
 * random parts: digits inside, or as many capitals as small letters.
 */
function memberExpression(value: string): boolean {
  // JMESPath and indexed paths: `Shards[-1].ShardId`, `items[*].id`.
  const parts = value.replace(/\[(?:-?\d{1,3}|\*)\]/g, "").split(/\.|::?|->/);
  return parts.length >= 2 && parts.every(identifierOfWords);
}

/** Acronyms (`RSA`), words (`Public`, `key`) and at most two digits: `RSAPublicKey`, `istemp`. */
const WORD_TOKENS =
  /[A-Z]{2,5}(?=[A-Z][a-z]|[_$\d]|$)|[A-Z]?[a-z]{2,}|(?:Id|Db|Io|Ui|Os|Js)(?=[A-Z_$\d]|$)|[_$]+|\d{1,2}/gy;

/** An identifier made of words, as people name things (a generated string is not). */
function identifierOfWords(part: string): boolean {
  if (part.length === 1) return /^[A-Za-z_$]$/.test(part);
  if (!/^[A-Za-z_$][\w$]*$/.test(part) || part.replace(/\D/g, "").length > 2) return false;
  WORD_TOKENS.lastIndex = 0;
  let at = 0;
  while (at < part.length) {
    WORD_TOKENS.lastIndex = at;
    if (!WORD_TOKENS.test(part)) return false;
    at = WORD_TOKENS.lastIndex;
  }
  return true;
}

/**
 * A path of three or more parts mixing `-` or `_` with `/` (`ABCDEF/20121226/us-east-1/sqs/…`):
 * base64 has `/` but neither of the others, base64url the others but no `/`.
 */
function pathLike(value: string): boolean {
  return /[-_]/.test(value) && /^[\w.-]+(?:\/[\w.-]+){2,}\/?$/.test(value);
}

/**
 * A name with a leading underscore (`_RSAPublicKey`, `__secret_key`): a private field or type in
 * code, not a value; or a key waiting for its value (`scmVersion=`).
 */
const PRIVATE_NAME = /^_+[A-Za-z][A-Za-z_]*$/;
const KEY_AWAITING_VALUE = /^[A-Za-z][A-Za-z_.-]*=$/;

/**
 * The value spells the name it is assigned to (`SN_id_it_revPassphrase = "id-it-revPassphrase"`):
 * a label or constant, not a secret.
 */
function echoesName(value: string, name: string | undefined): boolean {
  if (name === undefined) return false;
  const v = value.toLowerCase().replace(/[^a-z0-9]/g, "");
  return (
    v.length >= 6 &&
    name
      .toLowerCase()
      .replace(/[^a-z0-9]/g, "")
      .includes(v)
  );
}

/**
 * A base64 value whose text is a placeholder (`bm90IG15IHJlYWwgcGFzc3dvcmQ=`, "not my real
 * password"): documentation, encoded.
 */
function encodedPlaceholder(value: string): boolean {
  if (value.length < 8 || value.length % 4 !== 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(value))
    return false;
  let text: string;
  try {
    text = atob(value);
  } catch {
    return false;
  }
  if (!/^[\x20-\x7e]+$/.test(text)) return false;
  return (
    DUMMY_WORDS.test(text) || isPlaceholder(text) || /\b(?:not|fake|dummy|example)\b/i.test(text)
  );
}

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

/** Letters only, with leetspeak digits read as the letters they stand for. */
function unleet(value: string): string {
  return value
    .toLowerCase()
    .replace(/4|@/g, "a")
    .replace(/3/g, "e")
    .replace(/[1!|]/g, "i")
    .replace(/0/g, "o")
    .replace(/[5$]/g, "s")
    .replace(/7/g, "t")
    .replace(/[^a-z]/g, "");
}

/**
 * The entropy a value of this length must reach: random strings approach log2(length). A short
 * password that mixes three kinds of character may repeat a few of them: a random 10-character
 * draw repeats two or more about one time in eight (two pairs: 2.92 bits, under the 3.0 a
 * string of ten distinct characters reaches), and one in four 8-character draws repeats one.
 */
function entropyFloor(length: number, password: boolean, classes: number): number {
  if (password) {
    const floor = Math.min(3, Math.log2(length) - 0.2);
    return classes >= 3 && length < 16 ? floor - 0.35 : floor;
  }
  return Math.min(3.3, Math.log2(length) - 1);
}

/**
 * Whether `value`, assigned to a name of the given kind, looks like a real secret.
 * @param kind - from {@link classifyName}; a password name admits shorter, human-made values
 * @param name - the name it is assigned to, when there is one
 */
export function isSecretValue(
  value: string,
  kind: Pick<NameKind, "password">,
  name?: string,
): boolean {
  const password = kind.password;
  const c = charClasses(value);
  // Short values count when they mix three kinds of characters, as generated ones do.
  const classes =
    (c.lower > 0 ? 1 : 0) + (c.upper > 0 ? 1 : 0) + (c.digit > 0 ? 1 : 0) + (c.other > 0 ? 1 : 0);
  if (value.length < (password ? 8 : classes >= 3 ? 10 : 12) || value.length > 500) return false;
  if (/\s/.test(value) || NOT_A_SECRET.has(value.toLowerCase())) return false;
  if (REFERENCE_PREFIX.test(value) || IDENTIFIER_LIKE.test(value) || FILE_LIKE.test(value))
    return false;
  if (EMAIL.test(value) || DUMMY_WORDS.test(value) || isPlaceholder(value)) return false;
  // `p4ss-word`, `s3cr3t`: the dummy word in leetspeak; `Pass@Word1`: spelled around symbols.
  if (DUMMY_WORDS.test(unleet(value))) return false;
  if (value.length <= 16 && DUMMY_WORDS.test(value.replace(/[^A-Za-z]/g, ""))) return false;
  if (isPublicValue(value) || GIT_SHA.test(value) || UUID.test(value)) return false;
  if (ABNF_ELEMENT.test(value)) return false;
  if (/^[0-9.:-]+$/.test(value) || value.includes("(") || wordsOnly(value)) return false;
  if (TIMESTAMP.test(value) || FORMAT_FIELD.test(value) || VERSION.test(value)) return false;
  // Code escaped for HTML (`OwnedStore&lt;Marked&lt;S&gt;&gt;`): a type, shown in documentation.
  if (/&(?:lt|gt)(?:;|$)/.test(value)) return false;
  if (memberExpression(value) || pathLike(value) || PRIVATE_NAME.test(value)) return false;
  if (KEY_AWAITING_VALUE.test(value) || echoesName(value, name) || encodedPlaceholder(value))
    return false;
  // JSON Web Tokens are the JWT rule's business (it knows documentation's signing keys).
  if (/^eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+$/.test(value)) return false;
  // URLs are the URL rule's business; `ENC\[`, `[^` and `\d` are regex source, not values.
  if (/:\/\/|ENC\\?\[|\[\^|\\[dwsb]|\$\{|\{\{|#\{/.test(value)) return false;
  if (c.lower + c.upper === 0 || c.digit + c.other === 0) return false;
  // Lower-case words joined by `_`, `-`, `.`, `/` or `|` (`mercury_production_`,
  // `encryption/decryption`, `true|false`): a name or a list of choices, not a key.
  if (c.digit === 0 && (c.upper === 0 || c.lower === 0) && /^[A-Za-z_./|-]+$/.test(value))
    return false;
  const entropy = shannonEntropy(value);
  if (HEX.test(value) && !password) return value.length >= 32 && entropy >= 3.0;
  return entropy >= entropyFloor(value.length, password, classes);
}
