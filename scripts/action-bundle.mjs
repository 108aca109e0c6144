// Build helper shared by the actions (actions/*/build.mjs): bundle an action into the one file its
// action.yml runs (dist/index.js, committed: a runner executes the repository as checked out) and
// dist/licenses.txt. hush's own packages come from their sources, so a bundle never depends on
// them having been built.
import { mkdir, readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { bundleDefaults } from "./cjs-bundle.mjs";
import { writeNotices } from "./licenses.mjs";

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), "..");
const coreDir = path.join(root, "packages", "core");
/** Workspace packages an action may import whole, by their source entry. */
const SOURCES = { "@hush/pre-commit": path.join(root, "hooks", "pre-commit", "src", "index.ts") };

/**
 * Resolves `@hush/core[/entry]` through core's package.json "exports" to the source file the
 * entry is built from (dist/x.js ← src/x.ts): only published entries resolve, each to its source;
 * and the packages of {@link SOURCES} to theirs.
 */
const hushFromSource = {
  name: "hush-from-source",
  setup(b) {
    b.onResolve({ filter: /^@hush\/pre-commit$/ }, (args) => ({ path: SOURCES[args.path] }));
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
 * Bundle the action in `here` (its src/index.ts) into `outdir`.
 * @param plugins - more esbuild plugins (tests use them to change a source as it loads)
 * @returns esbuild's result, with its metafile
 */
export async function bundleAction({ here, outdir = path.join(here, "dist"), plugins = [] }) {
  await mkdir(outdir, { recursive: true });
  const result = await build({
    ...bundleDefaults,
    // Readable in review: the committed bundle is diffed by people, not only run.
    minify: false,
    absWorkingDir: here,
    entryPoints: [path.join(here, "src", "index.ts")],
    outfile: path.join(outdir, "index.js"),
    format: "esm",
    // An ES module is strict already. Without this, esbuild looks up a tsconfig per file and put a
    // redundant "use strict" into some lazily-initialised modules and not others from one build to
    // the next (actions/scan/dist differed by that one line between two clean CI builds).
    tsconfigRaw: { compilerOptions: { alwaysStrict: false } },
    plugins: [hushFromSource, ...plugins],
    // Bundled CommonJS dependencies call require() for built-ins.
    banner: {
      js: "import { createRequire as __hushCreateRequire } from 'node:module'; const require = __hushCreateRequire(import.meta.url);",
    },
  });
  await writeNotices(outdir, [result.metafile], here);
  return result;
}
