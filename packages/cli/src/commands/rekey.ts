import type { Command } from "commander";
import type { Io, RunState } from "../io.js";
import { collect } from "../lib/context.js";

interface RekeyOptions {
  all?: boolean;
  check?: boolean;
  json?: boolean;
  concurrency?: string;
  threads?: string;
  identity?: string[];
}

/** What `hush rekey` is given: its positionals and options. */
export interface RekeyArgs extends RekeyOptions {
  files: string[];
}

/** Declares `hush rekey`: re-wrap data keys for the recipients the policy names now. */
export function register(program: Command, io: Io, state: RunState): void {
  program
    .command("rekey")
    .description(
      "re-wrap each file's data key for the recipients its rule names now (values untouched)",
    )
    .argument("[file...]", "encrypted files (or --all)")
    .option("--all", "every encrypted file in the repo")
    .option(
      "--check",
      "only list files whose recipients differ from the policy; exit 1 if any (for CI)",
    )
    .option("--json", "machine-readable result")
    .option("--concurrency <n>", "files processed at once", "8")
    .option("--threads <n>", "worker threads for the crypto (default: auto, 0 = none)")
    .option("--identity <file>", "age identity file (repeatable; only these are used)", collect)
    .addHelpText(
      "after",
      `
Examples:
  $ hush rekey --all                 # after editing members/groups in .hush.yaml
  $ hush rekey --check               # in CI: fail when a file is out of date
  $ hush rekey --all && hush rotate --all   # someone left: they may have kept old data keys

Files without a rule are left alone. A file with a stanza for a recipient the policy does not name
(the sops.age list is not under the MAC) is reported with a hint to rotate: that reader may
already hold the data key, which re-wrapping does not change. Only the sops metadata changes (values and MAC keep their
ciphertext), so the diff is small. Run \`hush rotate\` as well when someone lost access.

Exit status:
  0  every file is up to date (or was re-keyed)
  1  --check found out-of-date files, or a file could not be re-keyed
  2  usage error`,
    )
    .action(async (files: string[], opts: RekeyOptions) => {
      state.exitCode = await rekeyCommand({ ...opts, files }, io);
    });
}

/** Runs `hush rekey`; resolves to the exit code, throws a HushError for a failure. */
export async function rekeyCommand(args: RekeyArgs, io: Io): Promise<number> {
  const { files } = args;
  const { createContext } = await import("../lib/context.js");
  const { targetFiles, ruleRecipients } = await import("../lib/targets.js");
  const { driftOf } = await import("../lib/repo.js");
  const core = await import("@hush/core");
  const ctx = createContext(io, args);
  const targets = await targetFiles(ctx, files, args.all === true, "rekey", args.check === true);
  const stale = targets.filter((f) => driftOf(core, f) !== undefined);
  // A stanza for a recipient the policy does not name: re-wrapping takes it away, but that reader
  // may already hold the data key, so only a new data key (rotate) shuts them out.
  const toRotate = stale.filter((f) => driftOf(core, f)?.fix === "rotate");
  const rotateHint = (): void => {
    if (toRotate.length === 0) return;
    io.stderr(
      `${toRotate.length} file${toRotate.length === 1 ? " wraps" : "s wrap"} the data key for a recipient the policy does not name (${toRotate.map((f) => `${f.rel}: ${(driftOf(core, f)?.extra ?? []).join(", ")}`).join("; ")}); that reader may already hold the data key: run \`hush rotate ${toRotate.map((f) => f.rel).join(" ")}\`\n`,
    );
  };
  const noRule = targets.filter((f) => f.rule === undefined).map((f) => f.rel);

  if (args.check === true) {
    if (args.json === true) {
      io.stdout(
        `${JSON.stringify({ outOfDate: stale.map((f) => ({ file: f.rel, ...driftOf(core, f) })), noRule }, null, 2)}\n`,
      );
    } else {
      for (const f of stale) io.stdout(`${f.rel}\n`);
      io.stderr(
        stale.length === 0
          ? `all ${targets.length} files match the policy\n`
          : `${stale.length} of ${targets.length} files are out of date; run \`hush rekey --all\`\n`,
      );
      rotateHint();
    }
    return stale.length > 0 ? 1 : 0;
  }

  const { rewriteFiles } = await import("../lib/rewrite.js");
  const { announcePolicy } = await import("../lib/encryption.js");
  const policy = await announcePolicy(ctx, args.json === true);
  const { done, failed } = await rewriteFiles(io, ctx, {
    op: "rekey",
    files: stale,
    spec: ruleRecipients,
    concurrency: Number(args.concurrency) || 8,
    threads: args.threads,
    json: args.json === true,
  });
  if (args.json === true) {
    io.stdout(
      `${JSON.stringify({ rekeyed: done, failed, upToDate: targets.length - stale.length - noRule.length, noRule, policy }, null, 2)}\n`,
    );
  } else {
    for (const file of done) io.stdout(`rekeyed ${file}\n`);
    const upToDate = targets.length - stale.length - noRule.length;
    const parts = [`${done.length} rekeyed`, `${upToDate} up to date`];
    if (noRule.length > 0) parts.push(`${noRule.length} without a rule (left alone)`);
    if (failed.length > 0) parts.push(`${failed.length} failed`);
    io.stderr(`${parts.join(", ")}\n`);
    rotateHint();
  }
  return failed.length > 0 ? 1 : 0;
}
