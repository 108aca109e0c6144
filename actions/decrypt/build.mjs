// Bundle the action (scripts/action-bundle.mjs): dist/index.js and dist/licenses.txt.
//
// The action imports core through its narrow entries (@hush/core/sops, /export, /errors, …), never
// the root: the root re-exports the detector, whose rule tables are top-level code a bundler keeps,
// so any rule change would rewrite the committed bundle. test/e2e/action-bundle.test.ts shows it.
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { bundleAction as bundle } from "../../scripts/action-bundle.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));

/** Build the bundle into `outdir` (plugins: more esbuild plugins); returns esbuild's result. */
export const bundleAction = (options = {}) => bundle({ here, ...options });

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await bundleAction();
