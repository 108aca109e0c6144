/**
 * What a command may touch of the outside world. Only `bin/hush.js` builds one from `process`;
 * tests build their own.
 */
export interface Io {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  /** Reads all of standard input (for `hush set FILE PATH` without a value). */
  readStdin: () => Promise<string>;
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
  /** The Node program running hush (`hush hook install` writes it into the hook it installs). */
  execPath: string;
  /** Whether stdout is a terminal (colour and progress lines only then, and never with NO_COLOR). */
  isTTY: boolean;
  /** Whether stderr is a terminal (progress lines are drawn there); absent: as `isTTY`. */
  stderrIsTTY?: boolean;
  /** Width of the terminal stdout is on, if it is one (help wraps at the smaller of it and 80). */
  columns?: number;
  /** Raw bytes to stdout (binary files); falls back to `stdout` with UTF-8 text when absent. */
  stdoutBytes?: (b: Uint8Array) => void;
  /**
   * Subscribe to SIGINT/SIGTERM/SIGHUP while a child runs (edit, exec), so the command can forward the
   * signal and clean up. Returns the unsubscribe function. Absent in tests that do not need it.
   */
  onSignal?: (handler: (signal: NodeJS.Signals) => void) => () => void;
  /** The policy file named by `--policy` (set by `run` before the command starts). */
  policy?: string;
  /**
   * Asks the user (a passphrase, a plugin's PIN). Absent: the controlling terminal (/dev/tty) is
   * asked, never stdin. Tests that run in-process give their own.
   */
  ask?: (prompt: string, options?: { echo?: boolean }) => Promise<string>;
}

/** Per-run state a command can set: the exit code when it finishes without throwing (e.g. 1 for findings). */
export interface RunState {
  exitCode: number;
  /** The raw arguments of this run (for `hush exec FILE… -- CMD`, where `--` separates the two lists). */
  argv?: readonly string[];
}
