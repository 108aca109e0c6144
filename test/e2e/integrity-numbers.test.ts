/**
 * A number's text never changes (issue 13 item 3): arbitrary JSON/YAML number texts go through
 * encrypt and come back exactly through decrypt, get, get --json, exec, --output-type/--format,
 * set and edit; what sops could not read back (JSON 1e400, ints beyond 64 bits) is refused at
 * encrypt time with a hint and the file left as it was.
 */
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import fc from "fast-check";
import { decryptSops } from "sops-age";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createKeyedRepo, type KeyedRepo } from "../helpers/keyed-repo.js";

/** Number texts in the JSON grammar, within the float range. */
const jsonNumber = fc
  .tuple(
    fc.boolean(),
    fc.oneof(fc.constant("0"), fc.stringMatching(/^[1-9][0-9]{0,24}$/)),
    fc.option(fc.stringMatching(/^\.[0-9]{1,20}$/), { nil: "" }),
    fc.option(fc.stringMatching(/^[eE][+-]?[0-9]{1,3}$/), { nil: "" }),
  )
  .map(([neg, int, frac, exp]) => `${neg ? "-" : ""}${int}${frac}${exp}`)
  .filter((t) => Number.isFinite(Number(t)));

const INT64_MAX = 2n ** 63n - 1n;
const isInt = (t: string): boolean => /^-?\d+$/.test(t);
/** JSON: an int when it fits int64 without fraction or exponent, else a float (as sops reads it). */
const jsonType = (t: string): "int" | "float" =>
  isInt(t) && BigInt(t) <= INT64_MAX && BigInt(t) >= -INT64_MAX - 1n ? "int" : "float";
/**
 * The YAML text of a JSON number: the same, except a float YAML would read as an int (a positive
 * integer below 2^64, which go-yaml reads as uint64) gains ".0".
 */
const yamlText = (t: string): string =>
  isInt(t) && jsonType(t) === "float" && BigInt(t) > 0n && BigInt(t) < 2n ** 64n ? `${t}.0` : t;

const SAMPLES = [
  ...fc.sample(jsonNumber, { numRuns: 60, seed: 3 }),
  "12345678901234567890",
  "9007199254740993",
  "1.50",
  "-0",
  "-0.0",
  "1E5",
  "1e-7",
  "0.1",
  "123456789012345678901234567890",
];

