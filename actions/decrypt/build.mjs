// Bundle the action into the one file its action.yml runs (dist/index.js, committed: a runner
// executes the repository as checked out), and dist/licenses.txt, the license of every third-party
// package in it. core comes from its sources, so the bundle never depends on core having been built.
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { bundleDefaults } from "../../scripts/cjs-bundle.mjs";
import { writeNotices } from "../../scripts/licenses.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const dist = path.join(here, "dist");
const core = path.join(here, "..", "..", "packages", "core", "src");

await mkdir(dist, { recursive: true });
const result = await build({
  ...bundleDefaults,
  // Readable in review: the committed bundle is diffed by people, not only run.
  minify: false,
  absWorkingDir: here,
  entryPoints: [path.join(here, "src", "index.ts")],
  outfile: path.join(dist, "index.js"),
  format: "esm",
  alias: { "@hush/core": core },
  // Bundled CommonJS dependencies call require() for built-ins.
  banner: {
    js: "import { createRequire as __hushCreateRequire } from 'node:module'; const require = __hushCreateRequire(import.meta.url);",
  },
});
await writeNotices(dist, [result.metafile], here);
