import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type * as HistoryModule from "../../packages/cli/src/history.js";
import { makeTeamRepo, policyText, REPO_ROOT, type TeamRepo } from "../helpers/team.js";

interface LogJson {
  commits: {
    commit: string;
    author: string;
    email: string;
    date: string;
    added: string[];
    changed: string[];
    removed: string[];
    rotated: boolean;
    recipients: { added: string[]; removed: string[] };
    file: string;
  }[];
}

describe("hush log, value ages and hush report (e2e)", () => {
  let repo: TeamRepo;
  const hashes: Record<string, string> = {};
  const F = "secrets/app.yaml";

  beforeAll(async () => {
    repo = await makeTeamRepo(["alice", "bob", "carol"]);
    repo.write(
      ".hush.yaml",
      policyText(repo.members, { devs: ["alice", "bob", "carol"] }, [
        { path: "secrets/*.yaml", recipients: ["devs"], max_age: "30d" },
        { path: "config/*.yaml", recipients: ["alice"] },
      ]),
    );
    repo.write(F, "db:\n  password: p1\n  user: u1\napi_token: t1\n");
    repo.hushOk(["encrypt", "-i", F]);
    hashes["create"] = repo.commit("create", "alice", "2026-01-01T10:00:00Z");
    repo.hushOk(["set", F, "db.password"], { as: "bob", input: "p2" });
    hashes["bob"] = repo.commit("bob changes the password", "bob", "2026-01-10T10:00:00Z");
    repo.hushOk(["set", F, "extra.key"], { as: "carol", input: "x" });
    repo.hushOk(["unset", F, "api_token"], { as: "carol" });
    hashes["carol"] = repo.commit("carol adds and removes", "carol", "2026-01-20T10:00:00Z");
    repo.write("README.md", "unrelated\n");
    repo.commit("unrelated", "bob", "2026-01-21T10:00:00Z");
    repo.write("config/plain.yaml", "not: encrypted\n");
    repo.commit("a plaintext file under a rule", "bob", "2026-01-22T10:00:00Z");
  });
  afterAll(() => repo.cleanup());

  it("should list the value paths each commit added, changed or removed, with author and date, without a key", () => {
    const r = repo.hush(["log", F, "--json"]);
    expect(r.code, r.stderr).toBe(0);
    const { commits } = JSON.parse(r.stdout) as LogJson;
    expect(commits.map((c) => c.commit)).toEqual([
      hashes["carol"],
      hashes["bob"],
      hashes["create"],
    ]);
    const [carol, bob, create] = commits;
    expect(carol).toMatchObject({
      author: "carol",
      email: "carol@example.com",
      added: ["extra.key"],
      changed: [],
      removed: ["api_token"],
    });
    expect(carol?.date).toBe("2026-01-20T10:00:00.000Z");
    expect(bob).toMatchObject({
      author: "bob",
      added: [],
      changed: ["db.password"],
      removed: [],
      rotated: false,
    });
    expect(create).toMatchObject({ author: "alice", file: "created", changed: [], removed: [] });
    expect(create?.added.sort()).toEqual(["api_token", "db.password", "db.user"]);
    for (const s of ["p1", "p2", "t1"]) expect(r.stdout).not.toContain(`"${s}"`);
    const text = repo.hush(["log", F]).stdout;
    expect(text).toContain(
      `${hashes["bob"]!.slice(0, 7)}  2026-01-10  bob <bob@example.com>  bob changes the password`,
    );
    expect(text).toMatch(/changed {2}db\.password/);
  });

  it("should filter by a value path", () => {
    const r = repo.hush(["log", F, "db", "--json"]);
    const { commits } = JSON.parse(r.stdout) as LogJson;
    expect(commits.map((c) => c.commit)).toEqual([hashes["bob"], hashes["create"]]);
    expect(commits[1]?.added.sort()).toEqual(["db.password", "db.user"]);
  });

  it("should mark a rotation, which changes every value", () => {
    repo.hushOk(["rotate", F], { as: "alice" });
    const rot = repo.commit("rotate", "alice", "2026-01-25T10:00:00Z");
    const { commits } = JSON.parse(repo.hush(["log", F, "--json"]).stdout) as LogJson;
    expect(commits[0]).toMatchObject({ commit: rot, rotated: true, added: [], removed: [] });
    expect(commits[0]?.changed.sort()).toEqual(["db.password", "db.user", "extra.key"]);
    repo.git(["reset", "-q", "--hard", "HEAD~1"]);
  });

  it("should report values overdue once the injected clock passes max_age", async () => {
    const report = (now: string) => {
      const r = repo.hush(["report", "--format", "json"], { env: { HUSH_NOW: now } });
      return JSON.parse(r.stdout) as {
        files: { file: string; values: { path: string; rotation: string; ageDays: number }[] }[];
      };
    };
    const status = (now: string, p: string) =>
      report(now)
        .files.find((f) => f.file === F)
        ?.values.find((v) => v.path === p)?.rotation;
    expect(status("2026-01-30T00:00:00Z", "db.user")).toBe("ok");
    expect(status("2026-02-05T00:00:00Z", "db.user")).toBe("overdue"); // 35 days after 2026-01-01
    expect(status("2026-02-05T00:00:00Z", "db.password")).toBe("ok"); // changed 2026-01-10
    expect(status("2026-02-12T00:00:00Z", "db.password")).toBe("overdue");
    expect(status("2026-02-12T00:00:00Z", "extra.key")).toBe("ok");

    const { overdueValues } = (await import(
      path.join(REPO_ROOT, "packages/cli/dist/history.js")
    )) as typeof HistoryModule;
    const overdue = await overdueValues({
      root: repo.dir,
      env: repo.baseEnv,
      files: [F],
      now: new Date("2026-02-12T00:00:00Z"),
    });
    expect(overdue.map((o) => o.keyPath).sort()).toEqual(["db.password", "db.user"]);
    const user = overdue.find((o) => o.keyPath === "db.user");
    expect(user).toMatchObject({ file: F, commit: hashes["create"], maxAgeMs: 30 * 86_400_000 });
    expect(user?.lastChanged.toISOString()).toBe("2026-01-01T10:00:00.000Z");
    expect(
      await overdueValues({
        root: repo.dir,
        env: repo.baseEnv,
        files: [F],
        now: new Date("2026-01-15T00:00:00Z"),
      }),
    ).toEqual([]);
  });

  it("should fill every field of the JSON report and render Markdown", () => {
    const r = repo.hush(["report", "--format", "json"], {
      env: { HUSH_NOW: "2026-02-12T00:00:00Z" },
    });
    expect(r.code).toBe(1); // overdue values and a plaintext file under a rule
    const report = JSON.parse(r.stdout) as Record<string, unknown> & {
      summary: Record<string, number>;
      files: Record<string, unknown>[];
      plaintext: { file: string }[];
      stale: unknown[];
    };
    expect(Object.keys(report).sort()).toEqual([
      "files",
      "generatedAt",
      "members",
      "plaintext",
      "policy",
      "root",
      "stale",
      "summary",
    ]);
    expect(report.generatedAt).toBe("2026-02-12T00:00:00.000Z");
    // Each member with the kind of each key (age keys here).
    const members = report["members"] as { name: string; keys: { kind: string }[] }[];
    expect(members.length).toBeGreaterThan(0);
    expect(members.every((m) => m.keys.every((k) => k.kind === "age"))).toBe(true);
    expect(report.summary).toEqual({
      files: 2,
      encryptedFiles: 1,
      values: 3,
      overdueValues: 2,
      filesWithDrift: 0,
      plaintextFilesUnderRules: 1,
      staleAccess: 0,
    });
    expect(report.plaintext.map((p) => p.file)).toEqual(["config/plain.yaml"]);
    const file = report.files[0]!;
    expect(Object.keys(file).sort()).toEqual([
      "drift",
      "encrypted",
      "file",
      "lastChange",
      "maxAgeDays",
      "readers",
      "recipients",
      "rule",
      "values",
    ]);
    expect(file).toMatchObject({
      file: F,
      maxAgeDays: 30,
      readers: { members: ["alice", "bob", "carol"], groups: ["devs"] },
      lastChange: {
        commit: hashes["carol"],
        author: "carol",
        email: "carol@example.com",
        date: "2026-01-20T10:00:00.000Z",
      },
    });
    const values = file["values"] as Record<string, unknown>[];
    expect(Object.keys(values[0]!).sort()).toEqual([
      "ageDays",
      "encrypted",
      "lastChange",
      "path",
      "reencrypted",
      "rotation",
    ]);
    expect(values.find((v) => v["path"] === "db.password")).toMatchObject({
      ageDays: 32,
      lastChange: { author: "bob" },
    });

    const md = repo.hush(["report"], { env: { HUSH_NOW: "2026-02-12T00:00:00Z" } }).stdout;
    expect(md).toMatch(/^# hush compliance report/);
    expect(md).toContain("| Values overdue for rotation | 2 |");
    expect(md).toMatch(/\*\*Overdue\*\* `secrets\/app\.yaml`/);
    expect(md).toMatch(/\*\*Plaintext\*\* `config\/plain\.yaml`/);
    expect(md).toMatch(/\| `db\.password` \| 2026-01-10 · bob · `[0-9a-f]{7}` \| 32 \| overdue \|/);
    for (const s of ["p2", "u1", "x"]) expect(md).not.toMatch(new RegExp(`\\b${s}\\b\\s*\\|`));
  });

  it("should keep value ages and the log across a rename", () => {
    repo.git(["mv", F, "secrets/renamed.yaml"]);
    repo.commit("rename", "bob", "2026-01-26T10:00:00Z");
    const r = repo.hush(["report", "--format", "json"], {
      env: { HUSH_NOW: "2026-02-12T00:00:00Z" },
    });
    const report = JSON.parse(r.stdout) as {
      files: {
        file: string;
        values: { path: string; rotation: string; lastChange: { commit: string } }[];
      }[];
    };
    const file = report.files.find((f) => f.file === "secrets/renamed.yaml");
    expect(file?.values.find((v) => v.path === "db.user")).toMatchObject({
      rotation: "overdue",
      lastChange: { commit: hashes["create"] },
    });
    const log = JSON.parse(repo.hush(["log", "secrets/renamed.yaml", "--json"]).stdout) as LogJson;
    expect(log.commits.map((c) => c.commit).slice(1)).toEqual([
      hashes["carol"],
      hashes["bob"],
      hashes["create"],
    ]);
  });
});
