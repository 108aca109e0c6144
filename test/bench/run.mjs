#!/usr/bin/env node
// `pnpm bench`: runs every test/bench/<area>.bench.mjs (or the areas named on the command line),
// prints one table and writes bench-results.json (git-ignored) for comparison across changes.
// Each bench module's default export returns rows measured in the same run as their references.
import { readdir, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import os from "node:os";

const here = dirname(fileURLToPath(import.meta.url));
// `--node <major|path>`: run the measured processes (cold starts, the hook) under that Node.
const args = process.argv.slice(2);
const nodeAt = args.indexOf("--node");
if (nodeAt !== -1) {
  process.env.HUSH_BENCH_NODE = args[nodeAt + 1] ?? "";
  args.splice(nodeAt, 2);
}
const { NODE } = await import("./measure.mjs");
const wanted = new Set(args);
const files = (await readdir(here))
  .filter((f) => f.endsWith(".bench.mjs"))
  .filter((f) => wanted.size === 0 || wanted.has(f.replace(/\.bench\.mjs$/, "")))
  .sort();

if (files.length === 0) {
  console.error(`no benchmarks match ${[...wanted].join(", ") || "(any)"} in ${here}`);
  process.exit(2);
}

const rows = [];
let failed = false;
for (const file of files) {
  const area = file.replace(/\.bench\.mjs$/, "");
  process.stderr.write(`running ${area}…\n`);
  try {
    const mod = await import(pathToFileURL(join(here, file)).href);
    const got = await mod.default();
    for (const row of got) rows.push({ area, ...row });
  } catch (err) {
    failed = true;
    rows.push({
      area,
      operation: "(benchmark failed)",
      hush: NaN,
      unit: "",
      target: "",
      met: false,
      notes: String(err?.message ?? err),
    });
  }
}

/** Higher is better for rates (MB/s), lower for times: say "N× faster" when hush wins, "N×" otherwise. */
function ratio(r) {
  if (!r.reference || !r.reference.value || !Number.isFinite(r.hush)) return "—";
  const q = r.unit === "MB/s" ? r.hush / r.reference.value : r.reference.value / r.hush;
  return q >= 1 ? `${fmt(q)}× faster` : `${fmt(1 / q)}× slower`;
}
const fmt = (v) =>
  typeof v === "number" && Number.isFinite(v)
    ? v >= 100
      ? v.toFixed(0)
      : v >= 10
        ? v.toFixed(1)
        : v.toFixed(2)
    : "—";
const table = rows.map((r) => ({
  area: r.area,
  operation: r.operation,
  hush: `${fmt(r.hush)} ${r.unit ?? ""}`.trim(),
  reference: r.reference
    ? `${r.reference.name}: ${fmt(r.reference.value)} ${r.unit ?? ""}`.trim()
    : "—",
  ratio: ratio(r),
  target: r.target ?? "",
  met: r.met ? "yes" : "NO",
}));
const cols = ["area", "operation", "hush", "reference", "ratio", "target", "met"];
const width = Object.fromEntries(
  cols.map((c) => [c, Math.max(c.length, ...table.map((t) => String(t[c]).length))]),
);
const line = (t) => cols.map((c) => String(t[c]).padEnd(width[c])).join("  ");
console.log(line(Object.fromEntries(cols.map((c) => [c, c]))));
console.log(cols.map((c) => "-".repeat(width[c])).join("  "));
for (const t of table) console.log(line(t));
if (NODE !== process.execPath) {
  const { execFileSync } = await import("node:child_process");
  console.log(
    `  processes ran under ${execFileSync(NODE, ["--version"], { encoding: "utf8" }).trim()} (${NODE})`,
  );
}
for (const r of rows) if (r.notes) console.log(`  note (${r.area} / ${r.operation}): ${r.notes}`);

await writeFile(
  join(here, "../../bench-results.json"),
  JSON.stringify(
    {
      date: new Date().toISOString(),
      node: process.version,
      processNode: NODE,
      cpus: os.cpus().length,
      cpu: os.cpus()[0]?.model,
      rows,
    },
    null,
    2,
  ) + "\n",
);
console.log(
  `\n${rows.filter((r) => r.met).length}/${rows.length} targets met; bench-results.json written`,
);
process.exitCode = failed ? 1 : 0;
