/**
 * How the built guard starts: from its bundle through the code cache, with the same verdicts from a
 * damaged cache, and a blocked commit (exit 2, said why) when the bundle cannot be loaded at all.
 */
import { cpSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { makeRepo, REPO_ROOT, type TempRepo } from "../helpers/guard-repo.js";

const GUARD_PKG = path.join(REPO_ROOT, "hooks/pre-commit");

/** An AWS access key id made up at run time (this file holds none). */
function plantedKey(): string {
  const base32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  return `AKIA${Array.from(randomBytes(16), (b) => base32[b % 32]).join("")}`;
}

describe("guard start-up", () => {
  let repo: TempRepo;
  let bin: string;
  let bundle: string;
  beforeEach(() => {
    repo = makeRepo();
    // A copy of the built guard, so breaking it here breaks no other test.
    const copy = path.join(path.dirname(repo.dir), "guard");
    cpSync(path.join(GUARD_PKG, "bin"), path.join(copy, "bin"), { recursive: true });
    cpSync(path.join(GUARD_PKG, "dist/bundle"), path.join(copy, "dist/bundle"), {
      recursive: true,
    });
    bin = path.join(copy, "bin/hush-pre-commit.js");
    bundle = path.join(copy, "dist/bundle");
    repo.write("src/config.ts", `export const key = "${plantedKey()}";\n`);
    repo.write("src/ok.ts", "export const ok = 1;\n");
  });
  afterEach(() => repo.cleanup());

  const guard = () => {
    const hook = path.join(repo.dir, ".git/hooks/pre-commit");
    writeFileSync(hook, `#!/bin/sh\nexec "${process.execPath}" "${bin}"\n`, { mode: 0o755 });
    return repo.commit("add config", "src");
  };

  it("should give the same verdict from a damaged code cache, and repair it", () => {
    const cache = path.join(bundle, `guard.cjs.${process.arch}-v8-${process.versions.v8}.cache`);
    const damaged = readFileSync(cache);
    damaged.fill(0x33, damaged.length - 8192);
    writeFileSync(cache, damaged);
    const blocked = guard();
    expect(blocked.code).not.toBe(0);
    expect(blocked.stderr).toContain("src/config.ts:1");
    expect(readFileSync(cache).equals(damaged)).toBe(false);
    repo.git("rm", "-q", "--cached", "src/config.ts");
    expect(repo.commit("ok only").code).toBe(0);
  });

  it("should block the commit and say why when the guard cannot load", () => {
    rmSync(path.join(bundle, "guard.cjs"));
    const r = guard();
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain("hush-pre-commit: cannot start, so the commit is blocked");
    expect(repo.git("rev-parse", "--verify", "-q", "HEAD").code).not.toBe(0);
  });
});
