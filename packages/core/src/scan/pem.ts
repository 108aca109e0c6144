// Private keys in PEM armour (RSA, EC, DSA, OpenSSH, PKCS#8, encrypted PKCS#8, PGP blocks), raw or
// embedded in source and JSON with `\n` escapes, and the GCP service-account JSON that carries one.

import type { Candidate, RuleContext } from "./rule.js";

const HEADER = /-----BEGIN [A-Z0-9 ]{0,30}PRIVATE KEY(?: BLOCK)?-----/g;
const MAX_BODY = 20_000;
const MIN_BODY = 64;
const BODY_NOISE = /\\[nr]|[\s"'`+,\\]/g;

/** A line that continues a PEM body: base64 once quotes, `+`, commas and `\n` escapes go. */
function isBodyLine(line: string): boolean {
  const core = line.replace(BODY_NOISE, "");
  return core.length >= 8 && /^[A-Za-z0-9+/=]+$/.test(core);
}

/**
 * The base64 body of a PEM block, whitespace, quotes, `+` concatenation and `\n` escapes removed,
 * armour headers (`Proc-Type:`, `Version:`…) dropped. `undefined` when it is too short or holds
 * anything but base64 (`...`, `<key here>`), i.e. documentation rather than a key.
 */
export function pemBody(raw: string): string | undefined {
  const lines = raw.replace(/\\r\\n|\\n|\\r/g, "\n").split(/\r?\n/);
  let body = "";
  for (const line of lines) {
    if (/^[\s"'`+,]*[A-Za-z-]+: /.test(line)) continue;
    body += line.replace(/[\s"'`+,\\]/g, "");
  }
  if (body.length < MIN_BODY || !/^[A-Za-z0-9+/=]+$/.test(body)) return undefined;
  return body;
}

/** Find PEM private-key blocks whose header lies in `[start, end)`. */
export function findPrivateKeys(ctx: RuleContext, start: number, end: number): Candidate[] {
  const { text } = ctx;
  const out: Candidate[] = [];
  const region = text.slice(start, end);
  HEADER.lastIndex = 0;
  for (let m = HEADER.exec(region); m; m = HEADER.exec(region)) {
    const at = start + m.index;
    const bodyStart = at + m[0].length;
    // Search a bounded slice: an unbounded indexOf per header would be quadratic in headers.
    const close = text.slice(bodyStart, bodyStart + MAX_BODY).indexOf("-----END");
    let bodyEnd: number;
    if (close >= 0) {
      bodyEnd = bodyStart + close;
    } else {
      // No footer (e.g. only part of the file is staged): take the base64-looking lines that follow.
      bodyEnd = bodyStart;
      let lineStart = text.indexOf("\n", bodyStart);
      while (lineStart >= 0 && lineStart - bodyStart < MAX_BODY) {
        let lineEnd = text.indexOf("\n", lineStart + 1);
        if (lineEnd < 0) lineEnd = text.length;
        if (!isBodyLine(text.slice(lineStart + 1, lineEnd))) break;
        bodyEnd = lineEnd;
        lineStart = lineEnd < text.length ? lineEnd : -1;
      }
    }
    const body = pemBody(text.slice(bodyStart, bodyEnd));
    if (body !== undefined) out.push({ start: at, end: bodyEnd, secret: body });
  }
  return out;
}

const SA_TYPE = /"type"\s*:\s*"service_account"/;
const SA_KEY = /"private_key"\s*:\s*"(-----BEGIN[^"]{0,8000})"/g;
const SA_WINDOW = 20_000;

/** A `"type": "service_account"` JSON document's `private_key`, the keyword line in `[start, end)`. */
export function findServiceAccountKeys(ctx: RuleContext, start: number, end: number): Candidate[] {
  const { text } = ctx;
  if (!SA_TYPE.test(text.slice(start, end))) return [];
  const from = Math.max(0, start - SA_WINDOW);
  const to = Math.min(text.length, end + SA_WINDOW);
  const window = text.slice(from, to);
  const out: Candidate[] = [];
  SA_KEY.lastIndex = 0;
  for (let m = SA_KEY.exec(window); m; m = SA_KEY.exec(window)) {
    const raw = m[1] ?? "";
    const inner = raw.replace(/^-----BEGIN[^-]*-----/, "").replace(/-----END[\s\S]*$/, "");
    const body = pemBody(inner);
    const at = from + m.index + m[0].indexOf(raw);
    if (body !== undefined) out.push({ start: at, end: at + raw.length, secret: body });
  }
  return out;
}

const PUTTY =
  /PuTTY-User-Key-File-[23]:[^\n]*\n(?:[^\n]*\n){0,6}?Private-Lines:[ \t]*(\d{1,3})[ \t]*\r?\n/g;

/** PuTTY `.ppk` keys: the base64 lines after `Private-Lines: N` (unless encrypted with a passphrase). */
export function findPuttyKeys(ctx: RuleContext, start: number, end: number): Candidate[] {
  const region = ctx.text.slice(start, end);
  const out: Candidate[] = [];
  PUTTY.lastIndex = 0;
  for (let m = PUTTY.exec(region); m; m = PUTTY.exec(region)) {
    const header = m[0];
    const n = Number(m[1]);
    const bodyStart = m.index + header.length;
    const lines = region.slice(bodyStart).split("\n").slice(0, n);
    const body = lines.map((l) => l.trim()).join("");
    if (body.length < 40 || !/^[A-Za-z0-9+/=]+$/.test(body)) continue;
    out.push({
      start: start + m.index,
      end: start + bodyStart + lines.join("\n").length,
      secret: body,
    });
  }
  return out;
}
