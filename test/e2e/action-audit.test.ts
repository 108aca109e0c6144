// The action's audit trail end to end: the chain it appends (checked with `hush audit verify`),
// the audit branch pushed to a local bare repository, and OIDC attribution from a loopback fake.
import { execFile } from "node:child_process";
import { createHmac, generateKeyPairSync, sign } from "node:crypto";
import { writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { verifyChain } from "@hush/core";
import { runStep, type StepResult } from "../helpers/runner-emu.js";
import {
  BUNDLE,
  EXPECTED_ENV,
  PLAINTEXT,
  ROOT,
  makeWorkspace,
  newKey,
  readText,
  runVariables,
  secretsOf,
  writeEncrypted,
} from "../helpers/action-fixtures.js";

const exec = promisify(execFile);
const HUSH = join(ROOT, "packages/cli/bin/hush.js");

let key: { identity: string; recipient: string };
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});
beforeAll(async () => {
  key = await newKey();
});

async function workspace(): Promise<string> {
  const ws = await makeWorkspace();
  cleanups.push(ws.cleanup);
  await writeEncrypted(ws.dir, "k8s/app.enc.yaml", PLAINTEXT, [key.recipient]);
  return ws.dir;
}

function step(
  ws: string,
  inputs: Record<string, string>,
  env: Record<string, string> = {},
): Promise<StepResult> {
  return runStep(BUNDLE, {
    cwd: ws,
    inputs: { "age-key": key.identity, files: "k8s/*.yaml", export: "env", ...inputs },
    env: { ...runVariables(ws), ...env },
  });
}

const errors = (r: StepResult): string[] =>
  r.commands.filter((c) => c.name === "error").map((c) => c.data);

/** `hush audit verify FILE`: exit code and stdout. */
async function hushVerify(file: string): Promise<{ code: number; stdout: string }> {
  try {
    const { stdout } = await exec(process.execPath, [HUSH, "audit", "verify", file]);
    return { code: 0, stdout };
  } catch (e) {
    const err = e as { code: number; stdout: string };
    return { code: err.code, stdout: err.stdout };
  }
}

describe("action audit log: a chain hush audit verify checks", () => {
  it("should append chained records and detect an edited, a deleted and two swapped records", async () => {
    const ws = await workspace();
    const log = join(ws, "audit.jsonl");
    for (let i = 0; i < 4; i++) {
      const r = await step(ws, { "audit-log": "audit.jsonl" }, { GITHUB_RUN_ID: String(100 + i) });
      expect(r.status).toBe(0);
    }
    const text = await readText(log);
    const lines = text.trim().split("\n");
    expect(lines).toHaveLength(4);
    expect(await hushVerify(log)).toMatchObject({ code: 0 });
    expect((await hushVerify(log)).stdout).toContain("4 records");

    const json = await exec(process.execPath, [HUSH, "audit", "verify", log, "--json"]);
    expect(JSON.parse(json.stdout)).toEqual({
      file: log,
      ok: true,
      records: 4,
      problems: [],
      macs: 0,
      authenticated: false,
      head: (JSON.parse(lines[3]!) as { hash: string }).hash,
    });

    const variant = async (
      name: string,
      edited: string[],
    ): Promise<{ code: number; stdout: string }> => {
      const path = join(ws, name);
      await writeFile(path, `${edited.join("\n")}\n`);
      return hushVerify(path);
    };

    const edited = [...lines];
    edited[1] = edited[1]!.replace('"run_id":"101"', '"run_id":"999"');
    const e = await variant("edited.jsonl", edited);
    expect(e.code).toBe(1);
    expect(e.stdout).toMatch(/edited\.jsonl:2: edited: /);

    const deleted = lines.filter((_, i) => i !== 2);
    const d = await variant("deleted.jsonl", deleted);
    expect(d.code).toBe(1);
    expect(d.stdout).toMatch(/deleted\.jsonl:3: deleted-or-reordered: /);

    const swapped = [lines[0]!, lines[2]!, lines[1]!, lines[3]!];
    const s = await variant("swapped.jsonl", swapped);
    expect(s.code).toBe(1);
    expect(s.stdout.trim().split("\n")).toHaveLength(3);
    expect(s.stdout).toMatch(/swapped\.jsonl:2: deleted-or-reordered: /);
  });

  it.skipIf(process.platform !== "linux")(
    "should append a failure record after the decrypt's own when the export then fails",
    async () => {
      const ws = await workspace();
      // A folder nobody can create (procfs refuses mkdir even to root): the path checks before the
      // record pass (RUNNER_TEMP is the root), the write after it fails.
      const r = await step(
        ws,
        { "audit-log": "audit.jsonl", export: "files", "output-dir": "/proc/hush-export-test" },
        { RUNNER_TEMP: "/proc" },
      );
      expect(r.status).not.toBe(0);
      const records = (await readText(join(ws, "audit.jsonl")))
        .trim()
        .split("\n")
        .map(
          (l) =>
            JSON.parse(l) as { outcome: string; error: { message: string } | null; hash: string },
        );
      expect(records.map((x) => x.outcome)).toEqual(["success", "failure"]);
      expect(records[1]!.error?.message).toMatch(/^export failed: /);
      expect(r.outputs["audit-hash"]).toBe(records[1]!.hash);
      expect((await hushVerify(join(ws, "audit.jsonl"))).code).toBe(0);
    },
  );
});

