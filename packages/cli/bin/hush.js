#!/usr/bin/env node
// The only file of the CLI that touches `process`. Exit: 0 ok, 1 expected failure/findings, 2 usage or internal error.
import { run } from "../dist/bundle/run.js";

// A reader that stops early (`hush --help | head`) closes the pipe: stop quietly, as cat does.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (err) => {
    if (err.code === "EPIPE") process.exit(process.exitCode ?? 0);
    throw err;
  });
}

let cwd;
try {
  cwd = process.cwd();
} catch {
  process.stderr.write(
    "hush: the current folder no longer exists\nhint: cd to an existing folder\n",
  );
  process.exit(1);
}

process.exitCode = await run(process.argv.slice(2), {
  stdout: (s) => void process.stdout.write(s),
  stderr: (s) => void process.stderr.write(s),
  stdoutBytes: (b) => void process.stdout.write(b),
  readStdin: async () => {
    const chunks = [];
    for await (const chunk of process.stdin) chunks.push(chunk);
    return Buffer.concat(chunks).toString("utf8");
  },
  env: process.env,
  cwd,
  isTTY: Boolean(process.stdout.isTTY),
  // While a command is subscribed, these signals do not kill hush: the command forwards them to its
  // child (editor, exec'd program) and cleans up before returning its exit code.
  onSignal: (handler) => {
    const signals = ["SIGINT", "SIGTERM", "SIGHUP"];
    for (const s of signals) process.on(s, handler);
    return () => {
      for (const s of signals) process.off(s, handler);
    };
  },
});
