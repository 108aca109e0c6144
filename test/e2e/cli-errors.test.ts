// Failures read `hush: <what> (<where>)` plus a hint: where in the file, and which file.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createRepo, type TestRepo } from "../helpers/git.js";

describe("hush error lines", () => {
  let repo: TestRepo;
  beforeEach(async () => {
    repo = await createRepo();
  });
  afterEach(async () => {
    await repo.cleanup();
  });

  it("should name the file and the YAML line of a syntax error, for each failing file", async () => {
    await repo.write("a.yaml", "a: [1, 2\nb: c\n");
    await repo.write("b.yaml", "ok: 1\n  nested: 2\n");
    const key = (await repo.hush(["keygen"])).stdout.match(/age1[0-9a-z]+/)?.[0];
    expect(key).toBeDefined();
    const r = await repo.hush(["encrypt", "--age", key!, "a.yaml", "b.yaml"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^hush: not valid yaml \(.*line 2 column \d+\) \(a\.yaml\)$/m);
    expect(r.stderr).toMatch(/^hush: not valid yaml \(.*line \d+ column \d+\) \(b\.yaml\)$/m);
    expect(r.stderr).toMatch(/^hint: /m);
  });

  it("should name the file that is not encrypted", async () => {
    await repo.write("plain.yaml", "password: hunter2\n");
    const r = await repo.hush(["decrypt", "plain.yaml"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^hush: .*not encrypted.* \(plain\.yaml\)$/m);
    expect(r.stderr).not.toContain("hunter2");
  });
});
