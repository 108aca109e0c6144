// Pairs written as calls: a setter or builder given the secret (`setPassword("…")`), a name and
// its value as two string arguments (`setProperty("db.password", "…")`, `("name", "…")`), a
// credential constructor (`new NetworkCredential("u", "…")`), and a login or connect call whose
// last string argument is the password. assign.ts calls these for each line that has a quote or
// a `(`; each form tests its own gate first (the Unicode lookbehind regexes cost ~40 ns a
// character, the gates ~2).

import { type Assignment, NAME, valueAt } from "./literal.js";

type Add = (a: Assignment | undefined) => void;

/** `name("…")` — a setter or builder taking the secret itself. */
const CALL = new RegExp(
  String.raw`(?<![\p{L}\p{N}_])(${NAME})[ \t]*\([ \t]*(?=[@$]?["'\x60])`,
  "gu",
);
/**
 * Calls that check, split, hash or look up a password (`verifyPassword("…")`, `splitpasswd(…)`,
 * `getSecret("name")`): their argument is a test value or a name, not a secret being stored.
 */
const INSPECTING_CALL =
  /(?:^|\.)(?:split|parse|check|verify|validate|hash|compare|test|assert|mask|redact|strip|escape|encode|decode|normalize|format|print|log|prompt|read|get|fetch|lookup|find|has|is)(?:[A-Z_]|pass|pwd|secret|token|key|cred|auth)/;

/** `("name", "…")`, `{"name", "…"}`, `["name"] = ` — a name given as a string, then its value. */
const STRING_PAIR =
  /[([{,][ \t]*(["'])([\p{L}\p{N}_.\- ]{1,60})\1[ \t]*(?:,|:)[ \t]*(?=[@$]?["'`])/gu;
/** Call names that store a named value: `setProperty`, `put`, `Setenv`, `define`, `Map.of`. */
const SETTER =
  /(?:^|[^A-Za-z0-9_])(?:set|put|add|define|env|with|of|insert|store|save|config|configure|entry|pair|property|param|header|option|secret|credential|write|update|assign|register|fetch|get)\w*[ \t]*$/i;
/** Credential constructors: the second string argument is the password. */
const CREDENTIAL_CALL =
  /\b(NetworkCredential|PasswordAuthentication|UsernamePasswordCredentials|UsernamePasswordAuthenticationToken|SimpleCredentials|PasswordCredential|HTTPBasicAuth|HttpBasicAuth|BasicAuth|BasicAuthCredentials|Credentials|auth|basic_auth|basicAuth)[ \t]*(?:=[ \t]*)?\([ \t]*(["'])[^"'\n]{0,80}\2[ \t]*,[ \t]*(?=[@$]?["'`])/g;
const CALL_GATE = /\([ \t]*[@$]?["'`]/;
const LOGIN_GATE =
  /(?:login|Login|LogIn|authenticate|Authenticate|auth|Auth|connect|Connect|getConnection|bind|Bind|signIn|SignIn|sign_in)[ \t]*\(/;
/** Calls that log in or connect: the last string argument (after another) is the password. */
const LOGIN_CALL =
  /\b([\w.]*(?:login|Login|LogIn|authenticate|Authenticate|auth|Auth|connect|Connect|getConnection|bind|Bind|signIn|SignIn|sign_in))[ \t]*\(([^()\n]{1,300})\)/g;

/** `name("…")`: a setter or builder given the secret itself, unless it only inspects one. */
export function callPairs(text: string, line: string, ls: number, le: number, add: Add): void {
  if (!CALL_GATE.test(line)) return;
  CALL.lastIndex = 0;
  for (let m = CALL.exec(line); m; m = CALL.exec(line)) {
    if (INSPECTING_CALL.test(m[1]!)) continue;
    add(valueAt(text, m[1]!, ls + m.index + m[0].length, le, ls, false));
  }
}

/** `("name", "…")` pairs and credential constructors. */
export function stringPairs(
  text: string,
  line: string,
  ls: number,
  le: number,
  paren: boolean,
  add: Add,
): void {
  STRING_PAIR.lastIndex = 0;
  for (let m = STRING_PAIR.exec(line); m; m = STRING_PAIR.exec(line)) {
    // `f("password", "…")` names the value only when f stores or sets something; in
    // `argon2d("password", "salt")` the first string is itself a value.
    if (line[m.index] === "(" && !SETTER.test(line.slice(Math.max(0, m.index - 40), m.index)))
      continue;
    add(valueAt(text, m[2]!, ls + m.index + m[0].length, le, ls, false));
  }
  if (!paren) return;
  CREDENTIAL_CALL.lastIndex = 0;
  for (let m = CREDENTIAL_CALL.exec(line); m; m = CREDENTIAL_CALL.exec(line)) {
    add(valueAt(text, "password", ls + m.index + m[0].length, le, ls, false));
  }
}

/** Login and connect calls: the last string argument (after another) is the password. */
export function loginPairs(line: string, ls: number, add: Add): void {
  if (!LOGIN_GATE.test(line)) return;
  LOGIN_CALL.lastIndex = 0;
  for (let m = LOGIN_CALL.exec(line); m; m = LOGIN_CALL.exec(line)) {
    const args = m[2]!;
    const last = /,[ \t]*(["'])((?:(?!\1)[^\\\n]|\\.){1,200})\1[ \t]*$/.exec(args);
    if (!last) continue;
    const at =
      ls + m.index + m[0].length - 1 - (args.length - last.index) + last[0].indexOf(last[1]!) + 1;
    add({
      name: "password",
      value: last[2]!,
      start: at,
      end: at + last[2]!.length,
      quoted: true,
    });
  }
}
