import type { Command } from "commander";
import type { Io, RunState } from "../io.js";
import { collect } from "../lib/context.js";

interface RotateOptions {
  all?: boolean;
  overdue?: boolean;
  json?: boolean;
  concurrency?: string;
  threads?: string;
  identity?: string[];
}

/** What `hush rotate` is given: its positionals and options. */
export interface RotateArgs extends RotateOptions {
  files: string[];
}

/** Declares `hush rotate`: a new data key per file, every value re-encrypted. */
export function register(program: Command, io: Io, state: RunState): void {
  program
    .command("rotate")
    .description(
      "new data key for each file, every value re-encrypted, wrapped for the policy's recipients",
    )
    .argument("[file...]", "encrypted files (or --all / --overdue)")
    .option("--all", "every encrypted file in the repo")
    .option("--overdue", "the files holding values older than their rule's max_age")
    .option("--json", "machine-readable result")
    .option("--concurrency <n>", "files processed at once", "4")
    .option("--threads <n>", "worker threads for the crypto (default: auto, 0 = none)")
    .option("--identity <file>", "age identity file (repeatable; only these are used)", collect)
    .addHelpText(
      "after",
      `
Examples:
  $ hush rotate secrets/app.secret.yaml
  $ hush rekey --all && hush rotate --all    # someone left the team
  $ hush rotate --overdue                    # files with values past max_age

The data key changes, so everyone who kept an old copy of it loses access; the plaintext values
stay the same (change the secrets themselves at their source if they may have leaked), so
status and report keep them overdue, and a reader who left stays a warning, until they change.
Files a rule covers are wrapped for the rule's recipients; others keep theirs.

Exit status:
  0  every file rotated
  1  a file could not be rotated (no matching identity, MAC mismatch, read-only)
  2  usage error`,
    )
    .action(async (files: string[], opts: RotateOptions) => {
      state.exitCode = await rotateCommand({ ...opts, files }, io);
    });
}

/** Runs `hush rotate`; resolves to the exit code, throws a HushError for a failure. */
export async function rotateCommand(args: RotateArgs, io: Io): Promise<number> {
  const { files } = args;
  const { HushError } = await import("@hush/core/errors");
  const { createContext } = await import("../lib/context.js");
  const { targetFiles, ruleRecipients, filePin } = await import("../lib/targets.js");
  const ctx = createContext(io, args);
  let targets;
  if (args.overdue === true) {
    if (files.length > 0 || args.all === true)
      throw new HushError("ERR_USAGE", "--overdue takes no FILE and no --all", {
        hint: "hush rotate --overdue",
      });
    const { scanRepo } = await import("../lib/repo.js");
    const { overdueValues, commandNow } = await import("../history.js");
    const scan = await scanRepo(ctx);
    const overdue = await overdueValues({
      root: scan.root,
      env: io.env,
      policy: io.policy,
      files: scan.encrypted.map((f) => f.rel),
      now: commandNow(io.env),
    });
    const wanted = new Set(overdue.map((o) => o.file));
    targets = scan.encrypted.filter((f) => wanted.has(f.rel));
  } else {
    targets = await targetFiles(ctx, files, args.all === true, "rotate");
  }
  const { rewriteFiles } = await import("../lib/rewrite.js");
  const { announcePolicy } = await import("../lib/encryption.js");
  const policy = await announcePolicy(ctx, args.json === true);
  const { done, failed } = await rewriteFiles(io, ctx, {
    op: "rotate",
    files: targets,
    spec: (f) => ruleRecipients(f) ?? filePin(f),
    concurrency: Number(args.concurrency) || 4,
    threads: args.threads,
    json: args.json === true,
  });
  if (args.json === true)
    io.stdout(`${JSON.stringify({ rotated: done, failed, policy }, null, 2)}\n`);
  else {
    for (const file of done) io.stdout(`rotated ${file}\n`);
    if (targets.length === 0) io.stderr("nothing to rotate\n");
  }
  return failed.length > 0 ? 1 : 0;
}
