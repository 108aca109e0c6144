import type { Command } from "commander";
import type { Io, RunState } from "../io.js";
import { collect } from "../lib/context.js";
import { addEncryptionOptions, type EncryptionFlags } from "../lib/encryption.js";
import { formatList, isWritable } from "@hush/core/sniff";

interface EncryptOptions extends EncryptionFlags {
  inPlace?: boolean;
  output?: string;
  inputType?: string;
  outputType?: string;
  identity?: string[];
}

/** What `hush encrypt` is given: its positionals and options. */
export interface EncryptArgs extends EncryptOptions {
  files: string[];
}

/** Declares `hush encrypt`: sops-compatible encryption with recipients from the policy or flags. */
export function register(program: Command, io: Io, state: RunState): void {
  const cmd = program
    .command("encrypt")
    .description(
      "encrypt files (stdout by default); recipients from the first matching .hush.yaml rule",
    )
    .argument("<file...>", "plaintext files to encrypt")
    .option("-i, --in-place", "replace each file by its encrypted version")
    .option("--output <file>", "write the result to FILE (one input file only)")
    .option("--input-type <format>", `${formatList()} (default: from the file name)`)
    .option(
      "--output-type <format>",
      `write another format than the input (${formatList(isWritable)})`,
    )
    .option(
      "--identity <file>",
      "age identity file (unused by encrypt; accepted for symmetry)",
      collect,
    );
  addEncryptionOptions(cmd).addHelpText(
    "after",
    `
Examples:
  $ hush encrypt -i secrets/app.secret.yaml
  $ hush encrypt config.json > config.enc.json
  $ hush encrypt --age age1abc…,age1def… --encrypted-regex '^(data|stringData)$' -i k8s/secret.yaml

Encrypting a file that is already encrypted is an error (use \`hush edit\`, \`hush set\` or \`hush rekey\`),
and so is encrypting .hush.yaml, .sops.yaml or .hushignore (no rule covers them).

Exit status:
  0  every file encrypted
  1  a file could not be read, parsed, matched to a rule or written (the others are still done)
  2  usage error`,
  );
  cmd.action(async (files: string[], opts: EncryptOptions) => {
    state.exitCode = await encryptCommand({ ...opts, files }, io);
  });
}

/** Runs `hush encrypt`; resolves to the exit code, throws a HushError for a failure. */
export async function encryptCommand(args: EncryptArgs, io: Io): Promise<number> {
  const { files } = args;
  const { HushError } = await import("@hush/core/errors");
  if (args.output !== undefined && files.length > 1) {
    throw new HushError("ERR_USAGE", "--output takes one input file", {
      hint: "encrypt several files with -i",
    });
  }
  if (args.output !== undefined && args.inPlace === true) {
    throw new HushError("ERR_USAGE", "--output and --in-place exclude each other", {
      hint: "choose one",
    });
  }
  const { createContext } = await import("../lib/context.js");
  const { encryptionFor } = await import("../lib/encryption.js");
  const { readBytes, writeAtomic, formatOf, parseFormat } = await import("../lib/files.js");
  const { runEach } = await import("../lib/each.js");
  const core = await import("@hush/core");
  const ctx = createContext(io);
  const { withWriteLock } = await import("../lib/lock.js");
  await runEach(io, files, async (file) => {
    const abs = ctx.abs(file);
    // In place, the read and the write happen under the file's lock: no other change is lost.
    if (args.inPlace === true) await withWriteLock(io, abs, ctx.show(abs), () => one(abs));
    else await one(abs);
  });

  async function one(abs: string): Promise<void> {
    const format = await formatOf(abs, args.inputType);
    const bytes = await readBytes(abs);
    const spec = await encryptionFor(ctx, abs, args);
    if (args.output !== undefined) core.assertNotPolicyFile(ctx.abs(args.output));
    let input: string | Uint8Array = format === "binary" ? bytes : bytes.toString("utf8");
    let outFormat = format;
    if (args.outputType !== undefined) {
      outFormat = parseFormat(args.outputType, "--output-type");
      if (outFormat !== format) {
        const { convertPlaintext } = await import("../lib/convert.js");
        input = await convertPlaintext(bytes.toString("utf8"), format, outFormat);
      }
    }
    const out = await core.encrypt(input, { format: outFormat, ...spec });
    if (args.inPlace === true) await writeAtomic(abs, out);
    else if (args.output !== undefined) await writeAtomic(ctx.abs(args.output), out);
    else io.stdout(out);
  }
  return 0;
}
