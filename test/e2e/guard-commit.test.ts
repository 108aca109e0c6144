/**
 * The pre-commit guard end to end: real `git commit` in temp repositories through the hook that
 * `hush hook install` writes, running the BUILT guard (`pnpm build` first).
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { makeRepo, type TempRepo } from "../helpers/guard-repo.js";
import { harmlessLines, plantedTokens } from "../helpers/tokens.js";
import type * as CoreModule from "@hush/core";
import type * as ScanModule from "@hush/core/scan";

type Core = typeof CoreModule;
let core: Core;
let scan: typeof ScanModule;
let alice: { identity: string; recipient: string };
let bob: { identity: string; recipient: string };

beforeAll(async () => {
  core = await import("@hush/core");
  scan = await import("@hush/core/scan");
  alice = await core.generateIdentity();
  bob = await core.generateIdentity();
});

let repo: TempRepo | undefined;
afterEach(() => {
  repo?.cleanup();
  repo = undefined;
});

const PLAIN = "db:\n  user: app\n  password: s3cr3t-value-for-tests\napi_token: abc123-not-real\n";

function policy(recipients: string[]): string {
  return [
    "members:",
    `  alice: ${alice.recipient}`,
    `  bob: ${bob.recipient}`,
    "rules:",
    '  - path: "secrets/**"',
    `    recipients: [${recipients.join(", ")}]`,
    "scan:",
    '  ignore: ["**/testdata/**"]',
    "",
  ].join("\n");
}

/** A repo with the guard installed by the CLI and a first commit (holding the policy unless `plain`). */
function setup(env: Record<string, string> = {}, plain = false): TempRepo {
  repo = makeRepo(env);
  const install = repo.hush("hook", "install");
  expect(install.code, install.stderr).toBe(0);
  if (!plain) {
    // A policy with scan.ignore weakens the guard: it is committed alone, before anything else.
    repo.write(".hush.yaml", policy(["alice"]));
    const p = repo.commit("policy", ".hush.yaml");
    expect(p.code, p.stderr).toBe(0);
  }
  repo.write("README.md", "# test repo\n");
  const first = repo.commit("init", "README.md");
  expect(first.code, first.stderr).toBe(0);
  return repo;
}
/** The detector's cases do not depend on a policy. */
const setupPlain = (): TempRepo => setup({}, true);

async function encrypted(text: string, recipients = [alice.recipient]): Promise<string> {
  return core.encrypt(text, { format: "yaml", recipients });
}

function guardJson(r: TempRepo): {
  findings: {
    path: string;
    line: number;
    ruleId: string;
    fingerprint: string | null;
    preview: string;
  }[];
  notes: { message: string }[];
} {
  const out = r.guard("--json");
  expect([0, 1]).toContain(out.code);
  return JSON.parse(out.stdout) as ReturnType<typeof guardJson>;
}

