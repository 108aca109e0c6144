import type { Io } from "../io.js";

/**
 * Run a read-change-write of one file under its write lock (core `withFileLock`), so two hush
 * commands never lose each other's change. A command that waits says so once, after a second.
 * `HUSH_LOCK_TIMEOUT` (seconds, default 60) bounds the wait.
 */
export async function withWriteLock<T>(
  io: Io,
  abs: string,
  shown: string,
  fn: () => Promise<T>,
): Promise<T> {
  const { withFileLock } = await import("@hush/core/node");
  const seconds = Number(io.env["HUSH_LOCK_TIMEOUT"]);
  return withFileLock(abs, fn, {
    ...(Number.isFinite(seconds) && seconds > 0 ? { timeoutMs: seconds * 1000 } : {}),
    onWait: (holder) =>
      io.stderr(
        `waiting for another hush command to finish writing ${shown}${holder === undefined ? "" : ` (pid ${holder.pid})`}…\n`,
      ),
  });
}
