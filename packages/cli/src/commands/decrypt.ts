import type { Command } from "commander";
import type { Io, RunState } from "../io.js";
import { collect } from "../lib/context.js";
import { DOC_HELP, DOC_OPTION } from "../lib/document.js";
import { formatList, isWritable } from "@hush/core/sniff";

interface DecryptOptions {
  inPlace?: boolean;
  output?: string;
  inputType?: string;
  outputType?: string;
  extract?: string;
  path?: string;
  format?: string;
  name?: string;
  namespace?: string;
  identity?: string[];
  allowNames?: string;
  allowUnauthenticated?: boolean;
  doc?: string;
}

/** What `hush decrypt` is given: its positionals and options. */
export interface DecryptArgs extends DecryptOptions {
  files: string[];
}

/** Declares `hush decrypt`: reads sops files (age), MAC always verified. */
export function register(program: Command, io: Io, state: RunState): void {
  program
    .command("decrypt")
    .description("decrypt files (stdout by default); the MAC is always verified")
    .argument("<file...>", "encrypted files")
    .option("-i, --in-place", "replace each file by its plaintext (careful: do not commit it)")
    .option("--output <file>", "write the result to FILE (one input file only)")
    .option("--input-type <format>", `${formatList()} (default: from the file name)`)
    .option("--output-type <format>", `${formatList(isWritable)} (sops name for --format)`)
    .option("--extract <path>", 'only this value, sops syntax: \'["db"]["password"]\'')
    .option("--path <path>", "only this value, dot syntax: db.password, hosts[0]")
    .option(
      "--format <format>",
      `${formatList(isWritable).replace(" or ", ", ")} or k8s-secret (dotenv: NAME='value' lines that bash, dotenv and compose read alike)`,
    )
    .option("--name <name>", "metadata.name for --format k8s-secret (default: from the file name)")
    .option("--namespace <ns>", "metadata.namespace for --format k8s-secret")
    .option(
      "--allow-names <regex>",
      "for --format dotenv: names to allow although a reserved family holds them (whole-name regex)",
    )
    .option(
      "--allow-unauthenticated",
      "for --format dotenv and k8s-secret: also export values the MAC does not cover",
    )
    .option("--identity <file>", "age identity file (repeatable; only these are used)", collect)
    .option(DOC_OPTION[0], `${DOC_OPTION[1]}; without it, the whole file`)
    .addHelpText(
      "after",
      `
Examples:
  $ hush decrypt secrets/app.secret.yaml
  $ hush decrypt --extract '["db"]["password"]' secrets/app.secret.yaml
  $ hush decrypt --path db.password secrets/app.secret.yaml
  $ hush decrypt --format k8s-secret --namespace prod secrets/app.secret.yaml | kubectl apply -f -
  $ SOPS_AGE_KEY_FILE=ci.key hush decrypt --format dotenv app.enc.json > .env
  $ hush decrypt --doc 2 --path stringData.token k8s/all.yaml

--format dotenv writes NAME='value' lines that bash (set -a; . file), the dotenv package and
docker compose all read back exactly; names that could make a later program run code (PATH,
LD_*, NODE_OPTIONS, GIT_*, proxies…) and values no quoting keeps exact (line breaks) are refused.
--format k8s-secret keeps a Secret manifest as it is (name, namespace, labels, type, data),
without its comments; any other file becomes a Secret named after the file (app.secret.yaml → app).
${DOC_HELP} With --doc and no path, that document alone is printed.

Exit status:
  0  decrypted
  1  not encrypted, no matching identity, MAC mismatch, missing path or unreadable file
  2  usage error`,
    )
    .action(async (files: string[], opts: DecryptOptions) => {
      state.exitCode = await decryptCommand({ ...opts, files }, io);
    });
}