describe("guard: policy-covered files", () => {
  it("should block a plaintext file that a rule covers", () => {
    const r = setup();
    r.write("secrets/app.yaml", PLAIN);
    const c = r.commit("add secret", "secrets/app.yaml");
    expect(c.code).not.toBe(0);
    expect(c.stderr).toContain("secrets/app.yaml:1");
    expect(c.stderr).toContain("policy-plaintext-file");
    expect(c.stderr).toContain("hush encrypt -i secrets/app.yaml");
    expect(c.stderr).not.toContain("s3cr3t-value-for-tests");
    expect(r.git("rev-list", "--count", "HEAD").stdout.trim()).toBe("2"); // setup's two commits
  });

  it("should let the same file through once encrypted, and say the MAC is unchecked without a key", async () => {
    const r = setup();
    r.write("secrets/app.yaml", await encrypted(PLAIN));
    const c = r.commit("add encrypted secret", "secrets/app.yaml");
    expect(c.code, c.stderr).toBe(0);
    expect(c.stderr).toContain("MAC unchecked");
  });

  it("should block a hand-edited ciphertext when an identity is available", async () => {
    const r = setup({ SOPS_AGE_KEY: alice.identity });
    const text = await encrypted(PLAIN);
    // Flip one base64 character inside the password's ciphertext.
    const edited = text.replace(
      /(password: ENC\[AES256_GCM,data:)(.)/,
      (_m, head: string, ch: string) => `${head}${ch === "A" ? "B" : "A"}`,
    );
    expect(edited).not.toBe(text);
    r.write("secrets/app.yaml", edited);
    const c = r.commit("tamper", "secrets/app.yaml");
    expect(c.code).toBe(1);
    expect(c.stderr).toMatch(/sops-corrupt-value|sops-mac-mismatch/);
  });

  it("should block a ciphertext whose MAC no longer covers its values (a value removed by hand)", async () => {
    const r = setup({ SOPS_AGE_KEY: alice.identity });
    const text = await encrypted(PLAIN);
    const edited = text
      .split("\n")
      .filter((l) => !l.startsWith("api_token:"))
      .join("\n");
    r.write("secrets/app.yaml", edited);
    const c = r.commit("tamper", "secrets/app.yaml");
    expect(c.code).toBe(1);
    expect(c.stderr).toContain("sops-mac-mismatch");
  });

  it("should pass an untouched encrypted file when the identity verifies its MAC", async () => {
    const r = setup({ SOPS_AGE_KEY: alice.identity });
    r.write("secrets/app.yaml", await encrypted(PLAIN));
    const c = r.commit("ok", "secrets/app.yaml");
    expect(c.code, c.stderr).toBe(0);
    expect(c.stderr).not.toContain("MAC unchecked");
  });

  it("should block a partly decrypted file (one value back in plaintext)", async () => {
    const r = setup();
    const text = await encrypted(PLAIN);
    const partly = text.replace(/^api_token: ENC\[[^\]]*\]/m, "api_token: abc123-not-real");
    expect(partly).not.toBe(text);
    r.write("secrets/app.yaml", partly);
    const c = r.commit("partly", "secrets/app.yaml");
    expect(c.code).toBe(1);
    expect(c.stderr).toContain("sops-plaintext-value");
    expect(c.stderr).toContain("api_token");
    expect(c.stderr).not.toContain("abc123-not-real");
  });

  it("should block a file with stale recipients after a policy change", async () => {
    const r = setup();
    r.write("secrets/app.yaml", await encrypted(PLAIN));
    expect(r.commit("encrypted for alice", "secrets/app.yaml").code).toBe(0);
    // Bob joins: committing the policy alone re-judges every covered file in the index.
    r.write(".hush.yaml", policy(["alice", "bob"]));
    const c = r.commit("bob joins", ".hush.yaml");
    expect(c.code).toBe(1);
    expect(c.stderr).toContain("policy-recipient-drift");
    expect(c.stderr).toContain("hush rekey secrets/app.yaml");
    // Re-encrypted for both: the same commit goes through.
    r.write("secrets/app.yaml", await encrypted(PLAIN, [alice.recipient, bob.recipient]));
    const ok = r.commit("bob joins, rekeyed", ".hush.yaml", "secrets/app.yaml");
    expect(ok.code, ok.stderr).toBe(0);
  });

  it("should block a staged encrypted file whose recipients differ from an already committed policy", async () => {
    const r = setup();
    r.write(".hush.yaml", policy(["alice", "bob"]));
    expect(r.git("add", ".hush.yaml").code).toBe(0);
    expect(r.git("commit", "-q", "--no-verify", "-m", "policy").code).toBe(0);
    r.write("secrets/app.yaml", await encrypted(PLAIN, [alice.recipient]));
    const c = r.commit("stale", "secrets/app.yaml");
    expect(c.code).toBe(1);
    expect(c.stderr).toContain("policy-recipient-drift");
  });
});

describe("guard: other policy shapes", () => {
  it("should block a binary file under a rule (sops stores binaries as JSON text)", () => {
    const r = setup();
    r.write("secrets/cert.p12", Buffer.from([0x30, 0x82, 0x00, 0x00, 0x02, 0x01, 0x03]));
    const c = r.commit("binary", "secrets/cert.p12");
    expect(c.code).toBe(1);
    expect(c.stderr).toContain("policy-plaintext-file");
  });

  it("should honour .sops.yaml creation_rules when there is no .hush.yaml", async () => {
    repo = makeRepo();
    const r = repo;
    expect(r.hush("hook", "install").code).toBe(0);
    r.write(
      ".sops.yaml",
      `creation_rules:\n  - path_regex: secrets/.*\\.yaml$\n    age: ${alice.recipient}\n`,
    );
    expect(r.commit("sops config", ".sops.yaml").code).toBe(0);
    r.write("secrets/db.yaml", "password: plain\n");
    const blocked = r.commit("plain", "secrets/db.yaml");
    expect(blocked.code).toBe(1);
    expect(blocked.stderr).toContain("policy-plaintext-file");
    r.write("secrets/db.yaml", await encrypted("password: plain\n"));
    const ok = r.commit("encrypted", "secrets/db.yaml");
    expect(ok.code, ok.stderr).toBe(0);
  });
});

