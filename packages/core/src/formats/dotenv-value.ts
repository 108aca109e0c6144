/**
 * One dotenv value as the `dotenv` npm package reads it (v16, the reader sops-age uses), made
 * strict: where readers disagree about a spelling (a `#` glued to an unquoted value, a backslash
 * before a closing quote), it is refused instead of guessed.
 *
 * - unquoted: the rest of the line up to a `#` that follows a space or tab, trimmed; no escapes
 *   (`a\nb` stays backslash-n)
 * - `'…'` and `` `…` ``: literal, may span lines
 * - `"…"`: may span lines; `\n` becomes LF and `\r` becomes CR, nothing else is an escape
 * - after a closing quote: spaces or tabs, then optionally a `#` comment
 *
 * Text here is already LF-normalised (the store keeps the file's own line ending).
 */
import { HushError } from "../errors.js";

/** How a value is written: its quote (or none) and, for `"`, whether newlines are `\n` escapes. */
export interface ValueForm {
  quote: "" | "'" | '"' | "`";
  escapedNewlines: boolean;
}

/** A value read from a line, with what surrounds it so the line can be written back as it was. */
export interface ReadValue {
  value: string;
  form: ValueForm;
  /** Whitespace between the assignment and an unquoted value (trimmed by readers). */
  lead: string;
  /** Whitespace after the value (before a comment or the end of the line). */
  trailing: string;
  /** An inline comment: its text after `#`. */
  comment: string | undefined;
  /** Index just after the line's LF (or the end of the text). */
  next: number;
  /** Line breaks inside the value (a multi-line quoted value). */
  breaks: number;
}

const QUOTES = new Set(["'", '"', "`"]);

function fail(line: number, what: string, hint: string): HushError {
  return new HushError("ERR_FORMAT", `dotenv line ${line}: ${what}`, { hint });
}

/** The comment part after a value: spaces/tabs, then end of line or `#…`. */
function tail(rest: string, line: number): { trailing: string; comment: string | undefined } {
  const m = /^([ \t]*)(?:#(.*))?$/.exec(rest);
  if (m === null) {
    throw fail(
      line,
      "text after the closing quote",
      "put a # before a comment, or quote the whole value",
    );
  }
  return { trailing: m[1]!, comment: m[2] };
}

/**
 * Read the value that starts at `pos` of `src` (just after `KEY=` and the blanks after it).
 * @param line - 1-based line number, for errors (which never hold the value)
 * @throws HushError ERR_FORMAT
 */
export function readValue(src: string, pos: number, line: number): ReadValue {
  const q = src[pos];
  if (q !== undefined && QUOTES.has(q)) {
    const close = src.indexOf(q, pos + 1);
    if (close < 0) throw fail(line, "unterminated quoted value", `close the value with ${q}`);
    const content = src.slice(pos + 1, close);
    if (content.endsWith("\\")) {
      throw fail(
        line,
        "a backslash before the closing quote",
        "readers disagree on whether it escapes the quote: use the other quote character",
      );
    }
    let eol = src.indexOf("\n", close + 1);
    if (eol < 0) eol = src.length;
    const { trailing, comment } = tail(src.slice(close + 1, eol), line + count(content));
    const value = q === '"' ? content.replace(/\\n/g, "\n").replace(/\\r/g, "\r") : content;
    return {
      value,
      // A double-quoted value on one line writes its newlines as \n; one spread over lines keeps
      // them raw. The encrypted file (`"ENC[…]"`) cannot tell, so it decrypts to the one-line form.
      form: {
        quote: q as ValueForm["quote"],
        escapedNewlines: q === '"' && !content.includes("\n"),
      },
      lead: "",
      trailing,
      comment,
      next: eol + 1,
      breaks: count(content),
    };
  }
  let eol = src.indexOf("\n", pos);
  if (eol < 0) eol = src.length;
  const raw = src.slice(pos, eol);
  let body = raw;
  let comment: string | undefined;
  const hash = raw.indexOf("#");
  if (hash >= 0) {
    const before = hash === 0 ? src[pos - 1] : raw[hash - 1];
    if (before !== " " && before !== "\t") {
      throw fail(
        line,
        "a # inside an unquoted value",
        "quote the value ('a#b'), or put a space before # to start a comment",
      );
    }
    body = raw.slice(0, hash);
    comment = raw.slice(hash + 1);
  }
  const value = body.trim();
  if (value !== "" && QUOTES.has(value[0]!)) {
    throw fail(line, "a value that starts with a quote it does not close", "quote the whole value");
  }
  if (/[\u2028\u2029]/.test(value)) {
    // The dotenv package's multi-line regexes treat these as line ends.
    throw fail(line, "a line or paragraph separator in an unquoted value", "quote the value");
  }
  const lead = body.slice(0, body.length - body.trimStart().length);
  return {
    value,
    form: { quote: "", escapedNewlines: false },
    lead,
    trailing: body.slice(lead.length + value.length),
    comment,
    next: eol + 1,
    breaks: 0,
  };
}

function count(s: string): number {
  let n = 0;
  for (let i = s.indexOf("\n"); i >= 0; i = s.indexOf("\n", i + 1)) n++;
  return n;
}

/** `value` spelt with `form`, without checking that it reads back. */
function spell(value: string, form: ValueForm): string {
  if (form.quote === "") return value;
  if (form.quote !== '"') return `${form.quote}${value}${form.quote}`;
  const body = value.replace(/\r/g, "\\r");
  return `"${form.escapedNewlines ? body.replace(/\n/g, "\\n") : body}"`;
}

/** `value` spelt with `form` if it reads back exactly (a trailing `# c` and blanks included), else undefined. */
export function writeIn(value: string, form: ValueForm): string | undefined {
  const text = spell(value, form);
  // A CR is a line break to every reader: only the \r escape of a double-quoted value holds one.
  if (text.includes("\r")) return undefined;
  try {
    const back = readValue(`${text} #\n`, 0, 1);
    return back.value === value && back.comment === "" && back.next === text.length + 3
      ? text
      : undefined;
  } catch {
    return undefined;
  }
}

/** The forms tried, in order, when a value does not fit its own: the plainest that holds it. */
export const FALLBACK_FORMS: readonly ValueForm[] = [
  { quote: "", escapedNewlines: false },
  { quote: "'", escapedNewlines: false },
  { quote: '"', escapedNewlines: false },
  { quote: '"', escapedNewlines: true },
  { quote: "`", escapedNewlines: false },
];

/**
 * `value` in `preferred` when it fits, else in the first fallback form that reads back exactly.
 * @throws HushError ERR_VALUE when no dotenv spelling holds it (the key is named, never the value)
 */
export function writeValue(value: string, preferred: ValueForm | undefined, key: string): string {
  if (preferred !== undefined) {
    const own = writeIn(value, preferred);
    if (own !== undefined) return own;
  }
  // A value that was quoted stays quoted when another quote can hold it.
  const order =
    preferred !== undefined && preferred.quote !== ""
      ? [...FALLBACK_FORMS.slice(1), FALLBACK_FORMS[0]!]
      : FALLBACK_FORMS;
  for (const form of order) {
    const text = writeIn(value, form);
    if (text !== undefined) return text;
  }
  throw new HushError("ERR_VALUE", `the value of ${key} cannot be written to a dotenv file`, {
    hint: "no quoting reads it back exactly (it holds ', \", ` and a backslash before n or r): use a YAML or JSON file",
  });
}
