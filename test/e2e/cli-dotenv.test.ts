// The dotenv store through the built CLI: the dialect the dotenv package reads (export, quotes,
// inline comments, CRLF, multi-line values, a BOM), the file's own form kept on every write, what
// sops-age reads from the encrypted file, and ambiguous spellings refused with the file intact.
import { readFile } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decryptSops } from "sops-age";
import dotenv from "dotenv";
import { createRepo, type TestRepo } from "../helpers/git.js";

const PLAIN = [
  "# database",
  "export A=1",
  'B="x#y"',
  "C=v # a note",
  "D='multi",
  "line'",
  'E="tab\\tstays, \\n becomes a newline"',
  "",
  "F=",
  "",
].join("\n");
const VALUES = {
  A: "1",
  B: "x#y",
  C: "v",
  D: "multi\nline",
  E: "tab\\tstays, \n becomes a newline",
  F: "",
};

describe("hush and the dotenv dialect", () => {
  let repo: TestRepo;
  let identity: string;
  beforeAll(async () => {
    repo = await createRepo();
    expect((await repo.hush(["init", "--name", "me"])).code).toBe(0);
    const keys = await readFile(`${repo.home}/.config/sops/age/keys.txt`, "utf8");
    identity = keys.split("\n").find((l) => l.startsWith("AGE-SECRET-KEY-1"))!;
  });
  afterAll(async () => {
    await repo.cleanup();
  });

  it.each([
    ["LF", PLAIN],
    ["CRLF", PLAIN.replace(/\n/g, "\r\n")],
    ["a BOM and CRLF", `\uFEFF${PLAIN.replace(/\n/g, "\r\n")}`],
  ])("should read the values right and give the file back byte for byte (%s)", async (_l, text) => {
    const file = await repo.write("app.secret.env", text);
    expect((await repo.hush(["encrypt", "-i", "app.secret.env"])).code).toBe(0);
    const enc = await readFile(file, "utf8");
    for (const secret of ["x#y", "multi", "a note", "database"]) expect(enc).not.toContain(secret);
    // Line endings and the BOM are the file's own, also in the encrypted file.
    expect(enc.startsWith("\uFEFF")).toBe(text.startsWith("\uFEFF"));
    expect(enc.includes("\r\n")).toBe(text.includes("\r\n"));

    const dec = await repo.hush(["decrypt", "app.secret.env"]);
    expect(dec.code).toBe(0);
    expect(dec.stdout).toBe(text);
    expect(dotenv.parse(dec.stdout)).toEqual(VALUES);

    const get = await repo.hush(["get", "app.secret.env", "B"]);
    expect(get.stdout).toBe("x#y\n");
    const exec = await repo.hush([
      "exec",
      "app.secret.env",
      "--",
      process.execPath,
      "-e",
      "process.stdout.write(JSON.stringify([process.env.A, process.env.B, process.env.C, process.env.D, process.env['export A']]))",
    ]);
    expect(exec.code).toBe(0);
    expect(JSON.parse(exec.stdout)).toEqual(["1", "x#y", "v", "multi\nline", null]);

    // The independent reader gets every value right from the file hush wrote.
    expect(await decryptSops(enc, { fileType: "env", secretKey: identity })).toEqual(VALUES);
  });

  it("should keep the line's form when set changes a value, and quote one its form cannot hold", async () => {
    await repo.write("form.secret.env", "export A=1 # keep me\r\nB='q'\r\n");
    expect((await repo.hush(["encrypt", "-i", "form.secret.env"])).code).toBe(0);
    expect(
      (await repo.hush(["set", "form.secret.env", "A"], { input: "two words # and a hash\n" }))
        .code,
    ).toBe(0);
    expect((await repo.hush(["set", "form.secret.env", "B"], { input: "it's\n" })).code).toBe(0);
    const dec = await repo.hush(["decrypt", "form.secret.env"]);
    expect(dec.stdout).toBe("export A='two words # and a hash' # keep me\r\nB=\"it's\"\r\n");
  });

  it.each([
    ["a # glued to an unquoted value", "URL=http://x/#frag\n"],
    ["an escaped quote readers disagree on", 'J="{\\"a\\": 1}"\n'],
    ["a lone CR", "A=1\rINJECTED=2\n"],
    ["an unterminated quote", "A='open\n"],
  ])("should refuse %s at encrypt time and leave the file as it was", async (_l, text) => {
    const file = await repo.write("bad.secret.env", text);
    const r = await repo.hush(["encrypt", "-i", "bad.secret.env"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^hush: .*dotenv line 1/m);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(await readFile(file, "utf8")).toBe(text);
  });
});
