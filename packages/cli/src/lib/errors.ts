import { CliFailure } from "../io.js";

/** What the user sees for a failure: one line, an optional hint, the exit code. */
export interface FailureReport {
  message: string;
  hint: string | undefined;
  exitCode: number;
}

// Used when a core error carries no hint of its own. Keyed by the stable ErrorCode, never by wording.
const DEFAULT_HINTS: Record<string, string> = {
  ERR_FORMAT: "check the file is valid for its format, or pass --input-type",
  ERR_NOT_ENCRYPTED: "the file has no sops metadata; encrypt it first with `hush encrypt -i FILE`",
  ERR_ALREADY_ENCRYPTED:
    "it is encrypted already; use `hush edit`, `hush set` or `hush rekey` instead",
  ERR_KEY:
    "age keys look like age1… (recipients) and AGE-SECRET-KEY-1… (identities); try `hush keygen`",
  ERR_NO_IDENTITY:
    "none of your identities is a recipient of this file; set SOPS_AGE_KEY_FILE or pass --identity FILE",
  ERR_MAC: "the file was changed outside sops/hush; restore it from git (`git checkout -- FILE`)",
  ERR_VALUE: "a value is corrupt or was encrypted with another data key; restore the file from git",
  ERR_CONFIG: "check the options (see `hush <command> --help`)",
  ERR_POLICY: "fix .hush.yaml (or .sops.yaml), or pass recipients with --age",
  ERR_PATH: 'paths look like db.password, hosts[0] or ["a.b"].c',
  ERR_ENV_NAME: "rename the key, or use --prefix",
  ERR_IO: "check the path exists and is readable/writable",
  ERR_NOT_A_FILE: "hush rewrites regular files, or the regular file a symbolic link points at",
};

interface CoreLikeError {
  name: string;
  code: string;
  message: string;
  hint?: string | undefined;
}

function isCoreLike(e: unknown): e is CoreLikeError {
  return (
    e instanceof Error &&
    e.name === "HushError" &&
    typeof (e as { code?: unknown }).code === "string"
  );
}

/** Map any thrown value to what the user sees. Expected failures never show a stack trace. */
export function describeError(err: unknown): FailureReport {
  if (err instanceof CliFailure)
    return { message: err.message, hint: err.hint, exitCode: err.exitCode };
  if (isCoreLike(err)) {
    if (err.code === "ERR_INTERNAL") {
      return { message: `internal error: ${err.message}`, hint: "please report it", exitCode: 2 };
    }
    return { message: err.message, hint: err.hint ?? DEFAULT_HINTS[err.code], exitCode: 1 };
  }
  const nodeErr = err as NodeJS.ErrnoException | undefined;
  if (
    nodeErr instanceof Error &&
    typeof nodeErr.code === "string" &&
    typeof nodeErr.syscall === "string"
  ) {
    return fsFailure(nodeErr);
  }
  // The stores bound nesting, so this is a safety net for any other path an input could drive
  // too deep: a clear failure, never a stack trace.
  if (err instanceof RangeError && /call stack|Invalid (?:string|array) length/.test(err.message)) {
    return {
      message: "the input is too large or nested too deeply to process",
      hint: "split the file or flatten the data (HUSH_DEBUG=1 shows where it stopped)",
      exitCode: 1,
    };
  }
  // One line: a stack trace (with the paths of wherever hush is installed) only with HUSH_DEBUG=1.
  const detail = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  return {
    message: `internal error: ${firstLine(detail)}`,
    hint: "please report it (HUSH_DEBUG=1 shows where it happened)",
    exitCode: 2,
  };
}

function firstLine(s: string): string {
  const nl = s.indexOf("\n");
  return (nl < 0 ? s : s.slice(0, nl)).slice(0, 500);
}

/** The stack of a failure, for HUSH_DEBUG=1; undefined for a value that has none. */
export function debugTrace(err: unknown): string | undefined {
  const e = err as { stack?: unknown; cause?: unknown } | undefined;
  if (!(err instanceof Error) || typeof e?.stack !== "string") return undefined;
  const cause =
    e.cause instanceof Error && typeof e.cause.stack === "string"
      ? `\ncaused by ${e.cause.stack}`
      : "";
  return e.stack + cause;
}

/** A file-system error as one line naming the path. */
export function fsFailure(err: NodeJS.ErrnoException): FailureReport {
  const where = err.path ?? "";
  switch (err.code) {
    case "ENOENT":
      return {
        message: `no such file or directory (${where})`,
        hint: "check the path",
        exitCode: 1,
      };
    case "EACCES":
    case "EPERM":
      return {
        message: `permission denied (${where})`,
        hint: "check the file and folder permissions",
        exitCode: 1,
      };
    case "EISDIR":
      return { message: `is a directory (${where})`, hint: "pass a file", exitCode: 1 };
    case "ENOSPC":
      return {
        message: `no space left on device (${where})`,
        hint: "free some space, or write somewhere else with --output",
        exitCode: 1,
      };
    case "EROFS":
      return {
        message: `read-only file system (${where})`,
        hint: "write somewhere else with --output",
        exitCode: 1,
      };
    default:
      return { message: `${err.code ?? "I/O error"} (${where})`, hint: undefined, exitCode: 1 };
  }
}
