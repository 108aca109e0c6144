/**
 * `hush scan --history [RANGE]`, `--since REF` and `--baseline FILE` through the BUILT CLI in real
 * repositories: what history holds (a secret added then removed), with its commit; one `git log`
 * process whatever the number of commits; a range that git would read as an option is refused;
 * a baseline keeps known findings quiet when they move, and reports new ones.
 */
import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { makeRepo, type TempRepo } from "../helpers/guard-repo.js";
import { plantedTokens } from "../helpers/tokens.js";
import type * as CoreModule from "@hush/core";

let core: typeof CoreModule;
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

function token(kind: string): string {
  const t = plantedTokens()[kind];
  if (t === undefined) throw new Error(`no planted ${kind}`);
  return t;
}

interface JsonFinding {
  path: string;
  line: number;
  ruleId: string;
  fingerprint: string | null;
  commit?: { sha: string; author: string; email: string; date: string };
}
interface Json {
  source: string;
  findings: JsonFinding[];
  notes: { path: string; message: string }[];
  summary: { commits?: number };
}

const json = (out: { stdout: string }): Json => JSON.parse(out.stdout) as Json;
const sha = (r: TempRepo, rev = "HEAD"): string => r.git("rev-parse", rev).stdout.trim();

describe("hush scan --history", () => {
  it("should find a secret a later commit removed, with its commit, author, date, path and line", () => {
    const r = (repo = makeRepo());
    r.write("README.md", "hello\n");
    expect(r.commit("init", "README.md").code).toBe(0);
    const stripe = token("stripe-secret-key");
    r.write("src/pay.js", `// payments\nconst x = 1;\n${stripe}\n`);
    expect(r.commit("add payments", "src/pay.js").code).toBe(0);
    const leaked = sha(r);
    r.write("src/pay.js", "// payments\nconst x = 1;\nconst key = process.env.STRIPE_KEY;\n");
    expect(r.commit("move the key out", "src/pay.js").code).toBe(0);

    // The working tree is clean…
    expect(r.hush("scan").code).toBe(0);
    // …history is not.
    const out = r.hush("scan", "--history", "--json");
    expect(out.code, out.stderr).toBe(1);
    const report = json(out);
    expect(report.source).toBe("history");
    expect(report.summary.commits).toBe(3);
    expect(report.findings).toHaveLength(1);
    const f = report.findings[0];
    expect(f).toMatchObject({ path: "src/pay.js", line: 3, ruleId: "stripe-secret-key" });
    expect(f?.commit).toMatchObject({ sha: leaked, author: "Test", email: "test@hush.invalid" });
    expect(Number.isNaN(Date.parse(f?.commit?.date ?? ""))).toBe(false);
    expect(out.stdout).not.toContain(stripe.slice(12));

    const sarif = JSON.parse(r.hush("scan", "--history", "--sarif").stdout) as {
      runs: { results: { properties?: { commitSha?: string } }[] }[];
    };
    expect(sarif.runs[0]?.results[0]?.properties?.commitSha).toBe(leaked);
    // A range: only the last commit, which removed it.
    expect(r.hush("scan", "--history", "HEAD~1..HEAD").code).toBe(0);
    expect(r.hush("scan", "--history", `${leaked}~1..${leaked}`).code).toBe(1);
  });

  it("should read all of history with one git log, however many commits", () => {
    const r = (repo = makeRepo());
    const bin = path.join(r.dir, "..", "gitshim");
    mkdirSync(bin);
    const log = path.join(r.dir, "..", "git-calls.log");
    const real = r.git("--exec-path").stdout.trim();
    const shim = path.join(bin, "git");
    writeFileSync(
      shim,
      `#!/bin/sh\nprintf '%s\\n' "$1 $2 $3 $4 $5" >> '${log}'\nexec '${path.join(real, "git")}' "$@"\n`,
    );
    chmodSync(shim, 0o755);
    for (let i = 0; i < 40; i++) {
      r.write(`f${i}.txt`, i === 25 ? `${token("github-pat")}\n` : `line ${i}\n`);
      expect(r.commit(`c${i}`, `f${i}.txt`).code).toBe(0);
    }
    writeFileSync(log, "");
    const env = { ...r.env, PATH: `${bin}${path.delimiter}${r.env.PATH ?? ""}` };
    const run = spawnSync(
      process.execPath,
      [
        path.join(import.meta.dirname, "../../packages/cli/bin/hush.js"),
        "scan",
        "--history",
        "--json",
      ],
      { cwd: r.dir, env, encoding: "utf8" },
    );
    expect(run.status, run.stderr).toBe(1);
    expect(json({ stdout: run.stdout }).findings.map((f) => f.path)).toEqual(["f25.txt"]);
    const calls = readFileSync(log, "utf8").trim().split("\n");
    expect(calls.filter((c) => / log /.test(` ${c} `))).toHaveLength(1);
    // No walk of history to count commits for a progress line nobody sees (stderr is a pipe).
    expect(calls.filter((c) => c.startsWith("rev-list"))).toEqual([]);
    expect(calls.length).toBeLessThanOrEqual(3);
  });

  it("should not have git diff what the detector skips by path, and find the same everywhere else", () => {
    const r = (repo = makeRepo());
    const tok = token("github-pat");
    // A large lock file (integrity hashes), vendored code and a binary by extension, each holding a
    // token the detector skips by path anyway (git leaves out the first two); a dot file named
    // like an image is read.
    const lock = `{"lockfileVersion": 3, "t": "${tok}",\n${'  "x": "y",\n'.repeat(20_000)}}\n`;
    r.write("package-lock.json", lock);
    r.write("Cargo.LOCK", `token = "${tok}"\n`);
    r.write("node_modules/dep/index.js", `const t = "${tok}";\n`);
    r.write("img/logo.PNG", `${tok}\n`);
    r.write("img/.png", `${tok}\n`);
    r.write("src/app.js", `const t = "${tok}";\n`);
    expect(r.commit("all", ".").code).toBe(0);
    const expected = ["img/.png", "src/app.js"];
    const out = r.hush("scan", "--history", "--json");
    expect(out.code, out.stderr).toBe(1);
    const report = json(out) as Json & { summary: { bytesScanned: number } };
    expect(report.findings.map((f) => f.path).sort()).toEqual(expected);
    // git never wrote the lock file's patch.
    expect(report.summary.bytesScanned).toBeLessThan(lock.length / 10);
    // From a subfolder: still the whole repository's history.
    const sub = spawnSync(
      process.execPath,
      [
        path.join(import.meta.dirname, "../../packages/cli/bin/hush.js"),
        "scan",
        "--history",
        "--json",
      ],
      { cwd: path.join(r.dir, "src"), env: r.env, encoding: "utf8" },
    );
    expect(sub.status, sub.stderr).toBe(1);
    expect(
      json({ stdout: sub.stdout })
        .findings.map((f) => f.path)
        .sort(),
    ).toEqual(expected);
  });

  it("should refuse a range git would read as an option, and write nothing", () => {
    const r = (repo = makeRepo());
    r.write("a.txt", "a\n");
    expect(r.commit("a", "a.txt").code).toBe(0);
    const target = path.join(r.dir, "..", "written-by-git");
    for (const args of [[`--history=--output=${target}`], ["--since", `--output=${target}`]]) {
      const out = r.hush("scan", ...args);
      expect(out.code, `${args.join(" ")}: ${out.stdout}${out.stderr}`).toBe(2);
      expect(existsSync(target)).toBe(false);
    }
    // After `--` it is a path: git reads it as one too.
    expect(r.hush("scan", "--history", "--", `--output=${target}`).code).toBe(0);
    expect(existsSync(target)).toBe(false);
    expect(r.hush("scan", "--since", "no-such-branch").code).toBe(2);
  });

  it("should say a history range names what this clone lacks, in one line with a hint", () => {
    const r = (repo = makeRepo());
    r.write("a.txt", "a\n");
    expect(r.commit("a", "a.txt").code).toBe(0);
    for (const range of ["no-such-branch", "HEAD..no-such-branch"]) {
      const out = r.hush("scan", `--history=${range}`);
      expect(out.code, out.stderr).toBe(2);
      expect(out.stderr).toMatch(
        /^hush: no such commit or range in this clone: .*no-such-branch\nhint: .*fetch/,
      );
      expect(out.stderr).not.toContain("report it");
    }
  });
});

