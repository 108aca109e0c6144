/**
 * How the built guard starts: from its bundle, never from compiled code the repository can plant
 * (a branch that force-adds a code cache under the ignored dist/), and with a blocked commit
 * (exit 2, said why) when the bundle cannot be loaded at all.
 */
import { cpSync, existsSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { makeRepo, REPO_ROOT, type TempRepo } from "../helpers/guard-repo.js";
import { plantCodeCache } from "../helpers/planted-cache.js";
import { fakeToken } from "../helpers/tokens.js";

const GUARD_PKG = path.join(REPO_ROOT, "hooks/pre-commit");

/** An AWS access key id made up at run time (this file holds none). */
const plantedKey = (): string => fakeToken("aws-access-key-id");

describe("guard start-up", () => {
  let repo: TempRepo;
  let bundle: string;
  beforeEach(() => {
    repo = makeRepo();
    // The guard inside the repository, as in hush's own checkout (husky runs it from there): bin/
    // committed, dist/ built locally and ignored. A copy, so breaking it here breaks no other test.
    const pkg = path.join(repo.dir, "hooks/pre-commit");
    cpSync(path.join(GUARD_PKG, "bin"), path.join(pkg, "bin"), { recursive: true });
    cpSync(path.join(GUARD_PKG, "dist/bundle"), path.join(pkg, "dist/bundle"), {
      recursive: true,
    });
    bundle = path.join(pkg, "dist/bundle");
    repo.write(".gitignore", "dist/\n");
    expect(repo.commit("the guard", ".gitignore", "hooks").code).toBe(0);
    const hook = path.join(repo.dir, ".git/hooks/pre-commit");
    writeFileSync(
      hook,
      `#!/bin/sh\nexec "${process.execPath}" hooks/pre-commit/bin/hush-pre-commit.js\n`,
      {
        mode: 0o755,
      },
    );
    repo.write("src/config.ts", `export const key = "${plantedKey()}";\n`);
    repo.write("src/ok.ts", "export const ok = 1;\n");
  });
  afterEach(() => repo.cleanup());

  it("should never run compiled code a branch force-added under dist/ (the next commit runs the guard)", () => {
    const marker = path.join(path.dirname(repo.dir), "planted-code-ran");
    // The branch author: compiled code for guard.cjs that is not guard.cjs, force-added.
    repo.git("checkout", "-q", "-b", "evil");
    const planted = plantCodeCache(path.join(bundle, "guard.cjs"), marker);
    expect(repo.git("add", "-f", "--", ...planted).code).toBe(0);
    expect(repo.git("commit", "-q", "--no-verify", "-m", "speed up the hook").code).toBe(0);
    // The victim checks the branch out (the file arrives through git) and commits on it.
    repo.git("checkout", "-q", "main");
    for (const f of planted) expect(existsSync(f)).toBe(false);
    repo.git("checkout", "-q", "evil");
    for (const f of planted) expect(existsSync(f)).toBe(true);
    const blocked = repo.commit("add config", "src");
    expect(existsSync(marker)).toBe(false);
    expect(blocked.code).not.toBe(0);
    expect(blocked.stderr).toContain("src/config.ts:1");
    repo.git("rm", "-q", "--cached", "src/config.ts");
    expect(repo.commit("ok only").code).toBe(0);
    expect(existsSync(marker)).toBe(false);
  });

  it("should block the commit and say why when the guard cannot load", () => {
    rmSync(path.join(bundle, "guard.cjs"));
    const r = repo.commit("add config", "src");
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain("hush-pre-commit: cannot start, so the commit is blocked");
    expect(repo.git("rev-parse", "--verify", "-q", "HEAD~0").stdout.trim()).not.toBe("");
    expect(repo.git("log", "--format=%s").stdout.trim()).toBe("the guard");
  });
});
