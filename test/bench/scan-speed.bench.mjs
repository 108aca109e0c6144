// `hush scan` as a cold process: a 15 MB tree of 1,500 files (real third-party source from
// node_modules/.pnpm, relabelled src/…, with planted credentials) in a git repository, and
// `hush scan --history` over a repository of 1,000 commits (MB/s of patch text). Wall time of
// the whole process (node start, git, reading, matching), median and best of several runs, and
// CPU time (user+sys, git included) with GNU time; and the detector alone (scan-passes.mjs), cold
// and warm, to show where a cold process's time goes. Uses the BUILT CLI and core.
// Run alone: node test/bench/run.mjs scan-speed
import { spawnSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import os, { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { median, NODE } from "./measure.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "../..");
const HUSH = join(root, "packages/cli/bin/hush.js");
const MB = 1e6;
const FILES = 1500;
const FILE_BYTES = 10_000;
const COMMITS = 1000;
const RUNS = 7;
const TIME = "/usr/bin/time";

function env(home) {
  return {
    PATH: process.env.PATH ?? "/usr/bin:/bin",
    HOME: home,
    XDG_CONFIG_HOME: join(home, ".config"),
    GIT_CONFIG_NOSYSTEM: "1",
    GIT_AUTHOR_NAME: "bench",
    GIT_AUTHOR_EMAIL: "bench@hush.invalid",
    GIT_COMMITTER_NAME: "bench",
    GIT_COMMITTER_EMAIL: "bench@hush.invalid",
    NO_COLOR: "1",
  };
}

function git(cwd, e, ...args) {
  const r = spawnSync("git", args, { cwd, env: e, encoding: "utf8", maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`git ${args[0]}: ${r.stderr}`);
  return r.stdout;
}

/** Source files under node_modules/.pnpm in a fixed order (a seeded stride). */
function sources() {
  const base = join(root, "node_modules/.pnpm");
  const out = [];
  const walk = (d) => {
    for (const e of readdirSync(d, { withFileTypes: true }).sort((a, b) =>
      a.name < b.name ? -1 : 1,
    )) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile() && /\.(?:js|ts|mjs|cjs)$/.test(e.name) && statSync(p).size < 1e6)
        out.push(p);
    }
  };
  walk(base);
  return out;
}

/** `n` texts of about `bytes` each, cut at line ends, from the sources in a stride order. */
function texts(n, bytes) {
  const files = sources();
  const out = [];
  let j = 0;
  for (let i = 0; i < n; i++) {
    let s = "";
    while (s.length < bytes) s += readFileSync(files[(j++ * 7919) % files.length], "utf8");
    const cut = s.lastIndexOf("\n", bytes);
    out.push(s.slice(0, cut > 0 ? cut + 1 : bytes));
  }
  return out;
}

/** A fake credential built at run time (a Stripe-shaped key), one per planted file. */
function plant(i) {
  const a = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  let s = "";
  let x = (i + 1) * 2654435761;
  for (let k = 0; k < 24; k++) {
    x = (x * 1103515245 + 12345) >>> 0;
    s += a[x % a.length];
  }
  return `const billing = "${["sk", "live", s].join("_")}";\n`;
}

function run(args, cwd, e) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(NODE, [HUSH, ...args], { cwd, env: e, encoding: "utf8", maxBuffer: 1 << 28 });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.error) throw r.error;
  return { ms, code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function cpu(args, cwd, e) {
  if (!existsSync(TIME)) return NaN;
  const r = spawnSync(TIME, ["-f", "cpu %U %S", NODE, HUSH, ...args], {
    cwd,
    env: e,
    encoding: "utf8",
    maxBuffer: 1 << 28,
  });
  const m = /cpu ([\d.]+) ([\d.]+)\s*$/.exec(r.stderr ?? "");
  return m ? (Number(m[1]) + Number(m[2])) * 1000 : NaN;
}

function measure(args, cwd, e) {
  run(args, cwd, e); // warm the page cache and git's index
  const walls = [];
  const cpus = [];
  let last;
  for (let i = 0; i < RUNS; i++) {
    last = run(args, cwd, e);
    walls.push(last.ms);
    cpus.push(cpu(args, cwd, e));
  }
  return { wall: median(walls), best: Math.min(...walls), cpu: median(cpus), last };
}

export default async function bench() {
  const base = mkdtempSync(join(tmpdir(), "hush-scan-speed-"));
  const home = join(base, "home");
  mkdirSync(home);
  const e = env(home);
  try {
    // The tree: 1,500 files, 15 MB, 15 planted credentials, committed (a real repository).
    const tree = join(base, "tree");
    mkdirSync(tree);
    git(tree, e, "init", "-q", "-b", "main");
    const docs = texts(FILES, FILE_BYTES);
    let bytes = 0;
    docs.forEach((t, i) => {
      const dir = join(tree, "src", `m${i % 40}`);
      mkdirSync(dir, { recursive: true });
      const text = i % 100 === 50 ? `${t}${plant(i)}` : t;
      writeFileSync(join(dir, `f${i}.js`), text);
      bytes += Buffer.byteLength(text);
    });
    git(tree, e, "add", "-A");
    git(tree, e, "commit", "-q", "-m", "tree");
    const t = measure(["scan", "--json"], tree, e);
    const found = JSON.parse(t.last.stdout).findings.length;
    // The same on the main thread alone: what the worker threads (one per spare core) bring.
    const one = measure(["scan", "--json", "--threads", "0"], tree, e);

    // The detector alone on the same files, in memory: its cold first pass, its warm speed, and
    // cold on two threads (what the process above pays beyond node, git and reading).
    const passes = (threads) =>
      JSON.parse(
        spawnSync(NODE, [join(here, "scan-passes.mjs"), tree, String(threads)], {
          encoding: "utf8",
        }).stdout,
      );
    const p1 = passes(1);
    const p2 = passes(2);
    const rate = (ms) => (p1.bytes / MB / (ms / 1000)).toFixed(0);
    const detector = `detector alone in memory: cold first pass ${p1.ms[0].toFixed(0)} ms (${rate(p1.ms[0])} MB/s), warm ${median(p1.ms.slice(1)).toFixed(0)} ms (${rate(median(p1.ms.slice(1)))} MB/s), cold on 2 threads ${p2.ms[0].toFixed(0)} ms (${rate(p2.ms[0])} MB/s)`;

    // History: 1,000 commits, each changing 3 files by a few hundred lines of real source.
    const hist = join(base, "history");
    mkdirSync(hist);
    git(hist, e, "init", "-q", "-b", "main");
    const chunks = texts(COMMITS * 3, 6_000);
    // fast-import: one process writes every commit (git commit 1,000 times would take minutes).
    let stream = "";
    for (let c = 0; c < COMMITS; c++) {
      stream += `commit refs/heads/main\nauthor bench <bench@hush.invalid> ${1700000000 + c} +0000\ncommitter bench <bench@hush.invalid> ${1700000000 + c} +0000\ndata 9\ncommit ${String(c).padStart(2, "0").slice(-2)}\n`;
      for (let k = 0; k < 3; k++) {
        const text = chunks[c * 3 + k] + (c % 100 === 7 && k === 0 ? plant(c) : "");
        stream += `M 100644 inline src/p${(c * 3 + k) % 200}.js\ndata ${Buffer.byteLength(text)}\n${text}\n`;
      }
    }
    const fi = spawnSync("git", ["fast-import", "--quiet"], {
      cwd: hist,
      env: e,
      input: stream,
      maxBuffer: 1 << 28,
    });
    if (fi.status !== 0) throw new Error(`fast-import: ${fi.stderr}`);
    git(hist, e, "reset", "-q", "--hard", "main");
    const h = measure(["scan", "--history", "--json"], hist, e);
    const hj = JSON.parse(h.last.stdout);
    const patch = hj.summary.bytesScanned;

    const load = os.loadavg()[0].toFixed(1);
    return [
      {
        operation: `hush scan, ${FILES} files / ${(bytes / MB).toFixed(1)} MB, cold process (wall, median)`,
        hush: bytes / MB / (t.wall / 1000),
        unit: "MB/s",
        target: "≥ 100 MB/s",
        met: bytes / MB / (t.wall / 1000) >= 100,
        notes: `${found} findings (15 planted); median ${t.wall.toFixed(0)} ms, best ${t.best.toFixed(0)} ms (${(bytes / MB / (t.best / 1000)).toFixed(0)} MB/s), CPU ${t.cpu.toFixed(0)} ms (${(bytes / MB / (t.cpu / 1000)).toFixed(0)} MB/s of CPU) at load average ${load} on ${os.cpus().length} CPUs; one thread (--threads 0): median ${one.wall.toFixed(0)} ms (${(bytes / MB / (one.wall / 1000)).toFixed(0)} MB/s), CPU ${one.cpu.toFixed(0)} ms; ${detector}`,
      },
      {
        operation: `hush scan --history, ${hj.summary.commits} commits / ${(patch / MB).toFixed(1)} MB of patch (wall, median)`,
        hush: patch / MB / (h.wall / 1000),
        unit: "MB/s",
        target: "≥ 50 MB/s",
        met: patch / MB / (h.wall / 1000) >= 50,
        notes: `${hj.findings.length} findings (10 planted); median ${h.wall.toFixed(0)} ms, best ${h.best.toFixed(0)} ms (${(patch / MB / (h.best / 1000)).toFixed(0)} MB/s), CPU ${h.cpu.toFixed(0)} ms incl. git log at load average ${load}`,
      },
    ];
  } finally {
    rmSync(base, { recursive: true, force: true });
  }
}
