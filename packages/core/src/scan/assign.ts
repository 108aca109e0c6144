// Name → value pairs on a line, in every form a secret gets written down: `=`, `:`, `:=`, `::=`,
// `?=`, `.=`, `+=`, `||=`, `=>`, `<-` and prose `is`; typed declarations (`var k string =`,
// `let k: string =`, `const K: &str =`); XML elements and `key=/value=` attributes; YAML block
// and folded scalars; `--flag value`; `Authorization:` headers. Setter, constructor and login
// calls (`setPassword("…")`, `new NetworkCredential("u", "…")`) are read in calls.ts, tools' own
// syntax (Dockerfile `ENV K V`, `setx`, plists) in dialect.ts, table columns in table.ts. Rules
// decide which names and values matter; this only finds pairs (literal.ts reads the value each
// name is given).

import { type Assignment, lineEnd, NAME, valueAt } from "./literal.js";
import type { RuleContext } from "./rule.js";
import { callPairs, loginPairs, stringPairs } from "./calls.js";
import { dialectPairs, spacedConfig } from "./dialect.js";
import { columnPairs, insertPairs, isTableFile, updatePairs } from "./table.js";

export type { Assignment };

/** Where the next pair of a URL query starts. */
export const QUERY_NEXT = /&(?:amp;)?[A-Za-z_][\w.-]{0,40}=/;

/**
 * The second pair of a form body (`client_secret=…&grant_type=client_credentials`): a lower-case
 * word of four letters or more, which a generated password's `&` is not followed by.
 */
const FORM_NEXT = /&[a-z][a-z_.-]{3,40}=/;

/** Lines longer than this are minified code or data: no pairs are looked for there. */
const MAX_LINE = 2000;

/** A type annotation between a name and `=`: `: string`, `: Option<&str>`, ` string` (Go). */
const TYPED = String.raw`(?:[ \t]*:[ \t]*[A-Za-z_&*(\[][\w.<>\[\]|&*'?, ]{0,40}?(?=[ \t]+=[^=>~])|[ \t]+(?:string|String|str|&str|&'static str|char ?\*|\[\]byte|bytes|SecureString|CharSequence)(?=[ \t]*:?=))?`;
// `=~` is Perl's and Ruby's match operator only before a pattern (`=~ /x/`), not in `Pwd=~x`.
const OP = String.raw`(::=|:=|\?=|\.=|\+=|\|\|=|\?\?=|=>|<-|=(?![=>]|~[\s/])|:(?![:/\\])|[ \t]+(?:is|was|are)[ \t])`;
const PAIR = new RegExp(
  String.raw`(?<![\p{L}\p{N}_.\-])(?:\$env:|\$|@|%|\$\{)?(${NAME})(["'\]*\x60\\]{0,4})${TYPED}[ \t]*${OP}[ \t]*`,
  "gu",
);
const XML_ELEMENT =
  /<([A-Za-z_][\w.:-]{0,80})(?:[ \t][^>\n]*)?>(?:<!\[CDATA\[)?([^<\n]{1,500}?)(?:\]\]>)?<\/\1>/g;
/**
 * `key="X" value="…"`, `{"name": "X", "value": "…"}`, `ParameterKey=X,ParameterValue=…`, and
 * HTML's `<meta name="X" content="…">`.
 */
const KEY_VALUE =
  /\b(?:key|name|id|property|ParameterKey)["']?[ \t]*[:=][ \t]*(["']?)([\p{L}\p{N}_.\- ]{1,80})\1[ \t]*[,;]?[^\n]*?\b(?:value|ParameterValue|content)["']?[ \t]*[:=][ \t]*/giu;
/**
 * `- name: DB_PASSWORD` (a Kubernetes or Actions env entry) or `"name": "DB_PASSWORD",` (an ECS
 * task definition's, one key a line) whose value is on the next line.
 */
