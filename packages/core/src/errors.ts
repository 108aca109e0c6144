/**
 * The one error model of hush: stable codes, each with its default hint and exit status, the
 * error class, and how any failure is described and rendered on one line. The CLI, the guard and
 * the actions all go through it. Tests and programs key off `code`, never off `message`.
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
  /** A passphrase that does not open a protected identity or ssh key, or no terminal to ask on. */
  | "ERR_PASSPHRASE"
  /** An age plugin failed, is missing, or is not safe to run. */
  | "ERR_PLUGIN"
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
  /** A command line the program cannot run: a missing or conflicting argument or option. */
  | "ERR_USAGE"
  /** A command's precondition is not met (not a repository, the file exists, no such command). */
  | "ERR_COMMAND"
  /** An input of a GitHub Action is missing or invalid. */
  | "ERR_INPUT"
  /** The files an action was given match nothing. */
  | "ERR_NO_MATCH"
  /** A scan baseline that is not a `hush scan --json` report. */
  | "ERR_BASELINE"
  /**
   * A revision or range to scan that git must not read as an option, or that names no commit this
   * clone has.
   */
  | "ERR_REVISION"
  /** git could not run or read the repository (not a checkout, a damaged object store). */
  | "ERR_GIT"
  /** A bug: should never happen. */
  | "ERR_INTERNAL";

/** What a code means to the user: the hint when the error brings none, and the exit status. */
interface CodeInfo {
  readonly hint: string | undefined;
  /** 1: an expected failure; 2: usage or internal error. */
  readonly exit: 1 | 2;
}

/** Every code's default hint and exit status: a code without an entry does not compile. */
export const ERROR_INFO: { readonly [C in ErrorCode]: CodeInfo } = {
  ERR_FORMAT: { exit: 1, hint: "check the file is valid for its format, or pass --input-type" },
  ERR_NOT_ENCRYPTED: {
    exit: 1,
    hint: "the file has no sops metadata; encrypt it first with `hush encrypt -i FILE`",
  },
  ERR_ALREADY_ENCRYPTED: {
    exit: 1,
    hint: "it is encrypted already; use `hush edit`, `hush set` or `hush rekey` instead",
  },
  ERR_KEY: {
    exit: 1,
    hint: "age keys look like age1… (recipients) and AGE-SECRET-KEY-1… (identities); try `hush keygen`",
  },
  ERR_NO_IDENTITY: {
    exit: 1,
    hint: "none of your identities is a recipient of this file; set SOPS_AGE_KEY_FILE or pass --identity FILE",
  },
  ERR_MAC: {
    exit: 1,
    hint: "the file was changed outside sops/hush; restore it from git (`git checkout -- FILE`)",
  },
  ERR_VALUE: {
    exit: 1,
    hint: "a value is corrupt or was encrypted with another data key; restore the file from git",
  },
  ERR_CONFIG: { exit: 1, hint: "check the options (see `hush <command> --help`)" },
  ERR_POLICY: { exit: 1, hint: "fix .hush.yaml (or .sops.yaml), or pass recipients with --age" },
  ERR_POLICY_OPTIONS: { exit: 1, hint: undefined },
  ERR_UNTRUSTED: { exit: 1, hint: undefined },
  ERR_PATH: { exit: 1, hint: 'paths look like db.password, hosts[0] or ["a.b"].c' },
  ERR_ENV_NAME: { exit: 1, hint: "rename the key, or use --prefix" },
  ERR_NOT_A_FILE: {
    exit: 1,
    hint: "hush rewrites regular files, or the regular file a symbolic link points at",
  },
  ERR_IO: { exit: 1, hint: "check the path exists and is readable/writable" },
  ERR_LOCKED: { exit: 1, hint: undefined },
  ERR_AUDIT: { exit: 1, hint: undefined },
  ERR_USAGE: { exit: 2, hint: "see --help" },
  ERR_COMMAND: { exit: 1, hint: undefined },
  ERR_INPUT: { exit: 1, hint: undefined },
  ERR_NO_MATCH: { exit: 1, hint: undefined },
  ERR_BASELINE: { exit: 2, hint: "write one with hush scan --json > FILE" },
  ERR_REVISION: {
    exit: 2,
    hint: "name a commit, branch or range this clone has (git log shows them); in CI fetch the history (fetch-depth: 0)",
  },
  ERR_GIT: { exit: 1, hint: "run it inside a git checkout of the repository" },
  ERR_PASSPHRASE: { exit: 1, hint: "type the passphrase again (asked on the terminal)" },
  ERR_PLUGIN: { exit: 1, hint: "check the age plugin is installed on PATH and its key is present" },
  ERR_INTERNAL: { exit: 2, hint: "please report it" },
};

