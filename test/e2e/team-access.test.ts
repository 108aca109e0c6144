import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeTeamRepo, policyText, type TeamRepo } from "../helpers/team.js";

interface FileAccessJson {
  file: string;
  encrypted: boolean;
  policy: { members: string[]; groups: string[] };
  actual: { members: string[]; unknown: string[] };
  drift: { missing: string[]; extra: string[] };
}
interface StaleJson {
  file: string;
  member: string | null;
  recipient: string;
  reencrypted: "unchanged" | "unknown" | null;
}

const byFile = (files: FileAccessJson[], f: string): FileAccessJson => {
  const found = files.find((x) => x.file === f);
  if (found === undefined) throw new Error(`no ${f} in ${files.map((x) => x.file).join(", ")}`);
  return found;
};

describe("hush access (e2e)", () => {
  let repo: TeamRepo;
  const rules = [
    { path: "secrets/*.yaml", recipients: ["devs"] },
    { path: "prod/*.yaml", recipients: ["alice", "carol"] },
  ];

  beforeAll(async () => {
    repo = await makeTeamRepo(["alice", "bob", "carol", "stranger"]);
    const { stranger, ...team } = repo.members;
    repo.write(".hush.yaml", policyText(team, { devs: ["alice", "bob"] }, rules));
    repo.write("secrets/app.yaml", "db:\n  password: hunter2\napi_token: tok-1\n");
    repo.write("prod/db.yaml", "password: prod-pass\n");
    for (const f of ["secrets/app.yaml", "prod/db.yaml"]) repo.hushOk(["encrypt", "-i", f]);
    // A file someone encrypted by hand for a key the policy does not know.
    const core = await import("@hush/core");
    const odd = await core.encrypt("x: 1\n", {
      format: "yaml",
      recipients: [repo.members["alice"]!.recipient, stranger!.recipient],
    });
    repo.write("secrets/odd.yaml", odd);
    repo.write("secrets/plain.yaml", "not: encrypted\n");
    repo.commit("secrets", "alice", "2026-01-01T10:00:00Z");
  });
  afterAll(() => repo.cleanup());

  it("should list per file the granted members and groups and the actual recipients, flagging unknown keys", () => {
    const r = repo.hush(["access", "--json"]);
    const { files } = JSON.parse(r.stdout) as { files: FileAccessJson[] };
    const app = byFile(files, "secrets/app.yaml");
    expect(app.policy.members.sort()).toEqual(["alice", "bob"]);
    expect(app.policy.groups).toEqual(["devs"]);
    expect(app.actual.members.sort()).toEqual(["alice", "bob"]);
    expect(app.drift).toEqual({ missing: [], extra: [] });
    const prod = byFile(files, "prod/db.yaml");
    expect(prod.actual.members.sort()).toEqual(["alice", "carol"]);
    const odd = byFile(files, "secrets/odd.yaml");
    expect(odd.actual.unknown).toEqual([repo.members["stranger"]!.recipient]);
    expect(odd.drift.extra).toEqual([repo.members["stranger"]!.recipient]);
    expect(odd.drift.missing).toEqual(["bob"]);
    const plain = byFile(files, "secrets/plain.yaml");
    expect(plain.encrypted).toBe(false);
    expect(r.code).toBe(1); // odd.yaml drifts
    expect(r.stdout).not.toContain("hunter2");
  });

  it("should show drift both ways after a policy change without rekey, and what one member can read", () => {
    const { stranger: _s, bob: _b, ...rest } = repo.members;
    repo.write(".hush.yaml", policyText(rest, { devs: ["alice", "carol"] }, rules));
    const r = repo.hush(["access", "secrets/app.yaml", "--json"]);
    const { files } = JSON.parse(r.stdout) as { files: FileAccessJson[] };
    expect(files.map((f) => f.file)).toEqual(["secrets/app.yaml"]);
    expect(files[0]?.drift.missing).toEqual(["carol"]);
    // bob is no longer a member: his key shows as unknown, and still can read the file.
    expect(files[0]?.drift.extra).toEqual([repo.members["bob"]!.recipient]);
    expect(r.code).toBe(1);
    const text = repo.hush(["access", "secrets/app.yaml"]);
    expect(text.stdout).toMatch(/missing carol/);
    expect(text.stdout).toMatch(/hush rekey/);

    const carol = repo.hush(["access", "--member", "carol", "--json"]);
    const m = JSON.parse(carol.stdout) as { byPolicy: string[]; inMetadata: string[] };
    expect(m.byPolicy.sort()).toEqual(["prod/db.yaml", "secrets/app.yaml", "secrets/odd.yaml"]);
    expect(m.inMetadata).toEqual(["prod/db.yaml"]);
    const nobody = repo.hush(["access", "--member", "mallory"]);
    expect(nobody.code).toBe(1);
    expect(nobody.stderr).toMatch(/^hush: unknown member mallory/);
  });
});

