// Bundle the guard for a fast hook: `tsc` still type-checks and writes dist/ (declarations, and the
// modules the CLI imports for `hush scan` and `hush hook`); esbuild then writes dist/bundle/:
// guard.cjs, the whole guard with core in one CommonJS file, which bin/hush-pre-commit.js requires
// after turning on Node's compile cache in the user's private folder (@hush/core/compile-cache),
// and licenses.txt, the license of every third-party package in it.
import { rm } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { buildCommandBundle } from "../../scripts/cjs-bundle.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const outdir = path.join(here, "dist", "bundle");

await rm(outdir, { recursive: true, force: true });
await buildCommandBundle({
  from: import.meta.url,
  entry: path.join(here, "src", "run.ts"),
  outdir,
  name: "guard",
});
