// OWNER: team/history helper (issue 6). Value ages from git history, for status/report/rotate --overdue.

/** A value whose plaintext is older than its rule's `max_age`. */
export interface OverdueValue {
  /** File path relative to the repo root. */
  file: string;
  /** Key path in dot/bracket notation. */
  keyPath: string;
  /** When the value last changed (commit date), and in which commit. */
  lastChanged: Date;
  commit: string;
  ageMs: number;
  maxAgeMs: number;
}

/**
 * Values overdue for rotation in the given files (relative to `root`), judged at `now`.
 * (placeholder until implemented: returns none)
 */
export function overdueValues(_options: { root: string; files: readonly string[]; now: Date }): Promise<OverdueValue[]> {
  return Promise.resolve([]);
}
