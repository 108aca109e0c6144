// The diff driver's view of a file for a reader without a key: every ENC[…] value replaced by a
// stable token derived from its ciphertext, so a diff shows which values changed and nothing else.
import { createHash } from "node:crypto";

const ENC =
  /ENC\[AES256_GCM,data:[A-Za-z0-9+/=]*,iv:[A-Za-z0-9+/=]*,tag:[A-Za-z0-9+/=]*,type:[a-z]*\]/g;

/** Replace every sops ciphertext by `<encrypted:xxxxxxxxxxxx>` (first 12 hex digits of its SHA-256). */
export function tokenizeCiphertexts(text: string): string {
  return text.replace(
    ENC,
    (enc) => `<encrypted:${createHash("sha256").update(enc).digest("hex").slice(0, 12)}>`,
  );
}
