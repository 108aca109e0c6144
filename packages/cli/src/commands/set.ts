import type { Command } from "commander";
import type { Scalar, ValueType } from "@hush/core";
import { type Io, type RunState } from "../io.js";
import { HushError } from "@hush/core/errors";
import { collect } from "../lib/context.js";
import { DOC_HELP, DOC_OPTION, docIndex } from "../lib/document.js";
import type { EncryptionSpec } from "../lib/encryption.js";
import { formatList, hasTree } from "@hush/core/sniff";

interface SetOptions {
  generate?: boolean;
  /** Default "32" (commander gives it). */
  length?: string;
  /** Default "alnum". */
  charset?: string;
  show?: boolean;
  type?: string;
  age?: string[];
  inputType?: string;
  identity?: string[];
  doc?: string;
}

/** What `hush set` is given: its positionals and options. */
export interface SetArgs extends SetOptions {
  file: string;
  keyPathText: string;
  valueArg?: string | undefined;
}

const TYPES = ["str", "int", "float", "bool"];

/** The value as a typed scalar: a bool written as sops writes it, a number kept as typed. */
function typedValue(type: ValueType, text: string): Scalar {
  if (type !== "bool") return { type, text };
  if (/^(?:true|yes|on|t|1)$/i.test(text)) return { type, text: "True" };
  if (/^(?:false|no|off|f|0)$/i.test(text)) return { type, text: "False" };
  throw new HushError("ERR_USAGE", `${JSON.stringify(text)} is not a bool`, {
    hint: "use true or false",
  });
}

/** Declares `hush set FILE PATH [VALUE]`: one value, from stdin when omitted. */
export function register(program: Command, io: Io, state: RunState): void {
  program
    .command("set")
    .description(
      "set one value (read from stdin when VALUE is omitted); creates the file under its rule",
    )
    .argument("<file>", "encrypted file (created when missing, recipients from its rule)")
    .argument("<path>", 'key path: db.password, hosts[0], ["a.b"].c')
    .argument("[value]", "the value (prefer stdin: argv ends up in shell history and ps)")
    .option("--generate", "store a new random value instead (never printed unless --show)")
    .option("--length <n>", "length of a generated value", "32")
    .option("--charset <set>", "alnum, hex, base64 or symbols", "alnum")
    .option("--show", "print the generated value on stdout")
    .option("--type <type>", "value type: str, int, float or bool", "str")
    .option(
      "--age <recipients>",
      "recipients for a new file, comma-separated (instead of the policy rule)",
      (v: string, p: string[] | undefined) => [
        ...(p ?? []),
        ...v.split(",").filter((s) => s !== ""),
      ],
    )
    .option("--input-type <format>", `${formatList(hasTree)} (default: from the file name)`)
    .option("--identity <file>", "age identity file (repeatable; only these are used)", collect)
    .option(...DOC_OPTION)
    .addHelpText(
      "after",
      `
Examples:
  $ hush set secrets/app.secret.yaml db.password          # type the value, then Ctrl-D
  $ printf %s "$TOKEN" | hush set secrets/app.secret.yaml api.token
  $ hush set --generate --length 48 secrets/app.secret.yaml session.key
  $ hush set --type int secrets/app.secret.yaml db.port 5432
  $ hush set --doc 2 k8s/all.yaml stringData.token          # the second YAML document

A value read from stdin loses one trailing newline. Only the changed value, the MAC and
lastmodified change in the file.
${DOC_HELP}

Exit status:
  0  value set (or already had that value)
  1  no matching identity, MAC mismatch, path cannot be set, unreadable or read-only file
  2  usage error`,
    )
    .action(
      async (file: string, keyPathText: string, valueArg: string | undefined, opts: SetOptions) => {
        state.exitCode = await setCommand({ ...opts, file, keyPathText, valueArg }, io);
      },
    );
}

/** Runs `hush set`; resolves to the exit code, throws a HushError for a failure. */
export async function setCommand(args: SetArgs, io: Io): Promise<number> {
  const { file, keyPathText, valueArg } = args;
  if (args.generate === true && valueArg !== undefined) {
    throw new HushError("ERR_USAGE", "--generate and a VALUE exclude each other", {
      hint: "drop one of them",
    });
  }
  if (!TYPES.includes(args.type ?? "str")) {
    throw new HushError("ERR_USAGE", `unknown --type ${JSON.stringify(args.type)}`, {
      hint: `use one of ${TYPES.join(", ")}`,
    });
  }
  const { createContext } = await import("../lib/context.js");
  const { readText, writeAtomic, formatOf, exists } = await import("../lib/files.js");
  const { generateSecret, stripFinalNewline } = await import("../lib/secret.js");
  const core = await import("@hush/core");
  const path = await import("node:path");
  const ctx = createContext(io, args);
  const abs = ctx.abs(file);
  const keyPath = core.parseKeyPath(keyPathText);
  const doc = docIndex(args.doc);
  const shown = core.formatKeyPath(keyPath);
  let value: string;
  if (args.generate === true)
    value = generateSecret(Number(args.length ?? "32"), args.charset ?? "alnum");
  else if (valueArg !== undefined) value = valueArg;
  else value = stripFinalNewline(await io.readStdin());
  const scalar = typedValue((args.type ?? "str") as ValueType, value);
  const format = await formatOf(abs, args.inputType);

  const { withWriteLock } = await import("../lib/lock.js");
  const isNew = !(await exists(abs));
  let spec: EncryptionSpec | undefined;
  if (isNew) {
    // Checked before anything is created: no rule, no new folder.
    const { encryptionFor } = await import("../lib/encryption.js");
    spec = await encryptionFor(ctx, abs, args);
    // A missing folder is created, as `hush edit` does.
    const { mkdir } = await import("node:fs/promises");
    await mkdir(path.dirname(abs), { recursive: true });
  }
  await withWriteLock(io, abs, ctx.show(abs), async () => {
    // Checked again under the lock: another command may have created the file meanwhile.
    if (isNew && !(await exists(abs))) {
      if (doc !== undefined && doc > 0) {
        throw new HushError(
          "ERR_COMMAND",
          `${ctx.show(abs)} does not exist, so it has no document ${doc + 1}`,
          { hint: "create it with --doc 1 (or without --doc) first" },
        );
      }
      const { newDocument } = await import("../lib/newdoc.js");
      const plain = await newDocument(format, keyPath, scalar);
      await writeAtomic(abs, await core.encrypt(plain, { format, ...(spec ?? {}) }));
      io.stderr(`created ${ctx.show(abs)} with ${shown}\n`);
      return;
    }
    const text = await readText(abs);
    const result = await core.setValue(text, keyPath, scalar, {
      format,
      identities: await ctx.identities(),
      ...(await ctx.pin(abs)),
      ...(doc === undefined ? {} : { doc }),
    });
    if (result.text === text) io.stderr(`${shown} unchanged in ${ctx.show(abs)}\n`);
    else {
      await writeAtomic(abs, result.text);
      io.stderr(`set ${shown} in ${ctx.show(abs)}\n`);
    }
  });
  if (args.generate === true && args.show === true) io.stdout(`${value}\n`);
  return 0;
}
