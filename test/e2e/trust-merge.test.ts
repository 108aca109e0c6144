// Attack: a branch author without a key copies a `sops.age` stanza and changes only its
// `recipient:` line to their own key (the stanzas are not under the MAC). A key holder merges the
// branch after changing a value on their side; a driver that takes theirs' recipients re-wraps the
// data key for the attacker, and textconv shows nothing changed.
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HUSH_BIN, built, makeTeamRepo, policyText, type TeamRepo } from "../helpers/team.js";

/** Add a stanza: bob's `enc` block under mallory's recipient (a text edit, no key needed). */
function plantStanza(text: string, bobRecipient: string, malloryRecipient: string): string {
  const lines = text.split("\n");
  const end = lines.findIndex((l) => l.trim() === `recipient: ${bobRecipient}`);
  if (end < 0) throw new Error("no stanza for bob");
  let start = end;
  while (start > 0 && !lines[start]!.trim().startsWith("- enc:")) start--;
  const stanza = lines.slice(start, end + 1);
  stanza[stanza.length - 1] = stanza[stanza.length - 1]!.replace(bobRecipient, malloryRecipient);
  lines.splice(end + 1, 0, ...stanza);
  return lines.join("\n");
}

function setupRepo(repo: TeamRepo, withPolicy: boolean): void {
  const recipients = [repo.members["alice"]!.recipient, repo.members["bob"]!.recipient];
  repo.write("app.secret.yaml", "db:\n  password: first-pass\napi_token: token-one\n");
  if (withPolicy) {
    repo.write(
      ".hush.yaml",
      policyText({ alice: repo.members["alice"]!, bob: repo.members["bob"]! }, {}, [
        { path: "**/*.secret.yaml", recipients: ["alice", "bob"] },
      ]),
    );
    repo.hushOk(["encrypt", "-i", "app.secret.yaml"]);
    repo.hushOk(["git", "setup"]);
  } else {
    repo.hushOk(["encrypt", "-i", "--age", recipients.join(","), "app.secret.yaml"]);
    // What `hush git setup` configures, by hand: a plain sops repo has no policy to set up from.
    repo.write(".gitattributes", "*.secret.yaml diff=hush merge=hush\n");
    const hush = `${process.execPath} ${HUSH_BIN}`;
    repo.git(["config", "diff.hush.textconv", `${hush} git textconv`]);
    repo.git(["config", "diff.hush.cachetextconv", "false"]);
    repo.git(["config", "merge.hush.driver", `${hush} git merge %O %A %B %P`]);
  }
  repo.commit("initial", "alice", "2026-01-01T10:00:00Z");
  // mallory's branch: one planted stanza, nothing else.
  repo.git(["checkout", "-q", "-b", "evil"]);
  repo.write(
    "app.secret.yaml",
    plantStanza(
      repo.read("app.secret.yaml"),
      repo.members["bob"]!.recipient,
      repo.members["mallory"]!.recipient,
    ),
  );
  repo.commit("tidy", "mallory", "2026-01-02T10:00:00Z");
  repo.git(["checkout", "-q", "main"]);
  repo.hushOk(["set", "app.secret.yaml", "db.password"], { as: "alice", input: "second-pass" });
  repo.commit("new db password", "alice", "2026-01-03T10:00:00Z");
}

describe.skipIf(!built)("attack: a planted recipient through the merge driver", () => {
  let repo: TeamRepo;
  let plain: TeamRepo;
  beforeAll(async () => {
    repo = await makeTeamRepo(["alice", "bob", "mallory"]);
    setupRepo(repo, true);
    plain = await makeTeamRepo(["alice", "bob", "mallory"]);
    setupRepo(plain, false);
  });
  afterAll(() => {
    repo?.cleanup();
    plain?.cleanup();
  });

  it("should show the planted recipient in git show through textconv", () => {
    const shown = repo.git(["show", "evil", "--", "app.secret.yaml"], { as: "alice" }).stdout;
    expect(shown).toContain(`+#   ${repo.members["mallory"]!.recipient}`);
    expect(shown).not.toContain("first-pass");
  });

  it("should say rotate, not rekey, for a stanza the policy does not name", () => {
    repo.git(["checkout", "-q", "evil"]);
    try {
      const check = repo.hush(["rekey", "--check"], { as: "alice" });
      expect(check.code).toBe(1);
      expect(check.stdout).toContain("app.secret.yaml");
      expect(check.stderr).toContain("hush rotate app.secret.yaml");
      expect(check.stderr).toContain(repo.members["mallory"]!.recipient);
      const json = JSON.parse(repo.hush(["rekey", "--check", "--json"]).stdout) as {
        outOfDate: { file: string; extra: string[]; fix: string }[];
      };
      expect(json.outOfDate).toEqual([
        expect.objectContaining({
          file: "app.secret.yaml",
          extra: [repo.members["mallory"]!.recipient],
          fix: "rotate",
        }),
      ]);
      const status = repo.hush(["status"], { as: "alice" });
      expect(status.code).toBe(1);
      expect(status.stdout).toMatch(/drift: .* \(run hush rotate/);
    } finally {
      repo.git(["checkout", "-q", "main"]);
    }
  });

  it("should wrap the merged file for the policy's recipients only", () => {
    const merge = repo.git(["merge", "--no-edit", "evil"], {
      as: "alice",
      date: "2026-01-04T10:00:00Z",
      allowFail: true,
    });
    expect(merge.code, merge.stderr + merge.stdout).toBe(0);
    expect(merge.stderr + merge.stdout).toContain("the policy does not");
    expect(merge.stderr + merge.stdout).toContain("recipients from .hush.yaml");
    const text = repo.read("app.secret.yaml");
    expect(text).not.toContain(repo.members["mallory"]!.recipient);
    const stolen = repo.hush(["decrypt", "app.secret.yaml"], { as: "mallory" });
    expect(stolen.code).toBe(1);
    expect(stolen.stdout).not.toContain("second-pass");
    for (const who of ["alice", "bob"]) {
      const r = repo.hush(["get", "app.secret.yaml", "db.password"], { as: who });
      expect(r.stdout, r.stderr).toBe("second-pass\n");
    }
    expect(repo.hush(["rekey", "--check"], { as: "alice" }).code).toBe(0);
  });

  it("should keep ours' recipients and stop as a conflict without a policy", () => {
    const merge = plain.git(["merge", "--no-edit", "evil"], {
      as: "alice",
      date: "2026-01-04T10:00:00Z",
      allowFail: true,
    });
    expect(merge.code).not.toBe(0);
    expect(merge.stderr + merge.stdout).toContain("theirs adds recipients");
    expect(plain.git(["diff", "--name-only", "--diff-filter=U"]).stdout.trim()).toBe(
      "app.secret.yaml",
    );
    const text = plain.read("app.secret.yaml");
    expect(text).not.toContain(plain.members["mallory"]!.recipient);
    expect(plain.hush(["decrypt", "app.secret.yaml"], { as: "mallory" }).code).toBe(1);
    expect(plain.hush(["get", "app.secret.yaml", "db.password"], { as: "alice" }).stdout).toBe(
      "second-pass\n",
    );
    plain.git(["merge", "--abort"]);
    expect(path.isAbsolute(plain.dir)).toBe(true);
  });
});
