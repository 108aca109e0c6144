import { describe, expect, it } from "vitest";
import { recipientDrift, unexpectedRecipients } from "../src/index.js";

const rule = (recipients: string[], keyGroups?: string[][]) => ({ recipients, keyGroups });

describe("recipients against the rule", () => {
  it("should match regardless of order and say nothing", () => {
    expect(recipientDrift([["age1b", "age1a"]], rule(["age1a", "age1b"]))).toBeUndefined();
    expect(
      recipientDrift([["age1c"], ["age1a", "age1b"]], rule([], [["age1a", "age1b"], ["age1c"]])),
    ).toBeUndefined();
  });

  it("should say rekey when a recipient is only missing", () => {
    expect(recipientDrift([["age1a"]], rule(["age1a", "age1b"]))).toEqual({
      missing: ["age1b"],
      unexpected: [],
      fix: "rekey",
    });
  });

  it("should say rotate when a stanza names someone the rule does not", () => {
    expect(unexpectedRecipients([["age1a", "age1x"], ["age1x"]], rule(["age1a"]))).toEqual([
      "age1x",
    ]);
    expect(recipientDrift([["age1a", "age1x"]], rule(["age1a"]))?.fix).toBe("rotate");
    // Same people, other grouping: a drift, fixed by re-wrapping.
    expect(recipientDrift([["age1a", "age1b"]], rule([], [["age1a"], ["age1b"]]))?.fix).toBe(
      "rekey",
    );
  });
});
