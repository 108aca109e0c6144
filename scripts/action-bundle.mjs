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
 * `@hush/core[/entry]` → the source file each published entry is built from (core's package.json
 * "exports": dist/x.js ← src/x.ts), plus the packages of {@link SOURCES}, as tsconfig "paths".
 *
 * Paths, not an onResolve plugin: a file a plugin resolves carries no module type (esbuild
 * evanw/esbuild#2958), so a core file reached both through `@hush/core/x` and through a relative
 * import got `__toESM(m, 1)` or `__toESM(m)` depending on which resolution ran first, and
 * actions/scan/dist differed by those three bytes in about one clean build in ten.
 */
async function hushPaths() {
  const { exports } = JSON.parse(await readFile(path.join(coreDir, "package.json"), "utf8"));
  const paths = Object.fromEntries(Object.entries(SOURCES).map(([name, file]) => [name, [file]]));
  for (const [entry, target] of Object.entries(exports)) {
    const file = typeof target === "object" ? target.default : undefined;
    if (typeof file !== "string" || !/^\.\/dist\/.*\.c?js$/.test(file)) continue;
    const source = file.replace(/^\.\/dist\//, "src/").replace(/\.(c?)js$/, ".$1ts");
    paths[`@hush/core${entry.slice(1)}`] = [path.join(coreDir, source)];
  }
  return paths;
}

/** Refuses an `@hush/...` import that is not a published entry (see {@link hushPaths}). */
const onlyPublished = (paths) => ({
  name: "hush-only-published",
  setup(b) {
    b.onResolve({ filter: /^@hush\// }, (args) =>
      args.path in paths
        ? undefined
        : { errors: [{ text: `${args.path} is not an entry of @hush/core` }] },
    );
  },
});

/**
 * Bundle the action in `here` (its src/index.ts) into `outdir`.
 * @param plugins - more esbuild plugins (tests use them to change a source as it loads)
 * @returns esbuild's result, with its metafile
 */
export async function bundleAction({ here, outdir = path.join(here, "dist"), plugins = [] }) {
  await mkdir(outdir, { recursive: true });
  const paths = await hushPaths();
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
    tsconfigRaw: { compilerOptions: { alwaysStrict: false, paths } },
    plugins: [onlyPublished(paths), ...plugins],
    // Bundled CommonJS dependencies call require() for built-ins.
    banner: {
      js: "import { createRequire as __hushCreateRequire } from 'node:module'; const require = __hushCreateRequire(import.meta.url);",
    },
  });
  await writeNotices(outdir, [result.metafile], here);
  return result;
}
