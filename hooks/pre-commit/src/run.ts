/**
 * `hush-pre-commit`: the hook entry. Checks the staged index and returns the exit code:
 * 0 clean, 1 findings (commit blocked), 2 error (commit blocked too: a guard that cannot run must not pass).
 */
import { parseArgs } from "node:util";
import { describeFailure, ERROR_INFO, failureText } from "@hush/core/errors";
import { readStagedChanges } from "./staged.js";

/** What the hook may touch of the outside world; only `bin/hush-pre-commit.js` builds one from `process`. */
export interface HookIo {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
  isTTY: boolean;
}

const HELP = `Usage: hush-pre-commit [--json | --sarif]

Checks what is staged for commit (the index, not the working tree) and blocks the commit when:
  - a file that a .hush.yaml rule covers is staged unencrypted, or with a value in plaintext
    that its rules say must be encrypted;
  - an encrypted file's MAC does not verify (checked when an age identity is available),
    its structure is broken, or its recipients differ from the policy;
  - a credential appears in the lines the commit adds (text in UTF-8, UTF-16 or UTF-32,
    and whatever an encrypted file leaves in clear);
  - the commit weakens the guard's own configuration (.hush.yaml, .sops.yaml, .hushignore)
    together with other files: such a change counts only once committed, so commit it alone.

Options:
  --json     findings as JSON on stdout
  --sarif    findings as SARIF 2.1.0 on stdout
  -h, --help this help

Not a secret? Add "hush:allow" to the line (or the line above), or add the printed
fingerprint line to .hushignore.

Install: hush hook install   (or husky: .husky/pre-commit, or pre-commit: id hush-guard)

Exit status:
  0  nothing found
  1  findings: the commit is blocked
  2  the guard could not run: the commit is blocked
`;

/** Run the guard on the index of the repository at `io.cwd`; returns the exit code. */
export async function run(argv: readonly string[], io: HookIo): Promise<number> {
  let values: { json?: boolean; sarif?: boolean; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        json: { type: "boolean" },
        sarif: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
      allowPositionals: false,
      strict: true,
    }));
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    io.stderr(failureText("hush-pre-commit", { message, hint: "see hush-pre-commit --help" }));
    return ERROR_INFO.ERR_USAGE.exit;
  }
  if (values.help === true) {
    io.stdout(HELP);
    return 0;
  }
  try {
    // Start git first: the diff runs in its own process while the checks' modules load.
    const changes = readStagedChanges(io.cwd);
    changes.catch(() => undefined); // awaited below; avoid an unhandled rejection meanwhile
    const { checkStaged } = await import("./guard.js");
    const { formatJson, formatSarif, formatText } = await import("./report.js");
    const report = await checkStaged({ cwd: io.cwd, env: io.env }, changes);
    if (values.sarif === true) {
      const { listRules } = await import("@hush/core/scan");
      io.stdout(formatSarif(report, listRules()));
    } else if (values.json === true) {
      io.stdout(formatJson(report));
    } else {
      const text = formatText(report, { color: io.isTTY && io.env.NO_COLOR === undefined });
      // Clean runs stay quiet apart from notes; findings go to stderr, where git shows hook output.
      if (report.findings.length > 0) io.stderr(text);
      else if (report.notes.length > 0) io.stderr(text.split("\n").slice(1).join("\n"));
    }
    return report.findings.length > 0 ? 1 : 0;
  } catch (err) {
    const f = describeFailure(err);
    io.stderr(
      failureText("hush-pre-commit", {
        message: `the guard could not run, so the commit is blocked: ${f.message} [${f.code}]`,
        hint: "fix the cause (run `hush scan --staged` to see it again); if the guard itself is broken, report it",
      }),
    );
    return 2;
  }
}
