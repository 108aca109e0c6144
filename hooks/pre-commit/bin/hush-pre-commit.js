#!/usr/bin/env node
// The only file of the guard that touches `process`. Exit: 0 clean, 1 findings, 2 the guard could not run.
// A guard that cannot even start must block the commit too, and say why.
let run;
try {
  ({ run } = await import("../dist/run.js"));
} catch (err) {
  process.stderr.write(
    `hush-pre-commit: cannot start, so the commit is blocked: ${err instanceof Error ? err.message : String(err)}\n` +
      "hint: build it (pnpm build) or reinstall hush\n",
  );
  process.exit(2);
}
process.exitCode = await run(process.argv.slice(2), {
  stdout: (s) => void process.stdout.write(s),
  stderr: (s) => void process.stderr.write(s),
  env: process.env,
  cwd: process.cwd(),
  isTTY: Boolean(process.stderr.isTTY),
});