const NAME_LINE =
  /^[ \t]*-?[ \t]*["']?name["']?[ \t]*:[ \t]*["']?([\p{L}\p{N}_.-]{2,80})["']?[ \t]*,?[ \t]*$/u;
const VALUE_LINE = /^[ \t]*["']?value["']?[ \t]*:[ \t]*/;
/** Terraform `variable "db_password" {` whose `default = "…"` follows. */
const TF_VARIABLE = /^[ \t]*variable[ \t]+"([\w.-]{2,80})"[ \t]*\{[ \t]*(?:default[ \t]*=[ \t]*)?/;
// Gates: a cheap test for what a pair regex cannot match without, run on the line first. Each is
// implied by its regex (a match contains the gate's text), so a line that fails it has no pair of
// that kind. Measured on the 17,500 keyword lines of the 15 MB scan bench (warm): CALL 25 → 3.5 ms
// (95 % of lines have no `("`), PAIR skips the 36 % of lines with no operator, LOGIN_CALL and
// PROSE_PAIR likewise. The Unicode lookbehind regexes cost ~40 ns a character; the gates ~2.
// The call forms (calls.ts) need a quote or a `(`: `includes` first.
const PAIR_GATE = /[=:]|<-|[ \t](?:is|was|are)[ \t]/;
const PROSE_GATE = /[:=]|[ \t](?:is|was)[ \t]/;
/**
 * `.netrc` and prose: `password S3cret`, `login bob password S3cret`; the whole word only (in
 * `--next-page-token X` the name is the flag's).
 */
const SPACED =
  /(?<![\w.-])(password|passwd|passphrase|pwd|token|secret|requirepass|masterauth)[ \t]+(?!(?:is|was|for|to|of|and|with|the|a|an|in|on|reset|policy|field|hash|manager)(?=\s|$))(?=\S)/gi;
const FLAG = /(?:^|[\s"'(=])--?([A-Za-z][\w-]{1,60})(?:[ \t]+|=)(?=[^\s-])/g;
/** Names of several words, in comments and prose: `# aws secret access key: …`, `The API key is …`. */
const PROSE_PAIR =
  /(?<![\p{L}\p{N}_])((?:\p{L}[\p{L}\p{N}_.-]*[ \t]+){1,4}\p{L}[\p{L}\p{N}_.-]*)[ \t]*(?::(?![:/\\])|=(?![=>~])|[ \t](?:is|was)[ \t])[ \t]*/gu;
/** C and C++ `#define NAME "value"`. */
const C_DEFINE = /^[ \t]*#[ \t]*define[ \t]+([\p{L}_][\p{L}\p{N}_]*)[ \t]+(?=["'])/u;
/** Markdown labels: `**Secret Key:** value`, `| API token | value |`. */
const MD_LABEL =
  /(?:\*\*|__)([^*_\n]{2,60}?):?(?:\*\*|__):?[ \t]*|^[ \t]*\|[ \t]*([^|\n]{2,60}?)[ \t]*\|[ \t]*/g;
/** Add `a` unless it is empty or the same pair was found already (by another form). */
function addPair(out: Assignment[], a: Assignment | undefined): void {
  if (a === undefined || a.value === "") return;
  for (let i = 0; i < out.length; i++) {
    const o = out[i]!;
    if (o.start === a.start && o.name === a.name) return;
  }
  out.push(a);
}

/**
 * In program source a bare right-hand side is an expression, not a literal; in a connection
 * string inside a literal (`"Server=…;Password=…;"`) it is a value.
 */
function bareOk(ctx: RuleContext, comment: boolean, nameStart: number, eq: boolean): boolean {
  // A comment in source is prose: `# api_key: abc123` holds the value itself.
  if (!ctx.codeFile || comment) return true;
  const before = ctx.text.charCodeAt(nameStart - 1);
  // `;`, `&`, `?`; or a quote right before the name, for `=` only
  return (
    before === 59 || before === 38 || before === 63 || ((before === 34 || before === 39) && eq)
  );
}

// Each form below is tried only on lines holding what its regex cannot match without (a `(`, a
// quote, `=` or `:`, `ENV`, `define`…), tested with `includes`, which is native and allocates
// nothing: on the 11,000 keyword lines of the 15 MB scan bench the forms' regexes, run on every
// line, were most of the generic rule's time.

/** Every pair on the line `[lineStart, lineEnd)`. */
function lineAssignments(ctx: RuleContext, ls: number, le: number): Assignment[] {
  const { text } = ctx;
  const line = text.slice(ls, le);
  const out: Assignment[] = [];
  const comment = isComment(line);
  const op = line.includes("=") || line.includes(":");
  const quote = line.includes('"') || line.includes("'");
  const paren = line.includes("(");
  if (op || PAIR_GATE.test(line)) pairs(ctx, line, ls, le, comment, out);
  const add = (a: Assignment | undefined): void => addPair(out, a);
  if (paren && (quote || line.includes("`"))) callPairs(text, line, ls, le, add);
  if (quote) stringPairs(text, line, ls, le, paren, add);
  if (line.includes("<")) xmlPairs(line, ls, out);
  if (op && /(?:value|content)["']?[ \t]*[:=]/i.test(line)) {
    KEY_VALUE.lastIndex = 0;
    for (let m = KEY_VALUE.exec(line); m; m = KEY_VALUE.exec(line)) {
      addPair(out, valueAt(text, m[2]!.trim(), ls + m.index + m[0].length, le, ls, !ctx.codeFile));
    }
  }
  const nameLine =
    (op && line.includes("name") ? NAME_LINE.exec(line) : null) ??
    (line.includes("variable") ? TF_VARIABLE.exec(line) : null);
  if (nameLine) addPair(out, nextLineValue(ctx, nameLine[1]!, le));
  if (paren) loginPairs(line, ls, add);
  // Values named by a column (table.ts): a CSV header's, an INSERT's, a settings row's.
  const named: Assignment[] = [];
  if (ls === 0 && isTableFile(ctx.path)) columnPairs(text, ctx.path, le, named);
  if (paren && /values/i.test(line)) insertPairs(text, line, ls, named);
  if (quote && /where/i.test(line)) updatePairs(line, ls, named);
  for (const a of named) addPair(out, a);
  if (ctx.proseFile || comment || spacedConfig(ctx.path)) {
    SPACED.lastIndex = 0;
    for (let m = SPACED.exec(line); m; m = SPACED.exec(line)) {
      addPair(out, valueAt(text, m[1]!, ls + m.index + m[0].length, le, ls, true));
    }
  }
  if (line.includes("-")) {
    FLAG.lastIndex = 0;
    for (let m = FLAG.exec(line); m; m = FLAG.exec(line)) {
      addPair(out, valueAt(text, m[1]!, ls + m.index + m[0].length, le, ls, true));
    }
  }
  dialectPairs(ctx, line, ls, le, add);
  if ((comment || ctx.proseFile) && (op || PROSE_GATE.test(line))) {
    PROSE_PAIR.lastIndex = 0;
    for (let m = PROSE_PAIR.exec(line); m; m = PROSE_PAIR.exec(line)) {
      addPair(out, valueAt(text, m[1]!, ls + m.index + m[0].length, le, ls, true));
    }
  }
  const define = line.includes("define") ? C_DEFINE.exec(line) : null;
  if (define) addPair(out, valueAt(text, define[1]!, ls + define[0].length, le, ls, false));
  if (ctx.proseFile && (line.includes("**") || line.includes("__") || line.includes("|"))) {
    MD_LABEL.lastIndex = 0;
    for (let m = MD_LABEL.exec(line); m; m = MD_LABEL.exec(line)) {
      addPair(out, valueAt(text, (m[1] ?? m[2])!, ls + m.index + m[0].length, le, ls, true));
    }
  }
  return out;
}

/** `name = value` in every operator's form (see {@link PAIR}). */
function pairs(
  ctx: RuleContext,
  line: string,
  ls: number,
  le: number,
  comment: boolean,
  out: Assignment[],
): void {
  const { text } = ctx;
  PAIR.lastIndex = 0;
  for (let m = PAIR.exec(line); m; m = PAIR.exec(line)) {
    // The operator by its characters: comparing it as a string (`op === "=>"`) deoptimised V8's
    // code the first time a two-character operator followed one-character ones (--trace-deopt).
    const op = m[3]!;
    const c0 = op.charCodeAt(0);
    const eq = op.length === 1 && c0 === 61;
    const at = ls + m.index + m[0].length;
    const nameStart = ls + m.index + m[0].indexOf(m[1]!);
    // Prose `is` (the only operator written with blanks around it): only in prose files and
    // comments, and only a quoted or code-spanned value.
    if ((c0 === 32 || c0 === 9) && !ctx.proseFile && !comment) continue;
    const a = valueAt(text, m[1]!, at, le, ls, true);
    const arrow = op.length === 2 && c0 === 61 && op.charCodeAt(1) === 62;
    // `d['token'] = expr`: a subscript, whose right side in code is an expression like any other.
    const subscript = ctx.codeFile && !comment && m[2]!.includes("]");
    if (a && !a.quoted && (subscript || !(bareOk(ctx, comment, nameStart, eq) && !arrow)))
      a.expression = true;
    if (a && !a.quoted && eq && (afterQuery(text, nameStart) || FORM_NEXT.test(a.value))) {
      // The next pair (`&k=`, XML's `&amp;k=`) ends a query value. Not any `&`: people paste
      // passwords with `&` or `#` unencoded, and the driver sees what they typed.
      const cut = a.value.search(QUERY_NEXT);
      if (cut >= 0) {
        a.value = a.value.slice(0, cut);
        a.end = a.start + cut;
      }
      a.query = true;
    }
    addPair(out, a);
  }
}

/** The name at `nameStart` follows `?`, `&` or `&amp;`: it is a URL query's. */
function afterQuery(text: string, nameStart: number): boolean {
  // By char codes, as `/[?&]$|&amp;$/.test(text.slice(nameStart - 5, nameStart))` answers (a
  // slice and a regex for each bare `=` pair on the keyword lines). A negative start
  // counts from the end: before offset 5 that slice is empty unless the text is shorter than 5.
  const c = text.charCodeAt(nameStart - 1);
  if (c !== 63 && c !== 38) return nameStart >= 5 && text.startsWith("&amp;", nameStart - 5);
  return nameStart >= 5 || text.length < 5;
}

/** XML elements (`<password>…</password>`, `<entry key="password">…</entry>`). */
function xmlPairs(line: string, ls: number, out: Assignment[]): void {
  XML_ELEMENT.lastIndex = 0;
  for (let m = XML_ELEMENT.exec(line); m; m = XML_ELEMENT.exec(line)) {
    const open = m[0].slice(0, m[0].indexOf(">"));
    const at = ls + m.index + open.length + 1 + (m[0].includes("<![CDATA[") ? 9 : 0);
    const raw = m[2]!;
    const lead = raw.length - raw.trimStart().length;
    const value = raw.trim();
    // `<entry key="password">…</entry>`, `<param name="token">…</param>`: the attribute names it.
    const named = /\b(?:key|name)[ \t]*=[ \t]*["']([^"']{1,80})["']/.exec(open);
    const name = named ? named[1]! : m[1]!;
    addPair(out, { name, value, start: at + lead, end: at + lead + value.length, quoted: true });
  }
}

/** The value a `name:` line (or a Terraform variable header) gives on one of the next lines. */
function nextLineValue(ctx: RuleContext, name: string, eol: number): Assignment | undefined {
  const { text } = ctx;
  let ls = eol + 1;
  for (let n = 0; n < 4 && ls < text.length; n++) {
    const le = lineEnd(text, ls);
    const line = text.slice(ls, le);
    const v = VALUE_LINE.exec(line) ?? /^[ \t]*default[ \t]*=[ \t]*/.exec(line);
    if (v) return valueAt(text, name, ls + v[0].length, le, ls, !ctx.codeFile);
    if (/^[ \t]*(?:-|\}|name:)/.test(line)) return undefined;
    ls = le + 1;
  }
  return undefined;
}

const COMMENT = /^\s*(?:#|\/\/|\/\*|\*|<!--|--|;|%|rem\b|')/i;
function isComment(line: string): boolean {
  return COMMENT.test(line);
}

const NONE: Assignment[] = [];

/**
 * The pairs on every line of `[start, end)` (whole lines), computed once per scan and line. The
 * list may be shared with later calls: read it, do not change it.
 */
export function assignments(ctx: RuleContext, start: number, end: number): readonly Assignment[] {
  let memo = ctx.memo.get("assign") as Map<number, Assignment[]> | undefined;
  if (memo === undefined) {
    memo = new Map();
    ctx.memo.set("assign", memo);
  }
  let out: Assignment[] | undefined;
  let only: Assignment[] = [];
  for (let ls = start; ls < end;) {
    const le = Math.min(lineEnd(ctx.text, ls), ctx.text.length);
    let found = memo.get(ls);
    if (found === undefined) {
      found = le - ls > MAX_LINE ? NONE : lineAssignments(ctx, ls, le);
      memo.set(ls, found);
    }
    // Most ranges are one line: hand its (read-only) list out instead of copying it.
    if (ls === start) only = found;
    else {
      out ??= only.slice();
      for (let i = 0; i < found.length; i++) out.push(found[i]!);
    }
    ls = le + 1;
  }
  return out ?? only;
}
