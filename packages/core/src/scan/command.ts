// Passwords and tokens on command lines: `mysql -uroot -pS3cret`, `redis-cli -a …`, `sshpass -p
// … ssh`, `curl -u user:…`, `docker login -p …`, `htpasswd -b file user …`, `PGPASSWORD=… psql`,
// in shell scripts, Dockerfiles, CI YAML, Makefiles, Markdown and JSON/YAML strings. A client's
// own password flag is strong context, as a connection string's key is (connection.ts): a short
// human-made password counts, references, prompts and documentation values do not.

import { isPasswordPlaceholder, isBasicPassword } from "./basic.js";
import { sequenceItems, siblingArguments, type Word } from "./container.js";
import { charClasses } from "./entropy.js";
import type { Candidate, RuleContext } from "./rule.js";
import {
  CLIENTS,
  PASSWORD_VARIABLES,
  type Client,
  type Holds,
  type SecretFlag,
} from "./rules/clients.js";
import { isSecretValue } from "./values.js";

const BY_PROGRAM = new Map<string, Client>();
for (const c of CLIENTS) for (const p of c.programs) BY_PROGRAM.set(p, c);
const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\-]/g, "\\$&");
/**
 * A client's name as a whole word, after an optional path (or a Makefile recipe's `@`/`-`),
 * before an optional `.exe`.
 */
const PROGRAM = new RegExp(
  `(?:(?<=(?:^|[ \\t])[@-]{1,2})|(?<![\\w.@:$%{-]))(?:[\\w.~-]*[/\\\\])?(${[...BY_PROGRAM.keys()]
    .sort((a, b) => b.length - a.length)
    .map(escape)
    .join("|")})(?:\\.exe)?(?![\\w.:=@/\\\\-])`,
  "gim",
);
const VARIABLE = new RegExp(
  `(?<![\\w$])(${PASSWORD_VARIABLES.join("|")})["']?\\]?[ \\t]*(?:=|:(?!:)[ \\t]*|[ \\t]+(?=\\S))`,
  "g",
);
/** A word that is a flag (`-u`, `--user=app`, `-bc`), not a value that starts with `-`. */
const FLAG = /^--?[A-Za-z][\w-]*(?:=.*)?$/;
/** A Windows flag (`/add`, `/user:corp\\ops`). */
const SLASH_FLAG = /^\/[A-Za-z][\w-]*(?::.*)?$/;
/** Lines of one command: a `\` at the end continues it (scripts, Dockerfiles, CI YAML). */
const MAX_CONTINUED = 8;

/**
 * Whether `value`, given to a client's password flag, is a real password: not a reference,
 * placeholder, prompt or well-known default, and secret-looking by the generic test or at least
 * 6 characters mixing three kinds of character.
 */
export function isCommandPassword(value: string): boolean {
  if (value.length < 6 || value.length > 300 || /\s/.test(value)) return false;
  if (isPasswordPlaceholder(value) || /:\/\/|^[\d.:]+$/.test(value)) return false;
  if (isSecretValue(value, { password: true })) return true;
  const c = charClasses(value);
  const classes =
    (c.lower > 0 ? 1 : 0) + (c.upper > 0 ? 1 : 0) + (c.digit > 0 ? 1 : 0) + (c.other > 0 ? 1 : 0);
  return classes >= 3 && c.distinct >= Math.ceil(value.length / 2);
}

/** Shell unquoting, also of JSON-escaped quotes (`\"pw\"` in a JSON string). */
function unquote(raw: string): string {
  let out = "";
  const s = raw.replace(/\\"/g, '"');
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === "'" || c === '"') {
      const e = s.indexOf(c, i + 1);
      if (e < 0) continue;
      out += s.slice(i + 1, e);
      i = e;
    } else if (c === "\\" && i + 1 < s.length) out += s[++i];
    else out += c;
  }
  return out;
}

/**
 * The words of the command starting at `from`, up to its end: `;`, `|`, `&`, `)`, a backtick,
 * a quote that does not close (the string the command is written in ends), a comment, or the
 * end of a line that no `\` continues. JSON and YAML exec forms (`["mysql", "-pX"]`) are read
 * as their strings.
 */
