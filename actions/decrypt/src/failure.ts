import {
  describeFailure as describe,
  failureLine as line,
  type ErrorCode,
  type Failure,
} from "@hush/core/errors";

/** Error codes of the action: core's (ERR_INPUT and ERR_NO_MATCH are the action's own). */
export type ActionErrorCode = ErrorCode;

/**
 * Code, message and hint of anything thrown, in the shape the action reports and audits (core's
 * error model; no default hints: they speak of the CLI's options).
 */
export function describeFailure(e: unknown): Failure {
  return describe(e, { defaultHints: false });
}

/** The single line given to setFailed: `CODE: message (hint: …)`. */
export function failureLine(e: unknown): string {
  return line(describeFailure(e));
}
