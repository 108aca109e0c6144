// Where a cold `hush scan` of a tree spends its time, detector alone: the files are read into
// memory first, then the BUILT detector scans them four times over in one process. The first pass
// is what a cold process pays (V8 still interpreting and compiling); the later ones are the
// engine's own speed once compiled. With a thread count, the same on that many threads from cold
// (each thread compiles the detector for itself). Prints one JSON line.
// Usage: node test/bench/scan-passes.mjs DIR [THREADS]
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { isMainThread, parentPort, Worker, workerData } from "node:worker_threads";

const SCAN = pathToFileURL(
  resolve(fileURLToPath(import.meta.url), "../../../packages/core/dist/scan/index.js"),
).href;

/** The tracked files of `dir` (every `step`-th from `first`), read into memory. */
function load(dir, first = 0, step = 1) {
  const names = execFileSync("git", ["ls-files", "-z"], { cwd: dir })
    .toString()
    .split("\0")
    .filter((f) => f !== "");
  return names
    .filter((_, i) => i % step === first)
    .map((f) => ({ path: f, text: readFileSync(join(dir, f), "utf8") }));
}

/** Scan the files; the number of findings. */
async function pass(files) {
  const { scanText } = await import(SCAN);
  let n = 0;
  for (const f of files) n += scanText(f.text, f).length;
  return n;
}

if (isMainThread) {
  const dir = process.argv[2];
  const threads = Number(process.argv[3] ?? 1);
  const files = load(dir);
  const bytes = files.reduce((s, f) => s + Buffer.byteLength(f.text), 0);
  // Each thread reads its own share before it scans (the main thread's share is read already).
  const mine = load(dir, 0, Math.max(threads, 1));
  const ms = [];
  if (threads <= 1) {
    for (let p = 0; p < 4; p++) {
      const t = performance.now();
      await pass(files);
      ms.push(performance.now() - t);
    }
  } else {
    const t = performance.now();
    const workers = [];
    for (let k = 1; k < threads; k++)
      workers.push(new Worker(new URL(import.meta.url), { workerData: { dir, k, threads } }));
    const done = workers.map((w) => new Promise((r) => w.once("message", r)));
    await pass(mine);
    await Promise.all(done);
    ms.push(performance.now() - t);
    for (const w of workers) await w.terminate();
  }
  console.log(JSON.stringify({ bytes, threads, ms }));
} else {
  const { dir, k, threads } = workerData;
  await pass(load(dir, k, threads));
  parentPort.postMessage("done");
}
