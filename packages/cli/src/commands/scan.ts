import type { Command } from "commander";
import { type Io, type RunState } from "../io.js";
import { HushError, isHushError } from "@hush/core/errors";
import type * as Guard from "@hush/pre-commit";

interface ScanOptions {
  staged?: boolean;
  history?: boolean | string;
  since?: string;
  baseline?: string;
  json?: boolean;
  sarif?: boolean;
  listRules?: boolean;
  threads?: string;
}

/** What `hush scan` is given: its positionals and options. */
export interface ScanArgs extends ScanOptions {
  paths: string[];
}

/** Declares `hush scan`: the guard's checks by hand, on the working tree or (`--staged`) the index. */
export function register(program: Command, io: Io, state: RunState): void {
  program
    .command("scan")
    .description("find plaintext secrets and policy problems (what the pre-commit guard checks)")
    .argument(
      "[paths...]",
      "files or folders to scan (default: the whole repository; outside git, this folder)",
    )
    .option("--staged", "check what is staged for commit, exactly as the pre-commit hook does")
    .option(
      "--history [range]",
      "every line each commit added (default: all of HEAD's history; or a range such as main..HEAD)",
    )
    .option(
      "--since <ref>",
      "the commits after REF up to HEAD, with every check the guard makes (for CI)",
    )
    .option("--baseline <file>", "report only findings not in FILE (a previous --json report)")
    .option("--json", "findings as JSON")
    .option("--sarif", "findings as SARIF 2.1.0 (GitHub code scanning)")
    .option("--list-rules", "list the detector's and the guard's rules and exit")
    .option(
      "--threads <n>",
      "worker threads for the detector (default: one per spare core with 4+ cores, 0 = none)",
    )
    .addHelpText(
      "after",
      `
Checks, for each file:
  - a file a .hush.yaml rule covers must be encrypted, with every value its rule requires;
  - an encrypted file's structure, MAC (when an age identity is available) and recipients;
  - credentials (cloud, VCS, payment, chat, AI providers, private keys, connection strings…).
--history reads the lines every commit added (one git log -p), each finding with its
commit, author and date. --since REF checks the commits REF..HEAD as actions/scan does:
the detector on every commit, the policy and sops checks on every file they change, under
the stronger of REF's and HEAD's configuration.
Without --staged it reads the working tree: every file under the paths that git does not
ignore, tracked or not; outside a git repository, every file under them (policy checks
where a .hush.yaml is found). With --staged it reads the index (the staged content),
looking for credentials only in the lines the commit adds; there a staged change to
.hush.yaml, .sops.yaml or .hushignore that weakens the guard counts only once committed.

Not a secret? Add "hush:allow" to the line (or the line above), or add the printed
fingerprint line to .hushignore.

Examples:
  $ hush scan                         # every file git does not ignore
  $ hush scan ~/Downloads/configs     # a folder outside any repository
  $ hush scan config/ .env.example    # some files and folders
  $ hush scan --staged                # what the pre-commit hook would say
  $ hush scan --history --json > known.json   # what history already holds
  $ hush scan --history --baseline known.json # only what is new since then
  $ hush scan --since origin/main     # a CI job: the commits of this branch
  $ hush scan --sarif > hush.sarif    # upload with github/codeql-action/upload-sarif

Exit status:
  0  nothing found
  1  findings
  2  usage error, or the scan could not run (unreadable policy, git failure)`,
    )
    .action(async (paths: string[], opts: ScanOptions) => {
      state.exitCode = await scanCommand({ ...opts, paths }, io);
    });
}

