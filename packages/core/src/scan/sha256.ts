// SHA-256 of findings (fingerprints, the known-example list) through node:crypto, like the rest of
// core's hashing. Called once per candidate that passed the rule's checks, not per byte: a 40-char
// token takes ~10 µs here (a hand-written JavaScript SHA-256 took ~36 µs).
import { createHash } from "node:crypto";

/** SHA-256 of the UTF-8 encoding of `text`, as lowercase hex. */
export function sha256Hex(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}
