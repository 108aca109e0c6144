import type { Command } from "commander";
import type { Io, RunState } from "../io.js";
import { collect } from "../lib/context.js";
import { DOC_HELP, DOC_OPTION } from "../lib/document.js";
import { formatList } from "@hush/core/sniff";

interface ExecOptions {
  file?: boolean;
  /** Default "{}" (commander gives it). */
  placeholder?: string;
  /** Default "HUSH_FILE". */
  fileEnv?: string;
  prefix?: string;
  override?: boolean;
  inputType?: string;
  identity?: string[];
  allowUnauthenticated?: boolean;
  allowNames?: string;
  doc?: string;
}

/** What `hush exec` is given: the files, the command to run and the options. */
export interface ExecArgs extends ExecOptions {
  files: string[];
  /** The program and its arguments (what follows `--`). */
  command: string[];
}

/** Declares `hush exec FILE… -- CMD ARGS`: run a program with decrypted values in its environment. */
export function register(program: Command, io: Io, state: RunState): void {
  program
    .command("exec")
    .description(
      "run CMD with the decrypted values as environment variables (or a temp file with --file)",
    )
    .argument("<file-and-command...>", "FILE… -- CMD [ARGS…]")
    .option(
      "--file",
      "write the plaintext to a 0600 temp file instead; its path replaces {} in ARGS and is in $HUSH_FILE",
    )
    .option("--placeholder <text>", "the text replaced by the temp file path in --file mode", "{}")
    .option("--file-env <name>", "variable holding the temp file path in --file mode", "HUSH_FILE")
    .option("--prefix <prefix>", "prepend this to every variable name (e.g. APP_)")
    .option("--no-override", "keep variables already set in the environment")
    .option(
      "--allow-names <regex>",
      "names to allow although a reserved family holds them (a regex matching the whole name)",
    )
    .option("--input-type <format>", `${formatList()} (default: from the file name)`)
    .option("--identity <file>", "age identity file (repeatable; only these are used)", collect)
    .option(
      "--allow-unauthenticated",
      "also pass values the MAC does not cover (left in clear in a mac_only_encrypted file)",
    )
    .option(DOC_OPTION[0], `${DOC_OPTION[1]}`)
    .addHelpText(
      "after",
      `
Examples:
  $ hush exec secrets/app.secret.env -- ./server --port 8080
  $ hush exec secrets/db.secret.yaml -- sh -c 'psql "postgres://app:$db_password@db/app"'
  $ hush exec --file secrets/tls.secret.yaml -- ./tool --config {}

Nested keys are joined with _ (db.password → db_password); a Kubernetes Secret manifest gives its
data (decoded) and stringData keys. Names must be valid environment variable names outside the
families that make programs run code or send traffic elsewhere (PATH, LD_*, NODE_OPTIONS, GIT_*,
*_PROXY…; --allow-names opens all but the shell, loader, runner and key-discovery ones).
Comments are never exported. Later files win.${DOC_HELP}
The command never sees the identity: SOPS_AGE_KEY, SOPS_AGE_KEY_FILE, SOPS_AGE_KEY_CMD,
SOPS_AGE_SSH_PRIVATE_KEY_FILE, HUSH_AGE_KEY, HUSH_AGE_KEY_FILE (and any other SOPS_AGE_* or
HUSH_AGE_* variable) are removed from its environment.
Values the MAC does not cover (in clear in a file with mac_only_encrypted: anyone who can write
the file can add or change them) are left out and named on stderr, unless --allow-unauthenticated.
The command's exit status is passed through; SIGINT/SIGTERM/SIGHUP are forwarded to it.

Exit status:
  the command's own exit status (128+n when it is killed by signal n)
  1  a file could not be decrypted or a name is not a valid variable name (the command did not run)
  2  usage error`,
    )
    .action(async (_args: string[], opts: ExecOptions) => {
      // The raw argv: commander cannot tell FILEs from the command once `--` is gone.
      const { files, command } = splitArgs(state.argv ?? []);
      state.exitCode = await execCommand({ ...opts, files, command }, io);
    });
}

