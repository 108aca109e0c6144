// Precision on real text nobody planted anything in: the detector over every text file of the
// installed third-party packages (node_modules/.pnpm, pinned by the lockfile: ~145 MB of
// JavaScript, TypeScript, Markdown, JSON, YAML). What it reports there is either a real key a
// package ships (a sample, a test fixture, a forgotten CI token) or a false positive; the notes
// list each, by rule and path, for a person to judge. Uses the BUILT core.
// Run alone: node test/bench/run.mjs wild
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "../..");
const MB = 1e6;

export default async function bench() {
  const { scanText } = await import(
    pathToFileURL(join(root, "packages/core/dist/scan/index.js")).href
  );
  const base = join(root, "node_modules/.pnpm");
  const found = [];
  let bytes = 0;
  let files = 0;
  const walk = (dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile() && statSync(p).size <= 2 * MB) {
        const text = readFileSync(p, "utf8");
        // Scanned as the package's own file (a path under node_modules is skipped by design).
        const path = relative(base, p).replace(/.*node_modules\//, "");
        bytes += text.length;
        files++;
        for (const f of scanText(text, { path })) found.push(`${f.ruleId} ${path}:${f.line}`);
      }
    }
  };
  const t0 = performance.now();
  walk(base);
  const ms = performance.now() - t0;
  return [
    {
      operation: `findings in third-party packages, ${files} files / ${(bytes / MB).toFixed(0)} MB (each: a shipped key or a false positive)`,
      hush: found.length,
      unit: "findings",
      target: "",
      met: true,
      notes: `${(bytes / MB / (ms / 1000)).toFixed(0)} MB/s in process; ${found.join("; ") || "none"}`,
    },
  ];
}
