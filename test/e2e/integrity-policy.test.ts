/**
 * `hush policy check` and `hush policy explain` (issue 13 item 13): errors and rules that can never
 * match are reported with their lines; explain names the rule, its readers and options and why;
 * every policy error's hint names a command that exists; `hush init --from-sops` names a file a
 * converted rule covers.
 */
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createKeyedRepo, type KeyedRepo } from "../helpers/keyed-repo.js";
import { createRepo } from "../helpers/git.js";

const RULES = [
  '  - path: "k8s/**/*secret*.yaml"',
  "    recipients: [me]",
  '    encrypted_regex: "^(data|stringData)$"',
  "    max_age: 90d",
  '  - path: "[unclosed/*.yaml"',
  "    recipients: [me]",
  '  - path: "/etc/app/*.env"',
  "    recipients: [me]",
  '  - path: "../shared/**"',
  "    recipients: [me]",
  '  - path: "k8s/**/*secret*.yaml"',
  "    recipients: [me]",
  '  - path: "**"',
  "    recipients: [me]",
  "",
].join("\n");

describe("hush policy", () => {
  let repo: KeyedRepo;
  beforeEach(async () => {
    repo = await createKeyedRepo(RULES);
  });
  afterEach(async () => {
    await repo.cleanup();
  });

  it("check: should warn, by line, about each rule whose path can never match", async () => {
    const r = await repo.hush(["policy", "check"]);
    expect(r.code).toBe(1);
    const lines = r.stdout.trim().split("\n");
    // .hush.yaml: members (2 lines), rules: on line 3, so rule n's path sits on line 4 + 2(n-1) (+2 for rule 1's options)
    expect(lines).toEqual([
      expect.stringMatching(
        /^\.hush\.yaml:8: warning: rule 2: path "\[unclosed\/\*\.yaml": a \[ is never closed/,
      ),
      expect.stringMatching(
        /^\.hush\.yaml:10: warning: rule 3: path "\/etc\/app\/\*\.env": the path is absolute/,
      ),
      expect.stringMatching(
        /^\.hush\.yaml:12: warning: rule 4: path "\.\.\/shared\/\*\*": the path has a \.\. segment/,
      ),
      expect.stringMatching(
        /^\.hush\.yaml:14: warning: rule 5: .* is the path of rule 1, which wins/,
      ),
      ".hush.yaml: 4 warnings (1 member, 0 groups, 6 rules)",
    ]);
    const json = await repo.hush(["policy", "check", "--json"]);
    expect(JSON.parse(json.stdout)).toMatchObject({ ok: false, rules: 6 });
  });

  it("check: should report a policy error with its line, and pass a clean policy", async () => {
    await repo.write(
      ".hush.yaml",
      `members:\n  me: ${repo.me.recipient}\nrules:\n  - path: "a/**"\n    recipients: [nobody]\n`,
    );
    const bad = await repo.hush(["policy", "check"]);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(
      /^error: .*\.hush\.yaml:5: rules\[0\]\.recipients: unknown member or group "nobody"/,
    );
    // The hint every command gives for a policy error names commands that exist.
    await repo.write("a/x.yaml", "token: t\n");
    const enc = await repo.hush(["encrypt", "a/x.yaml"]);
    expect(enc.code).toBe(1);
    const hint = /^hint: (.*)$/m.exec(enc.stderr)?.[1] ?? "";
    for (const cmd of hint.match(/`hush [a-z ]+/g) ?? []) {
      const words = cmd.slice(1).split(" ").slice(1);
      expect((await repo.hush([...words, "--help"])).code, cmd).toBe(0);
    }
    expect(hint).toContain("hush policy check");

    await repo.write(
      ".hush.yaml",
      `members:\n  me: ${repo.me.recipient}\nrules:\n  - path: "a/**"\n    recipients: [me]\n`,
    );
    const ok = await repo.hush(["policy", "check"]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toBe(".hush.yaml: ok (1 member, 0 groups, 1 rule)\n");
  });

  it("explain: should name the rule, the readers, the options and why", async () => {
    const r = await repo.hush(["policy", "explain", "k8s/prod/api-secret.yaml"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('rule:        1 of 6 (.hush.yaml:4) path "k8s/**/*secret*.yaml"');
    expect(r.stdout).toContain("why:         the first rule matches");
    expect(r.stdout).toContain("readers:     me");
    expect(r.stdout).toContain('options:     encrypted_regex "^(data|stringData)$"; max_age 90d');
    expect(r.stdout).toContain("also match:  rules 5, 6 (not used for this file)");
    const other = await repo.hush(["policy", "explain", "--json", "apps/web/.env"]);
    expect(JSON.parse(other.stdout)).toMatchObject({
      path: "apps/web/.env",
      rule: { number: 6, path: "**" },
      readers: ["me"],
      why: "rules 1–5 do not match",
    });
    const own = await repo.hush(["policy", "explain", ".hush.yaml"]);
    expect(own.code).toBe(1);
    expect(own.stderr).toMatch(/^hush: no rule covers \.hush\.yaml: .*never under a rule/m);
    expect((await repo.hush(["policy", "--help"])).code).toBe(0);
  });
});

describe("hush init --from-sops", () => {
  it("should name, in its next steps, a file a converted rule covers", async () => {
    const repo = await createRepo();
    try {
      const k = await repo.hush([
        "keygen",
        "-o",
        path.join(repo.home, ".config", "sops", "age", "keys.txt"),
      ]);
      const pub = /Public key: (\S+)/.exec(k.stderr)?.[1] ?? "";
      await writeFile(
        path.join(repo.dir, ".sops.yaml"),
        `creation_rules:\n  - path_regex: ^config/.*\\.enc\\.yaml$\n    age: ${pub}\n`,
      );
      const init = await repo.hush(["init", "--from-sops"]);
      expect(init.code).toBe(0);
      const named = /^ {2}hush edit (\S+)/m.exec(init.stdout)?.[1];
      expect(named).toBeDefined();
      const explain = await repo.hush(["policy", "explain", named!]);
      expect(explain.code).toBe(0);
      expect((await repo.hush(["set", named!, "token", "t0k"])).code).toBe(0);
    } finally {
      await repo.cleanup();
    }
  });
});
