/**
 * actions/scan, the committed bundle, under the runner's file-command protocol (runner-emu) in real
 * repositories with real ranges: a pull request whose commits add a credential and remove it again
 * and commit a covered file in plaintext is annotated (file and line, redacted), summarised,
 * reported in SARIF and failed; a pull request cannot baseline its own findings; a clean range
 * passes; a base the clone does not have fails with ERR_INPUT, a malformed baseline with ERR_BASELINE,
 * a folder outside git with ERR_GIT.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { makeRepo, type TempRepo } from "../helpers/guard-repo.js";
import { runStep, type StepResult } from "../helpers/runner-emu.js";
import { plantedTokens } from "../helpers/tokens.js";
import { ROOT, runVariables } from "../helpers/action-fixtures.js";
import type * as CoreModule from "@hush/core";

const BUNDLE = path.join(ROOT, "actions/scan/dist/index.js");

let core: typeof CoreModule;
let alice: { identity: string; recipient: string };
beforeAll(async () => {
  core = await import("@hush/core");
  alice = await core.generateIdentity();
});

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

function repo(): TempRepo {
  const r = makeRepo();
  cleanups.push(() => r.cleanup());
  return r;
}

function token(kind: string): string {
  const t = plantedTokens()[kind];
  if (t === undefined) throw new Error(`no planted ${kind}`);
  return t;
}

const sha = (r: TempRepo, rev = "HEAD"): string => r.git("rev-parse", rev).stdout.trim();

const POLICY = (): string =>
  `members:\n  alice: ${alice.recipient}\nrules:\n  - path: "secrets/**"\n    recipients: [alice]\n`;

/** Run the bundle in `r` for a pull_request event from `base` to `head`. */
async function scanStep(
  r: TempRepo,
  event: Record<string, unknown>,
  inputs: Record<string, string> = {},
  name = "pull_request",
): Promise<StepResult & { temp: string }> {
  const temp = mkdtempSync(path.join(tmpdir(), "hush-scan-temp-"));
  cleanups.push(() => rmSync(temp, { recursive: true, force: true }));
  const eventFile = path.join(temp, "event.json");
  writeFileSync(eventFile, JSON.stringify(event));
  const result = await runStep(BUNDLE, {
    cwd: r.dir,
    inputs,
    env: {
      ...runVariables(r.dir),
      GITHUB_EVENT_NAME: name,
      GITHUB_EVENT_PATH: eventFile,
      RUNNER_TEMP: temp,
      GIT_CONFIG_NOSYSTEM: "1",
      HOME: r.env.HOME ?? temp,
    },
  });
  return { ...result, temp };
}

const errors = (s: StepResult) => s.commands.filter((c) => c.name === "error");
const annotations = (s: StepResult) =>
  errors(s)
    .filter((c) => c.properties?.file !== undefined)
    .map((c) => `${c.properties?.file}:${c.properties?.line}:${c.properties?.title}`);

/** A base commit with the policy, and a pull request on top of it. */
function pullRequest(r: TempRepo): { base: string; leak: string; head: string } {
  r.write(".hush.yaml", POLICY());
  r.write("README.md", "hello\n");
  expect(r.commit("base", ".hush.yaml", "README.md").code).toBe(0);
  const base = sha(r);
  r.git("checkout", "-q", "-b", "feature");
  r.write("src/app.js", `const a = 1;\n${token("github-pat")}\n`);
  r.write("secrets/db.env", "DB_PASSWORD=correct-horse-battery\n");
  expect(r.commit("wip", "src/app.js", "secrets/db.env").code).toBe(0);
  const leak = sha(r);
  r.write("src/app.js", "const a = 1;\nconst t = process.env.GH_TOKEN;\n");
  expect(r.hush("encrypt", "-i", "secrets/db.env").code).toBe(0);
  expect(r.commit("tidy", "src/app.js", "secrets/db.env").code).toBe(0);
  return { base, leak, head: sha(r) };
}

