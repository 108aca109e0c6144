/**
 * The action's committed bundle holds only what the action uses of core: it imports core's narrow
 * entries, so a change to the detector (rule tables are top-level code a bundler keeps whenever the
 * module is reached) must leave actions/decrypt/dist/index.js byte for byte as it is.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { REPO_ROOT } from "../helpers/hush.js";

interface Metafile {
  inputs: Record<string, unknown>;
}
interface EsbuildPlugin {
  name: string;
  setup(build: {
    onLoad(
      options: { filter: RegExp },
      callback: (args: { path: string }) => Promise<{ contents: string; loader: "ts" }>,
    ): void;
  }): void;
}
type BundleAction = (options: {
  outdir: string;
  plugins?: EsbuildPlugin[];
}) => Promise<{ metafile: Metafile }>;

const buildScript = path.join(REPO_ROOT, "actions/decrypt/build.mjs");
const DETECTOR = /packages[/\\]core[/\\]src[/\\]scan[/\\]/;

const temps: string[] = [];
afterAll(() => {
  for (const d of temps) rmSync(d, { recursive: true, force: true });
});

async function bundle(plugins: EsbuildPlugin[] = []): Promise<{ js: string; inputs: string[] }> {
  const { bundleAction } = (await import(buildScript)) as { bundleAction: BundleAction };
  const outdir = mkdtempSync(path.join(tmpdir(), "hush-action-bundle-"));
  temps.push(outdir);
  const { metafile } = await bundleAction({ outdir, plugins });
  return {
    js: readFileSync(path.join(outdir, "index.js"), "utf8"),
    inputs: Object.keys(metafile.inputs),
  };
}

/** Every detector source, changed as it loads: a new top-level statement no bundler may drop. */
const changedDetector: EsbuildPlugin = {
  name: "changed-detector",
  setup(b) {
    b.onLoad({ filter: DETECTOR }, async (args) => ({
      contents: `${await readFile(args.path, "utf8")}\n(globalThis as Record<string, unknown>).hushProbe = "a new rule";\n`,
      loader: "ts",
    }));
  },
};

describe("the action bundle", () => {
  it("should hold no detector code", async () => {
    const { inputs } = await bundle();
    expect(inputs.some((f) => f.includes("packages/core/src/sops.ts"))).toBe(true);
    expect(inputs.filter((f) => DETECTOR.test(f))).toEqual([]);
  });

  it("should stay byte for byte the same when a detector rule changes", async () => {
    const before = await bundle();
    const after = await bundle([changedDetector]);
    expect(after.js.includes("hushProbe")).toBe(false);
    expect(after.js === before.js).toBe(true);
  });

  it("should import CommonJS dependencies from hush's ES modules in node mode, every time", async () => {
    // A source an onResolve plugin resolves carries no module type, so the same core file came out
    // as `__toESM(require_x(), 1)` or `__toESM(require_x())` depending on which of its importers
    // esbuild resolved first: committed bundles differed from clean builds now and then.
    const { js } = await bundle();
    const misses: string[] = [];
    let source = "";
    for (const line of js.split("\n")) {
      const header = /^\/\/ (\S+\.ts)$/.exec(line);
      if (header) source = header[1] ?? "";
      else if (/(packages|hooks)\//.test(source) && /__toESM\(require_\w+\(\)\)/.test(line))
        misses.push(`${source}: ${line.trim()}`);
    }
    expect(js).toMatch(/__toESM\(require_\w+\(\), 1\)/);
    expect(misses).toEqual([]);
  });

  it("should be what is committed in actions/decrypt/dist", async () => {
    const { js } = await bundle();
    const committed = readFileSync(path.join(REPO_ROOT, "actions/decrypt/dist/index.js"), "utf8");
    expect(js === committed).toBe(true);
  });
});
