// action.yml is what the runner reads: it must run the committed bundle on node24 and declare
// every input the code reads and every output it sets (undeclared inputs only get a warning).
import { readdir, readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { ENV_NAME_FAMILIES } from "@hush/core";

const dir = join(dirname(fileURLToPath(import.meta.url)), "..");

async function sources(): Promise<string> {
  const names = (await readdir(join(dir, "src"))).filter((n) => n.endsWith(".ts"));
  return (await Promise.all(names.map((n) => readFile(join(dir, "src", n), "utf8")))).join("\n");
}

/** Keys declared under a top-level section of action.yml (two-space indented, then a colon). */
function declared(yml: string, section: string): string[] {
  const body = yml.split(new RegExp(`^${section}:\\n`, "m"))[1]?.split(/^\S/m)[0] ?? "";
  return [...body.matchAll(/^ {2}([a-z][a-z0-9-]*):/gm)].map((m) => m[1]!);
}

describe("action.yml", () => {
  it("should run dist/index.js on node24", async () => {
    const yml = await readFile(join(dir, "action.yml"), "utf8");
    expect(yml).toMatch(/^runs:\n {2}using: node24\n {2}main: dist\/index\.js\n/m);
  });

  it("should declare every input read and every output set", async () => {
    const yml = await readFile(join(dir, "action.yml"), "utf8");
    const src = await sources();
    const read = new Set(
      [...src.matchAll(/get(?:Multiline|Boolean)?Input\("([a-z-]+)"/g)].map((m) => m[1]!),
    );
    const set = new Set([...src.matchAll(/setOutput\("([a-z-]+)"/g)].map((m) => m[1]!));
    expect(read.size).toBeGreaterThan(5);
    expect(declared(yml, "inputs").sort()).toEqual([...read].sort());
    expect(declared(yml, "outputs").sort()).toEqual([...set].sort());
  });

  it("should document every family of refused names in the README, locked ones as locked", async () => {
    const readme = await readFile(join(dir, "README.md"), "utf8");
    const locked = readme.split("**Locked**")[1]!.split("**Open**")[0]!;
    const open = readme.split("**Open**")[1]!.split("\n## ")[0]!;
    for (const f of ENV_NAME_FAMILIES) {
      expect(f.locked ? locked : open, f.id).toContain(`| \`${f.id}\` |`);
    }
  });
});
