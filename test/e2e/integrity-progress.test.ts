/**
 * Progress on a terminal (issue 13 item 14): multi-file commands (rekey, rotate, status, report,
 * scan) draw a progress line on stderr once they have run for a second, on a terminal only: never
 * on a pipe, never with --json (or scan's --sarif), never in CI (CI=true). The terminal is a real pty (util-linux `script`); HUSH_PROGRESS_AFTER_MS=0
 * shows the line without waiting, so nothing here depends on timing.
 */
import { spawnSync } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createKeyedRepo, type KeyedRepo } from "../helpers/keyed-repo.js";
import { HUSH_BIN, hushEnv } from "../helpers/hush.js";
import { generateIdentity } from "@hush/core";

const hasScript = spawnSync("script", ["--version"], { encoding: "utf8" }).status === 0;
if (!hasScript)
  console.warn("skipping progress tests: util-linux `script` (a pty) is not installed");

const quote = (s: string): string => `'${s.replaceAll("'", "'\\''")}'`;

describe.skipIf(!hasScript)("progress lines", () => {
  let repo: KeyedRepo;
  beforeAll(async () => {
    repo = await createKeyedRepo();
    for (let i = 0; i < 4; i++) {
      await repo.write(`secrets/f${i}.yaml`, `token: value-${i}\n`);
      expect((await repo.hush(["encrypt", "-i", `secrets/f${i}.yaml`])).code).toBe(0);
    }
  });
  afterAll(async () => {
    await repo.cleanup();
  });

  /**
   * Run hush on a pty; what the terminal showed (stdout and stderr together). `stdoutTo`: a file
   * stdout is redirected to (stderr stays on the terminal).
   */
  const onTerminal = (
    args: string[],
    extra: Record<string, string> = {},
    stdoutTo?: string,
  ): { code: number | null; out: string } => {
    const cmd = [process.execPath, HUSH_BIN, ...args].map(quote).join(" ");
    const r = spawnSync(
      "script",
      ["-qec", stdoutTo === undefined ? cmd : `${cmd} > ${quote(stdoutTo)}`, "/dev/null"],
      {
        cwd: repo.dir,
        env: hushEnv(repo.home, { HUSH_PROGRESS_AFTER_MS: "0", TERM: "xterm", ...extra }),
        encoding: "utf8",
      },
    );
    return { code: r.status, out: r.stdout };
  };

  it.each([
    [["rotate", "--all"], "rotate"],
    [["status"], "checking"],
    [["report"], "reading history"],
  ])("should draw a progress line for %j on a terminal", (args, label) => {
    const r = onTerminal(args);
    expect(r.out).toMatch(new RegExp(`\\r${label} \\d+/4`));
  });

  it.each([
    [["rotate", "--all", "--json"]],
    [["status", "--json"]],
    [["report", "--format", "json"]],
  ])("should stay quiet with %j", (args) => {
    const r = onTerminal(args);
    expect(r.out).not.toMatch(/\r(rotate|rekey|checking|reading history) \d/);
  });

  it("should draw one for rekey on a terminal, and none with --json", async () => {
    const other = await generateIdentity();
    const policy = (extra: string): string =>
      `members:\n  me: ${repo.me.recipient}\n${extra}rules:\n  - path: "**"\n    recipients: [me${extra === "" ? "" : ", other"}]\n`;
    await repo.write(".hush.yaml", policy(`  other: ${other.recipient}\n`));
    expect(onTerminal(["rekey", "--all"]).out).toMatch(/\rrekey \d+\/4/);
    await repo.write(".hush.yaml", policy(""));
    const quiet = onTerminal(["rekey", "--all", "--json"]);
    expect(quiet.out).toContain('"rekeyed"');
    expect(quiet.out).not.toMatch(/\rrekey \d/);
  });

  it("should draw files and MB for scan, commits and MB for scan --history, and clear the line", async () => {
    await repo.git("add", "-A");
    await repo.git("commit", "-qm", "one");
    await repo.write("notes.txt", "nothing secret here\n");
    await repo.git("add", "-A");
    await repo.git("commit", "-qm", "two");
    const files = Number((await repo.git("ls-files")).trim().split("\n").length);
    // stdout to a file: the line is drawn because stderr is the terminal.
    const tree = onTerminal(["scan"], {}, path.join(repo.tmp, "scan.txt"));
    expect(tree.out).toMatch(new RegExp(`\\rscanning files ${files}/${files}, 0\\.\\d MB`));
    // Cleared at the end: the last thing drawn is blanks and a carriage return.
    expect(tree.out).toMatch(/\r +\r$/);
    const history = onTerminal(["scan", "--history"], {}, path.join(repo.tmp, "history.txt"));
    expect(history.out).toMatch(/\rscanning commits \d\/2, 0\.\d MB/);
    expect(history.out).toMatch(/\r +\r$/);
  });

  it.each([
    [["scan", "--json"], {}],
    [["scan", "--sarif"], {}],
    [["scan"], { CI: "true" }],
    [["scan", "--history", "--json"], {}],
    [["scan", "--history"], { CI: "true" }],
    [["status"], { CI: "true" }],
  ])("should stay quiet with %j %j", (args, extra) => {
    const r = onTerminal(args, extra);
    expect(r.out).not.toMatch(/\r(scanning|checking)/);
  });

  it("should stay quiet on a pipe", async () => {
    const r = await repo.hush(["rotate", "--all"], { env: { HUSH_PROGRESS_AFTER_MS: "0" } });
    expect(r.code).toBe(0);
    expect(r.stderr).not.toContain("\r");
  });
});
