import type { Command } from "commander";
import type { Io, RunState } from "../io.js";
import { collect } from "../lib/context.js";

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
}

/** Declares `hush decrypt`: reads sops files (age), MAC always verified. */
export function register(program: Command, io: Io, _state: RunState): void {
  program
    .command("decrypt")
    .description("decrypt files (stdout by default); the MAC is always verified")
    .argument("<file...>", "encrypted files")
    .option("-i, --in-place", "replace each file by its plaintext (careful: do not commit it)")
    .option("--output <file>", "write the result to FILE (one input file only)")
    .option(
      "--input-type <format>",
      "yaml, json, dotenv, ini or binary (default: from the file name)",
    )
    .option("--output-type <format>", "json, yaml, dotenv (sops name for --format)")
    .option("--extract <path>", 'only this value, sops syntax: \'["db"]["password"]\'')
    .option("--path <path>", "only this value, dot syntax: db.password, hosts[0]")
    .option(
      "--format <format>",
      "json, yaml, dotenv or k8s-secret (a Secret manifest with stringData)",
    )
    .option("--name <name>", "metadata.name for --format k8s-secret (default: from the file name)")
    .option("--namespace <ns>", "metadata.namespace for --format k8s-secret")
    .option("--identity <file>", "age identity file (repeatable; only these are used)", collect)
    .addHelpText(
      "after",
      `
Examples:
  $ hush decrypt secrets/app.secret.yaml
  $ hush decrypt --extract '["db"]["password"]' secrets/app.secret.yaml
  $ hush decrypt --path db.password secrets/app.secret.yaml
  $ hush decrypt --format k8s-secret --namespace prod secrets/app.secret.yaml | kubectl apply -f -
  $ SOPS_AGE_KEY_FILE=ci.key hush decrypt --format dotenv app.enc.json > .env

Exit status:
  0  decrypted
  1  not encrypted, no matching identity, MAC mismatch, missing path or unreadable file
  2  usage error`,
    )
    .action(async (files: string[], opts: DecryptOptions) => {
      const { CliFailure } = await import("../io.js");
      if (opts.output !== undefined && files.length > 1) {
        throw new CliFailure("--output takes one input file", "decrypt several files with -i", 2);
      }
      if (opts.extract !== undefined && opts.path !== undefined) {
        throw new CliFailure("--extract and --path exclude each other", "choose one", 2);
      }
      if (opts.format !== undefined && opts.outputType !== undefined) {
        throw new CliFailure("--format and --output-type exclude each other", "choose one", 2);
      }
      const { createContext, decryptText } = await import("../lib/context.js");
      const { readText, writeAtomic, formatOf } = await import("../lib/files.js");
      const { parseExportFormat, renderTree, scalarText, secretNameFor } =
        await import("../lib/render.js");
      const { runEach } = await import("../lib/each.js");
      const core = await import("@hush/core");
      const ctx = createContext(io, opts);
      const asOption = opts.format ?? opts.outputType;
      const as =
        asOption === undefined
          ? undefined
          : parseExportFormat(asOption, opts.format ? "--format" : "--output-type");
      const { withWriteLock } = await import("../lib/lock.js");
      await runEach(io, files, async (file) => {
        const abs = ctx.abs(file);
        if (opts.inPlace === true)
          await withWriteLock(io, abs, ctx.show(abs), () => one(file, abs));
        else await one(file, abs);
      });

      async function one(file: string, abs: string): Promise<void> {
        const text = await readText(abs);
        const format = await formatOf(abs, opts.inputType);
        const result = await decryptText(ctx, abs, text, format);
        const k8s = {
          name: opts.name ?? secretNameFor(file),
          ...(opts.namespace === undefined ? {} : { namespace: opts.namespace }),
        };
        let out: string | Uint8Array;
        const selector = opts.extract ?? opts.path;
        if (selector !== undefined) {
          const keyPath =
            opts.extract !== undefined
              ? core.parseExtractPath(selector)
              : core.parseKeyPath(selector);
          const value = core.getValue(result.tree, keyPath);
          const scalar = scalarText(value);
          out =
            scalar !== undefined && as === undefined
              ? scalar
              : await renderTree(value, as, format, k8s);
        } else if (as !== undefined && !(as === format)) {
          out = await renderTree(result.tree, as, format, k8s);
        } else {
          out = format === "binary" && result.bytes !== undefined ? result.bytes : result.text;
        }
        if (opts.inPlace === true) await writeAtomic(abs, out);
        else if (opts.output !== undefined) await writeAtomic(ctx.abs(opts.output), out);
        else if (typeof out === "string") io.stdout(out);
        else if (io.stdoutBytes !== undefined) io.stdoutBytes(out);
        else io.stdout(Buffer.from(out).toString("utf8"));
      }
    });
}
