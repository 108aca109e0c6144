// Bundle the action into the one file its action.yml runs (dist/index.js, committed: a runner
// executes the repository as checked out), and dist/licenses.txt, the license of every third-party
// package in it. core comes from its sources, so the bundle never depends on core having been built.
//
// The action imports core through its narrow entries (@hush/core/sops, /export, /errors, …), never
// the root: the root re-exports the detector, whose rule tables are top-level code a bundler keeps,
// so any rule change would rewrite the committed bundle. test/e2e/action-bundle.test.ts shows it.
import { mkdir, readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { build } from "esbuild";
import { bundleDefaults } from "../../scripts/cjs-bundle.mjs";
import { writeNotices } from "../../scripts/licenses.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const coreDir = path.join(here, "..", "..", "packages", "core");

/**
 * Resolves `@hush/core[/entry]` through core's package.json "exports" to the source file the
 * entry is built from (dist/x.js ← src/x.ts): only published entries resolve, each to its source.
 */
const coreFromSource = {
  name: "core-from-source",
  setup(b) {
    b.onResolve({ filter: /^@hush\/core(\/.*)?$/ }, async (args) => {
      const { exports } = JSON.parse(await readFile(path.join(coreDir, "package.json"), "utf8"));
      const entry = `.${args.path.slice("@hush/core".length)}`;
      const target = exports[entry]?.default;
      if (typeof target !== "string" || !/^\.\/dist\/.*\.c?js$/.test(target))
        return { errors: [{ text: `${args.path} is not an entry of @hush/core` }] };
      const source = target.replace(/^\.\/dist\//, "src/").replace(/\.(c?)js$/, ".$1ts");
      return { path: path.join(coreDir, source) };
    });
  },
};

/**
 * Build the bundle into `outdir`.
 * @param plugins - more esbuild plugins (tests use them to change a source as it loads)
 * @returns esbuild's result, with its metafile
 */
export async function bundleAction({ outdir = path.join(here, "dist"), plugins = [] } = {}) {
  await mkdir(outdir, { recursive: true });
  const result = await build({
    ...bundleDefaults,
    // Readable in review: the committed bundle is diffed by people, not only run.
    minify: false,
    absWorkingDir: here,
    entryPoints: [path.join(here, "src", "index.ts")],
    outfile: path.join(outdir, "index.js"),
    format: "esm",
    plugins: [coreFromSource, ...plugins],
    // Bundled CommonJS dependencies call require() for built-ins.
    banner: {
      js: "import { createRequire as __hushCreateRequire } from 'node:module'; const require = __hushCreateRequire(import.meta.url);",
    },
  });
  await writeNotices(outdir, [result.metafile], here);
  return result;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await bundleAction();
