import { writeFileSync } from "node:fs";
import path from "node:path";
import * as core from "@hush/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeTeamRepo, type TeamRepo } from "../helpers/team.js";

describe("key groups with a Shamir threshold (e2e)", () => {
  let repo: TeamRepo;
  const names = ["security", "platform", "breakglass"] as const;
  const F = "vault/root.yaml";

  /** An env whose identity file holds the keys of `who`. */
  const envWith = (who: readonly string[]): Record<string, string> => {
    const file = path.join(repo.dir, "..", `keys-${who.join("+") || "none"}.txt`);
    writeFileSync(file, who.map((w) => `${repo.members[w]!.identity}\n`).join(""), { mode: 0o600 });
    return { SOPS_AGE_KEY_FILE: file };
  };

  beforeAll(async () => {
    repo = await makeTeamRepo(names);
    const members = names.map((n) => `  ${n}: ${repo.members[n]!.recipient}`).join("\n");
    repo.write(
      ".hush.yaml",
      `members:\n${members}\nrules:\n  - path: "vault/*.yaml"\n    key_groups:\n      - [security]\n      - [platform]\n      - [breakglass]\n    shamir_threshold: 2\n`,
    );
    repo.write(F, "root_token: s.very-secret\nunseal:\n  - k1\n  - k2\n");
    const enc = repo.hush(["encrypt", "-i", F]);
    expect(enc.code, enc.stderr).toBe(0);
    repo.commit("vault secrets", "security", "2026-01-01T10:00:00Z");
  });
  afterAll(() => repo.cleanup());

  it("should write the sops key_groups layout with the threshold", () => {
    const text = repo.read(F);
    const info = core.inspect(text, "yaml");
    expect(info.shamirThreshold).toBe(2);
    expect(info.keyGroups).toEqual(names.map((n) => [repo.members[n]!.recipient]));
    // sops 3.x layout: `key_groups` (each with its `age` list) and `shamir_threshold`; no top-level `age`.
    expect(text).toMatch(/^ {4}shamir_threshold: 2$|^ {2}shamir_threshold: 2$/m);
    expect(text).toMatch(/^ {2}key_groups:$/m);
    expect(text).not.toMatch(/^ {2}age:$/m);
    expect(text.match(/-----BEGIN AGE ENCRYPTED FILE-----/g)).toHaveLength(3);
  });

  it("should decrypt with any two of the three groups and not with one", () => {
    for (const pair of [
      ["security", "platform"],
      ["security", "breakglass"],
      ["platform", "breakglass"],
    ]) {
      const r = repo.hush(["decrypt", F, "--format", "json"], { env: envWith(pair) });
      expect(r.code, `${pair.join("+")}: ${r.stderr}`).toBe(0);
      expect(JSON.parse(r.stdout)).toEqual({ root_token: "s.very-secret", unseal: ["k1", "k2"] });
    }
    for (const one of names) {
      const r = repo.hush(["decrypt", F], { env: envWith([one]) });
      expect(r.code).toBe(1);
      expect(r.stdout).not.toContain("very-secret");
    }
  });

  it("should keep the layout through an edit and show every group member in hush access", () => {
    const set = repo.hush(["set", F, "root_token"], {
      env: envWith(["platform", "breakglass"]),
      input: "s.new",
    });
    expect(set.code, set.stderr).toBe(0);
    const info = core.inspect(repo.read(F), "yaml");
    expect(info.shamirThreshold).toBe(2);
    expect(info.keyGroups).toHaveLength(3);
    const r = repo.hush(["decrypt", F, "--format", "json"], {
      env: envWith(["security", "breakglass"]),
    });
    expect(JSON.parse(r.stdout)).toMatchObject({ root_token: "s.new" });

    const access = repo.hush(["access", "--json"]);
    const { files } = JSON.parse(access.stdout) as {
      files: {
        file: string;
        actual: { members: string[] };
        policy: { shamirThreshold: number | null };
        drift: { missing: string[]; extra: string[] };
      }[];
    };
    const file = files.find((f) => f.file === F);
    expect(file?.actual.members.sort()).toEqual(["breakglass", "platform", "security"]);
    expect(file?.policy.shamirThreshold).toBe(2);
    expect(file?.drift).toEqual({ missing: [], extra: [] });
    const log = JSON.parse(repo.hush(["log", F, "--json"]).stdout) as { commits: unknown[] };
    expect(log.commits).toHaveLength(1);
  });
});
