import { Command, CommanderError } from "commander";
import { CliFailure, type Io, type RunState } from "./io.js";
import { register as registerInit } from "./commands/init.js";
import { register as registerKeygen } from "./commands/keygen.js";
import { register as registerEncrypt } from "./commands/encrypt.js";
import { register as registerDecrypt } from "./commands/decrypt.js";
import { register as registerEdit } from "./commands/edit.js";
import { register as registerSet } from "./commands/set.js";
import { register as registerGet } from "./commands/get.js";
import { register as registerUnset } from "./commands/unset.js";
import { register as registerRotate } from "./commands/rotate.js";
import { register as registerRekey } from "./commands/rekey.js";
import { register as registerExec } from "./commands/exec.js";
import { register as registerStatus } from "./commands/status.js";
import { register as registerAccess } from "./commands/access.js";
import { register as registerGit } from "./commands/git.js";
import { register as registerLog } from "./commands/log.js";
import { register as registerReport } from "./commands/report.js";
import { register as registerScan } from "./commands/scan.js";
import { register as registerHook } from "./commands/hook.js";
import { register as registerAudit } from "./commands/audit.js";

export type { Io, RunState } from "./io.js";
export { CliFailure } from "./io.js";

/**
 * Each command module exports `register(program, io, state)`: it declares the subcommand (options, help,
 * examples) and imports its heavy dependencies (`@hush/core`, age, yaml) lazily inside the action,
 * so `hush --help` stays fast.
 */
const COMMANDS = [
  registerInit,
  registerKeygen,
  registerEncrypt,
  registerDecrypt,
  registerEdit,
  registerSet,
  registerGet,
  registerUnset,
  registerRotate,
  registerRekey,
  registerExec,
  registerStatus,
  registerAccess,
  registerGit,
  registerLog,
  registerReport,
  registerScan,
  registerHook,
  registerAudit,
];

/** Parse argv, run one command, return the exit code (0 ok, 1 expected failure/findings, 2 usage or internal). */
export async function run(argv: readonly string[], io: Io): Promise<number> {
  // OWNER of the rest of this file: CLI helper (error formatting, global options, exit codes).
  const program = new Command("hush").exitOverride().configureOutput({
    writeOut: io.stdout,
    writeErr: io.stderr,
  });
  const state: RunState = { exitCode: 0 };
  for (const register of COMMANDS) register(program, io, state);
  try {
    await program.parseAsync([...argv], { from: "user" });
    return state.exitCode;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode === 0 ? 0 : 2;
    if (err instanceof CliFailure) {
      io.stderr(`hush: ${err.message}\n${err.hint === undefined ? "" : `hint: ${err.hint}\n`}`);
      return err.exitCode;
    }
    io.stderr(`hush: internal error: ${err instanceof Error ? err.message : String(err)}\n`);
    return 2;
  }
}
