import { describe, expect, it } from "vitest";
import {
  BLOCK_BEGIN,
  BLOCK_END,
  braceExpand,
  globToAttributePatterns,
  withManagedBlock,
} from "../src/team/gitattributes.js";
import { tokenizeCiphertexts } from "../src/team/textconv.js";

describe("braceExpand", () => {
  it("should expand alternatives, nested ones and several groups", () => {
    expect(braceExpand("**/*.secret.{yaml,json,env}")).toEqual([
      "**/*.secret.yaml",
      "**/*.secret.json",
      "**/*.secret.env",
    ]);
    expect(braceExpand("{a,b{1,2}}/{x,y}")).toEqual(["a/x", "a/y", "b1/x", "b1/y", "b2/x", "b2/y"]);
    expect(braceExpand("k8s/{prod}/x")).toEqual(["k8s/{prod}/x"]);
  });
});

describe("globToAttributePatterns", () => {
  it("should anchor slash-free globs to the top like minimatch does", () => {
    expect(globToAttributePatterns("*.enc.yaml")).toEqual(["/*.enc.yaml"]);
    expect(globToAttributePatterns("./k8s/prod/**/*.yaml")).toEqual(["k8s/prod/**/*.yaml"]);
  });

  it("should refuse what git attributes cannot say", () => {
    expect(globToAttributePatterns("!secrets/*.yaml")).toEqual([]);
    expect(globToAttributePatterns("+(a|b).yaml")).toEqual([]);
  });
});

describe("withManagedBlock", () => {
  it("should append a block once and replace it on the next run, keeping other lines", () => {
    const first = withManagedBlock("*.png binary\n", ["a diff=hush merge=hush"]);
    expect(first).toBe(`*.png binary\n\n${BLOCK_BEGIN}\na diff=hush merge=hush\n${BLOCK_END}\n`);
    const second = withManagedBlock(first, ["b diff=hush merge=hush"]);
    expect(second).toBe(`*.png binary\n\n${BLOCK_BEGIN}\nb diff=hush merge=hush\n${BLOCK_END}\n`);
  });
});

describe("tokenizeCiphertexts", () => {
  it("should replace each ciphertext by a stable token that differs between ciphertexts", () => {
    const a = "ENC[AES256_GCM,data:AAAA,iv:BBBB,tag:CCCC,type:str]";
    const b = "ENC[AES256_GCM,data:AAAB,iv:BBBB,tag:CCCC,type:str]";
    const out = tokenizeCiphertexts(`x: ${a}\ny: ${b}\nz: ${a}\n`);
    const tokens = [...out.matchAll(/<encrypted:([0-9a-f]{12})>/g)].map((m) => m[1]);
    expect(tokens).toHaveLength(3);
    expect(tokens[0]).toBe(tokens[2]);
    expect(tokens[0]).not.toBe(tokens[1]);
    expect(out).not.toContain("AAAA");
  });
});
