/**
 * A staged change to the guard's configuration cannot silence its own commit: what weakens the
 * guard takes effect only once committed, and a commit that weakens it together with other files
 * is blocked with a finding naming the change. The author confirms by committing the change alone
 * first. Real commits through the hook `hush hook install` writes, and through a husky-style
 * `core.hooksPath`, running the BUILT guard and CLI.
 */
import { chmodSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { GUARD_BIN, makeRepo, type TempRepo } from "../helpers/guard-repo.js";
import { plantedTokens } from "../helpers/tokens.js";
import type * as CoreModule from "@hush/core";

type Core = typeof CoreModule;
let core: Core;
let alice: { identity: string; recipient: string };

beforeAll(async () => {
  core = await import("@hush/core");
  alice = await core.generateIdentity();
});

let repo: TempRepo | undefined;
afterEach(() => {
  repo?.cleanup();
  repo = undefined;
});

interface PolicyShape {
  rules?: string[];
  ignore?: string[];
}

const RULE_SECRETS = '  - path: "secrets/**"\n    recipients: [alice]';
const RULE_K8S =
  '  - path: "k8s/**"\n    recipients: [alice]\n    encrypted_regex: "^(data|stringData)$"';

function policy(shape: PolicyShape = {}): string {
  const rules = shape.rules ?? [RULE_SECRETS, RULE_K8S];
  return [
    "members:",
    `  alice: ${alice.recipient}`,
    "rules:",
    ...rules,
    "scan:",
    `  ignore: [${(shape.ignore ?? []).map((g) => JSON.stringify(g)).join(", ")}]`,
    "",
  ].join("\n");
}

/**
 * The husky way: `core.hooksPath` at `.husky/_`, whose pre-commit runs `.husky/pre-commit`, which
 * `hush hook install --husky` fills with `hush-pre-commit` (found on PATH, as node_modules/.bin is).
 */
function installHuskyStyle(r: TempRepo): void {
  const bin = path.join(r.dir, "..", "bin");
  mkdirSync(bin, { recursive: true });
  const shim = path.join(bin, "hush-pre-commit");
  writeFileSync(shim, `#!/bin/sh\nexec "${process.execPath}" "${GUARD_BIN}" "$@"\n`);
  chmodSync(shim, 0o755);
  r.env.PATH = `${bin}${path.delimiter}${r.env.PATH ?? ""}`;
  const husky = path.join(r.dir, ".husky", "_");
  mkdirSync(husky, { recursive: true });
  writeFileSync(
    path.join(husky, "pre-commit"),
    '#!/bin/sh\nexec sh "$(dirname "$0")/../pre-commit"\n',
  );
  chmodSync(path.join(husky, "pre-commit"), 0o755);
  expect(r.git("config", "core.hooksPath", ".husky/_").code).toBe(0);
  const out = r.hush("hook", "install", "--husky");
  expect(out.code, out.stderr).toBe(0);
}

function setup(install: "hush" | "husky" = "hush"): TempRepo {
  repo = makeRepo();
  const r = repo;
  if (install === "hush") expect(r.hush("hook", "install").code).toBe(0);
  else installHuskyStyle(r);
  r.write(".hush.yaml", policy());
  r.write("README.md", "# test repo\n");
  const c = r.commit("init", ".hush.yaml", "README.md", ...(install === "husky" ? [".husky"] : []));
  expect(c.code, c.stderr).toBe(0);
  return r;
}

const count = (r: TempRepo): string => r.git("rev-list", "--count", "HEAD").stdout.trim();

describe("guard: a staged policy change cannot silence its own commit", () => {
  for (const install of ["hush", "husky"] as const) {
    it(`should block scan.ignore ["**"] staged with a credential, and pass once the policy is committed alone (${install})`, () => {
      const r = setup(install);
      const before = count(r);
      r.write(".hush.yaml", policy({ ignore: ["**"] }));
      r.write("deploy.env", `${plantedTokens()["github-pat"]!}\n`);
      const c = r.commit("sneak", ".hush.yaml", "deploy.env");
      expect(c.code).toBe(1);
      expect(c.stderr).toContain("policy-weakened");
      expect(c.stderr).toContain('scan.ignore adds "**"');
      expect(c.stderr).toMatch(/github-/); // judged under the committed policy: still scanned
      expect(c.stderr).toContain("git commit -m");
      expect(count(r)).toBe(before);
      // Confirmed: the policy alone (as the fix line says, with the credential still staged).
      const alone = r.git("commit", "-q", "-m", "ignore everything", "--", ".hush.yaml");
      expect(alone.code, alone.stderr).toBe(0);
      expect(alone.stderr).toContain("weakens the guard for later commits");
      const later = r.git("commit", "-q", "-m", "now ignored");
      expect(later.code, later.stderr).toBe(0);
    });
  }

  it("should keep a removed or narrowed rule in force until the policy change is committed", async () => {
    const r = setup();
    const plain = "password: s3cr3t-for-tests\n";
    // The rule removed, with a plaintext file it covered.
    r.write(".hush.yaml", policy({ rules: [RULE_K8S] }));
    r.write("secrets/db.yaml", plain);
    let c = r.commit("remove rule", ".hush.yaml", "secrets/db.yaml");
    expect(c.code).toBe(1);
    expect(c.stderr).toContain("policy-plaintext-file");
    expect(c.stderr).toContain('removes the rule for "secrets/**"');
    r.git("reset", "-q");
    // The k8s rule's encrypted_regex narrowed, with a Secret that leaves stringData in clear.
    const narrowed = RULE_K8S.replace("^(data|stringData)$", "^data$");
    r.write(".hush.yaml", policy({ rules: [RULE_SECRETS, narrowed] }));
    r.write(
      "k8s/s.yaml",
      await core.encrypt("data:\n  a: eA==\nstringData:\n  password: s3cr3t-for-tests\n", {
        format: "yaml",
        recipients: [alice.recipient],
        rules: { encryptedRegex: "^data$" },
      }),
    );
    c = r.commit("narrow", ".hush.yaml", "k8s/s.yaml");
    expect(c.code).toBe(1);
    expect(c.stderr).toContain("sops-plaintext-value");
    expect(c.stderr).toContain("stringData.password");
    expect(c.stderr).toContain('changes the encryption options of the rule for "k8s/**"');
    r.git("reset", "-q");
    // A new rule ahead of it with other options (first match wins).
    const ahead = '  - path: "secrets/**"\n    recipients: [alice]\n    unencrypted_regex: ".*"';
    r.write(
      ".hush.yaml",
      policy({ rules: [ahead.replace("secrets/**", "**"), RULE_SECRETS, RULE_K8S] }),
    );
    r.write(
      "secrets/db.yaml",
      await core.encrypt(plain, {
        format: "yaml",
        recipients: [alice.recipient],
        rules: { unencryptedRegex: ".*" },
      }),
    );
    c = r.commit("shadow", ".hush.yaml", "secrets/db.yaml");
    expect(c.code).toBe(1);
    expect(c.stderr).toContain('puts the rule for "**" ahead of the rule for "secrets/**"');
    expect(c.stderr).toContain("sops-plaintext-value");
    r.git("reset", "-q");
    // The policy deleted outright.
    expect(r.git("rm", "-q", "-f", ".hush.yaml").code).toBe(0);
    r.write("secrets/db.yaml", plain);
    c = r.commit("no policy", "secrets/db.yaml");
    expect(c.code).toBe(1);
    expect(c.stderr).toContain("removes the policy .hush.yaml");
    expect(c.stderr).toContain("policy-plaintext-file");
  });

  it("should take a .hushignore fingerprint only from the committed .hushignore", () => {
    const r = setup();
    r.write("app.env", `${plantedTokens()["github-pat"]!}\n`);
    r.git("add", "app.env");
    const found = JSON.parse(r.guard("--json").stdout) as { findings: { fingerprint: string }[] };
    const fp = found.findings[0]?.fingerprint;
    expect(fp).toMatch(/^[0-9a-f]{64}$/);
    r.write(".hushignore", `${fp}  # test fixture\n`);
    const c = r.commit("sneak", ".hushignore", "app.env");
    expect(c.code).toBe(1);
    expect(c.stderr).toContain("policy-weakened");
    expect(c.stderr).toContain(".hushignore:1");
    expect(c.stderr).toMatch(/github-/);
    const alone = r.git("commit", "-q", "-m", "ignore a fixture", "--", ".hushignore");
    expect(alone.code, alone.stderr).toBe(0);
    const later = r.git("commit", "-q", "-m", "fixture");
    expect(later.code, later.stderr).toBe(0);
  });

  it("should let a change that only strengthens the guard through with the files it concerns", async () => {
    const r = setup();
    const rule = '  - path: "config/**"\n    recipients: [alice]';
    r.write(".hush.yaml", policy({ rules: [RULE_SECRETS, RULE_K8S, rule] }));
    r.write(
      "config/app.yaml",
      await core.encrypt("password: s3cr3t-for-tests\n", {
        format: "yaml",
        recipients: [alice.recipient],
      }),
    );
    const c = r.commit("more rules", ".hush.yaml", "config/app.yaml");
    expect(c.code, c.stderr).toBe(0);
    expect(c.stderr).not.toContain("weaken");
  });
});
