#!/usr/bin/env node
// The only file of the CLI that touches `process`. Exit: 0 ok, 1 expected failure/findings, 2 usage or internal error.
// CommonJS (bin/package.json) so a start skips the ES module loader: help pages print straight from
// dist/bundle/help.json, and every command runs from the one-file bundle, compiled code coming from
// Node's compile cache in the user's private folder (never from beside the bundle: see compile-cache).
"use strict";
const path = require("node:path");

const BUNDLE = path.join(__dirname, "..", "dist", "bundle");
/** The width the build rendered help at (HELP_WIDTH in src/run.ts). */
const HELP_WIDTH = 80;

// Output goes straight to fds 1 and 2 (creating process.stdout on a pipe costs ~5 ms). A reader
// that stops early (`hush --help | head`) closes the pipe: stop quietly, as cat does.
const { syncWriter, isTerminal } = require("../dist/bundle/stdio.cjs");
const stopQuietly = () => process.exit(process.exitCode ?? 0);
const writeOut = syncWriter(1, stopQuietly);
const writeErr = syncWriter(2, stopQuietly);

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
  writeErr("hush: the current folder no longer exists\nhint: cd to an existing folder\n");
  process.exit(1);
}

const argv = process.argv.slice(2);
const stdoutIsTerminal = isTerminal(1);
const columns = stdoutIsTerminal ? process.stdout.columns : undefined;
const help = storedHelp(argv, columns);
if (help !== undefined) {
  writeOut(help);
  return;
}

require("../dist/bundle/compile-cache.cjs").enableUserCompileCache();
const { run } = require("../dist/bundle/hush.cjs");
run(argv, {
  stdout: writeOut,
  stderr: writeErr,
  stdoutBytes: writeOut,
  readStdin: async () => {
    const chunks = [];
    for await (const chunk of process.stdin) chunks.push(chunk);
    return Buffer.concat(chunks).toString("utf8");
  },
  env: process.env,
  cwd,
  execPath: process.execPath,
  isTTY: stdoutIsTerminal,
  stderrIsTTY: isTerminal(2),
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
