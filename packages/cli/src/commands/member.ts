import type { Command } from "commander";
import type { Io, RunState } from "../io.js";

interface AddOptions {
  github?: string;
  githubUrl?: string;
}

interface RefreshOptions {
  yes?: boolean;
  check?: boolean;
}

/** What `hush member add` is given: its positionals and options. */
export interface MemberAddArgs extends AddOptions {
  name: string;
  keys: string[];
}

/** What `hush member refresh` is given: its positionals and options. */
export interface MemberRefreshArgs extends RefreshOptions {
  names: string[];
}

/** Declares `hush member add|refresh`: members by key, or by the ssh keys a git host publishes. */
export function register(program: Command, io: Io, state: RunState): void {
  const member = program
    .command("member")
    .description(
      "add members to .hush.yaml by key or by their GitHub handle, and refresh fetched keys",
    );
  member
    .command("add")
    .description("add a member: age1…/ssh keys given, or the ssh keys GitHub publishes for a user")
    .argument("<NAME>", "the member name")
    .argument("[KEY...]", "age1…, age1<plugin>1… or ssh public key lines (quote each)")
    .option(
      "--github <USER>",
      "fetch USER's published ssh keys (<base>/<USER>.keys), pinned with today's date",
    )
    .option(
      "--github-url <BASE>",
      "the git host (GitHub Enterprise); default https://github.com or HUSH_GITHUB_URL",
    )
    .addHelpText(
      "after",
      `
Examples:
  $ hush member add alice --github alice
  $ hush member add ci age1…
  $ hush member add bob "ssh-ed25519 AAAA… bob@laptop"

Then run \`hush rekey --all\` so the new member can read their files.`,
    )
    .action(async (name: string, keys: string[], opts: AddOptions) => {
      state.exitCode = await memberAddCommand({ ...opts, name, keys }, io);
    });
  member
    .command("refresh")
    .description(
      "fetch again the keys of members added with --github; show what changed before writing",
    )
    .argument("[NAME...]", "members to refresh (default: every fetched member)")
    .option("--yes", "write the changes without asking")
    .option("--check", "only show the changes; exit 1 when there are any")
    .action(async (names: string[], opts: RefreshOptions) => {
      state.exitCode = await memberRefreshCommand({ ...opts, names }, io);
    });
}

/** Runs `hush member add`; resolves to the exit code, throws a HushError for a failure. */
export async function memberAddCommand(args: MemberAddArgs, io: Io): Promise<number> {
  const { name, keys } = args;
  const { addMember } = await import("../lib/members.js");
  await addMember(io, name, keys, args);
  return 0;
}

/** Runs `hush member refresh`; resolves to the exit code, throws a HushError for a failure. */
export async function memberRefreshCommand(args: MemberRefreshArgs, io: Io): Promise<number> {
  const { names } = args;
  const { refreshMembers } = await import("../lib/members.js");
  return refreshMembers(io, names, args);
}
