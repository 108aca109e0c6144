// Bundle the action (scripts/action-bundle.mjs): dist/index.js and dist/licenses.txt. Unlike
// actions/decrypt this bundle holds the detector, so a change to a rule changes it: rebuild and
// commit dist/.
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { bundleAction as bundle } from "../../scripts/action-bundle.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));

/** Build the bundle into `outdir`; returns esbuild's result with its metafile. */
export const bundleAction = (options = {}) => bundle({ here, ...options });

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await bundleAction();
