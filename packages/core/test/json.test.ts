import { describe, expect, it } from "vitest";
import { jsonStore, quoteJson } from "../src/formats/json.js";
import type { ScalarNode } from "../src/types.js";

describe("JSON store", () => {
  it("should keep key order, integer-like keys, int vs float and each number's text", () => {
    const d = jsonStore.parse(
      '{"b": 1, "1": 2.0, "0": 7, "c": 9007199254740993, "f": 1e21, "x": -0.0}',
    );
    const items = d.branches[0]!.items.map((i) =>
      i.kind === "entry" && i.value.kind === "scalar" ? [i.key, i.value.value] : undefined,
    );
    expect(items).toEqual([
      ["b", { type: "int", text: "1" }],
      ["1", { type: "float", text: "2.0" }],
      ["0", { type: "int", text: "7" }],
      ["c", { type: "int", text: "9007199254740993" }],
      ["f", { type: "float", text: "1e21" }],
      ["x", { type: "float", text: "-0.0" }],
    ]);
    expect(jsonStore.parse('{"n": 99999999999999999999}').branches[0]!.items[0]).toMatchObject({
      value: { value: { type: "float" } },
    });
  });

  it("should refuse a duplicate key, naming it and both lines", () => {
    expect(() => jsonStore.parse('{\n"a": 1,\n"b": {"x": 1,\n"x": 2}}')).toThrow(
      /duplicate key "x" \(line 4; first on line 3\)/,
    );
    // The same name in different objects is fine.
    expect(() => jsonStore.parse('{"a": {"x": 1}, "b": {"x": 2}}')).not.toThrow();
  });

  it("should emit Go's indented layout with the file's indent and a final newline", () => {
    const d = jsonStore.parse(
      '{\n  "a": [],\n  "b": {},\n  "c": [1, {"d": null}],\n  "e": true\n}',
    );
    expect(d.serialize()).toBe(
      '{\n  "a": [],\n  "b": {},\n  "c": [\n    1,\n    {\n      "d": null\n    }\n  ],\n  "e": true\n}\n',
    );
    expect(jsonStore.parse('{"a":1}').serialize()).toBe('{\n\t"a": 1\n}\n');
  });

  it("should escape strings like Go json.Marshal", () => {
    expect(quoteJson('<a href="x">&\u2028\u0001\t\n\\')).toBe(
      '"\\u003ca href=\\"x\\"\\u003e\\u0026\\u2028\\u0001\\t\\n\\\\"',
    );
    expect(quoteJson("\ud800x")).toBe('"\ufffdx"');
    expect(quoteJson("🐎")).toBe('"🐎"');
  });

  it("should write values set through nodes and round-trip escapes", () => {
    const d = jsonStore.parse('{"s": "a\\u00e9\\n", "n": 1}');
    const [s, n] = d.branches[0]!.items.map((i) =>
      i.kind === "entry" ? (i.value as ScalarNode) : undefined,
    );
    expect(s!.value.text).toBe("aé\n");
    n!.set({ type: "float", text: "0.0000001" });
    s!.set({ type: "bool", text: "False" });
    expect(d.serialize()).toBe('{\n\t"s": false,\n\t"n": 0.0000001\n}\n');
    // A number JSON cannot hold as written gets the nearest JSON form; infinities are refused.
    n!.set({ type: "float", text: ".5" });
    expect(d.serialize()).toContain('"n": 0.5\n');
    n!.set({ type: "float", text: "+Inf" });
    expect(() => d.serialize()).toThrow(/cannot be written as JSON/);
  });

  it("should extract and re-append the sops block", () => {
    const d = jsonStore.parse('{"a": "x", "sops": {"version": "3.13.2", "n": null}}');
    expect(d.metadata).toEqual({ version: "3.13.2", n: null });
    expect(d.branches[0]!.items.length).toBe(1);
    d.setMetadata({ version: "3.13.2" });
    expect(d.serialize()).toBe('{\n\t"a": "x",\n\t"sops": {\n\t\t"version": "3.13.2"\n\t}\n}\n');
  });

  it.each([
    "",
    "{",
    '{"a" 1}',
    '{"a": 1,}',
    "[1]",
    '"x"',
    '{"a": tru}',
    '{"a": "\\q"}',
    '{"a": 1} x',
  ])("should reject %j with ERR_FORMAT", (s) => {
    expect(() => jsonStore.parse(s)).toThrow(expect.objectContaining({ code: "ERR_FORMAT" }));
  });
});
