import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeTeamRepo, policyText, type TeamRepo } from "../helpers/team.js";

describe("git drivers (e2e)", () => {
  let repo: TeamRepo;

  beforeAll(async () => {
    repo = await makeTeamRepo(["alice", "bob"]);
    repo.write(
      ".hush.yaml",
      policyText(repo.members, { devs: ["alice", "bob"] }, [
        { path: "**/*.secret.{yaml,json}", recipients: ["devs"] },
      ]),
    );
    repo.write(
      "app.secret.yaml",
      "# database\ndb:\n  user: app\n  password: first-pass\napi_token: token-one\nport: 5432\n",
    );
    repo.hushOk(["encrypt", "-i", "app.secret.yaml"]);
    const setup = repo.hush(["git", "setup"]);
    expect(setup.code).toBe(0);
    repo.commit("initial", "alice", "2026-01-01T10:00:00Z");
  });
  afterAll(() => repo.cleanup());

  it("should write the attributes and the git config", () => {
    expect(repo.read(".gitattributes")).toContain("**/*.secret.yaml diff=hush merge=hush");
    expect(repo.read(".gitattributes")).toContain("**/*.secret.json diff=hush merge=hush");
    expect(repo.git(["config", "diff.hush.textconv"]).stdout.trim()).toMatch(
      /hush\.js git textconv$/,
    );
    expect(repo.git(["config", "diff.hush.cachetextconv"]).stdout.trim()).toBe("false");
    expect(repo.git(["config", "merge.hush.driver"]).stdout.trim()).toMatch(
      /hush\.js git merge %O %A %B %P$/,
    );
    // Idempotent: a second run keeps a single block.
    repo.hushOk(["git", "setup"]);
    expect(repo.read(".gitattributes").match(/# BEGIN hush/g)).toHaveLength(1);
  });

  it("should show decrypted changes in git diff to a key holder and tokens to everyone else", () => {
    repo.hushOk(["set", "app.secret.yaml", "db.password"], { as: "alice", input: "second-pass" });
    const withKey = repo.git(["diff", "app.secret.yaml"], { as: "alice" }).stdout;
    expect(withKey).toContain("-  password: first-pass");
    expect(withKey).toContain("+  password: second-pass");
    expect(withKey).not.toContain("ENC[");
    const noKey = repo.git(["diff", "app.secret.yaml"]).stdout;
    expect(noKey).not.toContain("second-pass");
    expect(noKey).toMatch(/^-\s+password: <encrypted:[0-9a-f]{12}>$/m);
    expect(noKey).toMatch(/^\+\s+password: <encrypted:[0-9a-f]{12}>$/m);
    // The unchanged token line is context, not a change.
    expect(noKey).not.toMatch(/^[-+]api_token/m);
    repo.git(["checkout", "--", "app.secret.yaml"]);
  });

  it("should merge two branches that changed different values with no conflict and a valid MAC", () => {
    repo.git(["checkout", "-q", "-b", "feature"]);
    repo.hushOk(["set", "app.secret.yaml", "api_token"], { as: "bob", input: "token-two" });
    repo.commit("rotate api token", "bob", "2026-01-02T10:00:00Z");
    repo.git(["checkout", "-q", "main"]);
    repo.hushOk(["set", "app.secret.yaml", "db.password"], { as: "alice", input: "main-pass" });
    repo.commit("new db password", "alice", "2026-01-03T10:00:00Z");
    const merge = repo.git(["merge", "--no-edit", "feature"], {
      as: "alice",
      date: "2026-01-04T10:00:00Z",
      allowFail: true,
    });
    expect(merge.code, merge.stderr + merge.stdout).toBe(0);
    const text = repo.read("app.secret.yaml");
    expect(text).not.toContain("main-pass");
    expect(text).not.toContain("<<<<<<<");
    const dec = repo.hush(["decrypt", "app.secret.yaml", "--format", "json"], { as: "bob" });
    expect(dec.code, dec.stderr).toBe(0);
    expect(JSON.parse(dec.stdout)).toEqual({
      db: { user: "app", password: "main-pass" },
      api_token: "token-two",
      port: 5432,
    });
    // Comments (encrypted, as sops does) and key order survive; the merged file is what git committed.
    expect(text).toMatch(/^#ENC\[AES256_GCM,[^\n]*type:comment\]\ndb:\n/);
    expect(
      repo
        .hush(["decrypt", "app.secret.yaml"], { as: "alice" })
        .stdout.startsWith("# database\ndb:\n"),
    ).toBe(true);
    expect(repo.git(["status", "--porcelain"]).stdout).toBe("");
  });

  it("should stop a merge where both branches changed the same value, with ciphertext markers only", () => {
    repo.git(["checkout", "-q", "-b", "other"]);
    repo.hushOk(["set", "app.secret.yaml", "db.password"], { as: "bob", input: "bob-pass" });
    repo.hushOk(["set", "app.secret.yaml", "db.user"], { as: "bob", input: "app2" });
    repo.commit("bob's password", "bob", "2026-01-05T10:00:00Z");
    repo.git(["checkout", "-q", "main"]);
    repo.hushOk(["set", "app.secret.yaml", "db.password"], { as: "alice", input: "alice-pass" });
    repo.commit("alice's password", "alice", "2026-01-06T10:00:00Z");
    const merge = repo.git(["merge", "--no-edit", "other"], {
      as: "alice",
      date: "2026-01-07T10:00:00Z",
      allowFail: true,
    });
    expect(merge.code).not.toBe(0);
    expect(merge.stdout + merge.stderr).toMatch(/CONFLICT/);
    expect(merge.stderr).toMatch(/hush edit app\.secret\.yaml/);
    const text = repo.read("app.secret.yaml");
    expect(text).toMatch(
      /<<<<<<< ours[^\n]*\n\s+password: ENC\[[^\n]*\n=======\n\s+password: ENC\[[^\n]*\n>>>>>>> theirs/,
    );
    for (const secret of ["alice-pass", "bob-pass", "app2"]) expect(text).not.toContain(secret);
    expect(repo.git(["diff", "--name-only", "--diff-filter=U"]).stdout.trim()).toBe(
      "app.secret.yaml",
    );
    // Keeping the ours side leaves a valid file that already has bob's non-conflicting change.
    const kept = text.replace(/<<<<<<< [^\n]*\n([^\n]*\n)=======\n[^\n]*\n>>>>>>> [^\n]*\n/, "$1");
    repo.write("app.secret.yaml", kept);
    const dec = repo.hush(["decrypt", "app.secret.yaml", "--format", "json"], { as: "alice" });
    expect(dec.code, dec.stderr).toBe(0);
    expect(JSON.parse(dec.stdout)).toMatchObject({ db: { user: "app2", password: "alice-pass" } });
    repo.git(["merge", "--abort"]);
  });

  it("should merge without a key as a whole-file conflict and never guess", () => {
    repo.git(["checkout", "-q", "-b", "nokey"]);
    repo.hushOk(["set", "app.secret.yaml", "port"], { as: "bob", input: "6543" });
    repo.commit("port", "bob", "2026-01-08T10:00:00Z");
    repo.git(["checkout", "-q", "main"]);
    repo.hushOk(["set", "app.secret.yaml", "api_token"], { as: "alice", input: "token-three" });
    repo.commit("token", "alice", "2026-01-09T10:00:00Z");
    const merge = repo.git(["merge", "--no-edit", "nokey"], {
      date: "2026-01-10T10:00:00Z",
      allowFail: true,
    });
    expect(merge.code).not.toBe(0);
    expect(merge.stderr).toMatch(/cannot merge app\.secret\.yaml value by value/);
    expect(repo.read("app.secret.yaml")).not.toContain("token-three");
    repo.git(["merge", "--abort"]);
  });
});