describe("guard: the policy answers cache", () => {
  it("should give the same verdict from the cache and start over when the policy changes", () => {
    const r = setup();
    r.write("secrets/app.yaml", PLAIN);
    r.git("add", "secrets/app.yaml");
    const first = r.guard();
    expect(first.code).toBe(1);
    expect(existsSync(path.join(r.dir, ".git/hush-guard-policy.json"))).toBe(true);
    const second = r.guard();
    expect(second.code).toBe(1);
    expect(second.stderr).toContain("policy-plaintext-file");
    // An unstaged policy edit changes nothing: the index copy of .hush.yaml is the policy.
    r.write(".hush.yaml", policy(["alice"]).replace('"secrets/**"', '"vault/**"'));
    const unstaged = r.guard();
    expect(unstaged.code, unstaged.stderr).toBe(1);
    // Staged, the narrowed policy is a new cache key, but a narrowed rule takes effect only once
    // committed: secrets/ stays covered, and the narrowing itself is reported.
    r.git("add", ".hush.yaml");
    const third = r.guard();
    expect(third.stderr).toContain("policy-plaintext-file");
    expect(third.stderr).toContain("policy-weakened");
    // Committed alone, the narrowing holds: secrets/ is no longer covered, so the detector reads it.
    r.git("restore", "--staged", "secrets/app.yaml");
    expect(r.git("commit", "-q", "-m", "narrow the policy").code).toBe(0);
    r.git("add", "secrets/app.yaml");
    const fourth = r.guard();
    expect(fourth.stderr).not.toContain("policy-plaintext-file");
    expect(fourth.stderr).toContain("generic-secret");
  });
});

