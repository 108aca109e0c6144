/**
 * Stable failure classes. Tests, the CLI's exit mapping and the action key off `code`,
 * never off `message`.
 */
export type ErrorCode =
  /** Not a valid document, value envelope or metadata block (malformed YAML/JSON, truncated `ENC[…]`). */
  | "ERR_FORMAT"
  /** A document was expected to be encrypted (has no `sops` block). */
  | "ERR_NOT_ENCRYPTED"
  /** A document is already encrypted and the operation would double-encrypt it. */
  | "ERR_ALREADY_ENCRYPTED"
  /** A malformed age recipient or identity string, or an identity file with garbage lines. */
  | "ERR_KEY"
  /** No identity was found at all, or none of the available identities opens the data key. */
  | "ERR_NO_IDENTITY"
  /** The document MAC does not verify: a value was edited, removed, added or reordered. */
  | "ERR_MAC"
  /** A value failed AEAD decryption, or has an unknown type. */
  | "ERR_VALUE"
  /** A bad option or encryption-rule combination passed by the caller. */
  | "ERR_CONFIG"
  /** A bad `.hush.yaml`/`.sops.yaml`, or no rule matches a path. */
  | "ERR_POLICY"
  /**
   * A file's encryption options (`unencrypted_suffix`, the regexes, `mac_only_encrypted`…) differ
   * from the ones the policy rule covering it pins; those options are not under the MAC.
   */
  | "ERR_POLICY_OPTIONS"
  /**
   * A policy or identity file someone else could have written: group- or other-writable, or (a
   * policy) in a repository owned by another user that git's `safe.directory` does not trust.
   */
  | "ERR_UNTRUSTED"
  /** A key path that does not exist or cannot be set. */
  | "ERR_PATH"
  /** A name that cannot become an environment variable. */
  | "ERR_ENV_NAME"
  /**
   * The path to rewrite is not a regular file or a symbolic link to one (a dangling link, a folder,
   * a FIFO or a device): hush writes through a link to its target, never over the link.
   */
  | "ERR_NOT_A_FILE"
  /** Reading or writing a file failed. */
  | "ERR_IO"
  /** Another command holds the file's write lock past the wait bound. */
  | "ERR_LOCKED"
  /** An audit log or chain is unreadable or broken. */
  | "ERR_AUDIT"
  /** A bug: should never happen. */
  | "ERR_INTERNAL";

/** Every error thrown by `@hush/core` is a HushError with a stable {@link ErrorCode}. */
export class HushError extends Error {
  override readonly name = "HushError";
  readonly code: ErrorCode;
  /** What the user can do about it, one short line. Never holds secrets. */
  readonly hint: string | undefined;

  constructor(code: ErrorCode, message: string, options?: { hint?: string; cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.hint = options?.hint;
  }
}

/** True for a {@link HushError}, also across duplicated package copies where `instanceof` fails. */
export function isHushError(e: unknown): e is HushError {
  return (
    e instanceof Error &&
    e.name === "HushError" &&
    typeof (e as { code?: unknown }).code === "string"
  );
}
