// Recall and precision of the detector per family on the labelled corpus (test/corpus), a draw
// of seeds the tests do not use, and the hard negatives it flags (must be none). In process,
// against the BUILT @hush/core. Rows for scan.bench.mjs.
import { generateCorpus, scoreCorpus } from "../corpus/index.mjs";

const SEEDS = ["bench-a", "bench-b", "bench-c", "bench-d"];

/** Sum the per-family scores of several draws. */
function merge(scores) {
  const fams = new Map();
  for (const s of scores)
    for (const f of s.families) {
      const m = fams.get(f.family) ?? { ...f, labelled: 0, found: 0, falsePositives: 0 };
      m.labelled += f.labelled;
      m.found += f.found;
      m.falsePositives += f.falsePositives;
      fams.set(f.family, m);
    }
  return [...fams.values()];
}

const pct = (x) => `${(100 * x).toFixed(1)} %`;

/** @param {{ scanText: (text: string, o: { path: string }) => Array<{ line: number, endLine?: number, ruleId: string }> }} core */
export function corpusRows(core) {
  const scan = (text, path) => core.scanText(text, { path });
  const scores = SEEDS.map((seed) => scoreCorpus(generateCorpus({ seed, perToken: 5 }), scan));
  const families = merge(scores);
  const pos = families.filter((f) => f.positive);
  const neg = families.filter((f) => !f.positive);
  const tp = pos.reduce((a, f) => a + f.found, 0);
  const labelled = pos.reduce((a, f) => a + f.labelled, 0);
  const fp = families.reduce((a, f) => a + f.falsePositives, 0);
  const flagged = neg.reduce((a, f) => a + f.found, 0);
  const negatives = neg.reduce((a, f) => a + f.labelled, 0);
  const recall = tp / labelled;
  const precision = tp / (tp + fp);
  const misses = scores.flatMap((s) => s.misses.map((m) => m.type));
  return [
    {
      operation: `corpus recall, ${labelled} planted credentials (${SEEDS.length} seeds)`,
      hush: 100 * recall,
      unit: "%",
      target: "≥ 99 %",
      met: recall >= 0.99,
      notes: misses.length === 0 ? undefined : `missed: ${[...new Set(misses)].join(", ")}`,
    },
    {
      operation: `corpus precision (${tp} true, ${fp} other findings)`,
      hush: 100 * precision,
      unit: "%",
      target: "≥ 97 %",
      met: precision >= 0.97,
    },
    {
      operation: `hard negatives flagged, of ${negatives} (${neg.length} families)`,
      hush: flagged,
      unit: "",
      target: "0",
      met: flagged === 0,
      notes:
        neg
          .filter((f) => f.found > 0)
          .map((f) => `${f.family}: ${f.found}/${f.labelled}`)
          .join(", ") || undefined,
    },
    ...pos.map((f) => ({
      operation: `recall / precision: ${f.family} (${f.labelled})`,
      hush: 100 * (f.found / f.labelled),
      unit: "%",
      target: "≥ 99 % / ≥ 97 %",
      met: f.found / f.labelled >= 0.99 && f.found / (f.found + f.falsePositives) >= 0.97,
      notes: `${f.family}: recall ${pct(f.found / f.labelled)}, precision ${pct(f.found / (f.found + f.falsePositives))}`,
    })),
  ];
}
