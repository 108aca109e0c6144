// OWNER: action helper. Hash-chained audit records (JSON lines).
import { notImplemented } from "./stub.js";

export interface ChainProblem {
  /** 1-based line in the log. */
  line: number;
  kind: "malformed" | "edited" | "deleted-or-reordered" | "bad-genesis";
  message: string;
}

/** Append-ready record: `fields` plus `seq`, `prev` (hash of the previous record) and `hash`. */
export function chainRecord(
  _fields: Record<string, unknown>,
  _previous: { seq: number; hash: string } | undefined,
): { line: string; hash: string; seq: number } {
  return notImplemented("chainRecord");
}

/** The last record's `{seq, hash}` of a log text, or undefined when empty. @throws ERR_AUDIT on a malformed last line */
export function chainHead(_logText: string): { seq: number; hash: string } | undefined {
  return notImplemented("chainHead");
}

/** Verify a whole log: every record's own hash, and every link to its predecessor. */
export function verifyChain(_logText: string): { ok: boolean; records: number; problems: ChainProblem[] } {
  return notImplemented("verifyChain");
}
