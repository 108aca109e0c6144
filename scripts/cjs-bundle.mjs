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
 * Packages most starts never call, each written to its own file beside the bundle (`<name>.cjs`)
 * and required on first use: yaml (the full parser and writer; reads take the fast scanner), re2js
 * (~150 KB, the linear-time regexes of policies and allow-lists) and bcrypt-pbkdf (with tweetnacl,
 * passphrase-protected ssh keys). Not merely initialised late: with Node's compile cache a start
 * pays for every byte of the one file it loads, code that never runs included — cold
 * `hush decrypt` went from 62.8 to 70.2 ms (Node 24, quiet machine) as hush.cjs grew from 634 to
 * 970 KB, ~22 µs per KB.
 */
export const LAZY_PACKAGES = ["yaml", "re2js", "bcrypt-pbkdf"];

const chunkFile = (name) => `${name.replace(/^@/, "").replace(/[^a-z0-9-]/gi, "-")}.cjs`;

/**
 * Importers of {@link LAZY_PACKAGES} get a stand-in whose exports (names known at build time)
 * require `./<name>.cjs` on first use; `chunks` collects, per package, where it resolves from, so
 * that {@link buildCommandBundle} writes those files.
 */
function lazyPackages(names, chunks) {
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
      b.onResolve({ filter: /^\.\/.*\.cjs$/ }, (args) =>
        args.namespace === "hush-lazy-package" ? { path: args.path, external: true } : undefined,
      );
      b.onLoad({ filter: /.*/, namespace: "hush-lazy-package" }, (args) => {
        const { resolveDir } = args.pluginData;
        const from = createRequire(path.join(resolveDir, "importer.js"));
        const keys = Object.keys(from(args.path));
        chunks.set(args.path, from.resolve(args.path));
        const file = JSON.stringify(`./${chunkFile(args.path)}`);
        return {
          contents:
            `const keys = ${JSON.stringify(keys)};\n` +
            `let real; const load = () => (real ??= require(${file}));\n` +
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
 * other builds into the same folder). `lazy`: the packages written to files of their own
 * ({@link LAZY_PACKAGES} unless given).
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
  lazy: lazyNames = LAZY_PACKAGES,
}) {
  const chunks = new Map();
  const result = await build({
    ...bundleDefaults,
    entryPoints: { [name]: entry },
    outdir,
    format: "cjs",
    outExtension: { ".js": ".cjs" },
    plugins: [...plugins, lazyChildProcess, lazyPackages(lazyNames, chunks)],
    // import() of a built-in becomes require(): no ES module loader is set up for one built-in.
    supported: { "dynamic-import": false },
    // import.meta means this file's URL; import.meta.resolve has an answer in the unbundled layout only.
    define: { "import.meta.url": "__hushModuleUrl", "import.meta.resolve": "undefined" },
    banner: { js: 'var __hushModuleUrl = require("node:url").pathToFileURL(__filename).href;' },
  });
  // Each lazy package whole, in its own file: a package two of them shared would be copied into
  // both, harmless for these (no state shared with the bundle).
  const lazy = await build({
    ...bundleDefaults,
    entryPoints: Object.fromEntries(
      [...chunks].map(([pkg, file]) => [chunkFile(pkg).replace(/\.cjs$/, ""), file]),
    ),
    outdir,
    format: "cjs",
    outExtension: { ".js": ".cjs" },
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
  await writeNotices(outdir, [result.metafile, lazy.metafile, helpers.metafile, ...alsoBundled]);
  if (metafile) {
    const { writeFile } = await import("node:fs/promises");
    await writeFile(metafile, JSON.stringify(result.metafile));
  }
}
