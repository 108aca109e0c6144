/**
 * Large files (issue 13 item 14) through the built CLI: `hush decrypt` decrypts a file a batch of
 * values at a time, so a change the MAC covers must still stop it before one byte of plaintext is
 * written, wherever in the file the change is. (Peak memory and time live in `pnpm bench`, large.)
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createKeyedRepo, type KeyedRepo } from "../helpers/keyed-repo.js";

/** 1,500 values: `svcN.key` pairs, then a list whose items share one AAD (indices are not in it). */
function plainYaml(): string {
  const out: string[] = [];
  for (let g = 0; g < 600; g++) out.push(`svc${g}:\n  user: user-${g}\n  pass: pw-${g}-secret\n`);
  out.push("list:\n");
  for (let i = 0; i < 300; i++) out.push(`  - item-${i}-secret\n`);
  return out.join("");
}

describe("decrypt of a large file", () => {
  let repo: KeyedRepo;
  let enc = "";
  const plain = plainYaml();
  beforeAll(async () => {
    repo = await createKeyedRepo();
    await repo.write("big.yaml", plain);
    expect((await repo.hush(["encrypt", "-i", "big.yaml"])).code).toBe(0);
    enc = await readFile(path.join(repo.dir, "big.yaml"), "utf8");
  });
  afterAll(async () => {
    await repo.cleanup();
  });

  it("should print the file exactly, and each export of it", async () => {
    const r = await repo.hush(["decrypt", "big.yaml"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(plain);
    const env = await repo.hush(["decrypt", "--format", "dotenv", "--path", "svc599", "big.yaml"]);
    expect(env.stdout).toBe("user='user-599'\npass='pw-599-secret'\n");
  });

  it("should print nothing when list items far apart were swapped (attack: reorder)", async () => {
    const items = enc.slice(enc.indexOf("\nlist:\n") + 7).split("\n");
    const [a, b] = [items[2]!, items[297]!];
    await repo.write("big.yaml", enc.replace(a, "\u0000").replace(b, a).replace("\u0000", b));
    for (const args of [["decrypt"], ["decrypt", "--format", "dotenv", "--path", "svc0"]]) {
      const r = await repo.hush([...args, "big.yaml"]);
      expect(r.code).toBe(1);
      expect(r.stdout).toBe("");
      expect(r.stderr).toMatch(/^hush: .*MAC.*\n^hint: /m);
      expect(r.stderr).not.toContain("secret");
    }
  });

  it("should print nothing when the last value was removed (attack: truncate)", async () => {
    const last = enc.match(/^ {2}- ENC\[.*\n(?=sops:)/m)![0];
    await repo.write("big.yaml", enc.replace(last, ""));
    const r = await repo.hush(["decrypt", "big.yaml"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).not.toContain("secret");
  });
});
