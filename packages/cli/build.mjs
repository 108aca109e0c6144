// Bundle the CLI for a fast cold start. `tsc` still type-checks and writes dist/ (declarations, and
// the files tests import); esbuild then writes dist/bundle/:
// - hush.cjs: the whole CLI in one CommonJS file, which bin/hush.js requires after turning on Node's
//   compile cache in the user's private folder (@hush/core/compile-cache): no ES module loader, no
//   per-module resolution. Lazy `import()`s become lazily initialised parts of the one file.
// - help.json: every help page, so `hush --help` and `hush <command> --help` print without loading
//   commander at all (rendered here by commander itself, from the bundle).
// - core-worker.js: the worker thread of rekey/rotate (an ES module: it awaits at top level), and
//   scan-worker.js, the detector's worker thread of `hush scan`.
// - licenses.txt: the license of every third-party package in these files.
// And dist/guard/: the built guard (@hush/pre-commit's bin and bundle, same layout), so that the
// published @hush/cli alone carries both commands. Everything the bins load is bundled: the
// published package has no dependencies.
import { cp, readFile, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { buildCommandBundle, bundleDefaults, LAZY_PACKAGES } from "../../scripts/cjs-bundle.mjs";

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

// Clear what an older build left (chunk files of a former split bundle, old code-cache files).
await rm(outdir, { recursive: true, force: true });
const worker = await build({
  ...bundleDefaults,
  entryPoints: [path.join(src, "lib", "core-worker.ts"), path.join(src, "lib", "scan-worker.ts")],
  outdir,
  plugins: [keepModuleUrls],
  format: "esm",
  // Bundled CommonJS dependencies call require() for built-ins.
  banner: {
    js: 'import { createRequire as __hushCreateRequire } from "node:module"; const require = __hushCreateRequire(import.meta.url);',
  },
});
await buildCommandBundle({
  from: import.meta.url,
  entry: path.join(src, "run.ts"),
  outdir,
  name: "hush",
  plugins: [keepModuleUrls],
  metafile: process.env.HUSH_METAFILE,
  alsoBundled: [worker.metafile],
  // The detector (~85 KB of rule tables and engine) in a file of its own: only scan, hook and the
  // guard's checks reach it, through import(), and every other start would read and load it.
  lazy: [
    ...LAZY_PACKAGES,
    "@hush/core/scan",
    "@noble/post-quantum/hybrid.js",
    "@noble/curves/nist.js",
  ],
});

const guardPkg = path.dirname(
  createRequire(import.meta.url).resolve("@hush/pre-commit/package.json"),
);
const guardOut = path.join(dist, "guard");
await rm(guardOut, { recursive: true, force: true });
await cp(path.join(guardPkg, "bin"), path.join(guardOut, "bin"), { recursive: true });
await cp(path.join(guardPkg, "dist", "bundle"), path.join(guardOut, "dist", "bundle"), {
  recursive: true,
});

const { helpPages } = createRequire(import.meta.url)(path.join(outdir, "hush.cjs"));
await writeFile(path.join(outdir, "help.json"), JSON.stringify(await helpPages()));
