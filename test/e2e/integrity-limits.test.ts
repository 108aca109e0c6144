/**
 * No stack traces (issue 13 item 12): deeply nested data is refused at parse time with one line
 * (ERR_FORMAT "nesting deeper than 256 levels") and the file left intact, a 5 MB value goes through
 * encrypt, get and decrypt exactly, and only HUSH_DEBUG=1 prints a trace.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createKeyedRepo, type KeyedRepo } from "../helpers/keyed-repo.js";

const TRACE = /^\s+at /m;

describe("inputs that used to end in a stack trace", () => {
  let repo: KeyedRepo;
  beforeAll(async () => {
    repo = await createKeyedRepo();
  });
  afterAll(async () => {
    await repo.cleanup();
  });
  const read = (f: string): Promise<string> => readFile(path.join(repo.dir, f), "utf8");

  let yamlBlock = "";
  for (let i = 0; i < 3000; i++) yamlBlock += `${" ".repeat(i)}k:\n`;
  yamlBlock += `${" ".repeat(3000)}v: 1\n`;

  it.each([
    ["5,000-level nested JSON", "deep.json", `${'{"a":'.repeat(5000)}1${"}".repeat(5000)}`],
    ["100,000 nested arrays", "arrays.json", `{"a":${"[".repeat(100000)}${"]".repeat(100000)}}`],
    ["3,000-level block YAML", "deep.yaml", yamlBlock],
    ["300 nested flow lists in YAML", "flow.yaml", `a: ${"[".repeat(300)}${"]".repeat(300)}\n`],
    [
      "100,000 nested flow lists in YAML",
      "flow2.yaml",
      `a: ${"[".repeat(1e5)}${"]".repeat(1e5)}\n`,
    ],
  ])("should refuse %s with one line and no trace", async (_what, file, text) => {
    await repo.write(file, text);
    const r = await repo.hush(["encrypt", "-i", file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^hush: .*(nesting deeper than 256 levels|not valid yaml)/m);
    expect(r.stderr).toMatch(/^hint: /m);
    expect(r.stderr).not.toMatch(TRACE);
    expect(r.stderr).not.toContain("internal error");
    expect(await read(file)).toBe(text);
  });

  it("should take 256 levels, the limit, through encrypt, set, get and decrypt", async () => {
    const text = `{"a":${"[".repeat(255)}1${"]".repeat(255)}}`;
    await repo.write("max.json", text);
    expect((await repo.hush(["encrypt", "-i", "max.json"])).code).toBe(0);
    expect((await repo.hush(["set", "max.json", "b", "x"])).code).toBe(0);
    const got = await repo.hush(["get", "--json", "max.json", "a"]);
    expect(got.code).toBe(0);
    expect(JSON.parse(got.stdout)).toEqual(JSON.parse(text).a);
    const dec = await repo.hush(["decrypt", "--output-type", "json", "max.json"]);
    expect(JSON.parse(dec.stdout)).toEqual({ ...JSON.parse(text), b: "x" });
  });

  it("should keep a 5 MB value exact through encrypt, get and decrypt, in YAML and JSON", async () => {
    const big = "x".repeat(5 * 1024 * 1024);
    const yaml = `big: ${big}\nsmall: 1\n`;
    await repo.write("big.yaml", yaml);
    const enc = await repo.hush(["encrypt", "-i", "big.yaml"]);
    expect(enc.stderr).not.toMatch(TRACE);
    expect(enc.code).toBe(0);
    expect((await repo.hush(["get", "big.yaml", "big"])).stdout).toBe(`${big}\n`);
    expect((await repo.hush(["decrypt", "big.yaml"])).stdout).toBe(yaml);
    const json = JSON.stringify({ big: `${big}/+=` });
    await repo.write("big.json", json);
    expect((await repo.hush(["encrypt", "-i", "big.json"])).code).toBe(0);
    expect((await repo.hush(["get", "big.json", "big"])).stdout).toBe(`${big}/+=\n`);
  });

  it("should print the trace only with HUSH_DEBUG=1", async () => {
    const text = `{"a":${"[".repeat(5000)}${"]".repeat(5000)}}`;
    await repo.write("debug.json", text);
    const r = await repo.hush(["encrypt", "-i", "debug.json"], { env: { HUSH_DEBUG: "1" } });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^hush: .*nesting deeper than 256 levels/m);
    expect(r.stderr).toMatch(TRACE);
  });
});
