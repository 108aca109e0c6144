#!/usr/bin/env node
// The only file of the guard that touches `process`. Exit: 0 clean, 1 findings, 2 the guard could not run.
// CommonJS (bin/package.json): the guard runs from its one-file bundle, compiled code coming from
// Node's compile cache in the user's private folder (never from beside the bundle: see compile-cache).
"use strict";
const path = require("node:path");

let run;
try {
  const bundle = path.join(__dirname, "..", "dist", "bundle");
  require(path.join(bundle, "compile-cache.cjs")).enableUserCompileCache();
  ({ run } = require(path.join(bundle, "guard.cjs")));
} catch (err) {
  // A guard that cannot even start must block the commit too, and say why.
  process.stderr.write(
    `hush-pre-commit: cannot start, so the commit is blocked: ${err instanceof Error ? err.message : String(err)}\n` +
      "hint: build it (pnpm build) or reinstall hush\n",
  );
  process.exit(2);
}
// Output straight to fds 1 and 2: creating process.stdout on a pipe costs ~5 ms of every commit.
const { syncWriter, isTerminal } = require(
  path.join(__dirname, "..", "dist", "bundle", "stdio.cjs"),
);
const stopQuietly = () => process.exit(process.exitCode ?? 0);
run(process.argv.slice(2), {
  stdout: syncWriter(1, stopQuietly),
  stderr: syncWriter(2, stopQuietly),
  env: process.env,
  cwd: process.cwd(),
  isTTY: isTerminal(2),
}).then((code) => {
  process.exitCode = code;
});
