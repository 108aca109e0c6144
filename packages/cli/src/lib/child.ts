import { spawn } from "node:child_process";
import { type Io } from "../io.js";
import { HushError } from "@hush/core/errors";
import { SIGNAL_NUMBERS } from "./editor.js";
import { constants } from "node:os";

/**
 * Run a program (no shell) with stdio inherited and the given environment; forward SIGINT/SIGTERM/
 * SIGHUP to it; resolve with its exit status (128+n when killed by signal n).
 */
export function runChild(
  io: Io,
  argv: readonly string[],
  env: Record<string, string | undefined>,
): Promise<number> {
  const [cmd, ...args] = argv;
  if (cmd === undefined)
    return Promise.reject(
      new HushError("ERR_USAGE", "no command given", { hint: "hush exec FILE -- CMD" }),
    );
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: "inherit", env: env });
    const unsubscribe = io.onSignal?.((signal) => child.kill(signal)) ?? (() => undefined);
    child.on("error", (err: NodeJS.ErrnoException) => {
      unsubscribe();
      if (err.code === "ENOENT")
        reject(
          new HushError("ERR_COMMAND", `command not found (${cmd})`, {
            hint: "check the command after --",
          }),
        );
      else if (err.code === "EACCES")
        reject(
          new HushError("ERR_COMMAND", `command not executable (${cmd})`, { hint: "chmod +x it" }),
        );
      else reject(err);
    });
    child.on("exit", (code, signal) => {
      unsubscribe();
      if (code !== null) resolve(code);
      else
        resolve(
          128 + (signal === null ? 0 : (SIGNAL_NUMBERS[signal] ?? constants.signals[signal])),
        );
    });
  });
}
