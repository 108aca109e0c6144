/** rekey/rotate across a repo with worker threads (`--threads`), including a file that fails. */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRepo, type TestRepo } from "../helpers/git.js";

describe("hush rekey/rotate --all with worker threads", () => {
  let repo: TestRepo;
  const keys: Record<string, string> = {};
  const keyFile = (n: string): string => path.join(repo.home, `${n}.key`);
  const as = (n: string): Record<string, string> => ({
    SOPS_AGE_KEY_FILE: keyFile(n),
    XDG_CONFIG_HOME: path.join(repo.home, "none"),
  });
  const policy = (names: string[]): string =>
    `members:\n${names.map((n) => `  ${n}: ${keys[n]}`).join("\n")}\ngroups:\n  team: [${names.join(", ")}]\nrules:\n  - path: "secrets/**"\n    recipients: [team]\n`;

  beforeAll(async () => {
    repo = await createRepo();
    for (const n of ["ann", "ben", "cat", "out"]) {
      const r = await repo.hush(["keygen", "-o", keyFile(n)]);
      keys[n] = /Public key: (\S+)/.exec(r.stderr)?.[1] ?? "";
    }
    await repo.write(".hush.yaml", policy(["ann", "ben"]));
    for (let i = 0; i < 6; i++) {
      await repo.write(`secrets/s${i}.yaml`, `token: t${i}\n`);
      expect((await repo.hush(["encrypt", "-i", `secrets/s${i}.yaml`])).code).toBe(0);
    }
  });
  afterAll(async () => {
    await repo.cleanup();
  });

  it("should rekey every file in worker threads and let the new member read them", async () => {
    await repo.write(".hush.yaml", policy(["ann", "cat"]));
    const r = await repo.hush(["rekey", "--all", "--threads", "2"], { env: as("ann") });
    expect(r.stderr).toContain("6 rekeyed");
    expect(r.code).toBe(0);
    for (let i = 0; i < 6; i++) {
      const g = await repo.hush(["get", `secrets/s${i}.yaml`, "token"], { env: as("cat") });
      expect(g.stdout).toBe(`t${i}\n`);
    }
  });

  it("should rotate in worker threads so the removed member's key no longer opens anything", async () => {
    const r = await repo.hush(["rotate", "--all", "--threads", "2", "--json"], { env: as("ann") });
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as { rotated: string[] }).rotated).toHaveLength(6);
    const b = await repo.hush(["decrypt", "secrets/s0.yaml"], { env: as("ben") });
    expect(b.code).toBe(1);
    expect(b.stdout).toBe("");
  });

  it("should report a file it cannot open and still do the others", async () => {
    await repo.write("secrets/foreign.yaml", "token: f\n");
    expect(
      (await repo.hush(["encrypt", "--age", keys["out"] ?? "", "-i", "secrets/foreign.yaml"])).code,
    ).toBe(0);
    const before = await readFile(path.join(repo.dir, "secrets/foreign.yaml"), "utf8");
    await repo.write(".hush.yaml", policy(["ann", "ben"]));
    const r = await repo.hush(["rekey", "--all", "--threads", "2"], { env: as("ann") });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^hush: .*\(secrets\/foreign\.yaml\)$/m);
    expect(r.stderr).toContain("6 rekeyed");
    expect(await readFile(path.join(repo.dir, "secrets/foreign.yaml"), "utf8")).toBe(before);
  });
});
