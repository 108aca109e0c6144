import { readFileSync } from "node:fs";
import { Command, CommanderError } from "commander";
import type { Io, RunState } from "./io.js";
import { reportFailure } from "./lib/errors.js";
import { register as registerInit } from "./commands/init.js";
import { register as registerKeygen } from "./commands/keygen.js";
import { register as registerEncrypt } from "./commands/encrypt.js";
import { register as registerDecrypt } from "./commands/decrypt.js";
import { register as registerEdit } from "./commands/edit.js";
import { register as registerSet } from "./commands/set.js";
import { register as registerGet } from "./commands/get.js";
import { register as registerUnset } from "./commands/unset.js";
import { register as registerRotate } from "./commands/rotate.js";
import { register as registerRekey } from "./commands/rekey.js";
import { register as registerExec } from "./commands/exec.js";
import { register as registerStatus } from "./commands/status.js";
import { register as registerAccess } from "./commands/access.js";
import { register as registerGit } from "./commands/git.js";
import { register as registerLog } from "./commands/log.js";
import { register as registerReport } from "./commands/report.js";
import { register as registerScan } from "./commands/scan.js";
import { register as registerHook } from "./commands/hook.js";
import { register as registerAudit } from "./commands/audit.js";
import { register as registerPolicy } from "./commands/policy.js";
import { register as registerMember } from "./commands/member.js";

export type { Io, RunState } from "./io.js";

/**
 * Each command module exports `<verb>Command(args, io) → exit code`, the command itself (a plain
 * function: tests call it in process), and `register(program, io, state)`, its declaration only
 * (options, help, examples; the action hands commander's arguments to the function). The function
 * imports its heavy dependencies (`@hush/core`, age, yaml) lazily, so `hush --help` stays fast.
 */
const COMMANDS: Readonly<Record<string, typeof registerInit>> = {
  init: registerInit,
  keygen: registerKeygen,
  encrypt: registerEncrypt,
  decrypt: registerDecrypt,
  edit: registerEdit,
  set: registerSet,
  get: registerGet,
  unset: registerUnset,
  rotate: registerRotate,
  rekey: registerRekey,
  exec: registerExec,
  status: registerStatus,
  access: registerAccess,
  git: registerGit,
  log: registerLog,
  report: registerReport,
  scan: registerScan,
  hook: registerHook,
  audit: registerAudit,
  policy: registerPolicy,
  member: registerMember,
};

const HELP_AFTER = `
Examples:
  $ hush init                                  # .hush.yaml + an identity, prints your public key
  $ hush encrypt -i secrets/app.secret.yaml    # encrypt in place, recipients from the policy
  $ hush edit secrets/app.secret.yaml          # edit in $EDITOR, re-encrypt only what changed
  $ hush get secrets/app.secret.yaml db.password
  $ hush exec secrets/app.secret.yaml -- ./server
  $ hush rekey --all && hush rotate --all      # after someone leaves the team

Identities are found like sops finds them: SOPS_AGE_KEY, SOPS_AGE_KEY_FILE, SOPS_AGE_KEY_CMD,
<config dir>/sops/age/keys.txt, ~/.ssh/id_ed25519, ~/.ssh/id_rsa, SOPS_AGE_SSH_PRIVATE_KEY_FILE,
plus HUSH_AGE_KEY, HUSH_AGE_KEY_FILE and --identity FILE (an age keys file, protected or not, or
an ssh private key). Passphrases and plugin PINs are asked on the terminal.
Colour only on a terminal, never with NO_COLOR.

Exit status:
  0  success
  1  expected failure or findings (wrong key, bad file, drift, out-of-date files)
  2  usage error or internal error
`;

/**
 * Help wraps at 80 columns at most (narrower on a narrower terminal). At exactly this width the
 * build renders every help page once (dist/bundle/help.json), and the bin prints those pages
 * without loading commander.
 */
export const HELP_WIDTH = 80;

function version(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as {
      version?: string;
    };
    return pkg.version ?? "0.0.0";
  } catch {
    return "0.0.0";
  }
}

