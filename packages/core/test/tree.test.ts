import { describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import {
  detectFormat,
  exportAs,
  flatten,
  formatKeyPath,
  getValue,
  parseExtractPath,
  parseKeyPath,
} from "../src/index.js";

describe("paths", () => {
  it.each<[string, (string | number)[]]>([
    ["db.password", ["db", "password"]],
    ["hosts[0].name", ["hosts", 0, "name"]],
    ['["a.b"].c', ["a.b", "c"]],
    ["a[1][2]", ["a", 1, 2]],
    ["x", ["x"]],
  ])("should parse %s", (s, p) => {
    expect(parseKeyPath(s)).toEqual(p);
  });

  it.each(["", "a..b", ".a", "a.", "a[x]", "a[0", '["a'])("should reject %j with ERR_PATH", (s) => {
    expect(() => parseKeyPath(s)).toThrow(expect.objectContaining({ code: "ERR_PATH" }));
  });

  it("should parse sops --extract paths", () => {
    expect(parseExtractPath(`["a"]['b'][0]`)).toEqual(["a", "b", 0]);
    expect(() => parseExtractPath("a.b")).toThrow(expect.objectContaining({ code: "ERR_PATH" }));
    expect(() => parseExtractPath("")).toThrow(expect.objectContaining({ code: "ERR_PATH" }));
  });

  it("should format key paths and parse them back", () => {
    for (const p of [
      ["db", "password"],
      ["hosts", 0, "name"],
      ["a.b", "c"],
      ["x", ""],
    ] as (string | number)[][]) {
      expect(parseKeyPath(formatKeyPath(p))).toEqual(p);
    }
    expect(formatKeyPath(["db", "password"])).toBe("db.password");
    expect(formatKeyPath(["hosts", 0])).toBe("hosts[0]");
  });

  it("should detect formats like sops", () => {
    expect(detectFormat("a/b.yaml")).toBe("yaml");
    expect(detectFormat("B.YML")).toBe("yaml");
    expect(detectFormat("x.json")).toBe("json");
    expect(detectFormat(".env")).toBe("dotenv");
    expect(detectFormat("prod.env")).toBe("dotenv");
    expect(detectFormat(".env.local")).toBe("dotenv");
    expect(detectFormat("c.ini")).toBe("ini");
    expect(detectFormat("key.pem")).toBe("binary");
  });
});

const TREE = {
  db: { user: "admin", port: 5432, tls: true },
  hosts: ["a", "b"],
  note: "multi\nline",
  none: null,
};

describe("plain trees", () => {
  it("should get values and fail with ERR_PATH when absent", () => {
    expect(getValue(TREE, ["db", "port"])).toBe(5432);
    expect(getValue(TREE, ["hosts", 1])).toBe("b");
    expect(getValue(TREE, [])).toBe(TREE);
    expect(() => getValue(TREE, ["db", "nope"])).toThrow(
      expect.objectContaining({ code: "ERR_PATH", message: expect.stringContaining("db.nope") }),
    );
    expect(() => getValue(TREE, ["hosts", 5])).toThrow(
      expect.objectContaining({ code: "ERR_PATH" }),
    );
  });

  it("should flatten to env names", () => {
    expect(flatten(TREE)).toEqual([
      ["db_user", "admin"],
      ["db_port", "5432"],
      ["db_tls", "true"],
      ["hosts_0", "a"],
      ["hosts_1", "b"],
      ["note", "multi\nline"],
      ["none", ""],
    ]);
    expect(flatten({ a: { b: "c" } }, { prefix: "APP", separator: "__" })).toEqual([
      ["APP__a__b", "c"],
    ]);
  });

  it("should export as JSON, YAML and a dotenv document the store reads back", () => {
    expect(JSON.parse(exportAs(TREE, "json"))).toEqual(TREE);
    expect(exportAs({ h: "<&>" }, "json")).toBe('{\n\t"h": "\\u003c\\u0026\\u003e"\n}\n');
    expect(parseYaml(exportAs(TREE, "yaml"))).toEqual(TREE);
    expect(exportAs({ A: "1", B: "x\ny", C: "it's #1" }, "dotenv")).toBe(
      "A=1\nB='x\ny'\nC=\"it's #1\"\n",
    );
  });
});