async function git(cwd: string, ...args: string[]): Promise<string> {
  const { stdout } = await exec(
    "git",
    [
      "-c",
      "user.name=t",
      "-c",
      "user.email=t@example.invalid",
      "-c",
      "init.defaultBranch=main",
      ...args,
    ],
    { cwd },
  );
  return stdout;
}

/** A bare remote whose main holds the encrypted file, pushed from a clone at `<dir>/<name>`. */
async function seededRemote(name: string): Promise<{ dir: string; remote: string; ws: string }> {
  const base = await makeWorkspace();
  cleanups.push(base.cleanup);
  const remote = join(base.dir, "remote.git");
  await git(base.dir, "init", "--bare", "-q", remote);
  const ws = join(base.dir, name);
  await git(base.dir, "clone", "-q", remote, ws);
  await writeEncrypted(ws, "k8s/app.enc.yaml", PLAINTEXT, [key.recipient]);
  await git(ws, "add", ".");
  await git(ws, "commit", "-q", "-m", "secrets");
  await git(ws, "push", "-q", "origin", "HEAD:main");
  return { dir: base.dir, remote, ws };
}

describe("action audit branch: a commit per record on a branch of the remote", () => {
  it("should create the branch as an orphan, append to it, and leave the checkout untouched", async () => {
    const { ws, remote } = await seededRemote("checkout");
    const mainBefore = (await git(ws, "rev-parse", "HEAD")).trim();

    const first = await step(ws, { "audit-branch": "hush-audit" });
    expect(errors(first)).toEqual([]);
    expect(first.status, first.log.join("\n")).toBe(0);
    const second = await step(ws, { "audit-branch": "hush-audit" }, { GITHUB_RUN_ID: "9002" });
    expect(second.status).toBe(0);
    expect(second.env).toEqual(EXPECTED_ENV);

    const history = (await git(remote, "log", "--format=%H %P", "hush-audit")).trim().split("\n");
    expect(history).toHaveLength(2);
    expect(history[1]!.split(" ")).toHaveLength(1); // the first commit has no parent: an orphan branch
    const text = await git(remote, "show", "hush-audit:audit.jsonl");
    expect(verifyChain(text)).toMatchObject({ ok: true, records: 2 });
    const records = text
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(records.map((r) => r.run_id)).toEqual(["9001", "9002"]);
    expect(records[1]!.hash).toBe(second.outputs["audit-hash"]);
    for (const s of secretsOf(Object.values(EXPECTED_ENV)).filter((s) => s.length >= 6))
      expect(text).not.toContain(s);
    expect((await git(remote, "ls-tree", "--name-only", "hush-audit")).trim()).toBe("audit.jsonl");

    expect((await git(remote, "rev-parse", "main")).trim()).toBe(mainBefore);
    expect((await git(ws, "rev-parse", "HEAD")).trim()).toBe(mainBefore);
    expect((await git(ws, "status", "--porcelain")).trim()).toBe("");
  });

  it("should keep one chain when several jobs push records at the same time", async () => {
    const { dir, remote } = await seededRemote("seed");
    const jobs = ["a", "b", "c"];
    for (const j of jobs) await git(dir, "clone", "-q", remote, join(dir, j));
    const results = await Promise.all(
      jobs.map((j, i) =>
        step(join(dir, j), { "audit-branch": "hush-audit" }, { GITHUB_RUN_ID: String(500 + i) }),
      ),
    );
    for (const r of results) expect(r.status, r.log.join("\n")).toBe(0);
    const text = await git(remote, "show", "hush-audit:audit.jsonl");
    expect(verifyChain(text)).toMatchObject({ ok: true, records: 3 });
    const runs = text
      .trim()
      .split("\n")
      .map((l) => (JSON.parse(l) as { run_id: string }).run_id);
    expect(runs.sort()).toEqual(["500", "501", "502"]);
  });

  it("should fail closed, exporting nothing, when the branch cannot be pushed", async () => {
    const base = await makeWorkspace();
    cleanups.push(base.cleanup);
    const ws = join(base.dir, "checkout");
    await git(base.dir, "init", "-q", ws);
    await writeEncrypted(ws, "k8s/app.enc.yaml", PLAINTEXT, [key.recipient]);
    await git(ws, "remote", "add", "origin", join(base.dir, "missing.git"));
    const r = await step(ws, { "audit-branch": "hush-audit" });
    expect(r.status).toBe(1);
    expect(errors(r)).toHaveLength(1);
    expect(errors(r)[0]).toMatch(/^ERR_AUDIT: audit branch/);
    expect(r.env).toEqual({});
  });
});