/** Every error thrown by `@hush/core` is a HushError with a stable {@link ErrorCode}. */
export class HushError extends Error {
  override readonly name = "HushError";
  readonly code: ErrorCode;
  /** What the user can do about it, one short line. Never holds secrets. */
  readonly hint: string | undefined;
  /** The exit status, when not the code's own (128+n after a signal, 1 for a failed batch). */
  readonly exitCode: number | undefined;

  constructor(
    code: ErrorCode,
    message: string,
    options?: { hint?: string | undefined; cause?: unknown; exitCode?: number },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.hint = options?.hint;
    this.exitCode = options?.exitCode;
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

/** What the user is told about a failure: one line, a hint, the exit status. Never a secret. */
export interface Failure {
  code: ErrorCode;
  message: string;
  hint: string | undefined;
  exitCode: number;
}

/**
 * Describe anything thrown. Expected failures keep their message; a file-system error becomes one
 * line naming the path (ERR_IO); anything else is an internal error whose first line is kept,
 * never a stack trace.
 * @param options.defaultHints - fill a missing hint from {@link ERROR_INFO} (the CLI's wording;
 *   the actions, which have no command line, turn it off)
 */
export function describeFailure(err: unknown, options: { defaultHints?: boolean } = {}): Failure {
  const defaults = options.defaultHints ?? true;
  if (isHushError(err)) {
    const info = ERROR_INFO[err.code] ?? ERROR_INFO.ERR_INTERNAL;
    if (err.code === "ERR_INTERNAL")
      return {
        code: err.code,
        message: `internal error: ${err.message}`,
        hint: info.hint,
        exitCode: 2,
      };
    const exitCode = (err as { exitCode?: unknown }).exitCode;
    return {
      code: err.code,
      message: err.message,
      hint: err.hint ?? (defaults ? info.hint : undefined),
      exitCode: typeof exitCode === "number" ? exitCode : info.exit,
    };
  }
  const nodeErr = err as { code?: unknown; syscall?: unknown; path?: unknown } | undefined;
  if (
    err instanceof Error &&
    typeof nodeErr?.code === "string" &&
    typeof nodeErr.syscall === "string"
  )
    return fsFailure(nodeErr.code, typeof nodeErr.path === "string" ? nodeErr.path : "");
  // The stores bound nesting, so this is a safety net for any other path an input could drive
  // too deep: a clear failure, never a stack trace.
  if (err instanceof RangeError && /call stack|Invalid (?:string|array) length/.test(err.message)) {
    return {
      code: "ERR_FORMAT",
      message: "the input is too large or nested too deeply to process",
      hint: "split the file or flatten the data (HUSH_DEBUG=1 shows where it stopped)",
      exitCode: 1,
    };
  }
  const detail = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  return {
    code: "ERR_INTERNAL",
    message: `internal error: ${firstLine(detail)}`,
    hint: defaults ? "please report it (HUSH_DEBUG=1 shows where it happened)" : undefined,
    exitCode: 2,
  };
}

function firstLine(s: string): string {
  const nl = s.indexOf("\n");
  return (nl < 0 ? s : s.slice(0, nl)).slice(0, 500);
}

/** A file-system error (its errno code and path) as one line naming the path. */
export function fsFailure(errno: string, where: string): Failure {
  const io = (message: string, hint: string | undefined): Failure => ({
    code: "ERR_IO",
    message: `${message} (${where})`,
    hint,
    exitCode: 1,
  });
  switch (errno) {
    case "ENOENT":
      return io("no such file or directory", "check the path");
    case "EACCES":
    case "EPERM":
      return io("permission denied", "check the file and folder permissions");
    case "EISDIR":
      return io("is a directory", "pass a file");
    case "ENOSPC":
      return io(
        "no space left on device",
        "free some space, or write somewhere else with --output",
      );
    case "EROFS":
      return io("read-only file system", "write somewhere else with --output");
    default:
      return io(errno, undefined);
  }
}

/** The lines a command prints for a failure: `program: message`, then `hint: …` when there is one. */
export function failureText(program: string, f: Pick<Failure, "message" | "hint">): string {
  return `${program}: ${f.message}\n${f.hint === undefined ? "" : `hint: ${f.hint}\n`}`;
}

/** The single line an action reports (annotation, summary, audit): `CODE: message (hint: …)`. */
export function failureLine(f: Pick<Failure, "code" | "message" | "hint">): string {
  return `${f.code}: ${f.message}${f.hint === undefined ? "" : ` (hint: ${f.hint})`}`;
}
