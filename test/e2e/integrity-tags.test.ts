/**
 * YAML tags (issue 13 item 5): an application's tag (`!Ref`, `!GetAtt`, `!Sub`, custom) and
 * `!!str` stay in front of the value, encrypted or in clear, and decrypt gives the file back byte
 * for byte; sops-age reads the tagged encrypted values right. A `!!binary` value, whose tag cannot
 * go on an encrypted value, is refused rather than changed.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { decryptSops } from "sops-age";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createKeyedRepo, type KeyedRepo } from "../helpers/keyed-repo.js";

const TEMPLATE = [
  "Resources:",
  "  Bucket:",
  "    Name: !Ref BucketName",
  "    Arn: !GetAtt Bucket.Arn",
  '    Url: !Sub "https://${Bucket}.example"',
  '    Parts: !Split [",", "a,b"]',
  "    Port: !mytag 42",
  "    Script: !mytag |",
  "      echo one",
  "      echo two",
  "    Text: !!str 123",
  "    Plain: ! 12",
  "    Kept_unencrypted: !Ref KeepMe",
  "",
].join("\n");

describe("YAML tags", () => {
  let repo: KeyedRepo;
  beforeAll(async () => {
    repo = await createKeyedRepo();
  });
  afterAll(async () => {
    await repo.cleanup();
  });
  const read = (f: string): Promise<string> => readFile(path.join(repo.dir, f), "utf8");

  it("should stay on encrypted and clear values, read by sops-age, and decrypt byte for byte", async () => {
    await repo.write("cf.yaml", TEMPLATE);
    expect((await repo.hush(["encrypt", "-i", "cf.yaml"])).code).toBe(0);
    const text = await read("cf.yaml");
    for (const tagged of [
      "Name: !Ref ENC[",
      "Arn: !GetAtt ENC[",
      'Url: !Sub "ENC[',
      'Parts: !Split ["ENC[',
      "Port: !mytag ENC[",
      "Script: !mytag ENC[",
      "Text: !!str ENC[",
      "Plain: ! ENC[",
      "Kept_unencrypted: !Ref KeepMe",
    ])
      expect(text).toContain(tagged);
    const theirs = await decryptSops(text, { fileType: "yaml", secretKey: repo.me.identity });
    expect(theirs).toEqual({
      Resources: {
        Bucket: {
          Name: "BucketName",
          Arn: "Bucket.Arn",
          Url: "https://${Bucket}.example",
          Parts: [",", "a,b"],
          Port: "42",
          Script: "echo one\necho two\n",
          Text: "123",
          Plain: "12",
          Kept_unencrypted: "KeepMe",
        },
      },
    });
    const get = await repo.hush(["get", "cf.yaml", "Resources.Bucket.Name"]);
    expect(get.stdout).toBe("BucketName\n");
    expect((await repo.hush(["decrypt", "cf.yaml"])).stdout).toBe(TEMPLATE);
  });

  it("should keep the tag when a tagged value is set", async () => {
    await repo.write("set.yaml", TEMPLATE);
    expect((await repo.hush(["encrypt", "-i", "set.yaml"])).code).toBe(0);
    expect((await repo.hush(["set", "set.yaml", "Resources.Bucket.Port", "8080"])).code).toBe(0);
    const dec = await repo.hush(["decrypt", "set.yaml"]);
    expect(dec.stdout).toBe(TEMPLATE.replace("!mytag 42", "!mytag 8080"));
  });

  it("should refuse to encrypt a !!binary value, leaving the file intact, and keep one left in clear", async () => {
    const bin = "cert: !!binary aGVsbG8=\nport: 1\n";
    await repo.write("bin.yaml", bin);
    const r = await repo.hush(["encrypt", "-i", "bin.yaml"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^hush: the !!binary value cert \(line 1\) cannot be encrypted/m);
    expect(r.stderr).toMatch(/^hint: /m);
    expect(await read("bin.yaml")).toBe(bin);

    const clear = "cert_unencrypted: !!binary aGVsbG8=\nport: 1\n";
    await repo.write("clear.yaml", clear);
    expect((await repo.hush(["encrypt", "-i", "clear.yaml"])).code).toBe(0);
    expect(await read("clear.yaml")).toContain("cert_unencrypted: !!binary aGVsbG8=\n");
    expect((await repo.hush(["decrypt", "clear.yaml"])).stdout).toBe(clear);
  });

  it("should refuse !!binary bytes that are not UTF-8 text instead of changing them", async () => {
    const bin = "blob_unencrypted: !!binary /w==\n";
    await repo.write("raw.yaml", bin);
    const r = await repo.hush(["encrypt", "-i", "raw.yaml"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^hush: a !!binary value is not UTF-8 text \(line 1\)/m);
    expect(await read("raw.yaml")).toBe(bin);
  });
});
