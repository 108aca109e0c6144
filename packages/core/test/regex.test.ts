import { describe, expect, it } from "vitest";
import { fileRegex, isValidFileRegex } from "../src/regex.js";
import { compileRules } from "../src/walk.js";
import { isHushError } from "../src/errors.js";
import { parseSopsConfig, resolveRule } from "../src/policy.js";
import { generateIdentity } from "../src/index.js";

describe("file regexes (RE2 on a linear-time engine)", () => {
  it("should read Go's syntax as sops does: flags, named groups, \\A and \\z, unanchored search", () => {
    expect(fileRegex("(?i)^data$").test("DATA")).toBe(true);
    expect(fileRegex("(?P<k>pass)word").test("my_password")).toBe(true);
    expect(fileRegex("\\Akey\\z").test("key")).toBe(true);
    expect(fileRegex("\\Akey\\z").test("key\n")).toBe(false);
    expect(fileRegex("^x$").test("x\n")).toBe(false);
    expect(fileRegex("word").test("passwords")).toBe(true);
  });

  it("should refuse what RE2 (and so sops) refuses: backreferences and lookarounds", () => {
    for (const p of ["(a)\\1", "(?=a)", "(?!a)b", "(?<=a)b", "("])
      expect(isValidFileRegex(p), p).toBe(false);
    let err: unknown;
    try {
      compileRules({ encryptedRegex: "(?=password)" });
    } catch (e) {
      err = e;
    }
    expect(isHushError(err) && err.code).toBe("ERR_CONFIG");
  });

  it("should answer a pattern that backtracks exponentially without running away", () => {
    // On V8's RegExp this input takes hours (each character doubles the time); here it is a scan.
    const evil = "^(password|(a|aa)+)$";
    const key = `${"a".repeat(200)}b`;
    const rules = compileRules({ encryptedRegex: evil });
    expect(rules.shouldEncrypt([key], [], false)).toBe(false);
    expect(rules.shouldEncrypt(["password"], [], false)).toBe(true);
  });

  it("should match a .sops.yaml path_regex on the same engine", async () => {
    const { recipient } = await generateIdentity();
    const policy = parseSopsConfig(
      `creation_rules:\n  - path_regex: ^(x|(a|aa)+)$\n    age: ${recipient}\n  - age: ${recipient}\n`,
      ".sops.yaml",
    );
    expect(resolveRule(policy, `${"a".repeat(200)}b`)?.recipients).toEqual([recipient]);
    expect(() =>
      parseSopsConfig("creation_rules:\n  - path_regex: (?=x)\n", ".sops.yaml"),
    ).toThrow();
  });
});
