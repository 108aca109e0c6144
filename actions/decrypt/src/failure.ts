import { isHushError, type ErrorCode } from "@hush/core/errors";

/** Error codes of the action: core's, plus the two that only the action can meet. */
export type ActionErrorCode = ErrorCode | "ERR_INPUT" | "ERR_NO_MATCH";

/** An expected failure of the action: a stable code, a one-line message, an optional hint. Never holds a secret. */
export class ActionFailure extends Error {
  override readonly name = "ActionFailure";
  constructor(
    readonly code: ActionErrorCode,
    message: string,
    readonly hint?: string,
  ) {
    super(message);
  }
}

/** Code, message and hint of anything thrown, in the shape the action reports and audits. */
export function describeFailure(e: unknown): {
  code: ActionErrorCode;
  message: string;
  hint: string | undefined;
} {
  if (e instanceof ActionFailure) return { code: e.code, message: e.message, hint: e.hint };
  if (isHushError(e)) return { code: e.code, message: e.message, hint: e.hint };
  // Unexpected errors (bugs, node errors) keep only their message: it cannot hold a value, since
  // values are never passed to anything that formats them into errors.
  return {
    code: "ERR_INTERNAL",
    message: e instanceof Error ? e.message : String(e),
    hint: undefined,
  };
}

/** The single line given to setFailed: `CODE: message (hint: …)`. */
export function failureLine(e: unknown): string {
  const { code, message, hint } = describeFailure(e);
  return `${code}: ${message}${hint === undefined ? "" : ` (hint: ${hint})`}`;
}
