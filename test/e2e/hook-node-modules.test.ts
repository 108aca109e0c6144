/**
 * The hook `hush hook install` writes never runs code a branch committed: files under
 * node_modules/ can be force-added like any others (`git add -f`), so while git tracks anything
 * there the hook neither runs the project's node_modules/.bin/hush-pre-commit nor a guard
 * installed under node_modules/ (that one blocks the commit and says why).
 */
import { spawnSync } from "node:child_process";
import { chmodSync, cpSync, existsSync } from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { makeRepo, REPO_ROOT, type TempRepo } from "../helpers/guard-repo.js";
import { fakeToken } from "../helpers/tokens.js";

/** An AWS access key id made up at run time (this file holds none). */
const plantedKey = (): string => fakeToken("aws-access-key-id");

describe("hook and a tracked node_modules", () => {
  let repo: TempRepo;
  let marker: string;
  beforeEach(() => {
    repo = makeRepo();
    marker = path.join(path.dirname(repo.dir), "planted-code-ran");
    repo.write(".gitignore", "node_modules/\n");
    expect(repo.commit("init", ".gitignore").code).toBe(0);
  });
  afterEach(() => repo.cleanup());

  /** The branch author: `file` (under node_modules/) made to write the marker, force-added. */
  const plant = (rel: string, text: string): void => {
    repo.write(rel, text);
    chmodSync(path.join(repo.dir, rel), 0o755);
    expect(repo.git("add", "-f", "--", rel).code).toBe(0);
    expect(repo.git("commit", "-q", "--no-verify", "-m", "tooling").code).toBe(0);
  };

  it("should not run a hush-pre-commit a branch force-added to node_modules/.bin", () => {
    expect(repo.hush("hook", "install").code).toBe(0);
    plant(
      "node_modules/.bin/hush-pre-commit",
      `#!/bin/sh\necho ran > ${JSON.stringify(marker)}\nexit 0\n`,
    );
    repo.write("config.ts", `export const key = "${plantedKey()}";\n`);
    const r = repo.commit("config", "config.ts");
    expect(existsSync(marker)).toBe(false);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain("config.ts:1");
  });

  it("should block, not run, a guard installed under a node_modules that git tracks files in", () => {
    // hush as the project's dev dependency: the hook points at the guard inside node_modules.
    const pkg = path.join(repo.dir, "node_modules/@hush/cli");
    const cli = path.join(REPO_ROOT, "packages/cli");
    for (const part of ["bin", "dist/bundle", "dist/guard", "package.json"])
      cpSync(path.join(cli, part), path.join(pkg, part), { recursive: true });
    expect(repo.git("status", "--porcelain").stdout).toBe("");
    const installed = spawnSync(
      process.execPath,
      [path.join(pkg, "bin/hush.js"), "hook", "install"],
      {
        cwd: repo.dir,
        env: repo.env,
        encoding: "utf8",
      },
    );
    expect(installed.status, installed.stderr).toBe(0);
    const commit = () => {
      repo.write("config.ts", `export const key = "${plantedKey()}";\n`);
      return repo.commit("config", "config.ts");
    };
    // Untracked node_modules: the project's guard runs and blocks the credential.
    const blocked = commit();
    expect(blocked.code).not.toBe(0);
    expect(blocked.stderr).toContain("config.ts:1");
    // A branch replaces that guard's bundle with its own code.
    plant(
      "node_modules/@hush/cli/dist/guard/dist/bundle/guard.cjs",
      `require("node:fs").writeFileSync(${JSON.stringify(marker)}, "ran");\nexports.run = async () => 0;\n`,
    );
    const r = commit();
    expect(existsSync(marker)).toBe(false);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain("git tracks files under node_modules/");
    expect(repo.git("log", "--format=%s").stdout).not.toMatch(/^config$/m);
  });
});
