import type { Command } from "commander";
import type { Io, RunState } from "../io.js";

/** What `hush keygen` is given: its options. */
export interface KeygenArgs {
  output?: string;
  pq?: boolean;
  passphrase?: boolean;
}

/** Declares `hush keygen`: a new age identity in age-keygen's layout. */
export function register(program: Command, io: Io, state: RunState): void {
  program
    .command("keygen")
    .description("generate a new age identity (like age-keygen)")
    .option("-o, --output <file>", "write the identity to FILE (mode 0600; never overwrites)")
    .option("--pq", "post-quantum hybrid identity (age1pq1… recipient)")
    .option(
      "--passphrase",
      "protect the identity with a passphrase, asked on the terminal (like age -p; age -d opens it)",
    )
    .addHelpText(
      "after",
      `
Examples:
  $ hush keygen -o ~/.config/sops/age/keys.txt   # the default place sops and hush look
  $ hush keygen --pq -o pq.txt                  # a post-quantum hybrid identity
  $ hush keygen > key.txt                       # to stdout, like age-keygen
  $ hush keygen --passphrase -o ~/.config/sops/age/keys.txt   # asked once per command that needs it

With -o the public key is printed on stderr ("Public key: age1…").

Exit status:
  0  identity written
  1  the file exists already or cannot be written
  2  usage error`,
    )
    .action(async (opts: KeygenArgs) => {
      state.exitCode = await keygenCommand(opts, io);
    });
}

/** Runs `hush keygen`; resolves to the exit code, throws a HushError for a failure. */
export async function keygenCommand(args: KeygenArgs, io: Io): Promise<number> {
  const { generateIdentity, formatIdentityFile } = await import("@hush/core");
  const { identity, recipient } = await generateIdentity({ pq: args.pq === true });
  let text = formatIdentityFile(identity, recipient, new Date());
  if (args.passphrase === true) {
    const { askNewPassphrase } = await import("../lib/identityfile.js");
    const { askerOf } = await import("../lib/terminal.js");
    const { protectIdentityFile } = await import("@hush/core");
    const ask = askerOf(io);
    text = await protectIdentityFile(text, await askNewPassphrase((p) => ask(p)));
  }
  if (args.output === undefined) {
    io.stdout(text);
    if (!io.isTTY) io.stderr(`Public key: ${recipient}\n`);
    return 0;
  }
  const path = await import("node:path");
  const { writeNewIdentityFile } = await import("../lib/identityfile.js");
  await writeNewIdentityFile(path.resolve(io.cwd, args.output), text);
  io.stderr(`Public key: ${recipient}\n`);
  return 0;
}
