// Passwords in key-value connection strings: ADO.NET (`Server=…;User Id=…;Password=…;`), ODBC
// (`Uid=…;Pwd={…};`), JDBC and URL queries (`jdbc:postgresql://h/db?user=u&password=…`). A
// password-named key in a string that is plainly a connection string is strong context, so the
// value needs less entropy than a generic assignment: human-made passwords such as `fwwO@9pOfM`
// repeat characters and fall under the generic floor (values.ts), yet they open the database.

import { isPlaceholder } from "./allow.js";
import { QUERY_NEXT } from "./assign.js";
import { charClasses } from "./entropy.js";
import type { Candidate, RuleContext } from "./rule.js";
import { isSecretValue } from "./values.js";

/** Keys that hold the password, after a separator that starts a key in each syntax. */
const PASSWORD_KEY = /(?:^|[;?&"'`\s{(,])(password|pwd|passwd|user[ _]?password)[ \t]*=[ \t]*/gi;
/**
 * Another key of the same string: a password key alone (`password=` in an `.env` file) is a
 * generic assignment, not a connection string.
 */
const CONNECTION_CONTEXT =
  /jdbc:|odbc:|:\/\/|(?:^|[;"'`\s{(,])(?:server|data[ _]?source|host(?:name)?|address|addr|uid|user[ _]?id|userid|user(?:name)?|database|initial[ _]?catalog|dbname|driver|dsn|provider|port)[ \t]*=/i;
/** Passwords that documentation and defaults use, never a deployed secret. */
const WEAK = new Set(
  (
    "pass password passwd secret postgres mysql root admin guest test user username changeme " +
    "example pwd redis rabbitmq mongo default sa letmein qwerty 123456 12345678 password1"
  ).split(" "),
);
/** References and templates (`$X`, `%X%`, `@param`, `:name`): the value is looked up elsewhere. */
const REFERENCE = /^(?:\$|%\(|%\w+%$|#\{|\{\{|<|@[A-Za-z_]+$|\[[A-Za-z_]+\]$|:[A-Za-z_]+$)/;

const XML_ENTITY = /^&(?:amp|quot|apos|lt|gt|#\d{1,5}|#x[0-9A-Fa-f]{1,4});/;

/** The value at `at`: quoted (`'…'`, `"…"`), ODBC-braced (`{…}`), or up to its separator. */
function valueAt(
  text: string,
  at: number,
  end: number,
  query: boolean,
): { start: number; end: number } {
  const open = text[at];
  const close = open === "{" ? "}" : open === '"' || open === "'" ? open : undefined;
  if (close !== undefined) {
    const e = text.indexOf(close, at + 1);
    if (e > at && e < end) return { start: at + 1, end: e };
  }
  let i = at;
  while (i < end && i - at < 300) {
    const c = text[i]!;
    // `;` ends an ADO.NET or ODBC value; a quote, blank or `<` the literal or attribute around.
    if (c === ";" || c === '"' || c === "'" || c === "`" || c === "<" || c <= " ") break;
    if (c === "&") {
      // The next pair of a query ends the value; a bare `&` is part of a pasted password.
      if (query && QUERY_NEXT.test(text.slice(i, i + 48))) break;
      // In an XML attribute `&amp;` is one character of the value, not the `;` ending it.
      const entity = XML_ENTITY.exec(text.slice(i, i + 10));
      if (entity) {
        i += entity[0].length;
        continue;
      }
    }
    i++;
  }
  return { start: at, end: i };
}

/**
 * Whether `value`, given to a password key of a connection string, is a real password: not a
 * reference, placeholder or well-known default, and either secret-looking by the generic test or
 * at least 8 characters mixing three kinds of character.
 */
export function isConnectionPassword(value: string): boolean {
  if (value.length < 6 || value.length > 300 || /\s/.test(value)) return false;
  if (WEAK.has(value.toLowerCase()) || REFERENCE.test(value) || isPlaceholder(value)) return false;
  if (/password|passwd|secret|changeme/i.test(value)) return false;
  // `password= scmVersion=`: an empty value, then the next key (a shell completion's word list).
  if (/^[A-Za-z][\w.-]*=$/.test(value)) return false;
  if (isSecretValue(value, { password: true })) return true;
  const c = charClasses(value);
  const classes =
    (c.lower > 0 ? 1 : 0) + (c.upper > 0 ? 1 : 0) + (c.digit > 0 ? 1 : 0) + (c.other > 0 ? 1 : 0);
  return value.length >= 8 && classes >= 3 && c.distinct >= Math.ceil(value.length / 2);
}

/**
 * Oracle's `user/password@host` (JDBC thin and OCI URLs, EZConnect): the password runs to the
 * last `@` that a host follows, as pasted passwords hold `@` unencoded.
 */
const ORACLE =
  /jdbc:oracle:(?:thin|oci8?):[^/\s"'`@:]{1,64}\/([^\s"'`<]{1,300})@(?:\/\/)?[A-Za-z0-9[]/gi;

function oraclePasswords(text: string, ls: number, line: string, out: Candidate[]): void {
  ORACLE.lastIndex = 0;
  for (let m = ORACLE.exec(line); m; m = ORACLE.exec(line)) {
    const value = m[1]!;
    // The user name holds no `/`: the first one after `jdbc:oracle:` ends it.
    const at = ls + m.index + m[0].indexOf("/", 12) + 1;
    if (!isConnectionPassword(value)) continue;
    out.push({ start: at, end: at + value.length, secret: value, confidence: "medium" });
  }
}

/** Password values of key-value connection strings on the lines of `[start, end)`. */
export function findConnectionPasswords(ctx: RuleContext, start: number, end: number): Candidate[] {
  const { text } = ctx;
  const out: Candidate[] = [];
  for (let ls = start; ls < end;) {
    let le = text.indexOf("\n", ls);
    if (le < 0 || le > end) le = end;
    const line = text.slice(ls, le);
    if (line.includes("jdbc:oracle:")) oraclePasswords(text, ls, line, out);
    if (CONNECTION_CONTEXT.test(line)) {
      PASSWORD_KEY.lastIndex = 0;
      for (let m = PASSWORD_KEY.exec(line); m; m = PASSWORD_KEY.exec(line)) {
        const sep = m[0][0]!;
        const at = ls + m.index + m[0].length;
        // A URL query's pairs, also as XML writes them (`?user=u&amp;password=…`).
        const query =
          sep === "?" ||
          sep === "&" ||
          (sep === ";" && line.slice(0, m.index + 1).endsWith("&amp;"));
        const v = valueAt(text, at, le, query);
        const raw = text.slice(v.start, v.end);
        let value = raw;
        if (raw.includes("%") && query) {
          try {
            value = decodeURIComponent(raw);
          } catch {
            // Not percent-encoding after all: judge it as written.
          }
        }
        if (!isConnectionPassword(value)) continue;
        out.push({ start: v.start, end: v.end, secret: raw, confidence: "medium" });
      }
    }
    ls = le + 1;
  }
  return out;
}
