// Attack: a `.hush.yaml` planted in a folder above the repository (a shared parent the attacker can
// write) used to win over the repository's own `.sops.yaml`: `hush encrypt` wrapped for the
// attacker, and its `scan.ignore: ["**"]` turned the guard off. Also: policy and identity files
// others can write, and repositories owned by someone else (git's safe.directory rule).
import { spawnSync } from "node:child_process";
import { chmodSync, chownSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { plantedTokens } from "../helpers/tokens.js";
import { GUARD_BIN } from "../helpers/guard-repo.js";
import { HUSH_BIN, built, makeTeamRepo, policyText, type TeamRepo } from "../helpers/team.js";

const isRoot = process.getuid?.() === 0;

describe.skipIf(!built)("attack: a policy planted above the repository", () => {
  let repo: TeamRepo;
  let parent: string;
  const recipientsOf = (rel: string): string[] =>
    [...repo.read(rel).matchAll(/recipient: (age1[0-9a-z]+)/g)].map((m) => m[1]!);

  beforeAll(async () => {
    repo = await makeTeamRepo(["alice", "mallory"]);
    parent = path.dirname(repo.dir);
    // mallory's policy in the shared parent: wrap everything for mallory, and scan nothing.
    writeFileSync(
      path.join(parent, ".hush.yaml"),
      policyText({ mallory: repo.members["mallory"]! }, {}, [
        { path: "**", recipients: ["mallory"] },
      ]) + 'scan:\n  ignore: ["**"]\n',
    );
    // The repository's own policy: a plain sops config naming alice.
    repo.write(
      ".sops.yaml",
      `creation_rules:\n  - path_regex: \\.yaml$\n    age: ${repo.members["alice"]!.recipient}\n`,
    );
  });
  afterAll(() => repo?.cleanup());

  it("should take the repository's own policy and say which file it used", () => {
    repo.write("app.yaml", "password: hunter2\n");
    const r = repo.hush(["encrypt", "-i", "app.yaml"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain("recipients from .sops.yaml");
    expect(recipientsOf("app.yaml")).toEqual([repo.members["alice"]!.recipient]);
    expect(repo.hush(["decrypt", "app.yaml"], { as: "mallory" }).code).toBe(1);
  });

  it("should keep the guard on when the planted policy ignores everything", () => {
    const hook = path.join(repo.dir, ".git", "hooks", "pre-commit");
    mkdirSync(path.dirname(hook), { recursive: true });
    writeFileSync(hook, `#!/bin/sh\nexec "${process.execPath}" "${GUARD_BIN}"\n`, { mode: 0o755 });
    repo.write("config.txt", `${plantedTokens()["github-pat"]}\n`);
    repo.git(["add", "config.txt"]);
    const commit = repo.git(["commit", "-q", "-m", "config"], { allowFail: true });
    expect(commit.code).not.toBe(0);
    expect(commit.stdout + commit.stderr).toMatch(/github/i);
    repo.git(["reset", "-q"]);
  });

  it("should read only the current folder outside a repository, unless --policy or HUSH_POLICY names one", () => {
    const outside = path.join(parent, "loose");
    mkdirSync(outside, { recursive: true });
    writeFileSync(path.join(outside, "x.yaml"), "k: v\n");
    const run = (args: string[], env: Record<string, string> = {}) => {
      const r = spawnSync(process.execPath, [HUSH_BIN, ...args], {
        cwd: outside,
        env: { ...repo.envAs(undefined), ...env },
        encoding: "utf8",
      });
      return { code: r.status, stdout: r.stdout, stderr: r.stderr };
    };
    const none = run(["encrypt", "x.yaml"]);
    expect(none.code).toBe(1);
    expect(none.stderr).toContain("no policy");
    const named = run(["encrypt", "--policy", "../.hush.yaml", "x.yaml"]);
    expect(named.code, named.stderr).toBe(0);
    expect(named.stderr).toContain("recipients from");
    expect(named.stdout).toContain(repo.members["mallory"]!.recipient);
    const fromEnv = run(["encrypt", "x.yaml"], { HUSH_POLICY: path.join(parent, ".hush.yaml") });
    expect(fromEnv.code, fromEnv.stderr).toBe(0);
  });

  it("should refuse a policy or an identity file that group or others can write", () => {
    repo.write("b.yaml", "k: v\n");
    chmodSync(path.join(repo.dir, ".sops.yaml"), 0o664);
    try {
      const r = repo.hush(["encrypt", "b.yaml"]);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/\.sops\.yaml can be written by its group/);
      expect(r.stdout).toBe("");
    } finally {
      chmodSync(path.join(repo.dir, ".sops.yaml"), 0o644);
    }
    const keyFile = repo.members["alice"]!.keyFile;
    chmodSync(keyFile, 0o606);
    try {
      const r = repo.hush(["decrypt", "app.yaml"], { as: "alice" });
      expect(r.code).toBe(1);
      expect(r.stderr).toContain("can be written by anyone");
      expect(r.stdout).not.toContain("hunter2");
    } finally {
      chmodSync(keyFile, 0o600);
    }
  });

  it.skipIf(!isRoot)(
    "should trust a repository owned by someone else only when git's safe.directory does",
    () => {
      const gitconfig = path.join(parent, "gitconfig");
      const before = readFileSync(gitconfig, "utf8");
      chownSync(repo.dir, 65534, 65534);
      try {
        repo.write("c.yaml", "k: v\n");
        const refused = repo.hush(["encrypt", "c.yaml"]);
        expect(refused.code).toBe(1);
        expect(refused.stderr).toContain("owned by someone else");
        expect(refused.stderr).toContain("safe.directory");
        for (const entry of [repo.dir, "*"]) {
          writeFileSync(gitconfig, `${before}[safe]\n\tdirectory = ${entry}\n`);
          const ok = repo.hush(["encrypt", "c.yaml"]);
          expect(ok.code, ok.stderr).toBe(0);
          expect(ok.stdout).toContain(repo.members["alice"]!.recipient);
        }
        // An empty value resets the list, as in git.
        writeFileSync(gitconfig, `${before}[safe]\n\tdirectory = *\n\tdirectory =\n`);
        expect(repo.hush(["encrypt", "c.yaml"]).code).toBe(1);
      } finally {
        chownSync(repo.dir, 0, 0);
        writeFileSync(gitconfig, before);
      }
    },
  );
});