describe("hush scan --baseline", () => {
  it("should report only what the baseline does not hold, moved lines included", () => {
    const r = (repo = makeRepo());
    const first = token("github-pat");
    r.write("config/app.py", `import os\n${first}\n`);
    expect(r.commit("one", "config/app.py").code).toBe(0);
    const base = path.join(r.dir, "..", "known.json");
    for (const mode of [[], ["--history"]]) {
      const out = r.hush("scan", ...mode, "--json");
      expect(out.code).toBe(1);
      writeFileSync(base, out.stdout);
      expect(r.hush("scan", ...mode, "--baseline", base).code).toBe(0);
    }
    // The same secret moved to another line of another file: still baselined.
    r.write("config/app.py", "import os\n");
    r.write("settings/other.py", `# moved\n\n\n${first}\n`);
    expect(r.commit("move", "config/app.py", "settings/other.py").code).toBe(0);
    expect(r.hush("scan", "--baseline", base).code).toBe(0);
    expect(r.hush("scan", "--history", "--baseline", base).code).toBe(0);
    // A new one is not.
    const second = token("stripe-secret-key");
    r.write("settings/other.py", `# moved\n\n\n${first}\n${second}\n`);
    expect(r.commit("more", "settings/other.py").code).toBe(0);
    for (const mode of [[], ["--history"]]) {
      const out = r.hush("scan", ...mode, "--baseline", base, "--json");
      expect(out.code).toBe(1);
      expect(json(out).findings.map((f) => `${f.ruleId}@${f.path}:${f.line}`)).toEqual([
        "stripe-secret-key@settings/other.py:5",
      ]);
    }
    // Not a report: a usage error, nothing scanned.
    writeFileSync(base, "[1,2]");
    expect(r.hush("scan", "--baseline", base).code).toBe(2);
    writeFileSync(base, '{"findings":[{"ruleId":"x","path":"y","fingerprint":"zz"}]}');
    expect(r.hush("scan", "--baseline", base).code).toBe(2);
    expect(r.hush("scan", "--baseline", path.join(r.dir, "missing.json")).code).toBe(2);
  });
});