describe("off-boarding (e2e)", () => {
  let repo: TeamRepo;
  const rules = [{ path: "secrets/*.yaml", recipients: ["devs"] }];

  beforeAll(async () => {
    repo = await makeTeamRepo(["alice", "bob"]);
    repo.write(".hush.yaml", policyText(repo.members, { devs: ["alice", "bob"] }, rules));
    repo.write("secrets/a.yaml", "one: 1\ntwo: two\n");
    repo.write("secrets/b.yaml", "token: abc\nother: def\n");
    for (const f of ["secrets/a.yaml", "secrets/b.yaml"]) repo.hushOk(["encrypt", "-i", f]);
    repo.commit("add secrets", "alice", "2026-01-01T10:00:00Z");
    repo.hushOk(["decrypt", "secrets/a.yaml"], { as: "bob" });
  });
  afterAll(() => repo.cleanup());

  it("should lock bob out after removal and rekey, and warn until every file he could read is rotated", () => {
    const { bob: _bob, ...rest } = repo.members;
    repo.write(".hush.yaml", policyText(rest, { devs: ["alice"] }, rules));
    const rekey = repo.hush(["rekey", "--all"], { as: "alice" });
    expect(rekey.code).toBe(0);
    repo.commit("remove bob", "alice", "2026-01-05T10:00:00Z");
    for (const f of ["secrets/a.yaml", "secrets/b.yaml"]) {
      const r = repo.hush(["decrypt", f], { as: "bob" });
      expect(r.code).toBe(1);
      expect(r.stdout).toBe("");
      repo.hushOk(["decrypt", f], { as: "alice" });
    }
    const access = repo.hush(["access", "--json"]);
    const data = JSON.parse(access.stdout) as { files: FileAccessJson[]; stale: StaleJson[] };
    expect(
      data.files.every((f) => f.drift.extra.length === 0 && f.drift.missing.length === 0),
    ).toBe(true);
    expect(data.stale.map((s) => [s.file, s.member]).sort()).toEqual([
      ["secrets/a.yaml", "bob"],
      ["secrets/b.yaml", "bob"],
    ]);
    expect(access.code).toBe(1);
    expect(repo.hush(["access"]).stdout).toMatch(
      /bob .*could read secrets\/a\.yaml.*never rotated/,
    );

    // `hush status` gives the same off-boarding warning, and fails until it is dealt with.
    const status = repo.hush(["status", "--json"], { as: "alice" });
    expect(status.code).toBe(1);
    const st = JSON.parse(status.stdout) as { staleReaders: StaleJson[] };
    expect(st.staleReaders.map((s) => [s.file, s.member]).sort()).toEqual([
      ["secrets/a.yaml", "bob"],
      ["secrets/b.yaml", "bob"],
    ]);
    expect(repo.hush(["status"], { as: "alice" }).stdout).toMatch(
      /not rotated since a reader lost access[\s\S]*secrets\/a\.yaml +bob/,
    );

    // A new data key alone is not enough: bob read every value of a.yaml and still knows them.
    repo.hushOk(["rotate", "secrets/a.yaml"], { as: "alice" });
    repo.commit("rotate a", "alice", "2026-01-06T10:00:00Z");
    const staleOf = (as: string | undefined): StaleJson[] =>
      (JSON.parse(repo.hush(["access", "--json"], { as }).stdout) as { stale: StaleJson[] }).stale;
    expect(staleOf("alice").map((s) => [s.file, s.reencrypted])).toEqual([
      ["secrets/a.yaml", "unchanged"],
      ["secrets/b.yaml", null],
    ]);
    // Without a key, what the re-encryption did to the values is unknown: still a warning.
    expect(staleOf(undefined).map((s) => [s.file, s.reencrypted])).toEqual([
      ["secrets/a.yaml", "unknown"],
      ["secrets/b.yaml", null],
    ]);
    expect(repo.hush(["access"], { as: "alice" }).stdout).toMatch(
      /bob .*could read secrets\/a\.yaml.*re-encrypted since, but the values they read are unchanged/,
    );
    // New values under the new data key put a.yaml out of bob's reach.
    repo.hushOk(["set", "secrets/a.yaml", "one"], { as: "alice", input: "11" });
    repo.hushOk(["set", "secrets/a.yaml", "two"], { as: "alice", input: "22" });
    repo.commit("new values in a", "alice", "2026-01-07T10:00:00Z");
    expect(staleOf("alice").map((s) => s.file)).toEqual(["secrets/b.yaml"]);
    const member = JSON.parse(
      repo.hush(["access", "--member", "bob", "--json"], { as: "alice" }).stdout,
    ) as {
      inPolicy: boolean;
      stale: StaleJson[];
    };
    expect(member.inPolicy).toBe(false);
    expect(member.stale.map((s) => s.file)).toEqual(["secrets/b.yaml"]);

    // Changed and re-encrypted but not committed yet also counts.
    repo.hushOk(["set", "secrets/b.yaml", "token"], { as: "alice", input: "new-token" });
    repo.hushOk(["set", "secrets/b.yaml", "other"], { as: "alice", input: "new-other" });
    repo.hushOk(["rotate", "secrets/b.yaml"], { as: "alice" });
    const done = repo.hush(["access", "--json"], { as: "alice" });
    expect((JSON.parse(done.stdout) as { stale: StaleJson[] }).stale).toEqual([]);
    expect(done.code).toBe(0);
    const statusDone = repo.hush(["status", "--json"], { as: "alice" });
    expect((JSON.parse(statusDone.stdout) as { staleReaders: StaleJson[] }).staleReaders).toEqual(
      [],
    );
  });
});