describe("action OIDC attribution", () => {
  let server: Server | undefined;
  afterEach(async () => {
    await new Promise<void>((resolve) =>
      server === undefined ? resolve() : server.close(() => resolve()),
    );
    server = undefined;
  });

  it("should request a token for the hush-audit audience and record its claims", async () => {
    const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    const seen: { url: string; auth: string | undefined }[] = [];
    let jwt = "";
    server = createServer((req, res) => {
      seen.push({ url: req.url ?? "", auth: req.headers.authorization });
      const url = new URL(req.url ?? "/", "http://127.0.0.1");
      const claims = {
        iss: "https://token.actions.githubusercontent.com",
        aud: url.searchParams.get("audience"),
        sub: "repo:octo-org/deploy:environment:production",
        environment: "production",
        repository: "octo-org/deploy",
        repository_id: "74",
        run_id: "9001",
        run_attempt: "1",
        actor: "octocat",
        actor_id: "12",
        job_workflow_ref: "octo-org/deploy/.github/workflows/deploy.yml@refs/heads/main",
        iat: 1764093600,
        exp: 1764094200,
      };
      const enc = (o: object): string => Buffer.from(JSON.stringify(o)).toString("base64url");
      const signingInput = `${enc({ alg: "RS256", typ: "JWT", kid: "test" })}.${enc(claims)}`;
      jwt = `${signingInput}.${sign("sha256", Buffer.from(signingInput), privateKey).toString("base64url")}`;
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify({ value: jwt }));
    });
    await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
    const port = (server.address() as AddressInfo).port;

    const ws = await workspace();
    const auditKey = ["oidc", "audit", "key", "5b1c"].join("-");
    const r = await step(
      ws,
      { "audit-log": "audit.jsonl", "audit-key": auditKey },
      {
        ACTIONS_ID_TOKEN_REQUEST_URL: `http://127.0.0.1:${port}/idtoken?api-version=2.0`,
        ACTIONS_ID_TOKEN_REQUEST_TOKEN: "request-token-5b1c",
      },
    );
    expect(errors(r)).toEqual([]);
    expect(r.status).toBe(0);
    expect(seen).toEqual([
      { url: "/idtoken?api-version=2.0&audience=hush-audit", auth: "Bearer request-token-5b1c" },
    ]);
    expect(r.masker.originals.has(jwt)).toBe(true);
    const record = JSON.parse((await readText(join(ws, "audit.jsonl"))).trim()) as Record<
      string,
      unknown
    >;
    expect(record.attribution).toMatchObject({
      source: "oidc",
      audience: "hush-audit",
      token: jwt,
      claims: {
        aud: "hush-audit",
        environment: "production",
        sub: "repo:octo-org/deploy:environment:production",
        actor_id: "12",
      },
    });
    expect(r.summary).toContain("OIDC");
    // The keyed record keeps the token: the MAC is over the chain hash, which covers it.
    expect(record.mac).toBe(
      createHmac("sha256", auditKey).update(String(record.hash)).digest("hex"),
    );
    expect(r.log.join("\n")).not.toContain(auditKey);
  });

  it("should still decrypt, recording no attribution, when the token request fails", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const ws = await workspace();
    const auditKey = ["oidc", "audit", "key", "5b1c"].join("-");
    const r = await step(
      ws,
      { "audit-log": "audit.jsonl", "audit-key": auditKey },
      {
        ACTIONS_ID_TOKEN_REQUEST_URL: `http://127.0.0.1:${port}/idtoken?api-version=2.0`,
        ACTIONS_ID_TOKEN_REQUEST_TOKEN: "request-token-5b1c",
      },
    );
    expect(r.status).toBe(0);
    expect(r.env).toEqual(EXPECTED_ENV);
    const record = JSON.parse((await readText(join(ws, "audit.jsonl"))).trim()) as Record<
      string,
      unknown
    >;
    expect(record.attribution).toMatchObject({
      source: "none",
      reason: expect.stringMatching(/^id token request failed/) as string,
    });
  });
});
