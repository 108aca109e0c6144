import { describe, expect, it } from "vitest";
import type { ResolvedRule } from "@hush/core";
import { locateKey, recipientsDrift } from "../src/checks.js";

function rule(recipients: string[], keyGroups?: string[][]): ResolvedRule {
  return {
    index: 0,
    rule: {
      path: "x/**",
      pathRegex: undefined,
      recipients,
      keyGroups,
      shamirThreshold: undefined,
      rules: {},
      maxAgeMs: undefined,
      line: 3,
    },
    recipients: keyGroups ? [] : recipients,
    readers: [],
    groups: [],
    keyGroups,
    shamirThreshold: undefined,
    rules: {},
    maxAgeMs: undefined,
  };
}

describe("messages", () => {
  it("should locate a key path's line for messages", () => {
    const text = "a: 1\ndb:\n  user: x\n  password: y\napi_token: z\n";
    expect(locateKey(text, ["db", "password"])).toBe(4);
    expect(locateKey(text, ["api_token"])).toBe(5);
    expect(locateKey("A=1\nB=2\n", ["B"])).toBe(2);
  });
});

describe("recipient drift", () => {
  it("should compare recipients as sets", () => {
    expect(recipientsDrift([["age1b", "age1a"]], rule(["age1a", "age1b"]))).toBeUndefined();
    expect(recipientsDrift([["age1a"]], rule(["age1a", "age1b"]))).toEqual({
      expected: ["age1a", "age1b"],
      actual: ["age1a"],
    });
    expect(recipientsDrift([["age1a", "age1c"]], rule(["age1a"]))).toBeDefined();
  });

  it("should compare key groups as a set of sets", () => {
    const r = rule([], [["age1a"], ["age1b", "age1c"]]);
    expect(recipientsDrift([["age1c", "age1b"], ["age1a"]], r)).toBeUndefined();
    expect(recipientsDrift([["age1a", "age1b", "age1c"]], r)).toBeDefined();
  });
});
