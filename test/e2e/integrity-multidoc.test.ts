/**
 * Multi-document YAML (issue 13 item 6): `--doc N` makes get, set, unset, exec and decrypt
 * (--path/--extract/--format) address any document; every document keeps an identical `sops`
 * block as sops writes it, and a change to one document leaves the others' ciphertext alone.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createKeyedRepo, type KeyedRepo } from "../helpers/keyed-repo.js";

const PLAIN = [
  "# web",
  "apiVersion: v1",
  "kind: Secret",
  "stringData:",
  "  token: one",
  "---",
  "# worker",
  "apiVersion: v1",
  "kind: Secret",
  "stringData:",
  "  token: two",
  "  old: gone-soon",
  "",
].join("\n");

/** The `sops:` block of each document. */
function sopsBlocks(text: string): string[] {
  return text.split(/^---$/m).map((d) => d.slice(d.indexOf("\nsops:\n")));
}

describe("multi-document YAML", () => {
  let repo: KeyedRepo;
  beforeAll(async () => {
    repo = await createKeyedRepo();
    await repo.write("all.yaml", PLAIN);
    expect((await repo.hush(["encrypt", "-i", "all.yaml"])).code).toBe(0);
  });
  afterAll(async () => {
    await repo.cleanup();
  });
  const read = (f: string): Promise<string> => readFile(path.join(repo.dir, f), "utf8");

  it("should read any document with get, decrypt --path/--extract/--doc and exec", async () => {
    expect((await repo.hush(["get", "all.yaml", "stringData.token"])).stdout).toBe("one\n");
    expect((await repo.hush(["get", "--doc", "2", "all.yaml", "stringData.token"])).stdout).toBe(
      "two\n",
    );
    const extract = await repo.hush([
      "decrypt",
      "--doc",
      "2",
      "--extract",
      '["stringData"]["old"]',
      "all.yaml",
    ]);
    expect(extract.stdout).toBe("gone-soon");
    const doc2 = await repo.hush(["decrypt", "--doc", "2", "all.yaml"]);
    expect(doc2.stdout).toContain("token: two");
    expect(doc2.stdout).not.toContain("token: one");
    const run = await repo.hush([
      "exec",
      "--doc",
      "2",
      "all.yaml",
      "--",
      process.execPath,
      "-e",
      "process.stdout.write(process.env.token)",
    ]);
    expect(run.stdout).toBe("two");
    const secret = await repo.hush(["decrypt", "--doc", "2", "--format", "k8s-secret", "all.yaml"]);
    expect(secret.stdout).toContain("token: two");
  });

  it("should set and unset in the document named, leaving the other's ciphertext and every sops block alike", async () => {
    const before = await read("all.yaml");
    const firstDoc = before.slice(0, before.indexOf("\n---\n"));
    const firstData = firstDoc.slice(0, firstDoc.indexOf("\nsops:\n"));
    expect(
      (await repo.hush(["set", "--doc", "2", "all.yaml", "stringData.token", "TWO"])).code,
    ).toBe(0);
    expect(
      (await repo.hush(["set", "--doc", "2", "all.yaml", "stringData.added", "new"])).code,
    ).toBe(0);
    expect((await repo.hush(["unset", "--doc", "2", "all.yaml", "stringData.old"])).code).toBe(0);
    const after = await read("all.yaml");
    expect(after.startsWith(firstData)).toBe(true);
    const blocks = sopsBlocks(after);
    expect(blocks).toHaveLength(2);
    expect(blocks[0]!.startsWith("\nsops:\n")).toBe(true);
    expect(blocks[1]).toBe(blocks[0]);
    const dec = await repo.hush(["decrypt", "all.yaml"]);
    expect(dec.code).toBe(0);
    expect(dec.stdout).toBe(
      PLAIN.replace("token: two", "token: TWO").replace("  old: gone-soon\n", "  added: new\n"),
    );
  });

  it("should refuse a document the file does not have, and a --doc that is not a number", async () => {
    const none = await repo.hush(["get", "--doc", "3", "all.yaml", "stringData.token"]);
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(/^hush: there is no document 3: the file has 2 documents/m);
    const bad = await repo.hush(["set", "--doc", "0", "all.yaml", "a", "b"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^hush: --doc "0" is not a document number/m);
  });

  it("should say how to address a document in --help", async () => {
    for (const cmd of ["get", "set", "unset", "exec", "decrypt"]) {
      const help = await repo.hush([cmd, "--help"]);
      expect(help.stdout).toContain("--doc <n>");
    }
    expect((await repo.hush(["get", "--help"])).stdout).toContain("Multi-document YAML");
  });
});
