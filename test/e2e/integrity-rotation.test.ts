/**
 * A new data key is not a new value (issue 13 item 11): after `hush rotate`, `report`, `status`
 * and `log` still date each value from when its plaintext last changed. With a key they tell a
 * re-encryption from a changed value exactly; without one they say "re-encrypted, values unknown"
 * and keep the value's age. Only a changed value clears a max_age overdue warning.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeTeamRepo, policyText, type TeamRepo } from "../helpers/team.js";

interface ReportJson {
  files: {
    file: string;
    values: { path: string; rotation: string; reencrypted: string | null }[];
  }[];
}
interface LogJson {
  commits: { subject: string; rotated: boolean; valuesChanged: string[] | null }[];
}

describe("rotation is not a value change", () => {
  let repo: TeamRepo;
  const F = "secrets/app.yaml";
  const NOW = { HUSH_NOW: "2026-03-01T00:00:00Z" };

  beforeAll(async () => {
    repo = await makeTeamRepo(["alice"]);
    repo.write(
      ".hush.yaml",
      policyText(repo.members, { devs: ["alice"] }, [
        { path: "secrets/*.yaml", recipients: ["devs"], max_age: "30d" },
      ]),
    );
    repo.write(F, "db:\n  password: p1\n  user: u1\n");
    repo.hushOk(["encrypt", "-i", F]);
    repo.commit("create", "alice", "2026-01-01T10:00:00Z");
    repo.hushOk(["rotate", F], { as: "alice" });
    repo.commit("rotate", "alice", "2026-02-20T10:00:00Z");
  });
  afterAll(() => repo.cleanup());

  const values = (as: string | undefined) =>
    (
      JSON.parse(repo.hush(["report", "--format", "json"], { as, env: NOW }).stdout) as ReportJson
    ).files.find((f) => f.file === F)!.values;

  it("should keep values overdue after a rotation, told apart exactly with a key", () => {
    expect(values("alice").map((v) => [v.path, v.rotation, v.reencrypted])).toEqual([
      ["db.password", "overdue", "unchanged"],
      ["db.user", "overdue", "unchanged"],
    ]);
    const status = repo.hush(["status"], { as: "alice", env: NOW });
    expect(status.code).toBe(1);
    expect(status.stdout).toMatch(
      /secrets\/app\.yaml +db\.password .*re-encrypted since, values unchanged/,
    );
  });

  it("should say re-encrypted, values unknown without a key, and keep the age", () => {
    expect(values(undefined).map((v) => [v.path, v.rotation, v.reencrypted])).toEqual([
      ["db.password", "overdue", "unknown"],
      ["db.user", "overdue", "unknown"],
    ]);
    const log = JSON.parse(repo.hush(["log", F, "--json"]).stdout) as LogJson;
    expect(log.commits[0]).toMatchObject({ subject: "rotate", rotated: true, valuesChanged: null });
    expect(repo.hush(["log", F]).stdout).toContain("[re-encrypted, values unknown]");
  });

  it("should tell the log's rotation from a value change with a key", () => {
    const log = JSON.parse(repo.hush(["log", F, "--json"], { as: "alice" }).stdout) as LogJson;
    expect(log.commits[0]).toMatchObject({ subject: "rotate", rotated: true, valuesChanged: [] });
    expect(repo.hush(["log", F], { as: "alice" }).stdout).toContain(
      "[re-encrypted, values unchanged]",
    );
  });

  it("should clear the overdue warning only for a value that changed", () => {
    repo.hushOk(["set", F, "db.password"], { as: "alice", input: "p2" });
    repo.commit("new password", "alice", "2026-02-25T10:00:00Z");
    expect(values("alice").map((v) => [v.path, v.rotation])).toEqual([
      ["db.password", "ok"],
      ["db.user", "overdue"],
    ]);
    // A rotation that also changed a value: the log names that value only.
    repo.hushOk(["set", F, "db.user"], { as: "alice", input: "u2" });
    repo.hushOk(["rotate", F], { as: "alice" });
    repo.commit("new user and key", "alice", "2026-02-26T10:00:00Z");
    const log = JSON.parse(repo.hush(["log", F, "--json"], { as: "alice" }).stdout) as LogJson;
    expect(log.commits[0]).toMatchObject({ rotated: true, valuesChanged: ["db.user"] });
    expect(values("alice").map((v) => [v.path, v.rotation, v.reencrypted])).toEqual([
      ["db.password", "ok", "unchanged"],
      ["db.user", "ok", null],
    ]);
  });
});
