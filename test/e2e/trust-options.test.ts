// Attack: a writer without a key changes a file's sops options (not under the MAC) so that values
// they add in clear count as "not to be encrypted", in a mac_only_encrypted file where the MAC does
// not cover such values: GIT_CONFIG_* then reach `hush exec`, the action's exports, and the next
// `git status` runs the attacker's command. Done on dotenv, YAML, JSON and INI metadata.
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runStep } from "../helpers/runner-emu.js";
import { BUNDLE, runVariables } from "../helpers/action-fixtures.js";
import { GUARD_BIN } from "../helpers/guard-repo.js";
import { built, makeTeamRepo, policyText, type TeamRepo } from "../helpers/team.js";

type Format = "env" | "yaml" | "json" | "ini";

const PLAIN: Record<Format, string> = {
  env: "API_TOKEN=tok-123\nREGION=eu\n",
  yaml: "API_TOKEN: tok-123\nREGION: eu\n",
  json: '{\n  "API_TOKEN": "tok-123",\n  "REGION": "eu"\n}\n',
  ini: "[APP]\nTOKEN = tok-123\n",
};

/**
 * What the attacker does to the committed file, with a text editor only: swap the suffix option
 * for a regex that matches their names, and add git's environment config in clear.
 */
function inject(format: Format, text: string, marker: string): string {
  const command = `touch ${marker} #`;
  switch (format) {
    case "env":
      return (
        `GIT_CONFIG_COUNT=1\nGIT_CONFIG_KEY_0=core.fsmonitor\nGIT_CONFIG_VALUE_0=${command}\n` +
        text.replace(/^sops_unencrypted_suffix=.*$/m, "sops_unencrypted_regex=^GIT_CONFIG_")
      );
    case "yaml":
      return (
        `GIT_CONFIG_COUNT: "1"\nGIT_CONFIG_KEY_0: core.fsmonitor\nGIT_CONFIG_VALUE_0: ${JSON.stringify(command)}\n` +
        text.replace(/^(\s+)unencrypted_suffix: .*$/m, "$1unencrypted_regex: ^GIT_CONFIG_")
      );
    case "json":
      return text
        .replace(
          "{\n",
          `{\n  "GIT_CONFIG_COUNT": "1",\n  "GIT_CONFIG_KEY_0": "core.fsmonitor",\n  "GIT_CONFIG_VALUE_0": ${JSON.stringify(command)},\n`,
        )
        .replace(/"unencrypted_suffix": "[^"]*"/, '"unencrypted_regex": "^GIT_CONFIG_"');
    case "ini":
      // Sections flatten to SECTION_KEY: [GIT] CONFIG_COUNT becomes GIT_CONFIG_COUNT.
      return (
        `[GIT]\nCONFIG_COUNT = 1\nCONFIG_KEY_0 = core.fsmonitor\nCONFIG_VALUE_0 = ${command}\n\n` +
        text.replace(/^unencrypted_suffix\s*=.*$/m, "unencrypted_regex = ^GIT$")
      );
  }
}

const FORMATS: Format[] = ["env", "yaml", "json", "ini"];

/** `git status` through `hush exec`: the fsmonitor hook runs if the injected config got through. */
const gitStatus = ["--", "git", "status", "--short"];

