import { describe, expect, it } from "vitest";
import { storeFor } from "../src/formats/registry-stores.js";
import { compileRules, walkDocument, type Visit } from "../src/walk.js";
import type { CommentItem, EncryptionRules, MapNode, StoreDocument } from "../src/types.js";
import { PlainScalar, entry } from "../src/formats/scalar.js";

function comment(text: string): CommentItem {
  return { kind: "comment", text, set() {} };
}

function doc(root: MapNode): StoreDocument {
  return {
    format: "yaml",
    branches: [root],
    metadata: undefined,
    setMetadata() {},
    serialize: () => "",
  };
}

function summary(visits: Visit[]): [string, string, boolean][] {
  return visits.map((v) => [
    v.kind === "comment" ? `#${v.item.text}` : v.node.value.text,
    v.path.join(":") + ":",
    v.encrypt,
  ]);
}

const s = (t: string): PlainScalar => new PlainScalar({ type: "str", text: t });

describe("walk", () => {
  it("should give AAD paths of mapping keys only, comments the containing path, and skip nulls", () => {
    const root: MapNode = {
      kind: "map",
      items: [
        comment(" top"),
        entry("app2", {
          kind: "map",
          items: [
            entry("db", { kind: "map", items: [comment(" in db"), entry("user", s("eve"))] }),
          ],
        }),
        entry("an_array", {
          kind: "seq",
          items: [s("a"), { kind: "map", items: [entry("k", s("b"))] }, { kind: "null" }],
        }),
        entry("nothing", { kind: "null" }),
      ],
    };
    expect(summary(walkDocument(doc(root), compileRules(undefined)))).toEqual([
      ["# top", ":", true],
      ["# in db", "app2:db:", true],
      ["eve", "app2:db:user:", true],
      ["a", "an_array:", true],
      ["b", "an_array:k:", true],
    ]);
    const v = walkDocument(doc(root), compileRules(undefined));
    expect(v[4]!.keyPath).toEqual(["an_array", 1, "k"]);
  });

  it.each<[EncryptionRules, boolean[]]>([
    [{}, [true, true, false]],
    [{ encryptedSuffix: "_secret" }, [false, true, false]],
    [{ encryptedRegex: "^(data|x_secret)$" }, [false, true, false]],
    [{ unencryptedRegex: "^x_" }, [true, false, true]],
  ])("should apply the key rules %j to whole subtrees", (rules, expected) => {
    const root: MapNode = {
      kind: "map",
      items: [
        entry("a", s("1")),
        entry("x_secret", { kind: "map", items: [entry("b", s("2"))] }),
        entry("c_unencrypted", s("3")),
      ],
    };
    expect(walkDocument(doc(root), compileRules(rules)).map((v) => v.encrypt)).toEqual(expected);
  });

  it("should apply encrypted_comment_regex to the following item but keep the marker readable", () => {
    const root: MapNode = {
      kind: "map",
      items: [
        entry("a", s("1")),
        comment(" sops:enc"),
        comment(" note"),
        entry("b", s("2")),
        entry("c", s("3")),
      ],
    };
    expect(
      summary(walkDocument(doc(root), compileRules({ encryptedCommentRegex: "sops:enc" }))),
    ).toEqual([
      ["1", "a:", false],
      ["# sops:enc", ":", false],
      ["# note", ":", true],
      ["2", "b:", true],
      ["3", "c:", false],
    ]);
  });

  it("should apply unencrypted_comment_regex to the marker itself and the next item", () => {
    const root: MapNode = {
      kind: "map",
      items: [comment(" plain"), entry("b", s("2")), entry("c", s("3"))],
    };
    expect(
      walkDocument(doc(root), compileRules({ unencryptedCommentRegex: "plain" })).map(
        (v) => v.encrypt,
      ),
    ).toEqual([false, false, true]);
  });

  it("should refuse two rules at once and a bad regex with ERR_CONFIG", () => {
    expect(() => compileRules({ encryptedRegex: "a", unencryptedSuffix: "_u" })).toThrow(
      expect.objectContaining({ code: "ERR_CONFIG" }),
    );
    expect(() => compileRules({ encryptedRegex: "(" })).toThrow(
      expect.objectContaining({ code: "ERR_CONFIG" }),
    );
  });

  it("should walk a parsed JSON document in document order", () => {
    const d = storeFor("json").parse('{"b": {"x": 1}, "a": [true, null, "s"]}');
    expect(summary(walkDocument(d, compileRules(undefined)))).toEqual([
      ["1", "b:x:", true],
      ["True", "a:", true],
      ["s", "a:", true],
    ]);
  });
});
