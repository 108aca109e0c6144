import type { Command } from "commander";
import { type Io, type RunState } from "../io.js";
import { HushError } from "@hush/core/errors";

interface ReportOptions {
  format: string;
}

/** What `hush report` is given: its positionals and options. */
export interface ReportArgs extends ReportOptions {
  paths: string[];
}

/** Declares `hush report`: the compliance report (Markdown or JSON). */
export function register(program: Command, io: Io, state: RunState): void {
  program
    .command("report")
    .description(
      "compliance report: encrypted files and value paths, who can read each, last change and author, rotation status, plaintext files under rules, drift",
    )
    .argument("[PATH...]", "files or folders to cover (default: the whole repository)")
    .option("--format <md|json>", "output format", "md")
    .addHelpText(
      "after",
      `
Never prints a value: ages come from the commit that wrote each value's current ciphertext (hush
keeps ciphertexts of unchanged values, and \`hush rotate\` re-encrypts all of them). Set HUSH_NOW to
an ISO date to judge rotation "as of" another day.

Off-boarding: remove the member from .hush.yaml, run \`hush rekey --all\`, then \`hush rotate\` every
file they could read; the report lists files a removed key could read that were never rotated since.

Examples:
  hush report > audit.md
  hush report --format json | jq '.summary'
  hush report k8s/prod

Exit status:
  0  no findings
  1  findings (overdue values, drift, plaintext files under rules, stale former readers) or an expected failure
  2  usage or internal error`,
    )
    .action(async (paths: string[], options: ReportOptions) => {
      state.exitCode = await reportCommand({ ...options, paths }, io);
    });
}

/** Runs `hush report`; resolves to the exit code, throws a HushError for a failure. */
export async function reportCommand(args: ReportArgs, io: Io): Promise<number> {
  const { paths } = args;
  if (args.format !== "md" && args.format !== "json")
    throw new HushError("ERR_USAGE", `unknown format ${args.format} (--format)`, {
      hint: "use --format md or --format json",
    });
  const { loadTeamView } = await import("../team/team-view.js");
  const { buildReport, hasFindings } = await import("../team/report-model.js");
  const { commandNow } = await import("../history.js");
  const { progress } = await import("../lib/format.js");
  let bar: ReturnType<typeof progress> | undefined;
  const view = await loadTeamView(io.cwd, io.env, paths, {
    history: true,
    policy: io.policy,
    files: (n) => (bar = progress(io, "reading history", n, { quiet: args.format === "json" })),
    onFile: () => bar?.tick(),
  });
  bar?.done();
  const report = buildReport(view, commandNow(io.env));
  if (args.format === "json") io.stdout(`${JSON.stringify(report, null, 2)}\n`);
  else {
    const { renderReportMarkdown } = await import("../team/report-render.js");
    io.stdout(renderReportMarkdown(report));
  }
  return hasFindings(report) ? 1 : 0;
}
