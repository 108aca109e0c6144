/**
 * Runs one CLI command function (`packages/cli/src/commands/<verb>.ts`) in this process with an
 * in-memory `Io`: what the binary would print, its exit status and the HushError code of a failure,
 * rendered exactly as `run` renders it. For a real git repo and keys, see git.ts / keyed-repo.ts.
 */
import { isHushError, type ErrorCode } from "@hush/core/errors";
import type { Io } from "../../packages/cli/src/io.js";
import { reportFailure } from "../../packages/cli/src/lib/errors.js";

/** The outcome of one in-process command. */
export interface Outcome {
  exit: number;
  /** The HushError code the command failed with (undefined when it returned). */
  code: ErrorCode | undefined;
  stdout: string;
  stderr: string;
  /** Raw bytes written with `stdoutBytes` (binary files), in order. */
  bytes: Buffer;
}

/** The world a command sees; `env` should be hermetic (hushEnv in hush.ts). */
export interface World {
  cwd: string;
  env: Record<string, string | undefined>;
  stdin?: string;
  isTTY?: boolean;
  ask?: Io["ask"];
}

/** Call `command(args, io)` and collect what it did; never throws for a command's failure. */
export async function runIn<A>(
  command: (args: A, io: Io) => Promise<number>,
  args: A,
  world: World,
): Promise<Outcome> {
  let stdout = "";
  let stderr = "";
  const chunks: Buffer[] = [];
  const io: Io = {
    stdout: (s) => void (stdout += s),
    stderr: (s) => void (stderr += s),
    stdoutBytes: (b) => void chunks.push(Buffer.from(b)),
    readStdin: () => Promise.resolve(world.stdin ?? ""),
    env: world.env,
    cwd: world.cwd,
    execPath: process.execPath,
    isTTY: world.isTTY ?? false,
    ...(world.ask === undefined ? {} : { ask: world.ask }),
  };
  let exit: number;
  let code: ErrorCode | undefined;
  try {
    exit = await command(args, io);
  } catch (err) {
    code = isHushError(err) ? err.code : undefined;
    exit = reportFailure(err, io);
  }
  return { exit, code, stdout, stderr, bytes: Buffer.concat(chunks) };
}
