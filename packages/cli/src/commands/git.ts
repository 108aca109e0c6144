import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Command } from "commander";
import { type Io, type RunState } from "../io.js";
import { HushError } from "@hush/core/errors";

/** What `hush git setup` is given: its options. */
export interface GitSetupArgs {
  command?: string;
  attributesOnly?: boolean;
}

/** What `hush git textconv` is given: its positionals. */
export interface GitTextconvArgs {
  file: string;
}

/** What `hush git merge` is given: its positionals. */
export interface GitMergeArgs {
  base: string;
  ours: string;
  theirs: string;
  file?: string | undefined;
}

/** The running bin (`packages/cli/bin/hush.js`), from this module's place in `dist/commands/`. */
function runningBin(): string {
  return path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../bin/hush.js");
}

/** Quote for the POSIX shell git runs drivers with. */
function shellQuote(s: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, "'\\''")}'`;
}

/** Declares `hush git setup` and the drivers git calls: `hush git textconv`, `hush git merge`. */
export function register(program: Command, io: Io, state: RunState): void {
  const gitCmd = program
    .command("git")
    .description(
      "git integration: readable diffs (textconv) and value-by-value merges of encrypted files",
    )
    .addHelpText(
      "after",
      `
Examples:
  hush git setup                     .gitattributes for the policy's rules + this repo's git config
  hush git setup --command hush      use \`hush\` from PATH in the git config (for teams sharing a setup script)

Exit status:
  0  ok
  1  expected failure (not a git repository, no policy)
  2  usage or internal error`,
    );

  gitCmd
    .command("setup")
    .description(
      "write .gitattributes entries for files under rules and the git config of the hush diff and merge drivers",
    )
    .option("--command <CMD>", "how git should run hush (default: the absolute path of this hush)")
    .option(
      "--attributes-only",
      "only write .gitattributes (the git config is per clone: every teammate runs `hush git setup`)",
    )
    .addHelpText(
      "after",
      `
Writes a managed block in .gitattributes at the policy's folder (\`<glob> diff=hush merge=hush\` per rule
glob, plus every encrypted file no glob covers) and sets, in .git/config:
  diff.hush.textconv = <hush> git textconv      git diff / git log -p show decrypted values to key holders,
  diff.hush.cachetextconv = false               and "<encrypted:…>" tokens to everyone else
  merge.hush.name, merge.hush.driver = <hush> git merge %O %A %B %P
Run it again after changing rules; it replaces its own block only.

Examples:
  hush git setup
  git diff secrets/app.secret.yaml          # now shows the changed values (with a key)

Exit status:
  0  ok
  1  not a git repository, or no policy
  2  usage or internal error`,
    )
    .action(async (options: GitSetupArgs) => {
      state.exitCode = await gitSetupCommand(options, io);
    });

  gitCmd
    .command("textconv", { hidden: true })
    .description(
      "diff driver: print FILE decrypted (with a key) or with ciphertexts as stable tokens",
    )
    .argument("<FILE>")
    .action(async (file: string) => {
      state.exitCode = await gitTextconvCommand({ file }, io);
    });

  gitCmd
    .command("merge", { hidden: true })
    .description("merge driver: merge encrypted files value by value (git passes %O %A %B %P)")
    .argument("<BASE>")
    .argument("<OURS>")
    .argument("<THEIRS>")
    .argument("[PATH]")
    .action(async (base: string, ours: string, theirs: string, file: string | undefined) => {
      state.exitCode = await gitMergeCommand({ base, ours, theirs, file }, io);
    });
}

/** Runs `hush git setup`; resolves to the exit code, throws a HushError for a failure. */
export async function gitSetupCommand(args: GitSetupArgs, io: Io): Promise<number> {
  const { gitSetup } = await import("../team/git-setup.js");
  const command = args.command ?? shellQuote(runningBin());
  const result = await gitSetup(io.cwd, io.env, command, args.attributesOnly !== true, io.policy);
  io.stdout(
    `wrote ${result.attributesFile} (${result.patterns.length} pattern(s))\n` +
      (result.configured
        ? `configured git: diff.hush.textconv, merge.hush.driver → ${command}\n`
        : "") +
      result.skipped
        .map(
          (g) =>
            `note: rule glob ${g} cannot be written as a git attribute; its files are listed one by one\n`,
        )
        .join(""),
  );
  return 0;
}

/** Runs `hush git textconv`; resolves to the exit code, throws a HushError for a failure. */
export async function gitTextconvCommand(args: GitTextconvArgs, io: Io): Promise<number> {
  const { file } = args;
  const { textconv } = await import("../team/git-drivers.js");
  io.stdout(await textconv(io, file));
  return 0;
}

/** Runs `hush git merge`; resolves to the exit code, throws a HushError for a failure. */
export async function gitMergeCommand(args: GitMergeArgs, io: Io): Promise<number> {
  const { base, ours, theirs, file } = args;
  const { mergeFiles } = await import("../team/git-drivers.js");
  const where = file ?? ours;
  const outcome = await mergeFiles(io, { base, ours, theirs, path: where });
  for (const note of outcome.notes) io.stderr(`hush: ${note} (${where})\n`);
  if (outcome.conflicts.length === 0 && outcome.recipientConflict !== undefined) {
    // The merged values are written, wrapped for ours' recipients only: git marks it unmerged.
    throw new HushError("ERR_COMMAND", `${outcome.recipientConflict} (${where})`, {
      hint: `check who should read it, then \`git add ${where}\` (ours' recipients), or add a .hush.yaml rule and \`hush rekey ${where}\``,
    });
  }
  if (outcome.conflicts.length === 0) return 0;
  if (outcome.fallback !== undefined)
    throw new HushError(
      "ERR_COMMAND",
      `cannot merge ${where} value by value (${outcome.fallback}); the whole file is marked as a conflict`,
      {
        hint: `with a key (SOPS_AGE_KEY_FILE or --identity), rerun the merge; or keep one side and re-apply the other's change with \`hush edit ${where}\``,
      },
    );
  throw new HushError(
    "ERR_COMMAND",
    `conflicting changes to ${outcome.conflicts.join(", ")} (${where})`,
    {
      hint: `keep the "ours" line of each conflict (the file then decrypts), then set the value you want with \`hush edit ${where}\``,
    },
  );
}
