// What is not a secret: lock files and binaries (by path or content), placeholders, documented
// example keys, SOPS `ENC[…]` values and metadata, public keys, hashes and identifiers.

import { charClasses, isSequential } from "./entropy.js";

/** Split a space-separated word list (keeps long tables short). */
const wordList = (s: string): string[] => s.split(" ");

const LOCK_FILES = new Set(
  wordList(
    "package-lock.json npm-shrinkwrap.json pnpm-lock.yaml yarn.lock bun.lock bun.lockb " +
      "deno.lock cargo.lock go.sum poetry.lock pipfile.lock uv.lock pdm.lock composer.lock " +
      "gemfile.lock podfile.lock gradle.lockfile packages.lock.json flake.lock mix.lock " +
      "pubspec.lock package.resolved cartfile.resolved .terraform.lock.hcl brewfile.lock.json",
  ),
);

const BINARY_EXT = new Set(
  wordList(
    "png jpg jpeg gif bmp ico webp avif tif tiff psd pdf zip gz tgz bz2 xz zst 7z rar jar war " +
      "class exe dll so dylib o a wasm woff woff2 ttf otf eot mp3 mp4 mov avi webm ogg wav flac " +
      "sqlite db pyc",
  ),
);

// `includes` before each `replace`: these run once per file scanned, and a path rarely holds `\`.
function slashed(path: string): string {
  return path.includes("\\") ? path.replace(/\\/g, "/") : path;
}

function baseName(path: string): string {
  const p = slashed(path);
  return p.slice(p.lastIndexOf("/") + 1);
}

/** Lower-cased extension of a path without the dot (`""` when there is none). */
export function extensionOf(path: string): string {
  const base = baseName(path);
  const dot = base.lastIndexOf(".");
  return dot > 0 ? base.slice(dot + 1).toLowerCase() : "";
}

/** Files never scanned: lock files (integrity hashes), vendored packages, binary formats. */
export function isSkippedPath(path: string): boolean {
  const norm = slashed(path);
  if (norm.startsWith("node_modules/") || norm.includes("/node_modules/")) return true;
  if (LOCK_FILES.has(baseName(norm).toLowerCase())) return true;
  return BINARY_EXT.has(extensionOf(norm));
}

/** Lock files whose diffs can be most of a JavaScript repository's history. */
const HISTORY_SKIPPED = ["package-lock.json", "pnpm-lock.yaml", "yarn.lock"];

/**
 * Git pathspecs (from the top of the repository) that leave out of a history scan's `git log` some
 * paths {@link isSkippedPath} skips anyway: `node_modules` and the JavaScript lock files, so git
 * does not diff them only for the detector to drop them. Few and literal on purpose: every
 * pathspec costs git ~10 ms of CPU per 1,000 commits of three files (measured: all 72 skipped
 * names and extensions as `glob` pathspecs made a 1,000-commit `git log -p` take 3.2 s of CPU
 * instead of 0.36, these 8 about 0.40).
 */
export function skippedPathspecs(): string[] {
  return [
    ":(top,exclude)node_modules",
    // Without `glob` magic a `*` also matches `/`: any depth.
    ":(top,exclude)*/node_modules/*",
    ...HISTORY_SKIPPED.flatMap((name) => [`:(top,exclude)${name}`, `:(top,exclude)*/${name}`]),
  ];
}

/**
 * A compiled gettext catalog (`.mo`) by its magic number (0x950412de, either byte order), as the
 * guard hands it over: high bytes that are not UTF-8 as U+FFFD. By content, not by name, so that
 * calling a text file `.mo` hides nothing.
 */
function isGettextCatalog(text: string): boolean {
  const high = (c: number): boolean => c === 0xde || c === 0x95 || c === 0xfffd;
  const a = text.charCodeAt(1);
  const b = text.charCodeAt(2);
  return (
    high(text.charCodeAt(0)) &&
    high(text.charCodeAt(3)) &&
    ((a === 0x12 && b === 0x04) || (a === 0x04 && b === 0x12))
  );
}

/** Binary content: a NUL character in the first 8 KB (as git and grep decide), or a gettext catalog. */
export function isBinaryText(text: string): boolean {
  // A slice is a cheap view; includes() then uses the fast native search.
  return (text.length > 8192 ? text.slice(0, 8192) : text).includes("\0") || isGettextCatalog(text);
}

