// The dotenv export dialect against its three readers: real bash (set -a; . file), the real dotenv
// package, and docker compose's documented env_file rules. Every value is either read back exactly
// by all three, or refused with ERR_VALUE before anything is written.
import { existsSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fc, test } from "@fast-check/vitest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { quoteDotenvExport, renderDotenvExport } from "@hush/core";
import { readBash, readCompose, readDotenv } from "../helpers/dotenv-readers.js";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "hush-dialect-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Write `values` as V0…Vn in the dialect; return what each reader gives back (refused ones left out). */
async function roundTrip(values: readonly string[]): Promise<{
  written: Record<string, string>;
  bash: Record<string, string>;
  dotenv: Record<string, string>;
  compose: Record<string, string>;
}> {
  const written: Record<string, string> = {};
  values.forEach((v, i) => {
    try {
      quoteDotenvExport(v, `V${i}`);
      written[`V${i}`] = v;
    } catch (e) {
      expect(e).toMatchObject({ code: "ERR_VALUE" });
      expect(String(e)).toContain(`V${i}`);
    }
  });
  const text = renderDotenvExport(
    Object.entries(written).map(([name, value]) => ({ name, value })),
  );
  const file = join(
    dir,
    `${Object.keys(written).length}-${Math.random().toString(36).slice(2)}.env`,
  );
  await writeFile(file, text);
  return {
    written,
    bash: readBash(file, Object.keys(written)),
    dotenv: readDotenv(text),
    compose: readCompose(text),
  };
}

describe("dotenv export dialect", () => {
  it("should give back quotes of both kinds, backslashes, backticks, $, #, spaces and unicode exactly", async () => {
    const marker = join(dir, "pwned");
    const values = [
      `it's`,
      `say "hi"`,
      `back\\slash \\n not a newline`,
      "`touch " + marker + "`",
      `$(touch ${marker}) \${HOME} $HOME`,
      `a#b # not a comment`,
      `  leading and trailing  `,
      `žluťoučký kůň 🐎 \u2028 \u00a0`,
      `=equals=`,
      ``,
    ];
    const r = await roundTrip(values);
    expect(Object.keys(r.written)).toHaveLength(values.length);
    expect(r.bash).toEqual(r.written);
    expect(r.dotenv).toEqual(r.written);
    expect(r.compose).toEqual(r.written);
    expect(existsSync(marker), "a command in a value ran").toBe(false);
  });

  it.each([
    ["LF", "line1\nline2"],
    ["CR", "a\rINJECTED=1"],
    ["CRLF", "a\r\nb"],
    ["NUL", "a\0b"],
    ["a trailing backslash", "ends\\"],
    ["' with $", "it's $HOME"],
    ["' with a backslash", "it's a\\b"],
    ["a lone surrogate", "\ud800"],
  ])("should refuse a value with %s, naming the key but not the value", (_label, value) => {
    expect(() => quoteDotenvExport(value, "MY_KEY")).toThrow(
      expect.objectContaining({
        code: "ERR_VALUE",
        message: expect.stringContaining("MY_KEY"),
      }) as Error,
    );
  });

  const special = fc.constantFrom(
    ..."'\"`\\$#!= \t\n\r{}()|;&<>*?~é🐎\u2028\u00a0\u0000".split(""),
    "$(id)",
    "${HOME}",
    "\\n",
    " #",
  );
  const value = fc.oneof(
    fc.string({ unit: "binary", maxLength: 24 }),
    fc.array(special, { maxLength: 10 }).map((a) => a.join("")),
  );
  test.prop([fc.array(value, { minLength: 1, maxLength: 8 })], { numRuns: 60 })(
    "should have every value either refused or read back exactly by bash, dotenv and compose",
    async (values) => {
      const r = await roundTrip(values);
      expect(r.bash).toEqual(r.written);
      expect(r.dotenv).toEqual(r.written);
      expect(r.compose).toEqual(r.written);
    },
  );
});
