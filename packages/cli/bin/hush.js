#!/usr/bin/env node
// The only file of the CLI that touches `process`. Exit: 0 ok, 1 expected failure/findings, 2 usage or internal error.
// CommonJS (bin/package.json) so a start skips the ES module loader: help pages print straight from
// dist/bundle/help.json, and every command runs from the one-file bundle through V8's code cache.
"use strict";
const path = require("node:path");

const BUNDLE = path.join(__dirname, "..", "dist", "bundle");
/** The width the build rendered help at (HELP_WIDTH in src/run.ts). */
const HELP_WIDTH = 80;

// A reader that stops early (`hush --help | head`) closes the pipe: stop quietly, as cat does.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (err) => {
    if (err.code === "EPIPE") process.exit(process.exitCode ?? 0);
    throw err;
  });
}

/** The stored output for a plain help or version request, when commander would print exactly it. */
function storedHelp(argv, columns) {
  if (columns !== undefined && columns < HELP_WIDTH) return undefined;
  const [first, second, ...rest] = argv;
  if (rest.length > 0) return undefined;
  const isHelp = (a) => a === "--help" || a === "-h";
  let key;
  if (second === undefined && (isHelp(first) || first === "help")) key = "";
  else if (second === undefined && (first === "--version" || first === "-V")) key = null;
  else if (second !== undefined && isHelp(second) && !first.startsWith("-")) key = first;
  else if (first === "help" && second !== undefined) key = second;
  else return undefined;
  let stored;
  try {
    stored = require(path.join(BUNDLE, "help.json"));
  } catch {
    return undefined;
  }
  if (key === null) return stored.version;
  return Object.hasOwn(stored.pages, key) ? stored.pages[key] : undefined;
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

const argv = process.argv.slice(2);
const columns = process.stdout.isTTY ? process.stdout.columns : undefined;
const help = storedHelp(argv, columns);
if (help !== undefined) {
  process.stdout.write(help);
  return;
}

const { loadBundle } = require("../dist/bundle/code-cache.cjs");
const { run } = loadBundle(path.join(BUNDLE, "hush.cjs")).exports;
run(argv, {
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
  ...(columns === undefined ? {} : { columns }),
  // While a command is subscribed, these signals do not kill hush: the command forwards them to its
  // child (editor, exec'd program) and cleans up before returning its exit code.
  onSignal: (handler) => {
    const signals = ["SIGINT", "SIGTERM", "SIGHUP"];
    for (const s of signals) process.on(s, handler);
    return () => {
      for (const s of signals) process.off(s, handler);
    };
  },
}).then((code) => {
  process.exitCode = code;
});
