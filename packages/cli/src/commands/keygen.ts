import type { Command } from "commander";
import type { Io, RunState } from "../io.js";

interface KeygenOptions {
  output?: string;
  pq?: boolean;
  passphrase?: boolean;
}

/** Declares `hush keygen`: a new age identity in age-keygen's layout. */
export function register(program: Command, io: Io, _state: RunState): void {
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
    .action(async (opts: KeygenOptions) => {
      const { generateIdentity, formatIdentityFile } = await import("@hush/core");
      const { identity, recipient } = await generateIdentity({ pq: opts.pq === true });
      let text = formatIdentityFile(identity, recipient, new Date());
      if (opts.passphrase === true) {
        const { askNewPassphrase } = await import("../lib/identityfile.js");
        const { askerOf } = await import("../lib/terminal.js");
        const { protectIdentityFile } = await import("@hush/core");
        const ask = askerOf(io);
        text = await protectIdentityFile(text, await askNewPassphrase((p) => ask(p)));
      }
      if (opts.output === undefined) {
        io.stdout(text);
        if (!io.isTTY) io.stderr(`Public key: ${recipient}\n`);
        return;
      }
      const path = await import("node:path");
      const { writeNewIdentityFile } = await import("../lib/identityfile.js");
      await writeNewIdentityFile(path.resolve(io.cwd, opts.output), text);
      io.stderr(`Public key: ${recipient}\n`);
    });
}
