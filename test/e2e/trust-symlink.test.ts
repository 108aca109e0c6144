// Attack: a committed symbolic link. `hush encrypt -i link` used to replace the link with an
// encrypted regular file and leave the target in plaintext; `set`/`rekey` replaced the link too,
// and did it under the *link's* rule: a link under a rule naming the attacker, pointing at a file
// only the owner reads, made `hush rekey` wrap that file's data key for the attacker. Now every
// rewrite goes through the link to its target (temp file beside the target, link kept), under the
// target's own rule, and a dangling link is refused.
import {
  lstatSync,
  mkdirSync,
  readFileSync,
  readlinkSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { built, makeTeamRepo, policyText, type TeamRepo } from "../helpers/team.js";

describe.skipIf(!built)("attack: a committed symbolic link", () => {
  let repo: TeamRepo;
  const recipientsOf = (abs: string): string[] =>
    [...readFileSync(abs, "utf8").matchAll(/recipient: (age1[0-9a-z]+)/g)].map((m) => m[1]!);
  const isLink = (rel: string): boolean => lstatSync(path.join(repo.dir, rel)).isSymbolicLink();

  beforeAll(async () => {
    repo = await makeTeamRepo(["alice", "mallory"]);
    repo.write(
      ".hush.yaml",
      policyText(repo.members, {}, [
        { path: "prod/**", recipients: ["alice"] },
        { path: "shared/**", recipients: ["alice", "mallory"] },
      ]),
    );
    mkdirSync(path.join(repo.dir, "prod"));
    mkdirSync(path.join(repo.dir, "shared"));
    repo.write("prod/db.secret.yaml", "password: prod-only\n");
    repo.hushOk(["encrypt", "-i", "prod/db.secret.yaml"], { as: "alice" });
    repo.commit("prod secrets", "alice", "2026-01-01T10:00:00Z");
    // mallory's branch: a link under the rule that names mallory, pointing at alice's file.
    symlinkSync("../prod/db.secret.yaml", path.join(repo.dir, "shared", "db.secret.yaml"));
    repo.commit("share db config", "mallory", "2026-01-02T10:00:00Z");
  });
  afterAll(() => repo?.cleanup());

  it("should rewrite the file a link points at under that file's rule, and keep the link", () => {
    const prod = path.join(repo.dir, "prod", "db.secret.yaml");
    for (const args of [
      ["rekey", "shared/db.secret.yaml"],
      ["rekey", "--all"],
      ["set", "shared/db.secret.yaml", "note", "changed"],
      ["rotate", "shared/db.secret.yaml"],
    ]) {
      const r = repo.hush(args, { as: "alice" });
      expect(r.code, `${args.join(" ")}: ${r.stderr}`).toBe(0);
      expect(isLink("shared/db.secret.yaml"), args.join(" ")).toBe(true);
      expect(recipientsOf(prod), args.join(" ")).toEqual([repo.members["alice"]!.recipient]);
      for (const file of ["shared/db.secret.yaml", "prod/db.secret.yaml"]) {
        const stolen = repo.hush(["decrypt", file], { as: "mallory" });
        expect(stolen.code, `${args.join(" ")} then mallory reads ${file}`).not.toBe(0);
        expect(stolen.stdout).not.toContain("prod-only");
      }
    }
    const mine = repo.hushOk(["get", "shared/db.secret.yaml", "note"], { as: "alice" });
    expect(mine.stdout.trim()).toBe("changed");
  });

  it("should encrypt the target of a link that leaves the repository, leaving no plaintext", () => {
    const outside = path.join(repo.dir, "..", "outside");
    mkdirSync(outside, { recursive: true });
    const target = path.join(outside, "app.yaml");
    writeFileSync(target, "api_key: plain-outside\n", { mode: 0o600 });
    symlinkSync(target, path.join(repo.dir, "app.yaml"));
    // The repository's policy does not choose recipients for a file outside it.
    const byPolicy = repo.hush(["encrypt", "-i", "app.yaml"], { as: "alice" });
    expect(byPolicy.code).toBe(1);
    expect(readFileSync(target, "utf8")).toBe("api_key: plain-outside\n");
    const r = repo.hush(["encrypt", "-i", "--age", repo.members["alice"]!.recipient, "app.yaml"], {
      as: "alice",
    });
    expect(r.code, r.stderr).toBe(0);
    expect(isLink("app.yaml")).toBe(true);
    expect(readlinkSync(path.join(repo.dir, "app.yaml"))).toBe(target);
    const text = readFileSync(target, "utf8");
    expect(text).not.toContain("plain-outside");
    expect(text).toContain("ENC[AES256_GCM,");
    expect((lstatSync(target).mode & 0o777).toString(8)).toBe("600");
    expect(repo.hushOk(["get", "app.yaml", "api_key"], { as: "alice" }).stdout.trim()).toBe(
      "plain-outside",
    );
  });

  it("should refuse to write through a dangling link and create nothing", () => {
    const nowhere = path.join(repo.dir, "..", "nowhere.secret.yaml");
    symlinkSync(nowhere, path.join(repo.dir, "shared", "new.secret.yaml"));
    const r = repo.hush(["set", "shared/new.secret.yaml", "token", "x"], { as: "alice" });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^hush: .*symbolic link/m);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(isLink("shared/new.secret.yaml")).toBe(true);
    expect(() => lstatSync(nowhere)).toThrow();
  });
});