describe("hush scan --since", () => {
  const policy = (): string =>
    `members:\n  alice: ${alice.recipient}\nrules:\n  - path: "secrets/**"\n    recipients: [alice]\n`;

  it("should find what a commit of the range added and a later one removed, and a plaintext file under a rule in any commit", () => {
    const r = (repo = makeRepo());
    r.write(".hush.yaml", policy());
    r.write("README.md", "x\n");
    expect(r.commit("base", ".hush.yaml", "README.md").code).toBe(0);
    const base = sha(r);
    // A secret in and out again, and a covered file first committed in plaintext, then encrypted.
    r.write("app.js", `${token("openai-api-key")}\n`);
    r.write("secrets/db.env", "DB_PASSWORD=correct-horse-battery\n");
    expect(r.commit("wip", "app.js", "secrets/db.env").code).toBe(0);
    const wip = sha(r);
    r.write("app.js", "const key = process.env.OPENAI_API_KEY;\n");
    expect(r.hush("encrypt", "-i", "secrets/db.env").code).toBe(0);
    expect(r.commit("clean up", "app.js", "secrets/db.env").code).toBe(0);

    expect(r.hush("scan").code).toBe(0); // the tree is clean
    const out = r.hush("scan", "--since", base, "--json");
    expect(out.code, out.stderr).toBe(1);
    const report = json(out);
    expect(report.source).toBe("range");
    const got = report.findings.map((f) => `${f.ruleId}@${f.path}@${f.commit?.sha ?? "-"}`);
    expect(got).toContain(`openai-api-key@app.js@${wip}`);
    expect(got).toContain(`policy-plaintext-file@secrets/db.env@${wip}`);
    // The range after the clean-up is clean.
    expect(r.hush("scan", "--since", "HEAD~1").code).toBe(0);
  });

  it("should judge a range under the base's configuration when the range weakens it", () => {
    const r = (repo = makeRepo());
    r.write(".hush.yaml", policy());
    r.write("README.md", "x\n");
    expect(r.commit("base", ".hush.yaml", "README.md").code).toBe(0);
    const base = sha(r);
    // The range drops the rule and adds the plaintext file it covered, in two commits.
    r.write(".hush.yaml", `members:\n  alice: ${alice.recipient}\nrules: []\n`);
    expect(r.commit("loosen", ".hush.yaml").code).toBe(0);
    r.write("secrets/db.env", "DB_PASSWORD=correct-horse-battery\n");
    expect(r.commit("add", "secrets/db.env").code).toBe(0);
    const out = r.hush("scan", "--since", base, "--json");
    expect(out.code, out.stderr).toBe(1);
    const rules = json(out).findings.map((f) => `${f.ruleId}@${f.path}`);
    expect(rules).toContain("policy-plaintext-file@secrets/db.env");
    expect(rules).toContain("policy-weakened@.hush.yaml");
  });
});
