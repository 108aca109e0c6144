// Bundle the CLI for a fast cold start. `tsc` still type-checks and writes dist/ (declarations, and
// the files tests import); esbuild then writes dist/bundle/:
// - hush.cjs: the whole CLI in one CommonJS file. bin/hush.js loads it through V8's code cache
//   (@hush/core/code-cache): no ES module loader, no per-module resolution, no compiling age and yaml
//   again on every start. Lazy `import()`s become lazily initialised parts of the one file.
// - hush.cjs.cache: that code cache, trained here on the everyday commands (train.cjs).
// - help.json: every help page, so `hush --help` and `hush <command> --help` print without loading
//   commander at all (train.cjs renders them with commander itself).
// - core-worker.js: the worker thread of rekey/rotate (an ES module: it awaits at top level).
import { readFile, rm } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { buildCommandBundle, bundleDefaults, trainCodeCache } from "../../scripts/cjs-bundle.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const src = path.join(here, "src");
const dist = path.join(here, "dist");
const outdir = path.join(dist, "bundle");

/** Files whose `import.meta.url` points at a bundle entry beside them (the worker thread). */
const SIBLING_ENTRIES = new Set([path.join("lib", "workers.ts")]);

/**
 * Code that locates files from `import.meta.url` (package.json for --version, bin/hush.js for the
 * git helpers, the worker entry) keeps seeing the URL of its own tsc-built file under dist/, so
 * every relative path keeps its meaning wherever esbuild puts the code.
 */
const keepModuleUrls = {
  name: "keep-module-urls",
  setup(b) {
    b.onLoad({ filter: /\.ts$/ }, async (args) => {
      const text = await readFile(args.path, "utf8");
      if (
        !args.path.startsWith(src + path.sep) ||
        !text.includes("import.meta.url") ||
        SIBLING_ENTRIES.has(path.relative(src, args.path))
      )
        return undefined;
      const built = path.join(dist, path.relative(src, args.path)).replace(/\.ts$/, ".js");
      const rel = path.relative(outdir, built).split(path.sep).join("/");
      return {
        contents: text.replaceAll(
          "import.meta.url",
          `new URL(${JSON.stringify(rel)}, import.meta.url).href`,
        ),
        loader: "ts",
      };
    });
  },
};

// Clear what an older build left (chunk files of the former split bundle, a stale cache).
await rm(outdir, { recursive: true, force: true });
await buildCommandBundle({
  from: import.meta.url,
  entry: path.join(src, "run.ts"),
  outdir,
  name: "hush",
  plugins: [keepModuleUrls],
  metafile: process.env.HUSH_METAFILE,
});
await build({
  ...bundleDefaults,
  entryPoints: [path.join(src, "lib", "core-worker.ts")],
  outdir,
  plugins: [keepModuleUrls],
  format: "esm",
  // Bundled CommonJS dependencies call require() for built-ins.
  banner: {
    js: 'import { createRequire as __hushCreateRequire } from "node:module"; const require = __hushCreateRequire(import.meta.url);',
  },
});

// Train the code cache and render the help pages in a process of their own, as the bin would start.
trainCodeCache(path.join(here, "train.cjs"), outdir);
