import type { Command } from "commander";
import type { Io, RunState } from "../io.js";
import { collect } from "../lib/context.js";
import { DOC_HELP, DOC_OPTION, docIndex } from "../lib/document.js";
import { formatList, hasTree } from "@hush/core/sniff";

interface UnsetOptions {
  inputType?: string;
  identity?: string[];
  doc?: string;
}

/** What `hush unset` is given: its positionals and options. */
export interface UnsetArgs extends UnsetOptions {
  file: string;
  keyPathText: string;
}

/** Declares `hush unset FILE PATH`: remove one value. */
export function register(program: Command, io: Io, state: RunState): void {
  program
    .command("unset")
    .description("remove one value")
    .argument("<file>", "encrypted file")
    .argument("<path>", 'key path: db.password, hosts[0], ["a.b"].c')
    .option("--input-type <format>", `${formatList(hasTree)} (default: from the file name)`)
    .option("--identity <file>", "age identity file (repeatable; only these are used)", collect)
    .option(...DOC_OPTION)
    .addHelpText(
      "after",
      `
Examples:
  $ hush unset secrets/app.secret.yaml legacy.token
  $ hush unset --doc 2 k8s/all.yaml stringData.old
${DOC_HELP}

Exit status:
  0  value removed
  1  no such path, no matching identity, MAC mismatch, unreadable or read-only file
  2  usage error`,
    )
    .action(async (file: string, keyPathText: string, opts: UnsetOptions) => {
      state.exitCode = await unsetCommand({ ...opts, file, keyPathText }, io);
    });
}

/** Runs `hush unset`; resolves to the exit code, throws a HushError for a failure. */
export async function unsetCommand(args: UnsetArgs, io: Io): Promise<number> {
  const { file, keyPathText } = args;
  const { createContext } = await import("../lib/context.js");
  const { readText, writeAtomic, formatOf } = await import("../lib/files.js");
  const core = await import("@hush/core");
  const ctx = createContext(io, args);
  const abs = ctx.abs(file);
  const keyPath = core.parseKeyPath(keyPathText);
  const doc = docIndex(args.doc);
  const format = await formatOf(abs, args.inputType);
  const identities = await ctx.identities();
  const pin = await ctx.pin(abs);
  const { withWriteLock } = await import("../lib/lock.js");
  await withWriteLock(io, abs, ctx.show(abs), async () => {
    const text = await readText(abs);
    const result = await core.unsetValue(text, keyPath, {
      format,
      identities,
      ...pin,
      ...(doc === undefined ? {} : { doc }),
    });
    await writeAtomic(abs, result.text);
  });
  io.stderr(`removed ${core.formatKeyPath(keyPath)} from ${ctx.show(abs)}\n`);
  return 0;
}