const PLACEHOLDER =
  /change_?me|change-me|example|sample|dummy|placeholder|redacted|your[_-]|yourkey|xxxx|XXXX|\*\*\*|•••|fake|not[_-]?a[_-]?real|insert[_-]|replace[_-]?me|<[^>]*>|\$\{|\{\{|%\(|\$\(|…|\.\.\./i;
/** A printf verb standing for the value (`%s`, `%-8v`); a password may well contain `%s`. */
const PRINTF = /^%[-+ 0#]?\d*[sdvq]$/;

/**
 * Placeholders and documentation values: `changeme`, `<your-key>`, `${VAR}`, `{{ .Values.x }}`,
 * `%s`, `***`, `xxxx`, `dummy`, `redacted`, the AWS `…EXAMPLE` keys, and strings with too few
 * distinct characters (`aaaaaaaa`, `12121212`) or alphabet runs.
 */
export function isPlaceholder(value: string): boolean {
  if (PLACEHOLDER.test(value) || PRINTF.test(value)) return true;
  const c = charClasses(value);
  if (c.distinct < Math.min(6, Math.ceil(value.length / 3))) return true;
  return isSequential(value);
}

const PLACEHOLDER_ALL = new RegExp(PLACEHOLDER.source, "gi");
/** A placeholder word short enough that random characters spell it now and then. */
const SHORT_WORD = /^[A-Za-z]{1,5}$/;

/**
 * {@link isPlaceholder} for a token of a known format, whose body is random: a short placeholder
 * word (`fake`, `xxxx`, `dummy`) counts only where it is written as a word, in one case and not
 * glued to letters on either side (`sk_live_fake_…`, `…_XXXX`). A 67-character random body spells
 * one of them, in some mix of cases and inside other letters (`j7MCfakeH`, `sXXxXT`), about one
 * time in ten thousand, and the token was dropped as a placeholder.
 */
export function isTokenPlaceholder(value: string): boolean {
  if (!PLACEHOLDER.test(value)) return isPlaceholder(value);
  PLACEHOLDER_ALL.lastIndex = 0;
  for (let m = PLACEHOLDER_ALL.exec(value); m; m = PLACEHOLDER_ALL.exec(value)) {
    if (!SHORT_WORD.test(m[0]) || writtenAsWord(value, m.index, m[0])) return true;
  }
  const c = charClasses(value);
  if (c.distinct < Math.min(6, Math.ceil(value.length / 3))) return true;
  return isSequential(value) || PRINTF.test(value);
}

const isLower = (c: string | undefined): boolean => c !== undefined && c >= "a" && c <= "z";
const isUpper = (c: string | undefined): boolean => c !== undefined && c >= "A" && c <= "Z";

/** `word` at `at` is `fake`, `FAKE` or `Fake`, with no letter of its own case run around it. */
function writtenAsWord(value: string, at: number, word: string): boolean {
  const lower = word === word.toLowerCase();
  const upper = word === word.toUpperCase();
  const title = isUpper(word[0]) && word.slice(1) === word.slice(1).toLowerCase();
  if (!lower && !upper && !title) return false;
  const before = value[at - 1];
  const after = value[at + word.length];
  // `myFake`, `keyFAKE`: a capital starts a word after a small letter; `fakeKey` ends one.
  const left = !(isLower(before) || isUpper(before)) || (!lower && isLower(before));
  const right = !(isLower(after) || isUpper(after)) || (!upper && isUpper(after));
  return left && right;
}

/**
 * SHA-256 fingerprints (of the bare value) of keys published in vendor documentation, kept as
 * hashes so this file does not itself look like it leaks them: the Azure storage emulator key,
 * the jwt.io sample token, and GitHub's documentation token.
 */
export const KNOWN_EXAMPLE_HASHES: ReadonlySet<string> = new Set([
  "0011cc25eb4320717494d2703e8cba85743e71b500283c21c8b88147992f9059", // Azurite storage emulator key
  "7f75367e7881255134e1375e723d1dea8ad5f6a4fdb79d938df1f1754a830606", // jwt.io sample (HS256, John Doe)
  "3543c50b0cb9cea8e55eb1f529b79f043cb250d485fde7b66cabbb5183add7da", // GitHub docs ghp_16C7e42F…
  "bc3ae723f57c6b9e3fd80b699fcc420f6074b0b1718039669d22631d508ac0a7", // GitHub docs gho_16C7e42F…
  "731fa294d036e54f19df879bfcd4fe72d967dc6327800c5f74a48414a3f258c9", // Telegram Bot API docs 123456:ABC-DEF1234…
  // The UUIDs documentation uses (RFC 4122's, Wikipedia's): example tokens where a UUID is one.
  "986c0dc956dc822b5d8f698661b9eb1ef880786ff9043c16744d2a420e99e9bb", // 123e4567-e89b-12d3-a456-426614174000
  "203fa897acf2b02d980fd281becea77795504072b69bd0696ac83cfb908418f6", // 123e4567-e89b-12d3-a456-426655440000
  "a3a9e1ed9732cab28868127be00f1ce921acaefdd5c3b23a6e9e0072bd9c1a34", // 550e8400-e29b-41d4-a716-446655440000
  "8f400c257611ed5d30c0e6607ac61074307dfa24cf70a8e92c3e8147d67d2c70", // f47ac10b-58cc-4372-a567-0e02b2c3d479
  // RFC 6749 (OAuth 2.0): access token, refresh token, code, and client s6BhdRkqt3's secret.
  "6c96130f130ab0d6d158397e24d2bcc1c9a5e73ae081f6e983f1c7b545d24a4c",
  "00cf4c781dc37003f7c7dd7d4c9a6ef1e0f4c62d9a291aa8bc398774e3fefd32",
  "a35b81a7d7927b70ec99270dd2362b88580a28574af812f2c02f56469579186f",
  "53f5da0aaa93d64cd5772c554cbf940f0539e689dddbeb8f923eec3f72c02ea9",
  // RFC 5849 (OAuth 1.0): consumer keys and secrets, tokens and token secrets of its examples.
  "293257ab6495ebb11cf9e4aee0686ca30df8de2ab8d251f2cbbcf177bdfcae91",
  "cb87c87e4a138d9a72259d2a01bab15623c9846e568c1509b287721645a6ea53",
  "bb9b1163338b2a51495834ad5c65420443d6327381cf0f94ebf92b117f209d72",
  "649e1f5c769e718ba10d1a702a36499a731441d960b06da91c4c97786bf84595",
  "4c20e6f5cc11b93731e74cbe20739821d61c3563c9f50ecb884a27cd369f01fb",
  "5435a2f13f1e85e32fed9f30d49e097189047e73fb04510409a32f55ca0e863f",
  "8d567eb88afff34f31ab97fbb2731e582703bdeaf3c92b989cf568e0b23cef31",
  "9d03b692e941d5ace207a9f8048834439f6de98e5c6c1590c22c4f4577c88a42",
  "1fec4e9dead2fb48b893f5ff01018b8b8dde322d67813ea103213cffccb0ddab", // Python urllib docs passwd
]);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const GIT_SHA = /^[0-9a-f]{40}$/;
const SRI = /^sha(?:1|256|384|512)-[A-Za-z0-9+/]+=*$/;
const AGE_RECIPIENT = /^age1[02-9ac-hj-np-z]{58}$/;
const SSH_PUBLIC = /^(?:ssh-(?:rsa|dss|ed25519)|ecdsa-sha2-nistp\d+|sk-(?:ssh|ecdsa)-)/;

/**
 * Keys that are public by design or open only a test mode: Stripe publishable and test keys,
 * Mapbox public tokens.
 */
const PUBLIC_OR_TEST_KEY = /^(?:pk_(?:live|test)_|(?:sk|rk)_test_|pk\.eyJ)/;

/** Values that look random but are public or structural: UUIDs, git SHAs, SRI hashes, public keys. */
export function isPublicValue(value: string): boolean {
  return (
    UUID.test(value) ||
    PUBLIC_OR_TEST_KEY.test(value) ||
    GIT_SHA.test(value) ||
    SRI.test(value) ||
    AGE_RECIPIENT.test(value) ||
    SSH_PUBLIC.test(value) ||
    value.startsWith("-----BEGIN PUBLIC KEY") ||
    value.startsWith("-----BEGIN CERTIFICATE")
  );
}

/** True when `offset` (on the line starting at `lineStart`) lies inside an `ENC[…]` value. */
export function isInsideEncValue(text: string, lineStart: number, offset: number): boolean {
  const open = text.lastIndexOf("ENC[", offset);
  if (open < lineStart || open < 0) return false;
  const close = text.indexOf("]", open);
  return close < 0 || close >= offset;
}

/** Offset ranges holding sops metadata, which is never a leak (each format's own syntax). */
export { sopsMetadataRanges } from "../formats/registry.js";

const COMMENT_ONLY = /^\s*(?:#|\/\/|\/\*|<!--|--|;|\*|%|'|rem\b)/i;

/**
 * The line starts (offsets) that `hush:allow` silences: each line carrying the marker, and the
 * line after one where the marker stands alone in a comment.
 */
export function allowedLineStarts(text: string, markerOffsets: readonly number[]): Set<number> {
  const allowed = new Set<number>();
  for (const at of markerOffsets) {
    const start = text.lastIndexOf("\n", at - 1) + 1;
    let end = text.indexOf("\n", at);
    if (end < 0) end = text.length;
    allowed.add(start);
    if (COMMENT_ONLY.test(text.slice(start, at)) && end < text.length) allowed.add(end + 1);
  }
  return allowed;
}

/** How many lines above a finding a documentation example's heading may be. */
const EXAMPLE_REACH = 40;
/** A line of a `/** … *\/` block (JSDoc, TSDoc, JavaDoc, PHPDoc, KDoc) after its opening line. */
const BLOCK_DOC_LINE = /^[ \t]*\*(?!\/)/;
const BLOCK_DOC_OPEN = /^[ \t]*\/\*\*/;
/** A tag that starts a new part of a doc block (`@param`, `@returns`…). */
const DOC_TAG = /^[ \t]*(?:\/\*\*|\*)[ \t]*@[A-Za-z]/;
const EXAMPLE_TAG = /^[ \t]*(?:\/\*\*|\*)[ \t]*@example\b/;
/** Rust's and C#'s `///` doc comments: an `# Examples` heading or an `<example>`/`<code>` element. */
const LINE_DOC = /^[ \t]*\/\/\/(?!\/)/;
const LINE_DOC_EXAMPLE = /^[ \t]*\/\/\/[ \t]*(?:#+[ \t]*Examples?\b|<example>|<code>)/;
const LINE_DOC_HEADING = /^[ \t]*\/\/\/[ \t]*(?:#+[ \t]|<\/example>|<\/code>)/;

/** A line of a Python interactive example: `>>> ` or its continuation `... `. */
const DOCTEST_PROMPT = /^[ \t]*(?:>>>|\.\.\.)(?:[ \t]|$)/;

/**
 * Whether the line starting at `lineStart` is a doctest's (`>>> client = Client(secret='…')`) or
 * the output printed under one, up to the blank line that ends the example (oauthlib's docstrings
 * show made-up tokens this way).
 */
function inDoctest(text: string, lineStart: number): boolean {
  let ls = lineStart;
  for (let n = 0; n <= EXAMPLE_REACH; n++) {
    const le = text.indexOf("\n", ls);
    const line = text.slice(ls, le < 0 ? text.length : le);
    if (DOCTEST_PROMPT.test(line)) return true;
    if (line.trim() === "" || ls === 0) return false;
    ls = text.lastIndexOf("\n", ls - 2) + 1;
  }
  return false;
}

/**
 * Whether the line starting at `lineStart` lies in the example section of a doc comment: a
 * JSDoc-style `@example` (up to the next tag), or a `///` comment's `# Examples` heading or
 * `<example>` element, or a Python doctest. Library docs show keys there (`const privateKey =
 * '67d5…'`) that are test vectors; only credentials whose format names them are reported there.
 */
export function isDocExample(text: string, lineStart: number): boolean {
  let ls = lineStart;
  let le = text.indexOf("\n", ls);
  let line = text.slice(ls, le < 0 ? text.length : le);
  const block = BLOCK_DOC_LINE.test(line) || BLOCK_DOC_OPEN.test(line);
  if (!block && !LINE_DOC.test(line)) return inDoctest(text, lineStart);
  for (let n = 0; n <= EXAMPLE_REACH; n++) {
    if (block) {
      if (EXAMPLE_TAG.test(line)) return true;
      // Another tag, or the block's first line: this line is not in an example.
      if (DOC_TAG.test(line) || BLOCK_DOC_OPEN.test(line)) return false;
      if (!BLOCK_DOC_LINE.test(line)) return false;
    } else {
      if (LINE_DOC_EXAMPLE.test(line)) return true;
      if ((n > 0 && LINE_DOC_HEADING.test(line)) || !LINE_DOC.test(line)) return false;
    }
    if (ls === 0) return false;
    le = ls - 1;
    ls = text.lastIndexOf("\n", le - 1) + 1;
    line = text.slice(ls, le);
  }
  return false;
}
