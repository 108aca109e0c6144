// What every benchmark file measures with: the median of a sample, and the median wall time of an
// async function after a warm-up, and the Node binary that measured processes run under.
import { spawnSync } from "node:child_process";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The node that cold-start processes (hush, the guard, `node -e ''`) run under: HUSH_BENCH_NODE, a
 * path or a major version installed by scripts/install-node.sh (`pnpm bench --node 24 cli hook`
 * sets it); else the node running the bench.
 */
export const NODE = resolveNode(process.env.HUSH_BENCH_NODE);

function resolveNode(wanted) {
  if (wanted === undefined || wanted === "") return process.execPath;
  if (!/^\d+$/.test(wanted)) return resolve(wanted);
  const script = join(dirname(fileURLToPath(import.meta.url)), "../../scripts/install-node.sh");
  const r = spawnSync("bash", [script, wanted], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  });
  if (r.status !== 0)
    throw new Error(`Node ${wanted} could not be installed (scripts/install-node.sh)`);
  return r.stdout.trim();
}

/** The middle value (the upper one of two for an even count). */
export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** Median milliseconds of `runs` calls of `fn`, after `warmup` calls that are not counted. */
export async function time(fn, runs, warmup = 3) {
  for (let i = 0; i < warmup; i++) await fn();
  const out = [];
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    await fn();
    out.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return median(out);
}
