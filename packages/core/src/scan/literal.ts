// The literal written after a name: a quoted string (with its `r`/`b`/`@`/`$` prefix, less an
// `Authorization` scheme such as `Bearer`), a YAML block or folded scalar, a credential tuple
// (`auth=("u", "…")`), or a bare word up to a separator. assign.ts finds the names; this reads
// what each is given.

/** A name as pairs are written with one: letters, digits, `_`, `.`, `-` (assign.ts, calls.ts). */
export const NAME = String.raw`[\p{L}_][\p{L}\p{N}_.\-]{0,80}`;

/** One name and the literal assigned to it, as offsets into the scanned text. */
export interface Assignment {
  /** The name as written, without quotes, sigils or brackets (`db.password`, `API_KEY`). */
  name: string;
  /** The value without its quotes (a block scalar's lines joined with `\n`). */
  value: string;
  start: number;
  end: number;
  /** Quoted (or a block scalar): a literal even in program source. */
  quoted: boolean;
  /**
   * A bare right-hand side in program source: an expression (`token = getToken()`) unless the
   * value's exact shape says otherwise (a provider-named rule may still take it).
   */
  expression?: boolean;
  /** A URL query's pair (`?user=u&password=…`): the value is percent-encoded. */
  query?: boolean;
}

/** Schemes written before a credential in a header value. */
const AUTH_WORDS = new Set([
  "Bearer",
  "Token",
  "token",
  "bearer",
  "Bot",
  "ApiKey",
  "Api-Key",
  "Key",
  "key",
  "SSWS",
  "GenieKey",
  "OAuth",
  "JWT",
]);
const AUTH_SCHEME = new RegExp(`^(?:${[...AUTH_WORDS].join("|")})[ \t]+`);
/**
 * An environment lookup then a fallback operator (`||`, `??`, `?:`, `or`), before the default a
 * program falls back to: `process.env.KEY || "…"`, `System.getenv("KEY") ?: "…"`. Sticky: it
 * answers at the value's first character, so values that start otherwise cost one comparison.
 */
const ENV_FALLBACK = new RegExp(
  String.raw`(?:(?:process\.env|import\.meta\.env|os\.environ|ENV|\$_ENV|\$_SERVER)(?:\.([\p{L}\p{N}_$]+)|\[[ \t]*["']([\p{L}\p{N}_.-]{1,80})["'][ \t]*\])` +
    String.raw`|(?:os\.getenv|os\.environ\.get|System\.getenv|Environment\.GetEnvironmentVariable|Deno\.env\.get|ENV\.fetch|getenv|env)\([ \t]*["']([\p{L}\p{N}_.-]{1,80})["'][ \t]*\))` +
    String.raw`[ \t]*(?:\|\||\?\?|\?:|or(?=[ \t]))[ \t]*`,
  "uy",
);
/**
 * A string built from a literal, which is the value: `String::from("…")`, `Some("…")`,
 * `SecretString::new("…")`, `new String("…")`. Sticky, as {@link ENV_FALLBACK}. (A YAML
 * anchor before a value is read in dialect.ts, in YAML files only: `&x` in a comment is a value.)
 */
