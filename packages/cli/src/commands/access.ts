import type { Command } from "commander";
import { type Io, type RunState } from "../io.js";
import { HushError } from "@hush/core/errors";
import type { MemberAccess } from "../team/access-render.js";
import type { TeamView } from "../team/team-view.js";

interface AccessOptions {
  json?: boolean;
  member?: string;
}

/** What `hush access` is given: its positionals and options. */
export interface AccessArgs extends AccessOptions {
  paths: string[];
}

/** Declares `hush access`: who can read what, by policy and in fact, and the drift between. */
export function register(program: Command, io: Io, state: RunState): void {
  program
    .command("access")
    .description(
      "who can read each encrypted file: the policy's members and groups, the recipients in its metadata, and drift",
    )
    .argument("[PATH...]", "files or folders to look at (default: the whole repository)")
    .option("--json", "print the access matrix as JSON")
    .option(
      "--member <NAME>",
      "list what one member (or an age1… key) can read, by policy and in fact",
    )
    .addHelpText(
      "after",
      `
Drift:
  missing  granted by the policy but not in the file's metadata: cannot read it yet (run \`hush rekey\`)
  extra    in the metadata but not granted: can still read it (run \`hush rekey\`, then \`hush rotate\`)

Off-boarding (someone leaves):
  1. remove them from \`members\` (and groups) in .hush.yaml
  2. hush rekey --all        re-wraps every data key for the recipients the policy names now
  3. hush rotate FILE…       new data keys: they may have kept the old ones (rotate every file they could read)
  \`hush access\` and \`hush report\` warn about files a removed key could read in some commit that were
  never rotated since.

Examples:
  hush access                       the matrix for every encrypted file
  hush access k8s/prod --json       one folder, as JSON
  hush access --member bob          everything bob can read

Exit status:
  0  no drift and no stale access
  1  drift, a stale former reader, or an expected failure (no policy, unknown member)
  2  usage or internal error`,
    )
    .action(async (paths: string[], options: AccessOptions) => {
      state.exitCode = await accessCommand({ ...options, paths }, io);
    });
}

/** Runs `hush access`; resolves to the exit code, throws a HushError for a failure. */
export async function accessCommand(args: AccessArgs, io: Io): Promise<number> {
  const { paths } = args;
  const { loadTeamView } = await import("../team/team-view.js");
  const { renderAccess, renderMember } = await import("../team/access-render.js");
  const view = await loadTeamView(io.cwd, io.env, paths, { history: true, policy: io.policy });
  if (args.member !== undefined) {
    const result = memberAccess(view, args.member);
    if (result === undefined)
      throw new HushError("ERR_COMMAND", `unknown member ${args.member} (${view.ctx.policyFile})`, {
        hint: "use a name from `members`, or an age1… key",
      });
    io.stdout(args.json === true ? `${JSON.stringify(result, null, 2)}\n` : renderMember(result));
    return result.stale.length > 0 ? 1 : 0;
  }
  io.stdout(
    args.json === true
      ? `${JSON.stringify({ root: view.ctx.root, policy: view.ctx.policyFile, members: view.members, files: view.access, stale: view.stale }, null, 2)}\n`
      : renderAccess(view),
  );
  const drift = view.access.some((a) => a.drift.missing.length + a.drift.extra.length > 0);
  return drift || view.stale.length > 0 ? 1 : 0;
}

/** What one member can read; undefined when nobody by that name or key is known, now or in history. */
function memberAccess(view: TeamView, who: string): MemberAccess | undefined {
  const { core, policy } = view.ctx;
  let keys = policy.members.get(who);
  if (keys === undefined && core.isRecipient(who)) keys = [core.canonicalRecipient(who)];
  if (keys === undefined) {
    const former = [...view.names].filter(([, name]) => name === who).map(([k]) => k);
    if (former.length > 0) keys = former;
  }
  if (keys === undefined) return undefined;
  const recipients = keys;
  const name = view.names.get(recipients[0] ?? "") ?? who;
  const mine = (list: readonly string[]): boolean => list.some((r) => recipients.includes(r));
  return {
    member: name,
    recipients,
    kinds: recipients.map((r) => core.recipientKind(r) ?? "unknown"),
    inPolicy: policy.members.has(name),
    byPolicy: view.access
      .filter((a) => a.encrypted && mine(a.policy.recipients))
      .map((a) => a.file),
    inMetadata: view.access.filter((a) => mine(a.actual.recipients)).map((a) => a.file),
    stale: view.stale.filter((s) => recipients.includes(s.recipient)),
  };
}