describe("actions/scan", () => {
  it("should annotate, summarise, write SARIF and fail for what the commits of a pull request added", async () => {
    const r = repo();
    const { base, leak, head } = pullRequest(r);
    const secret = readFileSync(path.join(r.dir, "src/app.js"), "utf8"); // the tidy version
    expect(secret).not.toContain("ghp_");
    const step = await scanStep(r, {
      pull_request: { base: { sha: base }, head: { sha: head } },
    });
    expect(step.status).toBe(1);
    expect(step.fileCommandErrors).toEqual([]);
    const found = annotations(step);
    expect(found).toContain("src/app.js:2:hush: github-token");
    expect(found).toContain("secrets/db.env:1:hush: policy-plaintext-file");
    expect(step.outputs.findings).toBe(String(found.length));
    // Redacted everywhere: no line of the planted token in the log, the summary or the SARIF.
    const planted = r.git("show", `${leak}:src/app.js`).stdout.split("\n")[1] ?? "";
    expect(planted.length).toBeGreaterThan(30);
    const sarifPath = step.outputs.sarif ?? "";
    expect(sarifPath.startsWith(step.temp)).toBe(true);
    const sarif = readFileSync(sarifPath, "utf8");
    for (const text of [step.raw, step.summary, sarif])
      expect(text).not.toContain(planted.slice(4));
    const doc = JSON.parse(sarif) as {
      runs: { results: { ruleId: string; properties?: { commitSha?: string } }[] }[];
    };
    const gh = doc.runs[0]?.results.find((x) => x.ruleId === "github-token");
    expect(gh?.properties?.commitSha).toBe(leak);
    expect(step.summary).toContain("github-token");
    expect(step.summary).toContain(leak.slice(0, 12));
  });

  it("should not let a pull request baseline its own findings (the baseline is read from base)", async () => {
    const r = repo();
    r.write("README.md", "hello\n");
    expect(r.commit("base", "README.md").code).toBe(0);
    const base = sha(r);
    r.git("checkout", "-q", "-b", "feature");
    const stripe = token("stripe-secret-key");
    r.write("src/pay.js", `${stripe}\n`);
    expect(r.commit("pay", "src/pay.js").code).toBe(0);
    // The pull request writes a baseline holding its own finding, then commits it.
    const own = r.hush("scan", "--json");
    expect(own.code).toBe(1);
    r.write("hush-baseline.json", own.stdout);
    expect(r.commit("baseline", "hush-baseline.json").code).toBe(0);
    const head = sha(r);
    // The CLI given that file trusts it (the operator chose it)…
    expect(r.hush("scan", "--since", base, "--baseline", "hush-baseline.json").code).toBe(0);
    // …the action reads the base's copy, which does not exist: the finding stays.
    const step = await scanStep(
      r,
      { pull_request: { base: { sha: base }, head: { sha: head } } },
      { baseline: "hush-baseline.json" },
    );
    expect(step.status).toBe(1);
    expect(annotations(step)).toEqual(["src/pay.js:1:hush: stripe-secret-key"]);

    // A baseline the base commit holds does apply, also to the same secret moved elsewhere.
    r.git("checkout", "-q", "main");
    r.write("hush-baseline.json", own.stdout);
    expect(r.commit("accept the known finding", "hush-baseline.json").code).toBe(0);
    const base2 = sha(r);
    r.git("checkout", "-q", "feature");
    expect(r.git("merge", "-q", "--no-edit", "main").code).toBe(0);
    r.write("src/pay.js", "// moved\n");
    r.write("lib/billing.js", `// billing\n\n${stripe}\n`);
    expect(r.commit("move", "src/pay.js", "lib/billing.js").code).toBe(0);
    const step2 = await scanStep(
      r,
      { pull_request: { base: { sha: base2 }, head: { sha: sha(r) } } },
      { baseline: "hush-baseline.json" },
    );
    expect(annotations(step2)).toEqual([]);
    expect(step2.status, step2.log.join("\n")).toBe(0);
  });

  it("should pass a clean range and fail a base the clone does not have with ERR_INPUT", async () => {
    const r = repo();
    const { head } = pullRequest(r);
    r.write("docs.md", "just docs\n");
    expect(r.commit("docs", "docs.md").code).toBe(0);
    const clean = await scanStep(r, {
      pull_request: { base: { sha: head }, head: { sha: sha(r) } },
    });
    expect(clean.status, clean.log.join("\n")).toBe(0);
    expect(errors(clean)).toEqual([]);
    expect(clean.outputs.findings).toBe("0");
    expect(existsSync(clean.outputs.sarif ?? "")).toBe(true);

    const missing = await scanStep(r, {
      pull_request: { base: { sha: "1".repeat(40) }, head: { sha: head } },
    });
    expect(missing.status).toBe(1);
    expect(errors(missing).map((e) => e.data.split(":")[0])).toEqual(["ERR_INPUT"]);
    const hostile = await scanStep(
      r,
      {},
      { base: "--output=/tmp/x", head: "HEAD" },
      "workflow_dispatch",
    );
    expect(errors(hostile).map((e) => e.data.split(":")[0])).toEqual(["ERR_INPUT"]);
  });

  it("should fail a base's malformed baseline with ERR_BASELINE and a folder outside git with ERR_GIT", async () => {
    const r = repo();
    r.write("hush-baseline.json", '{"findings":[{"path":"a"}]}\n');
    expect(r.commit("base", "hush-baseline.json").code).toBe(0);
    const base = sha(r);
    r.write("docs.md", "just docs\n");
    expect(r.commit("docs", "docs.md").code).toBe(0);
    const event = { pull_request: { base: { sha: base }, head: { sha: sha(r) } } };
    const bad = await scanStep(r, event, { baseline: "hush-baseline.json" });
    expect(bad.status).toBe(1);
    expect(errors(bad).map((e) => e.data.split(":")[0])).toEqual(["ERR_BASELINE"]);

    rmSync(path.join(r.dir, ".git"), { recursive: true, force: true });
    const outside = await scanStep(r, event);
    expect(outside.status).toBe(1);
    expect(errors(outside).map((e) => e.data.split(":")[0])).toEqual(["ERR_GIT"]);
  });

  it("should scan all of head's history for a push that creates a branch (before is zeros)", async () => {
    const r = repo();
    const { head } = pullRequest(r);
    const step = await scanStep(r, { before: "0".repeat(40), after: head }, {}, "push");
    expect(step.status).toBe(1);
    expect(annotations(step)).toContain("src/app.js:2:hush: github-token");
  });
});
