/**
 * `hush hook install|uninstall` and `hush scan` through the BUILT CLI in temp repositories.
 */
import { existsSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { makeRepo, type TempRepo } from "../helpers/guard-repo.js";
import { plantedTokens } from "../helpers/tokens.js";

let repo: TempRepo | undefined;
afterEach(() => {
  repo?.cleanup();
  repo = undefined;
});
const fresh = (): TempRepo => (repo = makeRepo());

describe("hush hook install / uninstall", () => {
  it("should write an executable hook that runs the guard, and remove it again", () => {
    const r = fresh();
    const out = r.hush("hook", "install");
    expect(out.code, out.stderr).toBe(0);
    const hook = path.join(r.dir, ".git/hooks/pre-commit");
    expect(readFileSync(hook, "utf8")).toContain("hush-pre-commit");
    expect(statSync(hook).mode & 0o111).not.toBe(0);
    expect(r.hush("hook", "install").code).toBe(0); // idempotent
    expect(r.hush("hook", "uninstall").code).toBe(0);
    expect(existsSync(hook)).toBe(false);
  });

  it("should refuse to overwrite a foreign hook without --force, and restore it on uninstall", () => {
    const r = fresh();
    const hook = path.join(r.dir, ".git/hooks/pre-commit");
    writeFileSync(hook, "#!/bin/sh\necho mine\n", { mode: 0o755 });
    const refused = r.hush("hook", "install");
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("--force");
    expect(readFileSync(hook, "utf8")).toContain("echo mine");
    expect(r.hush("hook", "install", "--force").code).toBe(0);
    expect(readFileSync(`${hook}.hush-backup`, "utf8")).toContain("echo mine");
    expect(r.hush("hook", "uninstall").code).toBe(0);
    expect(readFileSync(hook, "utf8")).toContain("echo mine");
  });

  it("should install into core.hooksPath when it is set", () => {
    const r = fresh();
    r.git("config", "core.hooksPath", "githooks");
    expect(r.hush("hook", "install").code).toBe(0);
    expect(readFileSync(path.join(r.dir, "githooks/pre-commit"), "utf8")).toContain("hush-guard");
    expect(existsSync(path.join(r.dir, ".git/hooks/pre-commit"))).toBe(false);
  });

  it("should add one line to .husky/pre-commit with --husky, keeping what is there", () => {
    const r = fresh();
    r.write(".husky/pre-commit", "npx lint-staged\n");
    expect(r.hush("hook", "install", "--husky").code).toBe(0);
    expect(r.hush("hook", "install", "--husky").code).toBe(0);
    expect(readFileSync(path.join(r.dir, ".husky/pre-commit"), "utf8")).toBe(
      "npx lint-staged\nhush-pre-commit\n",
    );
    expect(r.hush("hook", "uninstall", "--husky").code).toBe(0);
    expect(readFileSync(path.join(r.dir, ".husky/pre-commit"), "utf8")).toBe("npx lint-staged\n");
  });

  it("should block the commit with exit 2 when the guard it points to is gone", () => {
    const r = fresh();
    expect(r.hush("hook", "install").code).toBe(0);
    const hook = path.join(r.dir, ".git/hooks/pre-commit");
    writeFileSync(hook, readFileSync(hook, "utf8").replaceAll("hush-pre-commit.js", "gone.js"), {
      mode: 0o755,
    });
    r.write("a.txt", "a\n");
    const c = r.commit("x", "a.txt");
    expect(c.code).not.toBe(0);
    expect(c.stderr).toContain("commit is blocked");
  });
});

describe("hush scan", () => {
  it("should scan tracked working-tree files and exit 1 with redacted findings", () => {
    const r = fresh();
    const pat = plantedTokens()["github-pat"];
    if (pat === undefined) throw new Error("no planted github-pat token");
    r.write("src/app.ts", `const a = 1;\nconst token = "${pat.slice(7)}";\n`);
    r.write("ok.txt", "nothing here\n");
    r.git("add", ".");
    const out = r.hush("scan");
    expect(out.code).toBe(1);
    expect(out.stdout).toContain("src/app.ts:2");
    expect(out.stdout).not.toContain(pat.slice(-12));
    const clean = r.hush("scan", "ok.txt");
    expect(clean.code, clean.stdout + clean.stderr).toBe(0);
  });

  it("should give the hook's verdict with --staged (index, not working tree) and JSON/SARIF", () => {
    const r = fresh();
    const t = plantedTokens();
    r.write("app.env", `KEY=${t["stripe-secret-key"]}\n`);
    r.git("add", "app.env");
    r.write("app.env", "KEY=\n");
    const staged = r.hush("scan", "--staged", "--json");
    expect(staged.code).toBe(1);
    const json = JSON.parse(staged.stdout) as {
      source: string;
      findings: { path: string; line: number }[];
    };
    expect(json.source).toBe("staged");
    expect(json.findings[0]).toMatchObject({ path: "app.env", line: 1 });
    const guard = r.guard("--json");
    expect(guard.code).toBe(1);
    expect((JSON.parse(guard.stdout) as { findings: unknown[] }).findings).toEqual(json.findings);
    expect(r.hush("scan", "app.env").code).toBe(0); // the working copy is clean

    const sarif = JSON.parse(r.hush("scan", "--staged", "--sarif").stdout) as {
      version: string;
      runs: {
        results: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[];
      }[];
    };
    expect(sarif.version).toBe("2.1.0");
    expect(sarif.runs[0]?.results[0]?.locations[0]?.physicalLocation.artifactLocation.uri).toBe(
      "app.env",
    );
  });

  it("should report a plaintext file under a policy rule in the working tree, in SARIF too", async () => {
    const r = fresh();
    const core = await import("@hush/core");
    const alice = await core.generateIdentity();
    r.write(
      ".hush.yaml",
      `members:\n  alice: ${alice.recipient}\nrules:\n  - path: "secrets/**"\n    recipients: [alice]\n`,
    );
    r.write("secrets/app.env", "API_KEY=not-encrypted-yet\n");
    r.write(
      "secrets/ok.env",
      await core.encrypt("API_KEY=x\n", { format: "dotenv", recipients: [alice.recipient] }),
    );
    r.git("add", ".");
    const out = r.hush("scan", "--sarif");
    expect(out.code).toBe(1);
    const sarif = JSON.parse(out.stdout) as {
      runs: {
        results: {
          ruleId: string;
          locations: { physicalLocation: { artifactLocation: { uri: string } } }[];
        }[];
      }[];
    };
    const results = sarif.runs[0]?.results ?? [];
    expect(
      results.map((x) => [x.ruleId, x.locations[0]?.physicalLocation.artifactLocation.uri]),
    ).toEqual([["policy-plaintext-file", "secrets/app.env"]]);
    expect(out.stdout).not.toContain("not-encrypted-yet");
  });

  it("should exit 2 for --staged outside a git repository and on bad flag combinations", () => {
    const r = fresh();
    expect(r.hush("scan", "--staged", "x").code).toBe(2);
    expect(r.hush("scan", "--json", "--sarif").code).toBe(2);
    rmSync(path.join(r.dir, ".git"), { recursive: true, force: true });
    const out = r.hush("scan", "--staged");
    expect(out.code).toBe(2);
    expect(out.stderr).toContain("not a git repository");
    expect(r.hush("scan").code).toBe(0); // a plain folder with nothing in it
  });
});
