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
  /** Whether stdout is a terminal (colour and progress lines only then, and never with NO_COLOR). */
  isTTY: boolean;
}

/** An expected failure a command reports: one line, a hint, exit code 1 (or 2 for usage). */
export class CliFailure extends Error {
  override readonly name = "CliFailure";
  constructor(
    message: string,
    readonly hint?: string,
    readonly exitCode: 1 | 2 = 1,
  ) {
    super(message);
  }
}

/** Per-run state a command can set: the exit code when it finishes without throwing (e.g. 1 for findings). */
export interface RunState {
  exitCode: number;
}
