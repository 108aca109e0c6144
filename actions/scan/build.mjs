// Bundle the action into the one file its action.yml runs (dist/index.js, committed: a runner
// executes the repository as checked out), and dist/licenses.txt. The guard and core come from
// their sources, so the bundle never depends on them having been built. Unlike actions/decrypt this
// bundle holds the detector, so a change to a rule changes it: rebuild and commit dist/.
import { mkdir, readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { build } from "esbuild";
import { bundleDefaults } from "../../scripts/cjs-bundle.mjs";
import { writeNotices } from "../../scripts/licenses.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.join(here, "..", "..");
const coreDir = path.join(root, "packages", "core");

/** `@hush/core[/entry]` through core's "exports" to its source; `@hush/pre-commit` to its source. */
const fromSource = {
  name: "hush-from-source",
  setup(b) {
    b.onResolve({ filter: /^@hush\/pre-commit$/ }, () => ({
      path: path.join(root, "hooks", "pre-commit", "src", "index.ts"),
    }));
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

/** Build the bundle into `outdir`; returns esbuild's result with its metafile. */
export async function bundleAction({ outdir = path.join(here, "dist"), plugins = [] } = {}) {
  await mkdir(outdir, { recursive: true });
  const result = await build({
    ...bundleDefaults,
    minify: false,
    absWorkingDir: here,
    entryPoints: [path.join(here, "src", "index.ts")],
    outfile: path.join(outdir, "index.js"),
    format: "esm",
    plugins: [fromSource, ...plugins],
    banner: {
      js: "import { createRequire as __hushCreateRequire } from 'node:module'; const require = __hushCreateRequire(import.meta.url);",
    },
  });
  await writeNotices(outdir, [result.metafile], here);
  return result;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await bundleAction();
