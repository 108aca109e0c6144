// access, log, report, git (setup, textconv, merge), member and audit called in process over real
// temp repos with history and real age keys (the built binary: test/e2e/team-*, keys-member,
// action-audit tests).
import { generateKeyPairSync } from "node:crypto";
import { copyFile, readFile, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { chainRecord, generateIdentity } from "@hush/core";
import { createRepo } from "../../../../test/helpers/git.js";
import { createKeyedRepo, type KeyedRepo } from "../../../../test/helpers/keyed-repo.js";
import { runIn, type World } from "../../../../test/helpers/in-process.js";
import { accessCommand } from "../../src/commands/access.js";
import { logCommand } from "../../src/commands/log.js";
import { reportCommand } from "../../src/commands/report.js";
import { gitMergeCommand, gitSetupCommand, gitTextconvCommand } from "../../src/commands/git.js";
import { memberAddCommand, memberRefreshCommand } from "../../src/commands/member.js";
import { auditVerifyCommand } from "../../src/commands/audit.js";
import { encryptCommand } from "../../src/commands/encrypt.js";
import { setCommand } from "../../src/commands/set.js";
import { decryptCommand } from "../../src/commands/decrypt.js";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

/** A keyed repo with app.secret.yaml encrypted and committed. */
async function committed(): Promise<{ repo: KeyedRepo; world: World; file: string }> {
  const repo = await createKeyedRepo();
  cleanups.push(repo.cleanup);
  const world: World = { cwd: repo.dir, env: repo.env };
  const file = await repo.write("app.secret.yaml", "a: one\nb: two\n");
  const r = await runIn(encryptCommand, { files: ["app.secret.yaml"], inPlace: true }, world);
  expect(r.exit, r.stderr).toBe(0);
  await repo.git("add", "-A");
  await repo.git("commit", "-qm", "first");
  return { repo, world, file };
}

describe("access", () => {
  it("should list who can read each file", async () => {
    const { world, repo } = await committed();
    const r = await runIn(accessCommand, { paths: [], json: true }, world);
    expect(r.exit, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { files: { file: string }[]; members: { name: string }[] };
    expect(out.files.map((f) => f.file)).toContain("app.secret.yaml");
    expect(out.members.map((m) => m.name)).toEqual(["me"]);
    const mine = await runIn(accessCommand, { paths: [], member: "me", json: true }, world);
    expect(JSON.parse(mine.stdout)).toMatchObject({
      recipients: [repo.me.recipient],
      inMetadata: ["app.secret.yaml"],
    });
  });

  it("should exit 1 on drift and fail for an unknown member (ERR_COMMAND)", async () => {
    const { world, repo } = await committed();
    const bob = await generateIdentity();
    await repo.write(
      ".hush.yaml",
      `members:\n  me: ${repo.me.recipient}\n  bob: ${bob.recipient}\nrules:\n  - path: "**"\n    recipients: [me, bob]\n`,
    );
    const drift = await runIn(accessCommand, { paths: [] }, world);
    expect(drift.exit).toBe(1);
    const who = await runIn(accessCommand, { paths: [], member: "mallory" }, world);
    expect(who).toMatchObject({ exit: 1, code: "ERR_COMMAND" });
  });
});

describe("log", () => {
  it("should list the commits that changed a value", async () => {
    const { world, repo } = await committed();
    const set = await runIn(
      setCommand,
      { file: "app.secret.yaml", keyPathText: "b", valueArg: "three" },
      world,
    );
    expect(set.exit, set.stderr).toBe(0);
    await repo.git("commit", "-qam", "change b");
    const r = await runIn(logCommand, { file: "app.secret.yaml", keyPath: "b", json: true }, world);
    expect(r.exit, r.stderr).toBe(0);
    const commits = (JSON.parse(r.stdout) as { commits: { subject?: string }[] }).commits;
    expect(commits).toHaveLength(2);
    const a = await runIn(logCommand, { file: "app.secret.yaml", keyPath: "a", json: true }, world);
    expect((JSON.parse(a.stdout) as { commits: unknown[] }).commits).toHaveLength(1);
  });

  it("should fail outside a git repository (ERR_COMMAND)", async () => {
    const repo = await createRepo();
    cleanups.push(repo.cleanup);
    const r = await runIn(logCommand, { file: "x.yaml" }, { cwd: repo.home, env: repo.env });
    expect(r).toMatchObject({ exit: 1, code: "ERR_COMMAND" });
  });
});

describe("report", () => {
  it("should report the repo as JSON with no findings, and refuse an unknown format", async () => {
    const { world } = await committed();
    const r = await runIn(reportCommand, { paths: [], format: "json" }, world);
    expect(r.exit, r.stdout).toBe(0);
    expect(JSON.parse(r.stdout)).toBeTypeOf("object");
    const md = await runIn(reportCommand, { paths: [], format: "md" }, world);
    expect(md.stdout).toContain("app.secret.yaml");
    const bad = await runIn(reportCommand, { paths: [], format: "xml" }, world);
    expect(bad).toMatchObject({ exit: 2, code: "ERR_USAGE" });
  });
});

describe("git", () => {
  it("should set up attributes and the drivers, and textconv a file to its values", async () => {
    const { world, repo } = await committed();
    const setup = await runIn(gitSetupCommand, { command: "hush" }, world);
    expect(setup.exit, setup.stderr).toBe(0);
    expect(await readFile(path.join(repo.dir, ".gitattributes"), "utf8")).toContain("diff=hush");
    expect(await repo.git("config", "diff.hush.textconv")).toContain("hush git textconv");
    const tc = await runIn(gitTextconvCommand, { file: "app.secret.yaml" }, world);
    expect(tc.exit).toBe(0);
    expect(tc.stdout).toContain("a: one\nb: two\n");
  });

  it("should merge two sides' changes to different values, and fail on the same value", async () => {
    const { world, repo, file } = await committed();
    const base = path.join(repo.home, "base.yaml");
    const theirs = path.join(repo.home, "theirs.yaml");
    await copyFile(file, base);
    const set = (k: string, v: string) =>
      runIn(setCommand, { file: "app.secret.yaml", keyPathText: k, valueArg: v }, world);
    expect((await set("b", "theirs")).exit).toBe(0);
    await copyFile(file, theirs);
    await copyFile(base, file);
    expect((await set("a", "ours")).exit).toBe(0);
    const ours = path.join(repo.home, "ours.yaml");
    await copyFile(file, ours);
    const merged = await runIn(
      gitMergeCommand,
      { base, ours, theirs, file: "app.secret.yaml" },
      world,
    );
    expect(merged.exit, merged.stderr).toBe(0);
    await copyFile(ours, file);
    const out = await runIn(decryptCommand, { files: ["app.secret.yaml"] }, world);
    expect(out.stdout).toBe("a: ours\nb: theirs\n");

    // Both sides change `b`: a conflict, git keeps the file unmerged.
    await copyFile(theirs, ours);
    await copyFile(base, file);
    expect((await set("b", "other")).exit).toBe(0);
    await copyFile(file, theirs);
    const conflict = await runIn(
      gitMergeCommand,
      { base, ours, theirs, file: "app.secret.yaml" },
      world,
    );
    expect(conflict).toMatchObject({ exit: 1, code: "ERR_COMMAND" });
  });
});

/** An ssh-ed25519 public key line (fresh key). */
function sshKey(comment: string): string {
  const raw = generateKeyPairSync("ed25519").publicKey.export({ format: "der", type: "spki" });
  const str = (b: Buffer): Buffer => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(b.length);
    return Buffer.concat([len, b]);
  };
  const blob = Buffer.concat([str(Buffer.from("ssh-ed25519")), str(raw.subarray(-32))]);
  return `ssh-ed25519 ${blob.toString("base64")} ${comment}`;
}

describe("member", () => {
  it("should add a member by key and by published keys, and see a changed key on refresh --check", async () => {
    const { world, repo } = await committed();
    const published = new Map<string, string>();
    const server: Server = createServer((req, res) => {
      const body = published.get(req.url ?? "");
      res.writeHead(body === undefined ? 404 : 200, { "content-type": "text/plain" });
      res.end(body ?? "Not Found");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
    const env = {
      ...repo.env,
      HUSH_GITHUB_URL: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    };
    const ci = await generateIdentity();
    const byKey = await runIn(memberAddCommand, { name: "ci", keys: [ci.recipient] }, world);
    expect(byKey.exit, byKey.stderr).toBe(0);
    published.set("/alice.keys", `${sshKey("a1")}\n`);
    const byGithub = await runIn(
      memberAddCommand,
      { name: "alice", keys: [], github: "alice" },
      { ...world, env },
    );
    expect(byGithub.exit, byGithub.stderr).toBe(0);
    const policy = await readFile(path.join(repo.dir, ".hush.yaml"), "utf8");
    expect(policy).toContain(`ci: ${ci.recipient}`);
    expect(policy).toContain("github: alice");

    published.set("/alice.keys", `${sshKey("a2")}\n`);
    const check = await runIn(memberRefreshCommand, { names: [], check: true }, { ...world, env });
    expect(check.exit).toBe(1);
    expect(await readFile(path.join(repo.dir, ".hush.yaml"), "utf8")).toBe(policy);
  });

  it("should refuse a name already taken (ERR_INPUT) and keys over plain http elsewhere (ERR_CONFIG)", async () => {
    const { world, repo } = await committed();
    const before = await readFile(path.join(repo.dir, ".hush.yaml"), "utf8");
    const other = await generateIdentity();
    const taken = await runIn(memberAddCommand, { name: "me", keys: [other.recipient] }, world);
    expect(taken).toMatchObject({ exit: 1, code: "ERR_INPUT" });
    const http = await runIn(
      memberAddCommand,
      { name: "eve", keys: [], github: "eve", githubUrl: "http://example.com" },
      world,
    );
    expect(http).toMatchObject({ code: "ERR_CONFIG" });
    expect(await readFile(path.join(repo.dir, ".hush.yaml"), "utf8")).toBe(before);
  });
});

describe("audit verify", () => {
  it("should accept an intact keyed chain and find a removed record", async () => {
    const repo = await createRepo();
    cleanups.push(repo.cleanup);
    const key = "k".repeat(32);
    let head: { seq: number; hash: string } | undefined;
    const lines: string[] = [];
    for (const n of [1, 2, 3]) {
      const rec = chainRecord({ event: "decrypt", n }, head, key);
      lines.push(rec.line);
      head = { seq: rec.seq, hash: rec.hash };
    }
    const log = path.join(repo.dir, "audit.jsonl");
    await writeFile(log, `${lines.join("\n")}\n`);
    const world: World = { cwd: repo.dir, env: { ...repo.env, HUSH_AUDIT_KEY: key } };
    const ok = await runIn(auditVerifyCommand, { file: "audit.jsonl" }, world);
    expect(ok.exit, ok.stderr).toBe(0);
    expect(ok.stdout).toContain("chain intact, 3 records, every record authenticated");

    await writeFile(log, `${[lines[0], lines[2]].join("\n")}\n`);
    const broken = await runIn(auditVerifyCommand, { file: "audit.jsonl", json: true }, world);
    expect(broken.exit).toBe(1);
    expect(JSON.parse(broken.stdout)).toMatchObject({ ok: false });
    const missing = await runIn(auditVerifyCommand, { file: "nope.jsonl" }, world);
    expect(missing).toMatchObject({ exit: 1, code: "ERR_COMMAND" });
  });
});