/** Runs `hush exec`; resolves to the exit code, throws a HushError for a failure. */
export async function execCommand(args: ExecArgs, io: Io): Promise<number> {
  const { files, command } = args;
  const { HushError } = await import("@hush/core/errors");
  if (files.length === 0 || command.length === 0) {
    throw new HushError("ERR_USAGE", "exec needs FILE… -- CMD", {
      hint: "example: hush exec secrets/app.secret.env -- ./server",
    });
  }
  const { createContext } = await import("../lib/context.js");
  const { readText, formatOf } = await import("../lib/files.js");
  const core = await import("@hush/core");
  const ctx = createContext(io, args);
  const identities = await ctx.identities();
  const { docIndex } = await import("../lib/document.js");
  const doc = docIndex(args.doc);
  // The program gets the values, never the identity that opens every other file.
  const { withoutIdentities } = await import("@hush/core/node");
  const env = withoutIdentities(io.env);
  const allow =
    args.allowNames === undefined
      ? undefined
      : core.compileAllowNames(args.allowNames, "--allow-names");
  let fileText: string | Uint8Array | undefined;
  for (const file of files) {
    const abs = ctx.abs(file);
    const format = await formatOf(abs, args.inputType);
    const result = await core.decrypt(await readText(abs), {
      format,
      identities,
      ...(await ctx.pin(abs)),
      ...(doc === undefined ? {} : { doc }),
    });
    const unauthenticated = result.values
      .filter((v) => !v.authenticated)
      .map((v) => core.formatKeyPath(v.keyPath));
    if (args.file === true) {
      if (files.length > 1)
        throw new HushError("ERR_USAGE", "--file takes one FILE", {
          hint: "run hush exec --file once per file",
        });
      // The file is handed over whole, so a value the MAC does not cover cannot be left out of it.
      if (unauthenticated.length > 0 && args.allowUnauthenticated !== true)
        throw new HushError(
          "ERR_COMMAND",
          `${ctx.show(abs)} holds values the MAC does not cover: ${unauthenticated.join(", ")}`,
          {
            hint: "anyone who can write the file can set them; pass --allow-unauthenticated to use them anyway",
          },
        );
      fileText = format === "binary" && result.bytes !== undefined ? result.bytes : result.text;
      continue;
    }
    if (args.allowUnauthenticated !== true && unauthenticated.length > 0) {
      io.stderr(
        `hush: left out ${unauthenticated.length} value${unauthenticated.length === 1 ? "" : "s"} the MAC does not cover (${ctx.show(abs)}): ${unauthenticated.join(", ")}\nhint: anyone who can write the file can set them; pass --allow-unauthenticated to use them anyway\n`,
      );
    }
    // The prefix is glued on as given (`--prefix APP_` → APP_DB_PASSWORD), then the whole name checked.
    const pairs = core.exportPairs(result, {
      prefix: args.prefix,
      allowUnauthenticated: args.allowUnauthenticated === true,
    });
    for (const { name, value } of pairs) {
      core.assertEnvName(name, { allow });
      if (value.includes("\0")) {
        throw new HushError(
          "ERR_COMMAND",
          `cannot export ${name}: its value holds a NUL character`,
          { hint: "an environment variable cannot hold one" },
        );
      }
      if (args.override === false && io.env[name] !== undefined) continue;
      env[name] = value;
    }
  }
  const { runChild } = await import("../lib/child.js");
  if (fileText === undefined) {
    return runChild(io, command, env);
  }
  const { plaintextTempDir } = await import("@hush/core/node");
  const { writeFile } = await import("node:fs/promises");
  const path = await import("node:path");
  // The user names this variable on the command line: only its spelling is checked.
  const fileEnv = args.fileEnv ?? "HUSH_FILE";
  if (core.envNameRefusal(fileEnv)?.family === "syntax") {
    throw new HushError(
      "ERR_USAGE",
      `--file-env ${JSON.stringify(fileEnv)} is not a variable name`,
      { hint: "use letters, digits and _" },
    );
  }
  const tmp = await plaintextTempDir("exec", io.env);
  try {
    const tmpFile = path.join(tmp.dir, path.basename(files[0] as string));
    await writeFile(tmpFile, fileText, { mode: 0o600, flag: "wx" });
    env[fileEnv] = tmpFile;
    const argv = command.map((a) => a.split(args.placeholder ?? "{}").join(tmpFile));
    return await runChild(io, argv, env);
  } finally {
    await tmp.cleanup();
  }
}

/** The files are the arguments after `exec` up to `--`, options excluded; the command follows `--`. */
function splitArgs(argv: readonly string[]): { files: string[]; command: string[] } {
  const execAt = argv.indexOf("exec");
  const dashAt = argv.indexOf("--", execAt + 1);
  const before = argv.slice(execAt + 1, dashAt === -1 ? argv.length : dashAt);
  const files: string[] = [];
  const valued = new Set([
    "--placeholder",
    "--file-env",
    "--prefix",
    "--input-type",
    "--identity",
    "--allow-names",
    "--policy",
    "--doc",
  ]);
  for (let i = 0; i < before.length; i++) {
    const a = before[i] as string;
    if (valued.has(a)) i++;
    else if (!a.startsWith("-")) files.push(a);
  }
  return { files, command: dashAt === -1 ? [] : argv.slice(dashAt + 1) };
}
