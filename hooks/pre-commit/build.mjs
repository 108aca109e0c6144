// Bundle the guard for a fast hook: `tsc` still type-checks and writes dist/ (declarations, and the
// modules the CLI imports for `hush scan` and `hush hook`); esbuild then writes dist/bundle/:
// - guard.cjs: the whole guard with core in one CommonJS file, which bin/hush-pre-commit.js loads
//   through V8's code cache (@hush/core/code-cache), so a commit does not compile yaml and age again;
// - guard.cjs.cache: that cache, trained by train.cjs on real commits in a throwaway repository.
import { rm } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { buildCommandBundle, trainCodeCache } from "../../scripts/cjs-bundle.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const outdir = path.join(here, "dist", "bundle");

await rm(outdir, { recursive: true, force: true });
await buildCommandBundle({
  from: import.meta.url,
  entry: path.join(here, "src", "run.ts"),
  outdir,
  name: "guard",
});
trainCodeCache(path.join(here, "train.cjs"), outdir);
