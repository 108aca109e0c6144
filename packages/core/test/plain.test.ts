import { describe, expect, it } from "vitest";
import { isPlainMap, PlainNumber, plainJson, plainScalar } from "../src/plain.js";

describe("Scalar → plain", () => {
  it("should give a JS number only when it prints back as the exact text", () => {
    expect(plainScalar({ type: "int", text: "42" })).toBe(42);
    expect(plainScalar({ type: "float", text: "0.25" })).toBe(0.25);
    for (const [type, text] of [
      ["int", "9007199254740993"],
      ["int", "-0"],
      ["int", "+5"],
      ["float", "1.50"],
      ["float", "1e21"],
      ["float", "+Inf"],
    ] as const) {
      const v = plainScalar({ type, text });
      expect(v).toBeInstanceOf(PlainNumber);
      expect((v as PlainNumber).toString()).toBe(text);
      expect(isPlainMap(v)).toBe(false);
    }
    expect(plainScalar({ type: "bool", text: "True" })).toBe(true);
    expect(plainScalar({ type: "bool", text: "true" })).toBe(true);
    expect(plainScalar({ type: "bool", text: "False" })).toBe(false);
  });

  it("should write exact JSON numbers, and the nearest JSON form where JSON cannot hold the text", () => {
    const n = (type: "int" | "float", text: string) => new PlainNumber(text, type);
    expect(
      plainJson({ a: n("int", "9007199254740993"), b: [n("float", "1.50"), n("float", ".5")] }, ""),
    ).toBe('{"a":9007199254740993,"b":[1.50,0.5]}');
    expect(plainJson(n("int", "+5"), "")).toBe("5");
    expect(() => plainJson(n("float", "+Inf"))).toThrow(/cannot be written as JSON/);
    expect(plainJson({ s: "<&>" }, "  ")).toBe('{\n  "s": "\\u003c\\u0026\\u003e"\n}');
  });
});
