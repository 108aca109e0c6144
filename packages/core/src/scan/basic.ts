// What counts as the password of HTTP Basic credentials (`Authorization: Basic <b64>`, docker
// `auths`, `.npmrc` `_auth`): the header is the signal, as gitleaks and GitHub treat it, so the
// password needs no entropy. Human-made passwords of 10 characters with a repeated character
// (`zWE@Y@h5VE`, 2.9 bits per character) fell under the generic entropy floor of 3.0 and were
// missed; only documentation values and references stay silent here.

import { isPlaceholder } from "./allow.js";

/** Passwords that documentation, RFC examples and defaults use, lower-cased without blanks. */
const DOC_PASSWORDS = new Set(
  (
    "pass password passwd pwd pw secret changeme changeit example test testing tester user " +
    "username admin administrator root guest demo default letmein qwerty opensesame foobar " +
    "foo bar baz token apikey api_key key welcome hunter2 mypass mypassword"
  ).split(" "),
);
/** A reference or template standing for the password: `$PW`, `%PW%`, `{{pw}}`, `<pw>`, `[pw]`. */
const REFERENCE = /^(?:\$|%\(|%\w+%$|#\{|\{|<|\[[A-Za-z_ ]+\]$|@[A-Za-z_]+$|:[A-Za-z_]+$)/;
/** A user name that is itself a placeholder: the credentials are an example. */
const PLACEHOLDER_USER = /[<>{}$]|^your[_-]?|^(?:user(?:name)?|example)$/i;

/** Dummy words, also in leetspeak (`p@ssw0rd`, `s3cr3t`). */
function dummyWord(value: string): boolean {
  const plain = value
    .toLowerCase()
    .replace(/[4@]/g, "a")
    .replace(/3/g, "e")
    .replace(/[1!]/g, "i")
    .replace(/0/g, "o")
    .replace(/[5$]/g, "s")
    .replace(/7/g, "t");
  return /password|passwd|secret|changeme/.test(plain) || /^(?:pass|pw|pwd|key|token)[_-]?\d*$/.test(plain);
}

/**
 * Whether `password`, the part after the colon of decoded Basic credentials, is a real one: any
 * length from 4 characters, unless it is a documentation value, a dummy word, a reference or
 * placeholder, the user name again (`admin:admin`), or holds blanks (`Aladdin:open sesame`).
 */
export function isBasicPassword(user: string, password: string): boolean {
  if (password.length < 4 || password.length > 300 || /\s/.test(password)) return false;
  const lower = password.toLowerCase();
  if (DOC_PASSWORDS.has(lower)) return false;
  // The user name again, maybe with a counter (`admin:admin`, `demo:demo123`).
  const u = user.toLowerCase();
  if (u.length > 0 && lower.startsWith(u) && /^[\d!._-]*$/.test(lower.slice(u.length))) return false;
  if (PLACEHOLDER_USER.test(user) && password.length < 12) return false;
  if (REFERENCE.test(password) || isPlaceholder(password) || dummyWord(password)) return false;
  // Digits alone are PINs and ports in examples (`admin:1234`), not the passwords that leak.
  return !/^\d{1,8}$/.test(password);
}