/** Runs `hush scan`; resolves to the exit code, throws a HushError for a failure. */
export async function scanCommand(args: ScanArgs, io: Io): Promise<number> {
  const { paths } = args;
  if (args.json === true && args.sarif === true)
    throw new HushError("ERR_USAGE", "--json and --sarif cannot be combined", {
      hint: "pick one output format",
    });
  const modes = [args.staged === true, args.history !== undefined, args.since !== undefined];
  if (modes.filter(Boolean).length > 1)
    throw new HushError("ERR_USAGE", "--staged, --history and --since cannot be combined", {
      hint: "pick one thing to scan",
    });
  if (args.since !== undefined && paths.length > 0)
    throw new HushError("ERR_USAGE", "--since checks whole commits and takes no paths", {
      hint: "drop the paths, or use --history RANGE -- PATH…",
    });
  if (args.staged === true && paths.length > 0) {
    throw new HushError("ERR_USAGE", "--staged checks the whole index and takes no paths", {
      hint: "stage what you want checked, or drop --staged",
    });
  }
  const guard = await import("@hush/pre-commit");
  if (args.listRules === true) {
    const { listRules } = await import("@hush/core/scan");
    const rules = [
      ...guard.GUARD_RULES.map((r) => ({ id: r.id, description: r.description })),
      ...listRules(),
    ];
    if (args.json === true) io.stdout(`${JSON.stringify(rules, null, 2)}\n`);
    else for (const r of rules) io.stdout(`${r.id.padEnd(34)} ${r.description}\n`);
    return 0;
  }
  let baseline: Set<string> | undefined;
  if (args.baseline !== undefined) baseline = await readBaseline(guard, io, args.baseline);
  let report;
  const { progress, progressShown } = await import("../lib/format.js");
  let bar: ReturnType<typeof progress> | undefined;
  const label = args.history === undefined ? "scanning files" : "scanning commits";
  const quiet = args.json === true || args.sarif === true;
  // --staged is the hook's quick check and --since a CI job: progress for the long scans only, and
  // only where a line is drawn (counting commits for it costs a walk of history).
  const onProgress =
    args.staged === true || args.since !== undefined || !progressShown(io, { quiet })
      ? undefined
      : (done: number, total: number | undefined, bytes: number): void => {
          bar ??= progress(io, label, total ?? 0, { quiet });
          bar.to(done, bytes);
        };
  try {
    const where = { cwd: io.cwd, env: io.env, ...(onProgress && { onProgress }) };
    if (args.staged === true) report = await guard.checkStaged(where);
    else if (args.since !== undefined)
      report = await guard.checkRange({ ...where, base: args.since, head: "HEAD" });
    else if (args.history !== undefined)
      report = await guard.checkHistory({
        ...where,
        revs: typeof args.history === "string" ? [args.history] : [],
        paths,
      });
    else {
      const { scanThreads } = await import("../lib/workers.js");
      const threads = await scanThreads(args.threads);
      report = await guard.checkWorkingTree({ ...where, paths, ...(threads && { threads }) });
    }
  } catch (err) {
    if (isHushError(err) && err.code === "ERR_REVISION") throw err;
    if (isHushError(err))
      throw new HushError("ERR_USAGE", err.message, {
        hint: err.hint ?? "fix the policy or the file named above",
      });
    const why = err instanceof Error ? err.message : String(err);
    if (/not a git repository/i.test(why))
      throw new HushError("ERR_USAGE", `not a git repository (${io.cwd})`, {
        hint: "run hush scan inside a git checkout",
      });
    throw new HushError("ERR_USAGE", `the scan could not run: ${why}`, {
      hint: "run it again with a clean git state; if it persists, report it",
    });
  } finally {
    bar?.done();
  }
  if (baseline !== undefined) guard.applyBaseline(report, baseline, args.baseline ?? "");
  if (args.sarif === true) {
    const { listRules } = await import("@hush/core/scan");
    io.stdout(guard.formatSarif(report, listRules()));
  } else if (args.json === true) {
    io.stdout(guard.formatJson(report));
  } else {
    io.stdout(guard.formatText(report, { color: io.isTTY && io.env.NO_COLOR === undefined }));
  }
  return report.findings.length > 0 ? 1 : 0;
}

/** The findings of a previous `--json` report, or a usage failure naming what is wrong. */
async function readBaseline(guard: typeof Guard, io: Io, file: string): Promise<Set<string>> {
  const { readFile } = await import("node:fs/promises");
  const path = await import("node:path");
  let text: string;
  try {
    text = await readFile(path.resolve(io.cwd, file), "utf8");
  } catch {
    throw new HushError("ERR_USAGE", `cannot read the baseline ${file}`, {
      hint: "write one with hush scan --json > FILE",
    });
  }
  try {
    return guard.parseBaseline(text);
  } catch (err) {
    if (isHushError(err) && err.code === "ERR_BASELINE")
      throw new HushError("ERR_BASELINE", `${err.message} (${file})`);
    throw err;
  }
}
