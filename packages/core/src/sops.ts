// OWNER: core-format helper. The sops operations over a StoreDocument.
import type { EncryptionRules, Format, KeyPath, PlainValue, Scalar, ValueType } from "./types.js";
import { notImplemented } from "./stub.js";

/** Recipients of the data key: one key group (plain list) or several groups with a Shamir threshold. */
export interface RecipientSpec {
  /** age recipients (`age1…`, `age1pq1…`) of a single key group. */
  recipients?: readonly string[];
  /** Several key groups; the data key is split with Shamir so that `shamirThreshold` groups are needed. */
  keyGroups?: readonly (readonly string[])[];
  shamirThreshold?: number;
}

export interface EncryptOptions extends RecipientSpec {
  format: Format;
  rules?: EncryptionRules;
  /** Clock for `lastmodified` (tests inject one). */
  now?: Date;
}

export interface DecryptOptions {
  format: Format;
  /** age identities (`AGE-SECRET-KEY-1…`, `AGE-SECRET-KEY-PQ-1…`). */
  identities: readonly string[];
}

/** One decrypted leaf. `keyPath` includes list indices; `aadPath` is the sops path (mapping keys only). */
export interface DecryptedValue {
  keyPath: KeyPath;
  type: ValueType;
  value: string;
  /** True when the value was stored encrypted (false for `_unencrypted` and similar). */
  encrypted: boolean;
}

export interface DecryptResult {
  /** The plaintext file in its own format (comments back in place). For binary: the original bytes as UTF-8 text. */
  text: string;
  /** The raw bytes for the binary format (undefined for the others). */
  bytes: Uint8Array | undefined;
  /** The data as JSON-like values; for multi-document YAML, the first document. */
  tree: PlainValue;
  /** Every leaf value in document order (comments excluded). */
  values: DecryptedValue[];
  /** The recipient whose wrapped key was opened by one of the identities. */
  recipient: string;
  lastmodified: string;
}

export interface UpdateResult {
  /** The new encrypted file text; equal to the input when nothing changed. */
  text: string;
  /** Key paths (dot/bracket notation) of the values added, changed or removed. */
  changed: string[];
}

/** What can be read from an encrypted file without any key. */
export interface Inspection {
  format: Format;
  encrypted: boolean;
  /** sops `version` field as written. */
  version: string | undefined;
  lastmodified: string | undefined;
  /** Recipients of each key group (one group for ordinary files). */
  keyGroups: string[][];
  shamirThreshold: number | undefined;
  rules: EncryptionRules;
  /** Every leaf in document order: whether it is encrypted and its stored text (ciphertext or plaintext). */
  values: { keyPath: KeyPath; encrypted: boolean; stored: string }[];
}

/**
 * Encrypt a plaintext document under a fresh data key.
 * @throws HushError ERR_FORMAT (bad input), ERR_ALREADY_ENCRYPTED, ERR_KEY (bad recipient), ERR_CONFIG
 */
export function encrypt(_plaintext: string | Uint8Array, _options: EncryptOptions): Promise<string> {
  return notImplemented("encrypt");
}

/**
 * Decrypt a document; the MAC is always verified.
 * @throws HushError ERR_NOT_ENCRYPTED, ERR_FORMAT, ERR_NO_IDENTITY, ERR_VALUE, ERR_MAC
 */
export function decrypt(_text: string, _options: DecryptOptions): Promise<DecryptResult> {
  return notImplemented("decrypt");
}

/**
 * Apply an edited plaintext to an encrypted document: unchanged values keep their exact ciphertext;
 * only changed values, `mac` and `lastmodified` change. Recipients and rules are kept.
 */
export function update(
  _encrypted: string,
  _editedPlaintext: string,
  _options: DecryptOptions & { now?: Date },
): Promise<UpdateResult> {
  return notImplemented("update");
}

/** Set one value (creating intermediate maps) and re-encrypt through {@link update}. */
export function setValue(
  _encrypted: string,
  _keyPath: KeyPath,
  _value: string | Scalar,
  _options: DecryptOptions & { now?: Date },
): Promise<UpdateResult> {
  return notImplemented("setValue");
}

/** Remove one value; ERR_PATH when absent. */
export function unsetValue(
  _encrypted: string,
  _keyPath: KeyPath,
  _options: DecryptOptions & { now?: Date },
): Promise<UpdateResult> {
  return notImplemented("unsetValue");
}

/** New data key, every value re-encrypted; recipients kept unless given. */
export function rotate(
  _encrypted: string,
  _options: DecryptOptions & RecipientSpec & { now?: Date },
): Promise<string> {
  return notImplemented("rotate");
}

/** Re-wrap the existing data key for new recipients; values and MAC untouched. */
export function rekey(_encrypted: string, _options: DecryptOptions & RecipientSpec): Promise<string> {
  return notImplemented("rekey");
}

/** Read the structure and metadata without a key. ERR_FORMAT on unparsable input. */
export function inspect(_text: string, _format: Format): Inspection {
  return notImplemented("inspect");
}
