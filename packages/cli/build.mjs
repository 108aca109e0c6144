// Bundle the CLI for a fast cold start: `tsc` still type-checks and writes dist/ (declarations, and
// the files the worker pool and tests use); esbuild then writes dist/bundle/, where run.js holds
// commander and the command declarations only and every lazy `import()` (core, age, yaml, git) is a
// chunk loaded when a command's action needs it. One bundle file instead of ~100 modules saves the
// resolution and loading of each.
import { readFile, rm } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

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
 * Node built-ins through `require` instead of ESM imports: an ESM import of a built-in builds a
 * namespace facade that reads every export, which for `node:fs` loads the whole streams machinery
 * (several ms of a ~40 ms start) even when only `readFileSync` is used.
 */
const builtinsViaRequire = {
  name: "builtins-via-require",
  setup(b) {
    b.onResolve({ filter: /^node:[a-z_/]+$/ }, (args) => {
      if (args.namespace === "builtin") return { path: args.path, external: true };
      if (args.kind === "import-statement") return { path: args.path, namespace: "builtin" };
      // commander requires child_process at load for executable subcommands hush never uses.
      if (args.kind === "require-call" && LAZY.has(args.path))
        // A path of its own: esbuild keys modules by path, and the ESM form must stay separate.
        return { path: `${args.path}?lazy-cjs`, namespace: "builtin" };
      return undefined;
    });
    b.onLoad({ filter: /.*/, namespace: "builtin" }, (args) => {
      const cjs = args.path.endsWith("?lazy-cjs");
      const name = cjs ? args.path.slice(0, -"?lazy-cjs".length) : args.path;
      const mod = JSON.stringify(name);
      if (cjs)
        return {
          contents: `module.exports = new Proxy({}, { get: (_, k) => require(${mod})[k] });`,
          loader: "js",
        };
      const real = require(name);
      const names = Object.keys(real).filter(
        (n) => /^[A-Za-z_$][\w$]*$/.test(n) && n !== "default",
      );
      // A heavy built-in is loaded on first call of one of its functions, not at start.
      const lazy = LAZY.has(name);
      return {
        // One pure statement per export, so the bundler drops every export nobody imports.
        contents: [
          lazy
            ? `let c; const m = () => (c ??= require(${mod}));`
            : `const mod = require(${mod}); const m = () => mod;`,
          "export default m();",
          ...names.map((n) =>
            lazy && typeof real[n] === "function"
              ? `export function ${n}(...a) { return m().${n}(...a); }`
              : `export const ${n} = /* @__PURE__ */ (() => m().${n})();`,
          ),
        ].join("\n"),
        loader: "js",
      };
    });
  },
};

/** Built-ins that pull in much more (child_process loads net, dgram, streams). */
const LAZY = new Set(["node:child_process"]);

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
  plugins: [keepModuleUrls, builtinsViaRequire],
  minify: !process.env.HUSH_NO_MINIFY,
  logLevel: "warning",
  legalComments: "none",
  metafile: Boolean(process.env.HUSH_METAFILE),
});
if (result.metafile)
  await (
    await import("node:fs/promises")
  ).writeFile(process.env.HUSH_METAFILE, JSON.stringify(result.metafile));
