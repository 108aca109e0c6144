import type { Command } from "commander";
import { CliFailure, type Io, type RunState } from "../io.js";

interface VerifyOptions {
  json?: boolean;
}

/** Declares `hush audit verify FILE`: check the hash chain of an audit log written by the action. */
export function register(program: Command, io: Io, state: RunState): void {
  const audit = program
    .command("audit")
    .description("check audit logs written by the decrypt action")
    .addHelpText(
      "after",
      `
Examples:
  $ hush audit verify .hush/audit.jsonl

Exit status:
  0  ok
  1  a chain is broken or a log cannot be read
  2  usage error
`,
    );

  audit
    .command("verify")
    .description("verify the hash chain of a JSON-lines audit log: edits, deletions and reordering")
    .argument("<file>", "the audit log (JSON lines)")
    .option("--json", "print the result as one JSON object")
    .addHelpText(
      "after",
      `
Each record carries its sequence number, the hash of the record before it and its own hash.
An edited record no longer matches its hash; a deleted, inserted or moved record breaks a link.
Removing records from the end is not visible in the chain: compare the last hash with the one the
action printed (output audit-hash, job summary).

Examples:
  $ hush audit verify .hush/audit.jsonl
  $ git show hush-audit:audit.jsonl > audit.jsonl && hush audit verify audit.jsonl --json

Exit status:
  0  the chain is intact
  1  the chain is broken (each problem on its own line) or the file cannot be read
  2  usage error
`,
    )
    .action(async (file: string, options: VerifyOptions) => {
      const fs = await import("node:fs/promises");
      const path = await import("node:path");
      const core = await import("@hush/core");
      let text: string;
      try {
        text = await fs.readFile(path.resolve(io.cwd, file), "utf8");
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code ?? "error";
        throw new CliFailure(`cannot read the audit log (${file}: ${code})`, "check the path");
      }
      const result = core.verifyChain(text);
      const last = result.ok ? lastHash(text) : undefined;
      if (options.json === true) {
        io.stdout(
          `${JSON.stringify({ file, ...result, ...(last === undefined ? {} : { head: last }) })}\n`,
        );
      } else if (result.ok) {
        io.stdout(
          `${file}: chain intact, ${result.records} record${result.records === 1 ? "" : "s"}` +
            `${last === undefined ? "" : `, head ${last}`}\n`,
        );
      } else {
        for (const p of result.problems) io.stdout(`${file}:${p.line}: ${p.kind}: ${p.message}\n`);
        io.stderr(
          `hush: audit chain broken: ${result.problems.length} problem${result.problems.length === 1 ? "" : "s"} in ${result.records} record${result.records === 1 ? "" : "s"} (${file})\n`,
        );
      }
      if (!result.ok) state.exitCode = 1;
    });
}

/** The hash of the last record of a verified log, the value to compare with an external anchor. */
function lastHash(text: string): string | undefined {
  const lines = text.split("\n").filter((l) => l.trim() !== "");
  const last = lines.at(-1);
  if (last === undefined) return undefined;
  const parsed = JSON.parse(last) as { hash?: unknown };
  return typeof parsed.hash === "string" ? parsed.hash : undefined;
}
