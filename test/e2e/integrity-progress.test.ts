/**
 * Progress on a terminal (issue 13 item 14): multi-file commands (rekey, rotate, status, report)
 * draw a progress line on stderr once they have run for a second, on a terminal only: never on a
 * pipe, never with --json. The terminal is a real pty (util-linux `script`); HUSH_PROGRESS_AFTER_MS=0
 * shows the line without waiting, so nothing here depends on timing.
 */
import { spawnSync } from "node:child_process";
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

  /** Run hush on a pty; what the terminal showed (stdout and stderr together). */
  const onTerminal = (args: string[]): { code: number | null; out: string } => {
    const cmd = [process.execPath, HUSH_BIN, ...args].map(quote).join(" ");
    const r = spawnSync("script", ["-qec", cmd, "/dev/null"], {
      cwd: repo.dir,
      env: hushEnv(repo.home, { HUSH_PROGRESS_AFTER_MS: "0", TERM: "xterm" }),
      encoding: "utf8",
    });
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

  it("should stay quiet on a pipe", async () => {
    const r = await repo.hush(["rotate", "--all"], { env: { HUSH_PROGRESS_AFTER_MS: "0" } });
    expect(r.code).toBe(0);
    expect(r.stderr).not.toContain("\r");
  });
});
