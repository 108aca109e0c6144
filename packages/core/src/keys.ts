// OWNER: core-keys helper. age wrapping of the data key, identities and recipients.
import { notImplemented } from "./stub.js";

/** One wrapped data key as stored in `sops.age[]`. */
export interface AgeStanza {
  recipient: string;
  /** Armored age file (`-----BEGIN AGE ENCRYPTED FILE-----`) holding the 32-byte data key. */
  enc: string;
}

/** A new age identity. `pq` makes a post-quantum hybrid one (`AGE-SECRET-KEY-PQ-1…` / `age1pq1…`). */
export function generateIdentity(_options?: { pq?: boolean }): Promise<{ identity: string; recipient: string }> {
  return notImplemented("generateIdentity");
}

/** The recipient (`age1…`) of an identity. ERR_KEY when malformed. */
export function identityToRecipient(_identity: string): Promise<string> {
  return notImplemented("identityToRecipient");
}

/** age-keygen compatible file text: `# created: …`, `# public key: …`, the identity, newline. */
export function formatIdentityFile(_identity: string, _recipient: string, _created: Date): string {
  return notImplemented("formatIdentityFile");
}

/**
 * Parse an identity file the way age does: comments and blank lines skipped, several keys, CRLF.
 * @param source - where the text came from, for error messages (never the key itself)
 * @throws HushError ERR_KEY naming the line of the first garbage line
 */
export function parseIdentities(_text: string, _source: string): string[] {
  return notImplemented("parseIdentities");
}

/** True for a well-formed `age1…` or `age1pq1…` recipient (bech32 checksum verified). */
export function isRecipient(_s: string): boolean {
  return notImplemented("isRecipient");
}

/** Throws ERR_KEY (naming `where`) unless {@link isRecipient}. */
export function assertRecipient(_s: string, _where?: string): void {
  notImplemented("assertRecipient");
}

/** age-encrypt (armored) a data key to one recipient. */
export function wrapDataKey(_dataKey: Uint8Array, _recipient: string): Promise<string> {
  return notImplemented("wrapDataKey");
}

/**
 * Open the data key with the first identity that matches a stanza.
 * @throws HushError ERR_NO_IDENTITY when none matches (message lists no key material)
 */
export function unwrapDataKey(
  _stanzas: readonly AgeStanza[],
  _identities: readonly string[],
): Promise<{ dataKey: Uint8Array; recipient: string }> {
  return notImplemented("unwrapDataKey");
}
