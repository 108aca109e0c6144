import type { Command } from "commander";
import { type Io, type RunState } from "../io.js";
import { HushError } from "@hush/core/errors";

interface LogOptions {
  json?: boolean;
}

/** What `hush log` is given: its positionals and options. */
export interface LogArgs extends LogOptions {
  file: string;
  /** Only the commits that changed this value. */
  keyPath?: string | undefined;
}

/** Declares `hush log FILE [PATH]`: which values changed in which commit, by whom — never the values. */
export function register(program: Command, io: Io, state: RunState): void {
  program
    .command("log")
    .description(
      "which value paths each commit added, changed or removed in an encrypted file, by whom and when (never the values)",
    )
    .argument("<FILE>", "an encrypted file (it may be deleted now)")
    .argument("[PATH]", "only this value path and what is under it (e.g. db or db.password)")
    .option("--json", "print the entries as JSON")
    .addHelpText(
      "after",
      `
Works without a key: hush keeps the ciphertext of every value whose plaintext did not change, so a
new ciphertext means a new value. A commit where every value changed is marked as a rotation.
Merge commits show what they brought in (their diff against the first parent). The file is followed
across renames.

Examples:
  hush log secrets/app.secret.yaml
  hush log k8s/prod/db.yaml stringData.password
  hush log secrets/app.secret.yaml --json

Exit status:
  0  ok (also when no commit touched the file)
  1  expected failure (not a git repository, bad PATH)
  2  usage or internal error`,
    )
    .action(async (file: string, keyPath: string | undefined, options: LogOptions) => {
      state.exitCode = await logCommand({ ...options, file, keyPath }, io);
    });
}

/** Runs `hush log`; resolves to the exit code, throws a HushError for a failure. */
export async function logCommand(args: LogArgs, io: Io): Promise<number> {
  const { file, keyPath } = args;
  const { fileLog, renderLog } = await import("../team/file-log.js");
  const entries = await fileLog(io.cwd, io.env, file, keyPath, io.policy);
  if (entries === undefined)
    throw new HushError("ERR_COMMAND", `not a git repository (${io.cwd})`, {
      hint: "run hush log inside the repository",
    });
  io.stdout(
    args.json === true
      ? `${JSON.stringify({ file, path: keyPath ?? null, commits: entries }, null, 2)}\n`
      : renderLog(entries),
  );
  return 0;
}
