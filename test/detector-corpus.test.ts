/**
 * The detector against the labelled corpus (test/corpus): planted credentials of every family
 * in every context form, and hard negatives. Several seeds, so a rule tuned to one draw fails.
 */
import { describe, expect, it } from "vitest";
import { scanText } from "@hush/core/scan";
import { generateCorpus, scoreCorpus } from "./corpus/index.mjs";

const scan = (text: string, path: string) => scanText(text, { path });

describe("detector on the labelled corpus", () => {
  for (const seed of ["hush-corpus", "second-draw", "third-draw"]) {
    it(`should find ≥ 99.5% with ≥ 99% precision and flag no labelled negative (seed ${seed})`, () => {
      const score = scoreCorpus(generateCorpus({ seed }), scan);
      const missed = score.misses.map((m) => `${m.type} in ${m.path}:${m.line}`);
      const flagged = score.flagged.map(
        (m) => `${m.type} in ${m.path}:${m.line} (${m.rules.join(",")})`,
      );
      expect(flagged).toEqual([]);
      expect(score.recall, missed.join("\n")).toBeGreaterThanOrEqual(0.995);
      expect(
        score.precision,
        score.extras.map((x) => `${x.ruleId} ${x.path}:${x.line}`).join("\n"),
      ).toBeGreaterThanOrEqual(0.99);
      for (const f of score.families.filter((x) => x.positive)) {
        expect(f.found / f.labelled, f.family).toBeGreaterThanOrEqual(0.95);
      }
    });
  }
});
