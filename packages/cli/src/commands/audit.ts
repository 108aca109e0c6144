import type { Command } from "commander";
import { type Io, type RunState } from "../io.js";
import { HushError } from "@hush/core/errors";

interface VerifyOptions {
  json?: boolean;
  keyFile?: string;
}

/** What `hush audit verify` is given: its positionals and options. */
export interface AuditVerifyArgs extends VerifyOptions {
  file: string;
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
    .description(
      "verify the hash chain of a JSON-lines audit log: edits, deletions, reordering and, with the audit key, each record's MAC",
    )
    .argument("<file>", "the audit log (JSON lines)")
    .option("--json", "print the result as one JSON object")
    .option(
      "--key-file <file>",
      "the audit key (the action's audit-key) in a file; or set HUSH_AUDIT_KEY",
    )
    .addHelpText(
      "after",
      `
Each record carries its sequence number, the hash of the record before it and its own hash.
An edited record no longer matches its hash; a deleted, inserted or moved record breaks a link.
Anyone who can write the log can re-chain it, though: give the audit key (HUSH_AUDIT_KEY, or
--key-file) and every record must also carry a MAC of its hash under that key; a record without
one (unauthenticated) or with another key's (wrong-key, or re-chained) is reported by line.
Removing records from the end is not visible in the chain: compare the last hash with the one the
action printed (output audit-hash, job summary) and kept outside the repository.

Examples:
  $ HUSH_AUDIT_KEY="$AUDIT_KEY" hush audit verify .hush/audit.jsonl
  $ hush audit verify --key-file audit.key .hush/audit.jsonl
  $ git show hush-audit:audit.jsonl > audit.jsonl && hush audit verify audit.jsonl --json

Exit status:
  0  the chain is intact (and every record authenticated, when a key is given)
  1  the chain is broken or a record is not authenticated (each problem on its own line), or the
     file cannot be read
  2  usage error
`,
    )
    .action(async (file: string, options: VerifyOptions) => {
      state.exitCode = await auditVerifyCommand({ ...options, file }, io);
    });
}

/** Runs `hush audit verify`; resolves to the exit code, throws a HushError for a failure. */
export async function auditVerifyCommand(args: AuditVerifyArgs, io: Io): Promise<number> {
  const { file } = args;
  const fs = await import("node:fs/promises");
  const path = await import("node:path");
  const core = await import("@hush/core");
  let text: string;
  try {
    text = await fs.readFile(path.resolve(io.cwd, file), "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? "error";
    throw new HushError("ERR_COMMAND", `cannot read the audit log (${file}: ${code})`, {
      hint: "check the path",
    });
  }
  let key: string | undefined;
  if (args.keyFile !== undefined) {
    try {
      key = (await fs.readFile(path.resolve(io.cwd, args.keyFile), "utf8")).trim();
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code ?? "error";
      throw new HushError("ERR_COMMAND", `cannot read the audit key (${args.keyFile}: ${code})`, {
        hint: "check the path",
      });
    }
  } else {
    key = io.env["HUSH_AUDIT_KEY"]?.trim();
  }
  if (key === "") {
    throw new HushError("ERR_USAGE", "the audit key is empty", {
      hint: "give the key the action's audit-key holds",
    });
  }
  const result = core.verifyChain(text, { key });
  const last = result.ok ? lastHash(text) : undefined;
  if (args.json === true) {
    io.stdout(
      `${JSON.stringify({ file, ...result, authenticated: result.ok && key !== undefined, ...(last === undefined ? {} : { head: last }) })}\n`,
    );
  } else if (result.ok) {
    io.stdout(
      `${file}: chain intact, ${result.records} record${result.records === 1 ? "" : "s"}` +
        `${key === undefined ? "" : ", every record authenticated with the key"}` +
        `${last === undefined ? "" : `, head ${last}`}\n`,
    );
    if (key === undefined && result.macs > 0) {
      io.stderr(
        `hush: ${result.macs} record${result.macs === 1 ? " carries a MAC" : "s carry MACs"} not checked\nhint: give the audit key (HUSH_AUDIT_KEY or --key-file) to check them: without it a re-chained log looks intact\n`,
      );
    }
  } else {
    for (const p of result.problems) io.stdout(`${file}:${p.line}: ${p.kind}: ${p.message}\n`);
    io.stderr(
      `hush: audit chain broken: ${result.problems.length} problem${result.problems.length === 1 ? "" : "s"} in ${result.records} record${result.records === 1 ? "" : "s"} (${file})\n`,
    );
  }
  return result.ok ? 0 : 1;
}

/** The hash of the last record of a verified log, the value to compare with an external anchor. */
function lastHash(text: string): string | undefined {
  const lines = text.split("\n").filter((l) => l.trim() !== "");
  const last = lines.at(-1);
  if (last === undefined) return undefined;
  const parsed = JSON.parse(last) as { hash?: unknown };
  return typeof parsed.hash === "string" ? parsed.hash : undefined;
}
