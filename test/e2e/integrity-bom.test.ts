/**
 * A UTF-8 BOM (issue 13 item 4): YAML and INI files keep it in front of every version hush writes,
 * with the `sops` block at its own column; JSON files drop it (sops's JSON reader refuses one). Every
 * version parses, decrypts to the right values and is read by sops-age.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { decryptSops } from "sops-age";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createKeyedRepo, type KeyedRepo } from "../helpers/keyed-repo.js";

const BOM = "\ufeff";

describe("a UTF-8 BOM", () => {
  let repo: KeyedRepo;
  beforeAll(async () => {
    repo = await createKeyedRepo();
  });
  afterAll(async () => {
    await repo.cleanup();
  });
  const read = (f: string): Promise<string> => readFile(path.join(repo.dir, f), "utf8");

  it("should stay in front of a YAML file, the sops block at column 0, through encrypt, set and decrypt", async () => {
    const plain = `${BOM}db:\n  password: hunter2\n# settings\nport: 5432\n`;
    await repo.write("bom.yaml", plain);
    const enc = await repo.hush(["encrypt", "-i", "bom.yaml"]);
    expect(enc.stderr).toBe("recipients from .hush.yaml\n");
    const text = await read("bom.yaml");
    expect(text.startsWith(`${BOM}db:\n  password: ENC[`)).toBe(true);
    expect(text).toMatch(/\nsops:\n {2}age:/);
    const theirs = await decryptSops(text, { fileType: "yaml", secretKey: repo.me.identity });
    expect(theirs).toEqual({ db: { password: "hunter2" }, port: 5432 });
    expect((await repo.hush(["get", "bom.yaml", "db.password"])).stdout).toBe("hunter2\n");
    expect((await repo.hush(["set", "bom.yaml", "api.token", "t0k"])).code).toBe(0);
    expect((await read("bom.yaml")).startsWith(BOM)).toBe(true);
    expect((await repo.hush(["unset", "bom.yaml", "api"])).code).toBe(0);
    const dec = await repo.hush(["decrypt", "-i", "bom.yaml"]);
    expect(dec.code).toBe(0);
    expect(await read("bom.yaml")).toBe(plain);
  });

  it("should be dropped from a JSON file, which then parses and sops-age reads", async () => {
    await repo.write("bom.json", `${BOM}{"a": "x", "n": 1}\n`);
    expect((await repo.hush(["encrypt", "-i", "bom.json"])).code).toBe(0);
    const text = await read("bom.json");
    expect(text.startsWith("{\n")).toBe(true);
    expect(await decryptSops(text, { fileType: "json", secretKey: repo.me.identity })).toEqual({
      a: "x",
      n: 1,
    });
    expect((await repo.hush(["decrypt", "bom.json"])).stdout).toBe('{\n\t"a": "x",\n\t"n": 1\n}\n');
  });

  it("should stay in front of an INI file", async () => {
    const plain = `${BOM}[db]\npassword = hunter2\n`;
    await repo.write("bom.ini", plain);
    expect((await repo.hush(["encrypt", "-i", "bom.ini"])).code).toBe(0);
    expect((await read("bom.ini")).startsWith(`${BOM}[db]\n`)).toBe(true);
    expect((await repo.hush(["get", "bom.ini", "db.password"])).stdout).toBe("hunter2\n");
    expect((await repo.hush(["decrypt", "bom.ini"])).stdout).toBe(plain);
  });
});
