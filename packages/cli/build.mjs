// Bundle the CLI for a fast cold start: `tsc` still type-checks and writes dist/ (declarations, and
// the files the worker pool and tests use); esbuild then writes dist/bundle/, where run.js holds
// commander and the command declarations only and every lazy `import()` (core, age, yaml, git) is a
// chunk loaded when a command's action needs it. One bundle file instead of ~100 modules saves the
// resolution and loading of each.
import { readFile, rm } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

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

// Chunk names carry content hashes: clear old ones so the package ships only this build.
await rm(outdir, { recursive: true, force: true });
const result = await build({
  // The worker entry is bundled too so each worker loads a few chunks, not the whole module tree.
  entryPoints: [path.join(src, "run.ts"), path.join(src, "lib", "core-worker.ts")],
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  outdir,
  entryNames: "[name]",
  chunkNames: "[name]-[hash]",
  // Bundled CommonJS dependencies (simple-git) call require() for built-ins.
  banner: {
    js: 'import { createRequire as __hushCreateRequire } from "node:module"; const require = __hushCreateRequire(import.meta.url);',
  },
  plugins: [keepModuleUrls],
  minify: !process.env.HUSH_NO_MINIFY,
  logLevel: "warning",
  legalComments: "none",
  metafile: Boolean(process.env.HUSH_METAFILE),
});
if (result.metafile)
  await (
    await import("node:fs/promises")
  ).writeFile(process.env.HUSH_METAFILE, JSON.stringify(result.metafile));
