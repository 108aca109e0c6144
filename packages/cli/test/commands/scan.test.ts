// hush scan called in process over a real repo with a planted credential (the built binary:
// test/e2e/guard-scan.test.ts, scan-paths.test.ts, scan-history.test.ts).
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createKeyedRepo, type KeyedRepo } from "../../../../test/helpers/keyed-repo.js";
import { fakeToken } from "../../../../test/helpers/tokens.js";
import { runIn, type World } from "../../../../test/helpers/in-process.js";
import { scanCommand } from "../../src/commands/scan.js";
import { encryptCommand } from "../../src/commands/encrypt.js";

let repo: KeyedRepo | undefined;
afterEach(async () => {
  await repo?.cleanup();
  repo = undefined;
});

async function setup(): Promise<{ repo: KeyedRepo; world: World }> {
  repo = await createKeyedRepo('  - path: "secrets/**"\n    recipients: [me]\n');
  const world: World = { cwd: repo.dir, env: repo.env };
  await repo.write("secrets/app.yaml", "db: {password: x}\n");
  const enc = await runIn(encryptCommand, { files: ["secrets/app.yaml"], inPlace: true }, world);
  expect(enc.exit, enc.stderr).toBe(0);
  await repo.write("README.md", "hello\n");
  await repo.git("add", "-A");
  await repo.git("commit", "-qm", "clean");
  return { repo, world };
}

describe("scan", () => {
  it("should find nothing in a clean tree, and a planted token in the tree and in history", async () => {
    const { repo, world } = await setup();
    const clean = await runIn(scanCommand, { paths: [], json: true }, world);
    expect(clean.exit, clean.stdout + clean.stderr).toBe(0);
    expect(JSON.parse(clean.stdout)).toMatchObject({ findings: [] });

    const token = fakeToken("github-classic-pat");
    await writeFile(path.join(repo.dir, "config.js"), `const t = "${token}";\n`);
    const tree = await runIn(scanCommand, { paths: [], json: true }, world);
    expect(tree.exit).toBe(1);
    const findings = (JSON.parse(tree.stdout) as { findings: { path: string }[] }).findings;
    expect(findings.map((f) => f.path)).toEqual(["config.js"]);
    // The report never prints the credential itself.
    expect(tree.stdout).not.toContain(token);

    await repo.git("add", "-A");
    await repo.git("commit", "-qm", "oops");
    await repo.git("rm", "-q", "config.js");
    await repo.git("commit", "-qm", "remove");
    expect((await runIn(scanCommand, { paths: [] }, world)).exit).toBe(0);
    const history = await runIn(scanCommand, { paths: [], history: true, json: true }, world);
    expect(history.exit).toBe(1);
  });

  it("should refuse options that exclude each other as usage errors (exit 2)", async () => {
    const { world } = await setup();
    const both = await runIn(scanCommand, { paths: [], json: true, sarif: true }, world);
    expect(both).toMatchObject({ exit: 2, code: "ERR_USAGE" });
    const staged = await runIn(scanCommand, { paths: ["x"], staged: true }, world);
    expect(staged).toMatchObject({ exit: 2, code: "ERR_USAGE" });
  });

  it("should fail on an unreadable baseline with ERR_USAGE", async () => {
    const { world } = await setup();
    const r = await runIn(scanCommand, { paths: [], baseline: "missing.json" }, world);
    expect(r).toMatchObject({ exit: 2, code: "ERR_USAGE" });
  });
});
