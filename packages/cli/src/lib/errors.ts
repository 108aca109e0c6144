/**
 * The stack of a failure, for HUSH_DEBUG=1 (what the user sees otherwise: `describeFailure` and
 * `failureText` of @hush/core/errors); undefined for a value that has none.
 */
export function debugTrace(err: unknown): string | undefined {
  const e = err as { stack?: unknown; cause?: unknown } | undefined;
  if (!(err instanceof Error) || typeof e?.stack !== "string") return undefined;
  const cause =
    e.cause instanceof Error && typeof e.cause.stack === "string"
      ? `\ncaused by ${e.cause.stack}`
      : "";
  return e.stack + cause;
}
