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
    "foo bar baz token apikey api_key key welcome hunter2 mypass mypassword mysql postgres redis " +
    "mongo rabbitmq toor sa 123456 12345678 password1"
  ).split(" "),
);
/** `user:password` pairs of RFC examples (RFC 7617, RFC 6749 §2.3.1 and §4.1.3). */
const RFC_EXAMPLES = new Set(["Aladdin:open sesame", "s6BhdRkqt3:gX1fBat3bV"]);
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
  return (
    /password|passwd|secret|changeme/.test(plain) ||
    /^(?:pass|pw|pwd|key|token)[_-]?\d*$/.test(plain)
  );
}

/**
 * Whether `value`, given where a password goes, stands for one instead: a documentation value
 * or default (`changeit`, `letmein`), a dummy word also in leetspeak (`P@ssw0rd`), a reference
 * or template (`$PW`, `%PW%`, `{{pw}}`, `<pw>`, `[pw]`) or a placeholder (`****`, `xxxx`).
 */
export function isPasswordPlaceholder(value: string): boolean {
  return (
    DOC_PASSWORDS.has(value.toLowerCase()) ||
    REFERENCE.test(value) ||
    isPlaceholder(value) ||
    dummyWord(value)
  );
}

/**
 * Whether `password`, the part after the colon of decoded Basic credentials, is a real one: any
 * length from 4 characters, unless it stands for one ({@link isPasswordPlaceholder}), is the
 * user name again (`admin:admin`, `demo:demo123`), holds blanks (`Aladdin:open sesame`), is a
 * PIN of digits, or is short under a placeholder user (`your_username:…`).
 */
export function isBasicPassword(user: string, password: string): boolean {
  if (password.length < 4 || password.length > 300 || /\s/.test(password)) return false;
  if (isPasswordPlaceholder(password) || RFC_EXAMPLES.has(`${user}:${password}`)) return false;
  const lower = password.toLowerCase();
  const u = user.toLowerCase();
  if (u.length > 0 && lower.startsWith(u) && /^[\d!._-]*$/.test(lower.slice(u.length)))
    return false;
  if (PLACEHOLDER_USER.test(user) && password.length < 12) return false;
  // Digits alone are PINs and ports in examples (`admin:1234`), not the passwords that leak.
  return !/^\d{1,8}$/.test(password);
}