describe("numbers keep their text on every path", () => {
  let repo: KeyedRepo;
  beforeAll(async () => {
    repo = await createKeyedRepo();
  });
  afterAll(async () => {
    await repo.cleanup();
  });

  it("should keep each JSON number's text through decrypt, get, exec, exports, set and edit", async () => {
    const keys = SAMPLES.map((_, i) => `n${i}`);
    const body = keys.map((k, i) => `\t"${k}": ${SAMPLES[i]}`).join(",\n");
    await repo.write("nums.json", `{\n${body},\n\t"other": "x"\n}\n`);
    expect((await repo.hush(["encrypt", "-i", "nums.json"])).code).toBe(0);
    const enc = await readFile(path.join(repo.dir, "nums.json"), "utf8");
    for (const [i, t] of SAMPLES.entries())
      expect(enc).toMatch(new RegExp(`"n${i}": "ENC\\[[^\\]]*type:${jsonType(t)}\\]"`));

    const check = async (): Promise<void> => {
      const dec = await repo.hush(["decrypt", "nums.json"]);
      expect(dec.code).toBe(0);
      for (const [i, t] of SAMPLES.entries()) expect(dec.stdout).toContain(`"n${i}": ${t},\n`);
      const yaml = await repo.hush(["decrypt", "--output-type", "yaml", "nums.json"]);
      for (const [i, t] of SAMPLES.entries())
        expect(`\n${yaml.stdout}`).toContain(`\nn${i}: ${yamlText(t)}\n`);
      const env = await repo.hush(["decrypt", "--format", "dotenv", "nums.json"]);
      // The dotenv export dialect quotes every value (bash, dotenv and compose read it alike).
      for (const [i, t] of SAMPLES.entries())
        expect(`\n${env.stdout}`).toContain(`\nn${i}='${t}'\n`);
      const exec = await repo.hush([
        "exec",
        "nums.json",
        "--",
        process.execPath,
        "-e",
        `for (const k of Object.keys(process.env).filter((k) => /^n\\d+$/.test(k)).sort()) console.log(k + "=" + process.env[k])`,
      ]);
      for (const [i, t] of SAMPLES.entries()) expect(exec.stdout).toContain(`n${i}=${t}\n`);
    };
    await check();
    for (const i of [0, SAMPLES.length - 8, SAMPLES.length - 9]) {
      expect((await repo.hush(["get", "nums.json", `n${i}`])).stdout).toBe(`${SAMPLES[i]}\n`);
      expect((await repo.hush(["get", "--json", "nums.json", `n${i}`])).stdout).toBe(
        `${SAMPLES[i]}\n`,
      );
    }
    // Another value changes (set, then edit): every number keeps its text.
    expect((await repo.hush(["set", "nums.json", "other", "y"])).code).toBe(0);
    await check();
    const editor = path.join(repo.home, "edit-other.cjs");
    await writeFile(
      editor,
      `const fs=require("fs");const f=process.argv[2];fs.writeFileSync(f,fs.readFileSync(f,"utf8").replace('"other": "y"','"other": "z"'));`,
    );
    const ed = await repo.hush(["edit", "nums.json"], {
      env: { ...repo.env, EDITOR: `${process.execPath} ${editor}` },
    });
    expect(ed.code).toBe(0);
    await check();
    // sops-age (an independent reader) gets each number's value.
    const theirs = (await decryptSops(await readFile(path.join(repo.dir, "nums.json"), "utf8"), {
      fileType: "json",
      secretKey: repo.me.identity,
    })) as Record<string, number>;
    for (const [i, t] of SAMPLES.entries()) expect(theirs[`n${i}`]).toBe(Number(t));
  });

  it("should keep a number's text through `hush set --type` and YAML files", async () => {
    const texts = SAMPLES.filter((t) => jsonType(t) === "float" || !t.startsWith("-0"));
    for (const [i, t] of texts.slice(0, 12).entries()) {
      const type = jsonType(t);
      const r = await repo.hush(["set", "--type", type, "set.secret.yaml", `v${i}`, "--", t]);
      expect([t, r.code]).toEqual([t, 0]);
      expect((await repo.hush(["get", "set.secret.yaml", `v${i}`])).stdout).toBe(`${t}\n`);
    }
    const yamlNums = SAMPLES.filter((t) => yamlText(t) === t);
    await repo.write(
      "nums.yaml",
      yamlNums.map((t, i) => `y${i}: ${t}\n`).join("") + "extra: +5\nhalf: .5\n",
    );
    expect((await repo.hush(["encrypt", "-i", "nums.yaml"])).code).toBe(0);
    const dec = await repo.hush(["decrypt", "nums.yaml"]);
    expect(dec.stdout).toBe(
      yamlNums.map((t, i) => `y${i}: ${t}\n`).join("") + "extra: +5\nhalf: .5\n",
    );
    expect((await repo.hush(["get", "nums.yaml", "y1"])).stdout).toBe(`${yamlNums[1]}\n`);
  });

  it.each([
    ["json", '{"f": 1e400}\n', "f.json"],
    ["json", '{"f": -1E999}\n', "g.json"],
    ["yaml", "big: 12345678901234567890\n", "u.yaml"],
  ])(
    "should refuse a %s number sops could not read back, at encrypt, leaving the file",
    async (_f, text, file) => {
      await repo.write(file, text);
      const r = await repo.hush(["encrypt", "-i", file]);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/^hush: .*(float range|64 bits)/m);
      expect(r.stderr).toMatch(/^hint: quote it/m);
      expect(await readFile(path.join(repo.dir, file), "utf8")).toBe(text);
    },
  );

  it("should refuse `hush set --type` numbers sops could not read back", async () => {
    for (const [type, value] of [
      ["int", "12345678901234567890"],
      ["float", "1e400"],
    ]) {
      const r = await repo.hush(["set", "--type", type!, "set.secret.yaml", "bad", value!]);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/^hint: quote it/m);
    }
  });
});
