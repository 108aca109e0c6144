import { describeFailure, failureText } from "@hush/core/errors";
import type { Io } from "../io.js";

/**
 * What the user sees when a command throws: `hush: …` and its hint on stderr (plus the stack with
 * HUSH_DEBUG=1); returns the exit status. `run` and the in-process tests render through it alike.
 */
export function reportFailure(err: unknown, io: Io): number {
  const failure = describeFailure(err);
  io.stderr(failureText("hush", failure));
  if (io.env["HUSH_DEBUG"] === "1") {
    const trace = debugTrace(err);
    if (trace !== undefined) io.stderr(`${trace}\n`);
  }
  return failure.exitCode;
}

/**
 * The stack of a failure, for HUSH_DEBUG=1 (what the user sees otherwise: `describeFailure` and
 * `failureText` of @hush/core/errors); undefined for a value that has none.
 */
function debugTrace(err: unknown): string | undefined {
  const e = err as { stack?: unknown; cause?: unknown } | undefined;
  if (!(err instanceof Error) || typeof e?.stack !== "string") return undefined;
  const cause =
    e.cause instanceof Error && typeof e.cause.stack === "string"
      ? `\ncaused by ${e.cause.stack}`
      : "";
  return e.stack + cause;
}
