// Build helper shared by the two command lines (packages/cli, hooks/pre-commit): bundle a program
// into one CommonJS file that its bin `require()`s after turning on Node's compile cache in the
// user's private folder (@hush/core/compile-cache). Why CommonJS and one file: a start then skips
// the ES module loader and the resolution of ~100 modules, and the compiled code of the whole
// program comes back from one cache entry.
import { createRequire } from "node:module";
import path from "node:path";
import { build } from "esbuild";
import { writeNotices } from "./licenses.mjs";

/**
 * commander requires node:child_process when it loads, for executable subcommands (hush has none);
 * with net and dgram behind it that is ~8 ms of every start. Such importers get a stand-in that
 * loads the real module on first use.
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

/**
 * A CommonJS package imported by name everywhere (yaml; re2js, ~6 ms of CPU, for the regexes of
 * files and policies, which most files do not have) initialises its whole module tree when the
 * first importer does, though most commands never call it. Importers get a stand-in whose exports
 * (names known at build time) load the real package on first use.
 */
function lazyPackages(names) {
  return {
    name: "lazy-packages",
    setup(b) {
      const filter = new RegExp(
        `^(${names.map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|")})$`,
      );
      b.onResolve({ filter }, (args) =>
        args.namespace === "hush-lazy-package"
          ? undefined
          : {
              path: args.path,
              namespace: "hush-lazy-package",
              pluginData: { resolveDir: args.resolveDir },
            },
      );
      b.onLoad({ filter: /.*/, namespace: "hush-lazy-package" }, (args) => {
        const { resolveDir } = args.pluginData;
        const keys = Object.keys(createRequire(path.join(resolveDir, "importer.js"))(args.path));
        return {
          contents:
            `const keys = ${JSON.stringify(keys)};\n` +
            `let real; const load = () => (real ??= require(${JSON.stringify(args.path)}));\n` +
            "module.exports = new Proxy({}, {\n" +
            "  get: (_, key) => load()[key],\n" +
            "  has: (_, key) => keys.includes(key),\n" +
            "  ownKeys: () => keys,\n" +
            "  getOwnPropertyDescriptor: (_, key) =>\n" +
            "    keys.includes(key) ? { enumerable: true, configurable: true, get: () => load()[key] } : undefined,\n" +
            "});\n",
          loader: "js",
          resolveDir,
        };
      });
    },
  };
}

/** Options every bundle shares. */
export const bundleDefaults = {
  bundle: true,
  platform: "node",
  target: "node20",
  minify: !process.env.HUSH_NO_MINIFY,
  logLevel: "warning",
  // Licenses that ask to travel with the code stay in it (and licenses.txt lists them all).
  legalComments: "eof",
  // Every build reports its inputs: licenses.txt is written from them.
  metafile: true,
};

/**
 * Write `<outdir>/<name>.cjs` from `entry`, plus the bin's helpers from core beside it
 * (`compile-cache.cjs`, `stdio.cjs`), found by a relative path without a package-exports lookup,
 * and `<outdir>/licenses.txt` for the packages in them and in `alsoBundled` (the metafiles of
 * other builds into the same folder).
 * @param from - import.meta.url of the calling build script (to resolve @hush/core from its package)
 */
export async function buildCommandBundle({
  from,
  entry,
  outdir,
  name,
  plugins = [],
  metafile,
  alsoBundled = [],
}) {
  const result = await build({
    ...bundleDefaults,
    entryPoints: { [name]: entry },
    outdir,
    format: "cjs",
    outExtension: { ".js": ".cjs" },
    plugins: [...plugins, lazyChildProcess, lazyPackages(["yaml", "re2js"])],
    // import() of a built-in becomes require(): no ES module loader is set up for one built-in.
    supported: { "dynamic-import": false },
    // import.meta means this file's URL; import.meta.resolve has an answer in the unbundled layout only.
    define: { "import.meta.url": "__hushModuleUrl", "import.meta.resolve": "undefined" },
    banner: { js: 'var __hushModuleUrl = require("node:url").pathToFileURL(__filename).href;' },
  });
  const helpers = await build({
    ...bundleDefaults,
    entryPoints: {
      "compile-cache": createRequire(from).resolve("@hush/core/compile-cache"),
      stdio: createRequire(from).resolve("@hush/core/stdio"),
    },
    outdir,
    format: "cjs",
    outExtension: { ".js": ".cjs" },
  });
  await writeNotices(outdir, [result.metafile, helpers.metafile, ...alsoBundled]);
  if (metafile) {
    const { writeFile } = await import("node:fs/promises");
    await writeFile(metafile, JSON.stringify(result.metafile));
  }
}
