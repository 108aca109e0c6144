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
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
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

/**
 * commander requires node:child_process when it loads, for executable subcommands (hush has none);
 * with net and dgram behind it that is ~8 ms of every start. Commander gets a stand-in that loads the
 * real module on first use.
 */
const lazyChildProcess = {
  name: "lazy-child-process",
  setup(b) {
    b.onResolve({ filter: /^(node:)?child_process$/ }, (args) =>
      args.importer.includes(`${path.sep}commander${path.sep}`)
        ? { path: "child_process", namespace: "hush-lazy" }
        : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: "hush-lazy" }, () => ({
      contents:
        'let real; const load = () => (real ??= require("node:child_process"));\n' +
        "module.exports = new Proxy({}, { get: (_, key) => load()[key], has: (_, key) => key in load() });\n",
      loader: "js",
    }));
  },
};

// Clear what an older build left (chunk files of the former split bundle, a stale cache).
await rm(outdir, { recursive: true, force: true });
const common = {
  bundle: true,
  platform: "node",
  target: "node20",
  outdir,
  plugins: [keepModuleUrls, lazyChildProcess],
  minify: !process.env.HUSH_NO_MINIFY,
  logLevel: "warning",
  legalComments: "none",
};
const result = await build({
  ...common,
  entryPoints: { hush: path.join(src, "run.ts") },
  format: "cjs",
  outExtension: { ".js": ".cjs" },
  // import() of a built-in becomes require(): a script run from the code cache has no ES loader hook.
  supported: { "dynamic-import": false },
  // import.meta means this file's URL (keepModuleUrls makes the rest relative to it); the guard's
  // import.meta.resolve has an answer for the unbundled layout only.
  define: { "import.meta.url": "__hushModuleUrl", "import.meta.resolve": "undefined" },
  banner: { js: 'var __hushModuleUrl = require("node:url").pathToFileURL(__filename).href;' },
  metafile: Boolean(process.env.HUSH_METAFILE),
});
// The bin's loader, beside the bundle: a plain relative require, no package-exports resolution.
await build({
  ...common,
  entryPoints: { "code-cache": createRequire(import.meta.url).resolve("@hush/core/code-cache") },
  format: "cjs",
  outExtension: { ".js": ".cjs" },
});
await build({
  ...common,
  entryPoints: [path.join(src, "lib", "core-worker.ts")],
  format: "esm",
  // Bundled CommonJS dependencies call require() for built-ins.
  banner: {
    js: 'import { createRequire as __hushCreateRequire } from "node:module"; const require = __hushCreateRequire(import.meta.url);',
  },
});
if (result.metafile)
  await (
    await import("node:fs/promises")
  ).writeFile(process.env.HUSH_METAFILE, JSON.stringify(result.metafile));

// Train the code cache and render the help pages in a process of their own, as the bin would start.
const trained = spawnSync(process.execPath, [path.join(here, "train.cjs"), outdir], {
  stdio: ["ignore", "inherit", "inherit"],
});
if (trained.status !== 0) {
  process.stderr.write("build: training the code cache failed\n");
  process.exit(1);
}