export function words(text: string, from: number, end: number): Word[] {
  const out: Word[] = [];
  const exec = /^["'][ \t]*,/.exec(text.slice(from, from + 4));
  if (exec) {
    const item = /[ \t]*,[ \t]*(["'])((?:\\.|(?!\1)[^\\\n])*)\1/y;
    item.lastIndex = from + 1;
    for (let m = item.exec(text); m && m.index < end; m = item.exec(text)) {
      const s = m.index + m[0].length - m[2]!.length - 1;
      out.push({
        start: s,
        end: s + m[2]!.length,
        value: m[2]!.replace(/\\(.)/g, "$1"),
        quoted: false,
      });
    }
    return out;
  }
  let i = from;
  let lines = 0;
  for (;;) {
    while (i < end && (text[i] === " " || text[i] === "\t")) i++;
    if (i >= end) return out;
    const c = text[i]!;
    if (c === "\\" && (text[i + 1] === "\n" || (text[i + 1] === "\r" && text[i + 2] === "\n"))) {
      if (++lines > MAX_CONTINUED) return out;
      i = text.indexOf("\n", i) + 1;
      continue;
    }
    if (c === "\n" || c === "\r" || c === "#" || ";|&)`".includes(c)) return out;
    const start = i;
    while (i < end) {
      const d = text[i]!;
      if (d === " " || d === "\t" || d === "\n" || d === "\r" || ";|&)`".includes(d)) break;
      if (d === "\\") {
        if (text[i + 1] === "\n" || text[i + 1] === "\r") break;
        // `\"…\"`: shell quotes inside a JSON string (`"db": "mysql -p\"a&b\""`).
        const close = text[i + 1] === '"' ? text.indexOf('\\"', i + 2) : -1;
        const nl = text.indexOf("\n", i);
        i = close > 0 && close < end && (nl < 0 || close < nl) ? close + 2 : i + 2;
        continue;
      }
      if (d === "'" || d === '"') {
        const close = text.indexOf(d, i + 1);
        const nl = text.indexOf("\n", i + 1);
        if (close < 0 || close >= end || (nl >= 0 && close > nl)) {
          // The quote around the whole command closes here: the command ends.
          if (i > start) out.push(word(text, start, i));
          return out;
        }
        i = close + 1;
        continue;
      }
      i++;
    }
    out.push(word(text, start, i));
  }
}

function word(text: string, start: number, end: number): Word {
  const raw = text.slice(start, end);
  return { start, end, value: unquote(raw), quoted: /^\\?["']/.test(raw) };
}

/** A secret candidate from the word `w` (its value from `offset` of its raw text on). */
export function candidate(text: string, w: Word, secret: string): Candidate {
  const raw = text.slice(w.start, w.end);
  const at = raw.lastIndexOf(secret);
  const start = at >= 0 ? w.start + at : w.start;
  return { start, end: at >= 0 ? start + secret.length : w.end, secret, confidence: "medium" };
}

/** Whether `value` is a secret of the kind a flag or argument holds; the secret if so. */
export function judge(value: string, holds: Holds, sep = ":"): string | undefined {
  switch (holds) {
    case "password":
      return isCommandPassword(value) ? value : undefined;
    case "token":
      return isCommandPassword(value) || isSecretValue(value, { password: false })
        ? value
        : undefined;
    case "passsource":
      return value.startsWith("pass:") && isCommandPassword(value.slice(5))
        ? value.slice(5)
        : undefined;
    case "userpass": {
      const at = value.indexOf(sep);
      if (at <= 0) return undefined;
      const user = value.slice(0, at);
      let pass = value.slice(at + 1);
      // `user/password@db`: the password runs to the last `@`.
      if (sep === "/" && pass.lastIndexOf("@") > 0) pass = pass.slice(0, pass.lastIndexOf("@"));
      return isBasicPassword(user, pass) && isCommandPassword(pass) ? pass : undefined;
    }
  }
}

/** The secrets in the arguments of one client's command. */
function clientSecrets(text: string, client: Client, args: Word[], out: Candidate[]): void {
  const positional: string[] = [];
  // Every short flag's letters first: `-AsPlainText` may follow the value it qualifies.
  let letters = "";
  for (const w of args) if (!w.quoted && /^-[A-Za-z]/.test(w.value)) letters += w.value.slice(1);
  if (client.requires && !client.requires.test(letters)) return;
  for (let k = 0; k < args.length; k++) {
    const w = args[k]!;
    const v = w.value;
    // A quoted word is a value (`htpasswd -b f u '-pw'`); flags are written bare.
    const hit =
      v.length > 1 &&
      (v.startsWith("-") || (client.slash === true && v.startsWith("/"))) &&
      !w.quoted
        ? flagValue(client.flags, v, args[k + 1], positional[0])
        : undefined;
    if (hit) {
      if (hit.next) k++;
      const secret = judge(hit.value, hit.flag.holds, hit.flag.sep);
      if (secret !== undefined) out.push(candidate(text, hit.next ? args[k]! : w, secret));
      continue;
    }
    if (!w.quoted && (FLAG.test(v) || (client.slash === true && SLASH_FLAG.test(v)))) {
      if (client.valued?.includes(v)) k++;
      continue;
    }
    if (client.wraps) return;
    positional.push(v);
    if (client.positional) {
      const want = client.positional(letters, positional);
      if (want === positional.length - 1 && want !== undefined) {
        const secret = client.positionalHolds
          ? judge(v, client.positionalHolds, client.sep)
          : judge(v, "password");
        if (secret !== undefined) out.push(candidate(text, w, secret));
      }
    }
  }
}

/** The flag `v` names among `flags`, and its value (from this word or the next). */
function flagValue(
  flags: readonly SecretFlag[],
  v: string,
  next: Word | undefined,
  sub: string | undefined,
): { flag: SecretFlag; value: string; next: boolean } | undefined {
  for (const flag of flags) {
    if (flag.sub && (sub === undefined || !flag.sub.includes(sub))) continue;
    for (const name of flag.names) {
      if (v === name) {
        if (flag.take === "attached" || flag.take === "equals") return undefined;
        // A flag after it, or nothing: the client prompts.
        if (!next || (!next.quoted && FLAG.test(next.value))) return undefined;
        return { flag, value: next.value, next: true };
      }
      if (!v.startsWith(name)) continue;
      const rest = v.slice(name.length);
      // `mysql -p=x` means the password `=x`; elsewhere `=` separates the value.
      if (rest.startsWith("=") && flag.take !== "attached")
        return { flag, value: rest.slice(1), next: false };
      // Glued values exist for short flags (`-pS3cret`) and Windows' `/p:…`; `--passwordX` is
      // another flag.
      if (
        (name.length === 2 && (flag.take === "attached" || flag.take === "any")) ||
        name.endsWith(":")
      )
        return { flag, value: rest, next: false };
    }
  }
  return undefined;
}

/** Passwords given to command-line clients on the lines of `[start, end)`. */
export function findCommandPasswords(ctx: RuleContext, start: number, end: number): Candidate[] {
  const { text } = ctx;
  const region = text.slice(start, end);
  const out: Candidate[] = [];
  PROGRAM.lastIndex = 0;
  for (let m = PROGRAM.exec(region); m; m = PROGRAM.exec(region)) {
    const client = BY_PROGRAM.get(m[1]!.toLowerCase());
    if (!client) continue;
    const from = start + m.index + m[0].length;
    const ls = text.lastIndexOf("\n", from - 1) + 1;
    let le = text.indexOf("\n", from);
    if (le < 0) le = text.length;
    const programStart = start + m.index + m[0].indexOf(m[1]!);
    // `- mysql` alone on its line: the items after it are the arguments.
    const head = /^([ \t]*)-[ \t]+["']?$/.exec(text.slice(ls, programStart));
    const args =
      head && /^["']?[ \t]*\r?$/.test(text.slice(from, le))
        ? sequenceItems(text, le, head[1]!)
        : words(text, from, Math.min(text.length, end + 4000));
    // `command: ["mysql"]` with `args: ["-pX"]`: the container's argv is both lists.
    for (const w of siblingArguments(text, programStart)) args.push(w);
    clientSecrets(text, client, args, out);
  }
  VARIABLE.lastIndex = 0;
  for (let m = VARIABLE.exec(region); m; m = VARIABLE.exec(region)) {
    const from = start + m.index + m[0].length;
    const w = words(text, from, end)[0];
    if (!w || w.start !== from) continue;
    if (isCommandPassword(w.value)) out.push(candidate(text, w, w.value));
  }
  return out;
}
