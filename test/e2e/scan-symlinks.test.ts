/**
 * A branch author commits symbolic links and CI runs `hush scan` on the checkout: the scan reads
 * what git holds (the link), never what the link points at. Followed, a link to a file outside the
 * repository puts that file's secrets (the runner's keys, `/proc/self/environ`) into the report and
 * its SARIF upload, and a link to `/dev/zero` makes the scan read forever. BUILT CLI, real git, on
 * one thread and on several.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { HUSH_BIN, makeRepo, type TempRepo } from "../helpers/guard-repo.js";
import { plantedTokens } from "../helpers/tokens.js";

let repo: TempRepo | undefined;
let outside: string | undefined;
afterEach(() => {
  repo?.cleanup();
  repo = undefined;
  if (outside !== undefined) rmSync(outside, { recursive: true, force: true });
  outside = undefined;
});

/** A repository with 250 plain files (enough for worker threads) and the links under test. */
function repoWithLinks(links: Record<string, string>): TempRepo {
  const r = (repo = makeRepo());
  for (let i = 0; i < 250; i++) r.write(`src/f${i}.js`, `export const v${i} = ${i};\n`);
  for (const [name, target] of Object.entries(links)) symlinkSync(target, path.join(r.dir, name));
  expect(r.git("add", "-A").code).toBe(0);
  return r;
}

describe("hush scan and committed symbolic links", () => {
  it("should not read a file outside the repository through a link", () => {
    outside = mkdtempSync(path.join(tmpdir(), "hush-outside-"));
    const token = plantedTokens()["github-pat"] ?? "";
    const secretFile = path.join(outside, "runner-key.env");
    writeFileSync(secretFile, `${token}\n`);
    const r = repoWithLinks({ "innocent.txt": secretFile });
    for (const threads of ["0", "2"]) {
      const out = r.hush("scan", "--json", "--threads", threads);
      expect(out.stderr).toBe("");
      const report = JSON.parse(out.stdout) as { findings: { path: string }[] };
      expect(report.findings).toEqual([]);
      expect(out.code).toBe(0);
    }
    // The same file inside the repository is found: the scan itself works.
    r.write("real.env", `${token}\n`);
    expect(r.hush("scan", "--json", "--threads", "0").code).toBe(1);
  });

  it("should finish when a link points at a device that never ends", () => {
    const r = repoWithLinks({ "zero.bin": "/dev/zero", "random.txt": "/dev/urandom" });
    for (const threads of ["0", "2"]) {
      const out = spawnSync(process.execPath, [HUSH_BIN, "scan", "--threads", threads], {
        cwd: r.dir,
        env: r.env,
        encoding: "utf8",
        timeout: 30_000,
      });
      expect(out.signal, "the scan did not finish").toBeNull();
      expect(out.status, out.stderr).toBe(0);
    }
  });
});