describe("guard: credentials in the staged additions", () => {
  it("should block a planted token of every supported kind, each on its own line", () => {
    const r = setupPlain();
    const tokens = plantedTokens();
    const lines: string[] = ["// service configuration"];
    const at = new Map<string, number[]>();
    for (const [kind, token] of Object.entries(tokens)) {
      lines.push("");
      const parts = token.split("\n");
      at.set(
        kind,
        parts.map((_, i) => lines.length + 1 + i),
      );
      lines.push(...parts);
    }
    r.write("src/config.ts", lines.join("\n") + "\n");
    const c = r.commit("tokens", "src/config.ts");
    expect(c.code).toBe(1);
    const report = guardJson(r);
    const flagged = new Set(
      report.findings.filter((f) => f.path === "src/config.ts").map((f) => f.line),
    );
    for (const [kind, span] of at)
      expect
        .soft(
          span.some((l) => flagged.has(l)),
          `${kind} at lines ${span.join(",")} not flagged`,
        )
        .toBe(true);
    // Every rule the detector has should be exercised by a planted kind. A rule added to core later
    // without a maker in tokens.ts is reported loudly here rather than failing every later run.
    const fired = new Set(report.findings.map((f) => f.ruleId));
    const untested = scan.listRules().filter((rule) => !fired.has(rule.id));
    if (untested.length > 0)
      console.warn(
        `guard e2e: no planted token for detector rule(s) ${untested.map((r) => r.id).join(", ")} — add one to test/helpers/tokens.ts`,
      );
    const joined = c.stderr + JSON.stringify(report);
    for (const [kind, token] of Object.entries(tokens)) {
      // The tail of the token's last long random run must never be printed (previews show a head only).
      const runs = token.match(/[A-Za-z0-9]{16,}/g) ?? [];
      const tail = (runs[runs.length - 1] ?? "").slice(-12);
      expect
        .soft(
          tail.length === 12 && joined.includes(tail),
          `${kind}: secret text leaked into the output`,
        )
        .toBe(false);
    }
  });

  it("should pass ENC values, public keys and lock-file hashes", async () => {
    const r = setupPlain();
    r.write("config/other.enc.yaml", await encrypted(PLAIN));
    r.write("docs/keys.md", ["# Recipients", ...harmlessLines()].join("\n") + "\n");
    const integrity = Buffer.from(Array.from({ length: 64 }, (_, i) => (i * 37) % 256)).toString(
      "base64",
    );
    r.write(
      "package-lock.json",
      JSON.stringify(
        { packages: { "node_modules/x": { version: "1.0.0", integrity: `sha512-${integrity}` } } },
        null,
        2,
      ) + "\n",
    );
    const c = r.commit("harmless", "config/other.enc.yaml", "docs/keys.md", "package-lock.json");
    expect(c.code, c.stderr).toBe(0);
  });

  it("should honour hush:allow on the line and on the line above", () => {
    const r = setupPlain();
    const t = plantedTokens();
    r.write(
      "app.env",
      `${t["github-pat"]}  # hush:allow test fixture\n# hush:allow\n${t["stripe-secret-key"]}\n`,
    );
    const c = r.commit("allowed", "app.env");
    expect(c.code, c.stderr).toBe(0);
  });

  it("should honour a .hushignore fingerprint, keyed by the secret and not the line", () => {
    const r = setupPlain();
    const t = plantedTokens();
    r.write("app.env", `X=1\n${t["github-pat"]}\n`);
    expect(r.commit("blocked", "app.env").code).toBe(1);
    const [finding] = guardJson(r).findings;
    expect(finding?.fingerprint).toMatch(/^[0-9a-f]{16,}$/);
    r.write(".hushignore", `# test fixture\n${finding?.fingerprint ?? ""}\n`);
    // The fingerprint takes effect once committed (alone: see guard-policy-change.test.ts).
    r.git("restore", "--staged", "app.env");
    expect(r.commit("ignore a test token", ".hushignore").code).toBe(0);
    // Move the line: the fingerprint still matches.
    r.write("app.env", `${t["github-pat"]}\nX=1\n`);
    const c = r.commit("ignored", "app.env");
    expect(c.code, c.stderr).toBe(0);
  });

  it("should judge the staged content, not the working copy (both directions)", () => {
    const r = setupPlain();
    const t = plantedTokens();
    r.write("app.env", `TOKEN=${t["gitlab-pat"]}\n`);
    r.git("add", "app.env");
    r.write("app.env", "TOKEN=\n"); // clean working copy, dirty index
    expect(r.git("commit", "-q", "-m", "dirty index").code).toBe(1);

    r.write("app.env", "TOKEN=\n");
    r.git("add", "app.env");
    r.write("app.env", `TOKEN=${t["gitlab-pat"]}\n`); // dirty working copy, clean index
    const c = r.git("commit", "-q", "-m", "clean index");
    expect(c.code, c.stderr).toBe(0);
    expect(r.git("show", "HEAD:app.env").stdout).toBe("TOKEN=\n");
  });

  it("should check `git commit -a` (the hook sees the updated index)", () => {
    const r = setupPlain();
    const t = plantedTokens();
    r.write("README.md", `# test repo\n${t["slack-bot-token"]}\n`);
    expect(r.git("commit", "-q", "-a", "-m", "commit -a").code).toBe(1);
  });

  it("should look only at added lines", () => {
    const r = setupPlain();
    const t = plantedTokens();
    r.write("legacy.env", `OLD=${t["npm-token"]}\nA=1\n`);
    r.git("add", "legacy.env");
    expect(r.git("commit", "-q", "--no-verify", "-m", "legacy").code).toBe(0);
    r.write("legacy.env", `OLD=${t["npm-token"]}\nA=2\n`);
    const c = r.commit("unrelated edit", "legacy.env");
    expect(c.code, c.stderr).toBe(0);
    r.write("legacy.env", `OLD=${t["npm-token"]}\nA=2\nNEW=${t["huggingface-token"]}\n`);
    const blocked = r.commit("new token", "legacy.env");
    expect(blocked.code).toBe(1);
    expect(blocked.stderr).toContain("legacy.env:3");
    expect(blocked.stderr).not.toContain("legacy.env:1 ");
  });

  it("should skip files under the policy's scan.ignore globs", () => {
    const r = setup();
    const t = plantedTokens();
    r.write("pkg/testdata/fixture.env", `${t["github-pat"]}\n`);
    const c = r.commit("fixture", "pkg/testdata/fixture.env");
    expect(c.code, c.stderr).toBe(0);
    r.write("pkg/src/real.env", `${t["github-pat"]}\n`);
    expect(r.commit("not ignored", "pkg/src/real.env").code).toBe(1);
  });
});
