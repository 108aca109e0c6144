import { describe, expect, it } from "vitest";
import { markConflicts, planMerge, wholeFileConflict, type MergeLeaf } from "../src/team/merge.js";

const leaf = (key: string, value: string, type = "str"): [string, MergeLeaf] => [
  key,
  { keyPath: key.split("."), type, value },
];
const map = (...xs: [string, MergeLeaf][]) => new Map(xs);

describe("planMerge", () => {
  it("should take a value changed on one side only and keep the other side's changes", () => {
    const base = map(leaf("a", "1"), leaf("b", "1"));
    const ours = map(leaf("a", "2"), leaf("b", "1"));
    const theirs = map(leaf("a", "1"), leaf("b", "3"));
    const plan = planMerge(base, ours, theirs);
    expect(plan.set.map((s) => [s.key, s.leaf.value])).toEqual([["b", "3"]]);
    expect(plan.unset).toEqual([]);
    expect(plan.conflicts).toEqual([]);
  });

  it("should accept the same change on both sides without a conflict", () => {
    const plan = planMerge(map(leaf("a", "1")), map(leaf("a", "2")), map(leaf("a", "2")));
    expect(plan).toEqual({ set: [], unset: [], conflicts: [] });
  });

  it("should report a conflict when both sides changed a value differently", () => {
    const plan = planMerge(map(leaf("a", "1")), map(leaf("a", "2")), map(leaf("a", "3")));
    expect(plan.conflicts).toEqual(["a"]);
  });

  it("should treat a type change as a change", () => {
    const plan = planMerge(
      map(leaf("n", "1", "int")),
      map(leaf("n", "1", "int")),
      map(leaf("n", "1", "str")),
    );
    expect(plan.set.map((s) => s.leaf.type)).toEqual(["str"]);
  });

  it("should unset what theirs removed and add what theirs added", () => {
    const plan = planMerge(
      map(leaf("a", "1"), leaf("b", "1")),
      map(leaf("a", "1"), leaf("b", "1")),
      map(leaf("a", "1"), leaf("c", "9")),
    );
    expect(plan.unset.map((u) => u.key)).toEqual(["b"]);
    expect(plan.set.map((s) => s.key)).toEqual(["c"]);
  });

  it("should report a conflict when one side removed a value the other changed", () => {
    const plan = planMerge(map(leaf("a", "1")), map(), map(leaf("a", "2")));
    expect(plan.conflicts).toEqual(["a"]);
  });

  it("should add a value added on both branches differently as a conflict", () => {
    const plan = planMerge(map(), map(leaf("x", "1")), map(leaf("x", "2")));
    expect(plan.conflicts).toEqual(["x"]);
  });
});

describe("markConflicts", () => {
  const labels = { ours: "ours", theirs: "theirs" };
  it("should wrap exactly the conflicting ciphertext lines", () => {
    const ours = "a: ENC[o1]\nb: ENC[o2]\nsops:\n  mac: ENC[m1]\n";
    const theirs = "a: ENC[o1]\nb: ENC[t2]\nsops:\n  mac: ENC[m2]\n";
    const out = markConflicts(
      ours,
      theirs,
      [{ oursStored: "ENC[o2]", theirsStored: "ENC[t2]" }],
      labels,
    );
    expect(out).toBe(
      "a: ENC[o1]\n<<<<<<< ours\nb: ENC[o2]\n=======\nb: ENC[t2]\n>>>>>>> theirs\nsops:\n  mac: ENC[m1]\n",
    );
  });

  it("should give up when a side has no such value, so the caller marks the whole file", () => {
    expect(
      markConflicts("a: x\n", "b: y\n", [{ oursStored: undefined, theirsStored: "y" }], labels),
    ).toBeUndefined();
    expect(
      markConflicts("a: x\nb: x\n", "a: y\n", [{ oursStored: "x", theirsStored: "y" }], labels),
    ).toBeUndefined();
  });

  it("should mark a whole file with both sides", () => {
    expect(wholeFileConflict("o\n", "t", labels)).toBe(
      "<<<<<<< ours\no\n=======\nt\n>>>>>>> theirs\n",
    );
  });
});