describe.skipIf(!built)("attack: keyless value injection through the file's sops options", () => {
  let repo: TeamRepo;
  let plainRepo: TeamRepo;
  beforeAll(async () => {
    repo = await makeTeamRepo(["alice", "mallory"]);
    repo.write(
      ".hush.yaml",
      policyText({ alice: repo.members["alice"]! }, {}, [
        { path: "**/*.secret.*", recipients: ["alice"], mac_only_encrypted: true },
      ]),
    );
    // A plain sops-style repo: no policy, the file's own options are all there is.
    plainRepo = await makeTeamRepo(["alice", "mallory"]);
    for (const f of FORMATS) {
      repo.write(`app.secret.${f}`, PLAIN[f]);
      repo.hushOk(["encrypt", "-i", `app.secret.${f}`], { as: "alice" });
      plainRepo.write(`app.${f}`, PLAIN[f]);
      plainRepo.hushOk(
        [
          "encrypt",
          "-i",
          "--age",
          repo.members["alice"]!.recipient,
          "--mac-only-encrypted",
          `app.${f}`,
        ],
        { as: "alice" },
      );
    }
    // alice's key opens plainRepo's files too (same recipient); mallory holds no key for either.
    plainRepo.members["alice"] = repo.members["alice"]!;
    repo.commit("secrets", "alice", "2026-01-01T10:00:00Z");
    plainRepo.commit("secrets", "alice", "2026-01-01T10:00:00Z");
  });
  afterAll(() => {
    repo?.cleanup();
    plainRepo?.cleanup();
  });

  for (const format of FORMATS) {
    it(`should refuse a ${format} file whose options differ from its rule, in every reader`, async () => {
      const file = `app.secret.${format}`;
      const marker = path.join(repo.dir, "..", `pwned-${format}`);
      const original = repo.read(file);
      repo.write(file, inject(format, original, marker));
      try {
        for (const args of [
          ["decrypt", file],
          ["get", file, format === "ini" ? "APP.TOKEN" : "API_TOKEN"],
          ["exec", file, ...gitStatus],
          ["set", file, "OTHER", "x"],
        ]) {
          const r = repo.hush(args, { as: "alice" });
          expect(r.code, `hush ${args[0]}`).toBe(1);
          expect(r.stderr).toMatch(/sops\.unencrypted_regex\b.* differ from the policy rule/);
          expect(r.stdout).not.toContain("tok-123");
        }
        const edit = repo.hush(["edit", file], {
          as: "alice",
          env: { EDITOR: "true" },
        });
        expect(edit.code).toBe(1);
        expect(repo.read(file)).toBe(inject(format, original, marker));
        expect(existsSync(marker)).toBe(false);

        const status = JSON.parse(repo.hush(["status", "--json"], { as: "alice" }).stdout) as {
          files: { path: string; mac: string }[];
        };
        expect(status.files.find((f) => f.path === file)?.mac).toBe("options");

        // The action refuses it and exports nothing.
        const step = await runStep(BUNDLE, {
          cwd: repo.dir,
          inputs: {
            "age-key": repo.members["alice"]!.identity,
            files: file,
            export: "env",
            "fail-on-audit-error": "false",
          },
          env: runVariables(repo.dir),
        });
        expect(
          step.commands.some((c) => c.name === "error" && /unencrypted_regex/.test(c.data)),
        ).toBe(true);
        expect(Object.keys(step.env).filter((k) => k.startsWith("GIT_CONFIG"))).toEqual([]);
        expect(step.env["API_TOKEN"]).toBeUndefined();

        // The guard blocks the commit.
        const hook = path.join(repo.dir, ".git", "hooks", "pre-commit");
        mkdirSync(path.dirname(hook), { recursive: true });
        writeFileSync(hook, `#!/bin/sh\nexec "${process.execPath}" "${GUARD_BIN}"\n`, {
          mode: 0o755,
        });
        repo.git(["add", file]);
        const commit = repo.git(["commit", "-q", "-m", "innocent"], { allowFail: true });
        expect(commit.code).not.toBe(0);
        expect(commit.stderr + commit.stdout).toContain("policy-options");
      } finally {
        repo.git(["reset", "-q", "--hard"]);
      }
    });

    it(`should leave out ${format} values the MAC does not cover when no policy pins the options`, async () => {
      const file = `app.${format}`;
      const marker = path.join(plainRepo.dir, "..", `pwned-plain-${format}`);
      const original = plainRepo.read(file);
      plainRepo.write(file, inject(format, original, marker));
      try {
        // Read as sops reads it: the file decrypts (its MAC covers what it covers)…
        expect(plainRepo.hush(["decrypt", file], { as: "alice" }).code).toBe(0);
        // …but exec never hands the unauthenticated values to the program, and names them.
        const r = plainRepo.hush(["exec", file, ...gitStatus], { as: "alice" });
        expect(r.code).toBe(0);
        expect(r.stderr).toMatch(/left out 3 values the MAC does not cover/);
        expect(r.stderr).toMatch(/GIT[._]CONFIG_KEY_0/);
        expect(existsSync(marker)).toBe(false);
        const asFile = plainRepo.hush(["exec", "--file", file, "--", "true"], { as: "alice" });
        expect(asFile.code).toBe(1);

        const step = await runStep(BUNDLE, {
          cwd: plainRepo.dir,
          inputs: {
            "age-key": repo.members["alice"]!.identity,
            files: file,
            export: "env",
            "fail-on-audit-error": "false",
          },
          env: runVariables(plainRepo.dir),
        });
        expect(step.status).toBe(0);
        expect(Object.keys(step.env).filter((k) => k.startsWith("GIT_CONFIG"))).toEqual([]);
        expect(
          step.commands.some((c) => c.name === "warning" && /GIT[._]CONFIG_KEY_0/.test(c.data)),
        ).toBe(true);
        expect(Object.values(step.env)).toContain("tok-123");

        // The payload is real: a user who opts in gets it run.
        // (GIT_CONFIG_* is a refused name family too: the opt-in opens it as well.)
        const optIn = plainRepo.hush(
          ["exec", "--allow-unauthenticated", "--allow-names", "GIT_CONFIG_.*", file, ...gitStatus],
          { as: "alice" },
        );
        expect(optIn.code).toBe(0);
        expect(existsSync(marker)).toBe(true);
      } finally {
        plainRepo.git(["reset", "-q", "--hard"]);
      }
    });
  }
});
