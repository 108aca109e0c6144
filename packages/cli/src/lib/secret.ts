import { randomInt } from "node:crypto";
import { HushError } from "@hush/core/errors";

const CHARSETS: Record<string, string> = {
  alnum: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789",
  hex: "0123456789abcdef",
  base64: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/",
  symbols:
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789!#%&()*+,-./:;<=>?@[]^_{|}~",
};

/** A random secret of `length` characters drawn uniformly (no modulo bias) from a named charset. */
export function generateSecret(length: number, charset: string): string {
  const alphabet = CHARSETS[charset];
  if (alphabet === undefined) {
    throw new HushError("ERR_USAGE", `unknown --charset ${JSON.stringify(charset)}`, {
      hint: `use one of ${Object.keys(CHARSETS).join(", ")}`,
    });
  }
  if (!Number.isInteger(length) || length < 8 || length > 4096) {
    throw new HushError("ERR_USAGE", `--length must be an integer from 8 to 4096`, {
      hint: "the default is 32",
    });
  }
  let out = "";
  for (let i = 0; i < length; i++) out += alphabet[randomInt(alphabet.length)];
  return out;
}

/** A value read from stdin: one trailing newline (what `echo` and heredocs add) is dropped. */
export function stripFinalNewline(s: string): string {
  return s.endsWith("\r\n") ? s.slice(0, -2) : s.endsWith("\n") ? s.slice(0, -1) : s;
}
