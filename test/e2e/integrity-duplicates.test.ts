/**
 * Duplicate keys (issue 13 item 7) are refused in JSON, dotenv and INI as YAML refuses them: one
 * line naming the key and both lines, the file untouched — before, JSON kept both and wrote them
 * back, so two readers could see two different secrets.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createKeyedRepo, type KeyedRepo } from "../helpers/keyed-repo.js";

describe("duplicate keys", () => {
  let repo: KeyedRepo;
  beforeAll(async () => {
    repo = await createKeyedRepo();
  });
  afterAll(async () => {
    await repo.cleanup();
  });

  it.each([
    [
      "dup.json",
      '{\n\t"token": "a",\n\t"other": 1,\n\t"token": "b"\n}\n',
      '"token" (line 4; first on line 2)',
    ],
    ["dup.env", "TOKEN=a\nOTHER=1\nTOKEN=b\n", '"TOKEN" (line 3; first on line 1)'],
    [
      "dup.ini",
      "[api]\ntoken = a\nother = 1\ntoken = b\n",
      '"api.token" (line 4; first on line 2)',
    ],
    ["dup.yaml", "token: a\nother: 1\ntoken: b\n", "duplicate key token (line 3)"],
  ])("should refuse %s at encrypt, naming the key and lines", async (file, text, where) => {
    await repo.write(file, text);
    const r = await repo.hush(["encrypt", "-i", file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(where);
    expect(r.stderr).toMatch(/^hush: .*duplicate key/m);
    expect(await readFile(path.join(repo.dir, file), "utf8")).toBe(text);
  });

  it("should refuse an encrypted JSON file whose key was duplicated by hand", async () => {
    await repo.write("ok.json", '{\n\t"token": "a"\n}\n');
    expect((await repo.hush(["encrypt", "-i", "ok.json"])).code).toBe(0);
    const text = await readFile(path.join(repo.dir, "ok.json"), "utf8");
    const line = /\t"token": "[^"]*",?\n/.exec(text)![0];
    await repo.write(
      "ok.json",
      text.replace(line, line.replace(/,?\n$/, ",\n") + line.replace(/,?\n$/, ",\n")),
    );
    const r = await repo.hush(["decrypt", "ok.json"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('duplicate key "token"');
  });
});
