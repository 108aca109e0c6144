// Attack: `hush exec` used to hand the program it runs the identity it decrypted with
// (SOPS_AGE_KEY, SOPS_AGE_KEY_FILE, SOPS_AGE_KEY_CMD, HUSH_AGE_KEY…). A program given one file's
// values could then read every other file that identity opens. Here the program is the attacker: it
// reports every variable it can see and tries to decrypt a file it was never given.
import { writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HUSH_BIN, built, makeTeamRepo, policyText, type TeamRepo } from "../helpers/team.js";

describe.skipIf(!built)("attack: a program run by hush exec reads the identity", () => {
  let repo: TeamRepo;
  let probe: string;
  let keyText: string;

  beforeAll(async () => {
    repo = await makeTeamRepo(["alice"]);
    const alice = repo.members["alice"]!;
    keyText = alice.identity;
    repo.write(
      ".hush.yaml",
      policyText({ alice }, {}, [{ path: "**/*.secret.*", recipients: ["alice"] }]),
    );
    repo.write("app.secret.env", "API_TOKEN=given\n");
    repo.write("other.secret.yaml", "db_password: never-given\n");
    repo.hushOk(["encrypt", "-i", "app.secret.env"], { as: "alice" });
    repo.hushOk(["encrypt", "-i", "other.secret.yaml"], { as: "alice" });
    // The program: print every variable that could lead to an identity, then try the other file
    // with whatever identity it inherited.
    probe = path.join(repo.dir, "..", "probe.cjs");
    writeFileSync(
      probe,
      `const { spawnSync } = require("node:child_process");
const seen = Object.keys(process.env).filter((k) => /^(SOPS|HUSH)_AGE_/i.test(k));
const leaked = Object.values(process.env).some((v) => typeof v === "string" && v.includes(${JSON.stringify(keyText.slice(0, 30))}));
const other = spawnSync(process.execPath, [process.argv[2], "decrypt", "other.secret.yaml"], { encoding: "utf8" });
process.stdout.write(JSON.stringify({ seen, leaked, token: process.env.API_TOKEN, other: other.stdout }));
`,
    );
  });
  afterAll(() => repo?.cleanup());

  const sources = (keyFile: string, identity: string): Record<string, Record<string, string>> => ({
    SOPS_AGE_KEY: { SOPS_AGE_KEY: identity },
    SOPS_AGE_KEY_FILE: { SOPS_AGE_KEY_FILE: keyFile },
    SOPS_AGE_KEY_CMD: { SOPS_AGE_KEY_CMD: `cat '${keyFile}'` },
    HUSH_AGE_KEY: { HUSH_AGE_KEY: identity },
    HUSH_AGE_KEY_FILE: { HUSH_AGE_KEY_FILE: keyFile },
    // Not an identity hush reads (it is given --identity below), but one the program must not see.
    SOPS_AGE_SSH_PRIVATE_KEY_FILE: { SOPS_AGE_SSH_PRIVATE_KEY_FILE: keyFile },
  });

  for (const name of [
    "SOPS_AGE_KEY",
    "SOPS_AGE_KEY_FILE",
    "SOPS_AGE_KEY_CMD",
    "HUSH_AGE_KEY",
    "HUSH_AGE_KEY_FILE",
    "SOPS_AGE_SSH_PRIVATE_KEY_FILE",
  ]) {
    it(`should give the program the values but not ${name}, so it cannot open another file`, () => {
      const alice = repo.members["alice"]!;
      const env = sources(alice.keyFile, alice.identity)[name]!;
      const extra = name === "SOPS_AGE_SSH_PRIVATE_KEY_FILE" ? ["--identity", alice.keyFile] : [];
      const r = repo.hush(
        ["exec", ...extra, "app.secret.env", "--", process.execPath, probe, HUSH_BIN],
        {
          env,
        },
      );
      expect(r.code, r.stderr).toBe(0);
      const out = JSON.parse(r.stdout) as {
        seen: string[];
        leaked: boolean;
        token: string;
        other: string;
      };
      expect(out.token).toBe("given");
      expect(out.seen).toEqual([]);
      expect(out.leaked).toBe(false);
      expect(out.other).not.toContain("never-given");
    });
  }

  it("should still let hush itself use every identity source", () => {
    const alice = repo.members["alice"]!;
    for (const env of Object.values(sources(alice.keyFile, alice.identity))) {
      if ("SOPS_AGE_SSH_PRIVATE_KEY_FILE" in env) continue;
      const r = repo.hush(["decrypt", "other.secret.yaml"], { env });
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toContain("never-given");
    }
  });
});