/**
 * The `hush` program; `state` receives each run's exit code. When `only` names a command, just that
 * one is declared (what a run of it needs; a dozen declarations cost a few ms of every start);
 * otherwise all of them (help, suggestions for a mistyped name).
 */
function buildProgram(io: Io, state: RunState, only?: string): Command {
  const program = new Command("hush")
    .description("Secrets in git, encrypted with age, compatible with sops.")
    .exitOverride()
    .configureOutput({
      writeOut: io.stdout,
      writeErr: io.stderr,
      getOutHelpWidth: () => Math.min(io.columns ?? HELP_WIDTH, HELP_WIDTH),
      getErrHelpWidth: () => HELP_WIDTH,
      // commander's "error: …" becomes our one-line `hush: …` plus a hint.
      outputError: (str, write) => {
        const line = str.trim().replace(/^error: /, "");
        write(`hush: ${line}\nhint: see \`hush --help\` or \`hush <command> --help\`\n`);
      },
    })
    .showSuggestionAfterError(true)
    .version(version(), "-V, --version", "print the version")
    .option(
      "--policy <file>",
      "the policy file to use (default: the nearest .hush.yaml or .sops.yaml up to the repository root; env HUSH_POLICY)",
    )
    .helpOption("-h, --help", "show help")
    .addHelpText("after", HELP_AFTER);
  program.helpCommand("help [command]", "show help for a command");
  // Commands read the policy through `io`: hand them the global option before they run.
  program.hook("preAction", () => {
    const named = program.opts<{ policy?: string }>().policy;
    if (named !== undefined) io.policy = named;
  });
  const one = only === undefined ? undefined : COMMANDS[only];
  for (const register of one === undefined ? Object.values(COMMANDS) : [one])
    register(program, io, state);
  // Subcommands inherit exitOverride/configureOutput only when set before creation; make sure of it.
  for (const cmd of program.commands) {
    cmd.exitOverride();
    cmd.configureOutput(program.configureOutput());
  }
  return program;
}

/** Parse argv, run one command, return the exit code (0 ok, 1 expected failure/findings, 2 usage or internal). */
export async function run(argv: readonly string[], io: Io): Promise<number> {
  const state: RunState = { exitCode: 0, argv };
  const first = argv[0];
  // A copy per run: `--policy` is recorded on it, never on the caller's object.
  const runIo: Io = { ...io };
  const program = buildProgram(
    runIo,
    state,
    first !== undefined && Object.hasOwn(COMMANDS, first) ? first : undefined,
  );
  try {
    await program.parseAsync([...argv], { from: "user" });
    return state.exitCode;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode === 0 ? 0 : 2;
    return reportFailure(err, runIo);
  }
}

/**
 * Every help page at HELP_WIDTH, as `hush --help` and `hush <command> --help` print them on a pipe or
 * a wide terminal, keyed by command name and alias ("" for the program), plus the version line.
 * The build stores them so the bin answers help without loading commander; a test holds the two equal.
 */
export async function helpPages(): Promise<{ pages: Record<string, string>; version: string }> {
  const quiet = (write: (s: string) => void): Io => ({
    stdout: write,
    stderr: write,
    readStdin: () => Promise.resolve(""),
    env: {},
    cwd: "",
    execPath: "",
    isTTY: false,
  });
  const capture = async (argv: string[]): Promise<string> => {
    let out = "";
    const code = await run(
      argv,
      quiet((s) => void (out += s)),
    );
    if (code !== 0) throw new Error(`hush ${argv.join(" ")} exited ${code}`);
    return out;
  };
  const pages: Record<string, string> = { "": await capture(["--help"]) };
  const names = buildProgram(
    quiet(() => {}),
    { exitCode: 0 },
  ).commands.flatMap((c) => [c.name(), ...c.aliases()]);
  for (const name of names) pages[name] = await capture([name, "--help"]);
  return { pages, version: await capture(["--version"]) };
}