const WRAPPER =
  /(?:(?:String::from|Some|Secret(?:String|Box)?::(?:new|from)|new[ \t]+String)\([ \t]*(?=["']))/y;
/** A YAML block scalar header (`|`, `>-`, `|2`), an optional comment after it. */
const BLOCK_HEADER = /^[|>][-+0-9]*[ \t]*(?:#.*)?$/;

export function lineEnd(text: string, from: number): number {
  const e = text.indexOf("\n", from);
  return e < 0 ? text.length : e;
}

// Character tests by code point: `valueAt` runs for each of the ~8,300 pairs on the keyword lines
// of the 15 MB scan bench, and one-character regex tests (`/[rbuf@$]/i.test(text[q])`) made a
// string and a regex call per character looked at.

/** `"`, `'` or a backtick. */
function isQuote(c: number): boolean {
  return c === 34 || c === 39 || c === 96;
}

/** A string prefix before a quote: `r`, `b`, `u`, `f` (either case), `@`, `$`. */
function isPrefix(c: number): boolean {
  // r R b B u U f F @ $
  return (
    c === 114 ||
    c === 82 ||
    c === 98 ||
    c === 66 ||
    c === 117 ||
    c === 85 ||
    c === 102 ||
    c === 70 ||
    c === 64 ||
    c === 36
  );
}

/** Trailing punctuation that prose and tables put after a value: `.,:!?*|`. */
function isTrailing(c: number): boolean {
  return c === 46 || c === 44 || c === 58 || c === 33 || c === 63 || c === 42 || c === 124;
}

/** A quoted literal starting at `at` (an optional prefix such as `r`, `b`, `@`, `$` first). */
function quotedAt(
  text: string,
  at: number,
  end: number,
): { start: number; end: number } | undefined {
  let q = at;
  // Source kept inside a JSON string (a notebook cell's `"key = \"…\"\n"`, an event body's
  // `{\"key\": \"…\"}`): its quotes are escaped, and the escaped quote closes it.
  if (text.charCodeAt(q) === 92 && isQuote(text.charCodeAt(q + 1))) {
    const close = text.indexOf(text.slice(q, q + 2), q + 2);
    return close > q + 2 && close < end ? { start: q + 2, end: close } : undefined;
  }
  if (isPrefix(text.charCodeAt(q)) && isQuote(text.charCodeAt(q + 1))) q++;
  const quote = text.charCodeAt(q);
  if (!isQuote(quote)) return undefined;
  for (let i = q + 1; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 92) i++;
    else if (c === quote) return { start: q + 1, end: i };
  }
  return undefined;
}

/** A bare value: up to whitespace, a quote, a separator or a closing bracket. */
function bareAt(text: string, at: number, end: number): { start: number; end: number } {
  let i = at;
  while (i < end && i - at < 500) {
    const c = text.charCodeAt(i);
    // space, tab, quotes, backtick, comma, semicolon, ), ], }, <, >, backslash
    if (
      c <= 32 ||
      c === 34 ||
      c === 39 ||
      c === 96 ||
      c === 44 ||
      c === 59 ||
      c === 41 ||
      c === 93 ||
      c === 125 ||
      c === 60 ||
      c === 62 ||
      c === 92
    )
      break;
    i++;
  }
  let e = i;
  // Prose and tables: `is hunter2.`, `| x |` — trailing punctuation is not part of the value.
  while (e > at && isTrailing(text.charCodeAt(e - 1))) e--;
  return { start: at, end: e };
}

/** The lines of a YAML block scalar (`key: |` / `key: >-`) after the line ending at `eol`. */
function blockScalar(
  text: string,
  keyIndent: number,
  eol: number,
  folded: boolean,
): Assignment | undefined {
  let start = -1;
  let end = -1;
  const parts: string[] = [];
  for (let ls = eol + 1; ls < text.length && parts.length < 200;) {
    const le = lineEnd(text, ls);
    const line = text.slice(ls, le).replace(/\r$/, "");
    const indent = line.length - line.trimStart().length;
    if (line.trim() === "") {
      ls = le + 1;
      continue;
    }
    if (indent <= keyIndent) break;
    if (start < 0) start = ls + indent;
    end = ls + line.length;
    parts.push(line.trim());
    ls = le + 1;
  }
  if (start < 0) return undefined;
  // A folded scalar wrapped over lines is one string; a literal keeps its lines (PEM bodies).
  return { name: "", value: parts.join(folded ? "" : "\n"), start, end, quoted: true };
}

/** A block scalar's value when `from` starts its header (`|`, `>-`), else `false`. */
function blockValue(
  text: string,
  name: string,
  from: number,
  end: number,
  lineStart: number,
): Assignment | undefined | false {
  if (!BLOCK_HEADER.test(text.slice(from, end).replace(/\r$/, ""))) return false;
  const indent = /^[ \t]*/.exec(text.slice(lineStart, end))![0].length;
  const block = blockScalar(text, indent, end, text.charCodeAt(from) === 62);
  return block ? { ...block, name } : undefined;
}

/**
 * A heredoc's lines (`password = <<EOT` … `EOT`, Terraform's `<<-EOF` indented), when `from`
 * starts its header; else `false`.
 */
function heredocValue(
  text: string,
  name: string,
  from: number,
  end: number,
): Assignment | undefined | false {
  const h = /^<<(-?)[ \t]*(["']?)([A-Za-z_]\w{0,20})\2[ \t]*\r?$/.exec(text.slice(from, end));
  if (!h) return false;
  const parts: string[] = [];
  let start = -1;
  let last = -1;
  for (let ls = end + 1; ls < text.length && parts.length < 200;) {
    const le = lineEnd(text, ls);
    const line = text.slice(ls, le).replace(/\r$/, "");
    if (line.trim() === h[3]) break;
    const lead = line.length - line.trimStart().length;
    if (start < 0) start = ls + lead;
    last = ls + line.length;
    parts.push(line.trim());
    ls = le + 1;
  }
  if (start < 0) return undefined;
  return { name, value: parts.join("\n"), start, end: last, quoted: true };
}

/** Read the value at `at` (quoted, block scalar, tuple, or bare) for the pair named `name`. */
export function valueAt(
  text: string,
  given: string,
  at: number,
  end: number,
  lineStart: number,
  bare: boolean,
): Assignment | undefined {
  let name = given;
  let from = at;
  // Markdown emphasis closing a label (`**Password:** value`), then blanks.
  if (text.startsWith("**", from) || text.startsWith("__", from)) from += 2;
  for (let c = text.charCodeAt(from); from < end && (c === 32 || c === 9);)
    c = text.charCodeAt(++from);
  // `process.env.KEY || "…"`, `os.getenv("KEY") or "…"`: the fallback literal is the value, and
  // the variable it stands in for names it (`const key = process.env.DB_PASSWORD || "…"`).
  ENV_FALLBACK.lastIndex = from;
  const env = ENV_FALLBACK.exec(text);
  if (env) {
    from = ENV_FALLBACK.lastIndex;
    name = env[1] ?? env[2] ?? env[3] ?? name;
  }
  WRAPPER.lastIndex = from;
  if (WRAPPER.test(text)) from = WRAPPER.lastIndex;
  const q = quotedAt(text, from, end);
  if (q) {
    const raw = text.slice(q.start, q.end);
    const scheme = AUTH_SCHEME.exec(raw);
    const s = q.start + (scheme ? scheme[0].length : 0);
    return { name, value: text.slice(s, q.end), start: s, end: q.end, quoted: true };
  }
  const first = from < end ? text.charCodeAt(from) : -1;
  // `|` or `>` first: the block-scalar test (a slice, a replace and a regex) only where it can match.
  if (first === 124 || first === 62) {
    const block = blockValue(text, name, from, end, lineStart);
    if (block !== false) return block;
  }
  if (first === 60 && text.startsWith("<<", from)) {
    const heredoc = heredocValue(text, name, from, end);
    if (heredoc !== false) return heredoc;
  }
  if (first === 40) {
    // `auth=("user", "pass")`: the second string of a pair, when the name says credentials (in
    // `'Terminal256Formatter': ('pygments…', 'Terminal256', …)` it is a tuple of labels).
    if (!/auth|cred|login|basic|user|pass/i.test(name)) return undefined;
    const m = /^\([ \t]*(["'])[^"'\n]{0,80}\1[ \t]*,[ \t]*/.exec(text.slice(from, end));
    if (m) return valueAt(text, "password", from + m[0].length, end, lineStart, false);
    return undefined;
  }
  if (!bare) return undefined;
  let b = bareAt(text, from, end);
  const word = text.slice(b.start, b.end);
  if (AUTH_WORDS.has(word) && text.charCodeAt(b.end) === 32) b = bareAt(text, b.end + 1, end);
  if (b.end <= b.start) return undefined;
  return { name, value: text.slice(b.start, b.end), start: b.start, end: b.end, quoted: false };
}
