import type { Command } from "commander";
import type { Io, RunState } from "../io.js";
import { collect } from "../lib/context.js";
import { DOC_HELP, DOC_OPTION } from "../lib/document.js";
import { formatList } from "@hush/core/sniff";

interface GetOptions {
  json?: boolean;
  inputType?: string;
  identity?: string[];
  doc?: string;
}

/** What `hush get` is given: its positionals and options. */
export interface GetArgs extends GetOptions {
  file: string;
  keyPathText: string;
}

/** Declares `hush get FILE PATH`: one decrypted value. */
export function register(program: Command, io: Io, state: RunState): void {
  program
    .command("get")
    .description("print one decrypted value")
    .argument("<file>", "encrypted file")
    .argument("<path>", 'key path: db.password, hosts[0], ["a.b"].c')
    .option("--json", "print the value as JSON (strings quoted; maps and lists as JSON)")
    .option("--input-type <format>", `${formatList()} (default: from the file name)`)
    .option("--identity <file>", "age identity file (repeatable; only these are used)", collect)
    .option(...DOC_OPTION)
    .addHelpText(
      "after",
      `
Examples:
  $ hush get secrets/app.secret.yaml db.password
  $ PGPASSWORD="$(hush get secrets/app.secret.yaml db.password)" psql …
  $ hush get --json secrets/app.secret.yaml db
  $ hush get --doc 2 k8s/all.yaml stringData.token

A string is printed as is followed by a newline; a map or list as YAML (or JSON with --json).
${DOC_HELP}

Exit status:
  0  printed
  1  no such path, no matching identity, MAC mismatch or unreadable file
  2  usage error`,
    )
    .action(async (file: string, keyPathText: string, opts: GetOptions) => {
      state.exitCode = await getCommand({ ...opts, file, keyPathText }, io);
    });
}

/** Runs `hush get`; resolves to the exit code, throws a HushError for a failure. */
export async function getCommand(args: GetArgs, io: Io): Promise<number> {
  const { file, keyPathText } = args;
  const { createContext, decryptText } = await import("../lib/context.js");
  const { readText, formatOf } = await import("../lib/files.js");
  const { renderTree, scalarText } = await import("../lib/render.js");
  const { docIndex } = await import("../lib/document.js");
  const core = await import("@hush/core");
  const ctx = createContext(io, args);
  const abs = ctx.abs(file);
  const keyPath = core.parseKeyPath(keyPathText);
  const doc = docIndex(args.doc);
  const text = await readText(abs);
  const format = await formatOf(abs, args.inputType);
  const result = await decryptText(ctx, abs, text, format, doc);
  const value = core.getValue(result.tree, keyPath);
  if (args.json === true) {
    const nested = Array.isArray(value) || core.isPlainMap(value);
    io.stdout(`${core.plainJson(value, nested ? "  " : "")}\n`);
    return 0;
  }
  const scalar = scalarText(value);
  io.stdout(scalar !== undefined ? `${scalar}\n` : await renderTree(value, "yaml", format));
  return 0;
}