/** Runs `hush decrypt`; resolves to the exit code, throws a HushError for a failure. */
export async function decryptCommand(args: DecryptArgs, io: Io): Promise<number> {
  const { files } = args;
  const { HushError } = await import("@hush/core/errors");
  if (args.output !== undefined && files.length > 1) {
    throw new HushError("ERR_USAGE", "--output takes one input file", {
      hint: "decrypt several files with -i",
    });
  }
  if (args.extract !== undefined && args.path !== undefined) {
    throw new HushError("ERR_USAGE", "--extract and --path exclude each other", {
      hint: "choose one",
    });
  }
  if (args.format !== undefined && args.outputType !== undefined) {
    throw new HushError("ERR_USAGE", "--format and --output-type exclude each other", {
      hint: "choose one",
    });
  }
  const { createContext, decryptText } = await import("../lib/context.js");
  const { readText, writeAtomic, formatOf } = await import("../lib/files.js");
  const { parseExportFormat, renderTree, scalarText } = await import("../lib/render.js");
  const { runEach } = await import("../lib/each.js");
  const core = await import("@hush/core");
  const ctx = createContext(io, args);
  const { docIndex } = await import("../lib/document.js");
  const doc = docIndex(args.doc);
  if (doc !== undefined && args.inPlace === true) {
    throw new HushError("ERR_USAGE", "--doc and -i exclude each other", {
      hint: "decrypt one document to stdout",
    });
  }
  const asOption = args.format ?? args.outputType;
  const as =
    asOption === undefined
      ? undefined
      : parseExportFormat(asOption, args.format ? "--format" : "--output-type");
  const { withWriteLock } = await import("../lib/lock.js");
  const allow =
    args.allowNames === undefined
      ? undefined
      : core.compileAllowNames(args.allowNames, "--allow-names");
  await runEach(io, files, async (file) => {
    const abs = ctx.abs(file);
    if (args.inPlace === true) await withWriteLock(io, abs, ctx.show(abs), () => one(file, abs));
    else await one(file, abs);
  });

  async function one(file: string, abs: string): Promise<void> {
    const text = await readText(abs);
    const format = await formatOf(abs, args.inputType);
    const result = await decryptText(ctx, abs, text, format, doc);
    let out: string | Uint8Array;
    const selector = args.extract ?? args.path;
    const keyPath =
      selector === undefined
        ? []
        : args.extract !== undefined
          ? core.parseExtractPath(selector)
          : core.parseKeyPath(selector);
    if (selector === undefined && as === undefined && doc === undefined) {
      // The whole file: only the text (the tree and value list are never built).
      await emit(
        abs,
        format === "binary" && result.bytes !== undefined ? result.bytes : result.text,
      );
      return;
    }
    const value = core.getValue(result.tree, keyPath);
    // The exports work on the value list (exact texts, no comments), below the selection.
    const source = {
      tree: value,
      doc: result.doc,
      values: result.values
        .filter((v) => keyPath.every((k, i) => v.keyPath[i] === k))
        .map((v) => ({ ...v, keyPath: v.keyPath.slice(keyPath.length) })),
    };
    const allowUnauthenticated = args.allowUnauthenticated === true;
    const left = source.values.filter((v) => !v.authenticated);
    if ((as === "dotenv" || as === "k8s-secret") && !allowUnauthenticated && left.length > 0) {
      io.stderr(
        `hush: left out ${left.length} value${left.length === 1 ? "" : "s"} the MAC does not cover (${file}): ${left.map((v) => core.formatKeyPath(v.keyPath)).join(", ")}\nhint: anyone who can write the file can set them; pass --allow-unauthenticated to export them anyway\n`,
      );
    }
    if (as === "dotenv") {
      out = core.renderDotenvExport(core.exportPairs(source, { allowUnauthenticated }), {
        allow,
      });
    } else if (as === "k8s-secret") {
      out = core.renderSecret(source, {
        file,
        name: args.name,
        namespace: args.namespace,
        allowUnauthenticated,
      });
    } else if (selector !== undefined) {
      const scalar = scalarText(value);
      out = scalar !== undefined && as === undefined ? scalar : await renderTree(value, as, format);
    } else if ((as !== undefined && as !== format) || doc !== undefined) {
      out = await renderTree(result.tree, as, format);
    } else {
      out = format === "binary" && result.bytes !== undefined ? result.bytes : result.text;
    }
    await emit(abs, out);
  }

  /** Where the plaintext goes: the file itself (-i), --output, else stdout (bytes as bytes). */
  async function emit(abs: string, out: string | Uint8Array): Promise<void> {
    if (args.inPlace === true) await writeAtomic(abs, out);
    else if (args.output !== undefined) await writeAtomic(ctx.abs(args.output), out);
    else if (typeof out === "string") io.stdout(out);
    else if (io.stdoutBytes !== undefined) io.stdoutBytes(out);
    else io.stdout(Buffer.from(out).toString("utf8"));
  }
  return 0;
}
