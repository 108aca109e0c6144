import { fc, test } from "@fast-check/vitest";
import { RE2JS } from "re2js";
import { describe, expect, it } from "vitest";
import { fileRegex, isValidFileRegex } from "../src/regex.js";
import { compileRules } from "../src/walk.js";
import { isHushError } from "../src/errors.js";
import { globProblem, parsePolicy, parseSopsConfig, resolveRule } from "../src/policy.js";
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

  const engineSays = (p: string): boolean => {
    try {
      RE2JS.compile(p);
      return true;
    } catch {
      return false;
    }
  };
  // Plain patterns (words, groups, |, anchors) are judged without loading the engine: the answer
  // must be the engine's, for those and for anything near them.
  const plainish = fc.oneof(
    fc.stringMatching(/^[-\w^$|()]{0,24}$/),
    fc.stringMatching(/^[-\w^$|()?*+[\]\\.{}]{0,24}$/),
  );
  it("should leave the engine's own limits to the engine (groups nested 1,000 deep)", () => {
    for (const n of [31, 32, 33, 999, 1000, 5000]) {
      const p = `${"(".repeat(n)}a${")".repeat(n)}`;
      expect(isValidFileRegex(p), `${n} deep`).toBe(engineSays(p));
    }
    expect(isValidFileRegex("(".repeat(1000) + ")".repeat(1000))).toBe(false);
  });

  test.prop([plainish], { numRuns: 2000 })("should judge a pattern as the engine does", (p) => {
    expect(isValidFileRegex(p)).toBe(engineSays(p));
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

describe("policy globs", () => {
  it("should refuse a glob whose * wildcards in one segment would backtrack polynomially", async () => {
    const { recipient } = await generateIdentity();
    const policy = (glob: string) =>
      `members:\n  me: ${recipient}\nrules:\n  - path: ${JSON.stringify(glob)}\n    recipients: [me]\n`;
    for (const ok of ["**/*.secret.*", "secrets/*-*.*", "a*b*c*/**", "x\\*\\*\\*\\*y*"])
      expect(globProblem(ok), ok).toBeUndefined();
    expect(() => parsePolicy(policy("*a*a*a*a*a*b"), ".hush.yaml")).toThrow(/wildcards/);
    expect(() => parsePolicy(`scan:\n  ignore: ["docs/*a*a*a*a*b"]\n`, ".hush.yaml")).toThrow(
      /wildcards/,
    );
    // A glob that reaches matching without the parser (the guard's scan.ignore) is refused there.
    const rule = { ...parsePolicy(policy("**"), ".hush.yaml").rules[0]!, path: "*a*a*a*a*a*b" };
    const evil = { ...parsePolicy(policy("**"), ".hush.yaml"), rules: [rule] };
    let err: unknown;
    try {
      resolveRule(evil, "a".repeat(250));
    } catch (e) {
      err = e;
    }
    expect(isHushError(err) && err.code).toBe("ERR_POLICY");
  });
});
