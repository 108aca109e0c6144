// Attack: regexes a writer without a key puts in a file run on a backtracking engine. With
// `encrypted_regex: ^(password|(a|aa)+)$` and a key of forty-odd `a`s and a `b`, `hush decrypt`
// and `hush git textconv` took 16 s and doubled with each character; the guard, the action and
// `git log -p` were hit too, and so was `.sops.yaml`'s `path_regex` against a file name. Each
// reader here must come back (with the file read or refused): before the fix none would, so each
// run is bounded, and a run the bound ends fails the test. The linear time itself is measured in
// the bench (test/bench/core.bench.mjs), not here.
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BUNDLE, runVariables } from "../helpers/action-fixtures.js";
import { GUARD_BIN } from "../helpers/guard-repo.js";
import { runStep } from "../helpers/runner-emu.js";
import { HUSH_BIN, built, makeTeamRepo, type TeamRepo } from "../helpers/team.js";

/** Backtracking needs ~2^(n/2)…2^n steps for this pattern: 48 characters is hours, not seconds. */
const EVIL = "^(password|(a|aa)+)$";
const KEY = `${"a".repeat(47)}b`;
/** A bound on a hang, not a measurement: a linear engine answers in milliseconds. */
const BOUND_MS = 60_000;

describe.skipIf(!built)("attack: a pathological regex in a file or .sops.yaml", () => {
  let repo: TeamRepo;
  const bounded = (
    cmd: string,
    args: readonly string[],
    env: Record<string, string>,
  ): { code: number | null; signal: NodeJS.Signals | null; out: string } => {
    const r = spawnSync(cmd, [...args], {
      cwd: repo.dir,
      env,
      encoding: "utf8",
      timeout: BOUND_MS,
      killSignal: "SIGKILL",
    });
    return { code: r.status, signal: r.signal, out: `${r.stdout}${r.stderr}` };
  };
  const hush = (args: readonly string[], who = "alice") =>
    bounded(process.execPath, [HUSH_BIN, ...args], repo.envAs(who));

  beforeAll(async () => {
    repo = await makeTeamRepo(["alice", "mallory"]);
    const alice = repo.members["alice"]!.recipient;
    // A plain sops repository: the file's own options are all there is.
    repo.write(
      ".sops.yaml",
      `creation_rules:\n  - path_regex: \\.yaml$\n    age: ${alice}\n    encrypted_regex: ^password$\n`,
    );
    repo.write("app.yaml", "password: hunter2\nregion: eu\n");
    repo.hushOk(["encrypt", "-i", "app.yaml"], { as: "alice" });
    repo.write(".gitattributes", "*.yaml diff=hush\n");
    repo.git(["config", "diff.hush.textconv", `${process.execPath} ${HUSH_BIN} git textconv`]);
    repo.git(["config", "diff.hush.cachetextconv", "false"]);
    repo.commit("secrets", "alice", "2026-01-01T10:00:00Z");
    // mallory, with a text editor: the regex swapped, a key in clear that makes it backtrack.
    const text = repo
      .read("app.yaml")
      .replace(/^(\s+)encrypted_regex: .*$/m, `$1encrypted_regex: ${EVIL}`);
    expect(text).toContain(EVIL);
    repo.write("app.yaml", `${KEY}: planted\n${text}`);
    repo.commit("tidy", "mallory", "2026-01-02T10:00:00Z");
  });
  afterAll(() => repo?.cleanup());

  it("should answer hush decrypt, status, textconv and git log -p on the file", () => {
    // Each comes back with its ordinary answer: the planted key breaks the MAC.
    const expected: [string[], number, RegExp][] = [
      [["decrypt", "app.yaml"], 1, /MAC/],
      [["status"], 1, /MISMATCH/],
      [["git", "textconv", "app.yaml"], 0, /planted/],
    ];
    for (const [args, code, says] of expected) {
      const r = hush(args);
      expect(r.signal, `hush ${args.join(" ")} did not come back`).toBeNull();
      expect(r.code, r.out).toBe(code);
      expect(r.out).toMatch(says);
      expect(r.out).not.toMatch(/\n\s+at /);
    }
    const log = bounded("git", ["log", "-p", "--", "app.yaml"], repo.envAs("alice"));
    expect(log.signal, "git log -p did not come back").toBeNull();
    expect(log.code).toBe(0);
  });

  it("should answer the guard on a commit of the file", () => {
    const hook = path.join(repo.dir, ".git", "hooks", "pre-commit");
    mkdirSync(path.dirname(hook), { recursive: true });
    writeFileSync(hook, `#!/bin/sh\nexec "${process.execPath}" "${GUARD_BIN}"\n`, { mode: 0o755 });
    try {
      repo.write("app.yaml", `${repo.read("app.yaml")}# touched\n`);
      repo.git(["add", "app.yaml"]);
      const commit = bounded("git", ["commit", "-q", "-m", "again"], repo.envAs(undefined));
      expect(commit.signal, "the guard did not come back").toBeNull();
    } finally {
      repo.git(["reset", "-q", "--hard"]);
    }
  });

  it("should answer the action on the file", async () => {
    const step = await runStep(BUNDLE, {
      cwd: repo.dir,
      inputs: {
        "age-key": repo.members["alice"]!.identity,
        files: "app.yaml",
        export: "env",
        "fail-on-audit-error": "false",
      },
      env: runVariables(repo.dir),
    });
    // Read or refused: either way it came back, and nothing planted was exported.
    expect(step.env[KEY]).toBeUndefined();
  });

  it("should answer encrypt and the guard for a file name that .sops.yaml's path_regex backtracks on", () => {
    repo.write(
      ".sops.yaml",
      `creation_rules:\n  - path_regex: ${EVIL}\n    age: ${repo.members["mallory"]!.recipient}\n  - age: ${repo.members["alice"]!.recipient}\n`,
    );
    repo.write(KEY, "token: x\n");
    const enc = hush(["encrypt", "--input-type", "yaml", KEY]);
    expect(enc.signal, "hush encrypt did not come back").toBeNull();
    expect(enc.code, enc.out).toBe(0);
    const hook = path.join(repo.dir, ".git", "hooks", "pre-commit");
    writeFileSync(hook, `#!/bin/sh\nexec "${process.execPath}" "${GUARD_BIN}"\n`, { mode: 0o755 });
    try {
      repo.git(["add", ".sops.yaml", KEY]);
      const commit = bounded("git", ["commit", "-q", "-m", "name"], repo.envAs(undefined));
      expect(commit.signal, "the guard did not come back").toBeNull();
    } finally {
      repo.git(["reset", "-q", "--hard"]);
    }
  });
  it("should answer encrypt, status and the guard for a .hush.yaml glob with many * in one segment", () => {
    // minimatch's regex for `*a*a*a*a*a*a*b` backtracks polynomially: a 250-character name, hours.
    const name = "a".repeat(250);
    const alice = repo.members["alice"]!.recipient;
    repo.write(
      ".hush.yaml",
      `members:\n  alice: ${alice}\nrules:\n  - path: "*a*a*a*a*a*a*b"\n    recipients: [alice]\n  - path: "**"\n    recipients: [alice]\nscan:\n  ignore: ["*a*a*a*a*a*a*b"]\n`,
    );
    repo.write(name, "token: x\n");
    try {
      for (const args of [["encrypt", "--input-type", "yaml", name], ["status"]]) {
        const r = hush(args);
        expect(r.signal, `hush ${args.join(" ")} did not come back`).toBeNull();
        expect(r.code).toBe(1);
        expect(r.out).toMatch(/wildcards/);
      }
      const hook = path.join(repo.dir, ".git", "hooks", "pre-commit");
      mkdirSync(path.dirname(hook), { recursive: true });
      writeFileSync(hook, `#!/bin/sh\nexec "${process.execPath}" "${GUARD_BIN}"\n`, {
        mode: 0o755,
      });
      repo.git(["add", ".hush.yaml", name]);
      const commit = bounded("git", ["commit", "-q", "-m", "glob"], repo.envAs(undefined));
      expect(commit.signal, "the guard did not come back").toBeNull();
      expect(commit.code).not.toBe(0);
    } finally {
      repo.git(["reset", "-q", "--hard"]);
      repo.git(["clean", "-q", "-fd"]);
    }
  });
});
