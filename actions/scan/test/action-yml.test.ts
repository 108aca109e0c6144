// action.yml is what the runner reads: it must run the committed bundle on node24 and declare
// every input the code reads and every output it sets.
import { readdir, readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const dir = join(dirname(fileURLToPath(import.meta.url)), "..");

/** Keys declared under a top-level section of action.yml (two-space indented, then a colon). */
function declared(yml: string, section: string): string[] {
  const body = yml.split(new RegExp(`^${section}:\\n`, "m"))[1]?.split(/^\S/m)[0] ?? "";
  return [...body.matchAll(/^ {2}([a-z][a-z0-9-]*):/gm)].map((m) => m[1]!);
}

describe("actions/scan action.yml", () => {
  it("should run dist/index.js on node24 and declare every input read and output set", async () => {
    const yml = await readFile(join(dir, "action.yml"), "utf8");
    expect(yml).toMatch(/^runs:\n {2}using: node24\n {2}main: dist\/index\.js\n/m);
    const names = (await readdir(join(dir, "src"))).filter((n) => n.endsWith(".ts"));
    const src = (await Promise.all(names.map((n) => readFile(join(dir, "src", n), "utf8")))).join(
      "\n",
    );
    const read = new Set([...src.matchAll(/getInput\("([a-z-]+)"/g)].map((m) => m[1]!));
    const set = new Set([...src.matchAll(/setOutput\("([a-z-]+)"/g)].map((m) => m[1]!));
    expect(declared(yml, "inputs").sort()).toEqual([...read].sort());
    expect(declared(yml, "outputs").sort()).toEqual([...set].sort());
  });
});
