/**
 * What each entry of @hush/core pulls in when loaded. An entry's modules all initialise when it is
 * imported (and a bundle carries them), so the root entry, which every command of the CLI loads,
 * must not reach the detector: its ~300 rule tables cost ~8 ms of every cold `hush decrypt` when
 * the root re-exported it. The detector is `@hush/core/scan`.
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { describe, expect, it } from "vitest";

const src = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "src");

/** The source files of core an entry reaches, relative to src/. */
async function reached(entry: string): Promise<string[]> {
  const { metafile } = await build({
    entryPoints: [path.join(src, entry)],
    bundle: true,
    write: false,
    metafile: true,
    platform: "node",
    format: "esm",
    packages: "external",
    logLevel: "silent",
  });
  return Object.keys(metafile.inputs).map((f) => path.relative(src, path.resolve(f)));
}

describe("core's entries", () => {
  it("should keep the detector out of the root entry", async () => {
    const root = await reached("index.ts");
    expect(root).toContain("sops.ts");
    expect(root.filter((f) => f.startsWith(`scan${path.sep}`))).toEqual([]);
  });

  it("should give the detector its own entry", async () => {
    const scan = await reached(path.join("scan", "index.ts"));
    expect(scan.some((f) => f.startsWith(`scan${path.sep}rules${path.sep}`))).toBe(true);
  });
});
