#!/usr/bin/env node
// The only file of the guard that touches `process`. Exit: 0 clean, 1 findings, 2 the guard could not run.
// CommonJS (bin/package.json): the guard runs from its one-file bundle through V8's code cache.
"use strict";
const path = require("node:path");

let run;
try {
  const bundle = path.join(__dirname, "..", "dist", "bundle");
  const { loadBundle } = require(path.join(bundle, "code-cache.cjs"));
  ({ run } = loadBundle(path.join(bundle, "guard.cjs")).exports);
} catch (err) {
  // A guard that cannot even start must block the commit too, and say why.
  process.stderr.write(
    `hush-pre-commit: cannot start, so the commit is blocked: ${err instanceof Error ? err.message : String(err)}\n` +
      "hint: build it (pnpm build) or reinstall hush\n",
  );
  process.exit(2);
}
run(process.argv.slice(2), {
  stdout: (s) => void process.stdout.write(s),
  stderr: (s) => void process.stderr.write(s),
  env: process.env,
  cwd: process.cwd(),
  isTTY: Boolean(process.stderr.isTTY),
}).then((code) => {
  process.exitCode = code;
});
