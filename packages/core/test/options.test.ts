import { describe, expect, it } from "vitest";
import {
  authenticatedData,
  decrypt,
  encrypt,
  flatten,
  generateIdentity,
  isHushError,
  optionsMismatch,
  rotate,
  setValue,
} from "../src/index.js";

const alice = await generateIdentity();

async function code(p: Promise<unknown>): Promise<string | undefined> {
  try {
    await p;
    return undefined;
  } catch (e) {
    return isHushError(e) ? e.code : "not a HushError";
  }
}

describe("pinned options", () => {
  it("should treat no option as sops's default suffix and false as absent", () => {
    expect(optionsMismatch({ unencryptedSuffix: "_unencrypted" }, {})).toEqual([]);
    expect(optionsMismatch({ macOnlyEncrypted: false }, {})).toEqual([]);
    expect(optionsMismatch({ encryptedRegex: "^data$" }, { encryptedRegex: "^data$" })).toEqual([]);
  });

  it("should name every option that differs", () => {
    expect(optionsMismatch({ unencryptedRegex: "^X" }, {})).toEqual([
      "unencrypted_suffix",
      "unencrypted_regex",
    ]);
    expect(optionsMismatch({ macOnlyEncrypted: true }, {})).toEqual(["mac_only_encrypted"]);
    expect(
      optionsMismatch({ encryptedCommentRegex: "sops" }, { unencryptedCommentRegex: "sops" }),
    ).toEqual(["unencrypted_comment_regex", "encrypted_comment_regex"]);
  });

  it("should refuse a file whose options differ before opening any key, in every operation", async () => {
    const enc = await encrypt("a: 1\nb: x\n", {
      format: "yaml",
      recipients: [alice.recipient],
      rules: { encryptedRegex: "^a$" },
    });
    const pinnedRules = { encryptedRegex: "^(a|b)$" };
    const options = { format: "yaml" as const, identities: [alice.identity], pinnedRules };
    expect(await code(decrypt(enc, options))).toBe("ERR_POLICY_OPTIONS");
    expect(await code(setValue(enc, ["b"], "y", options))).toBe("ERR_POLICY_OPTIONS");
    expect(await code(rotate(enc, options))).toBe("ERR_POLICY_OPTIONS");
    // No identity at all still gets the options error: it is checked first.
    expect(await code(decrypt(enc, { ...options, identities: [] }))).toBe("ERR_POLICY_OPTIONS");
    const ok = await decrypt(enc, { ...options, pinnedRules: { encryptedRegex: "^a$" } });
    expect(ok.tree).toEqual({ a: 1, b: "x" });
  });
});

describe("authenticated values", () => {
  it("should mark values in clear as unauthenticated only with mac_only_encrypted", async () => {
    const plain = "token: t\nlist: [p, q_unencrypted]\nlevel_unencrypted: debug\n";
    for (const macOnlyEncrypted of [false, true]) {
      const enc = await encrypt(plain, {
        format: "yaml",
        recipients: [alice.recipient],
        rules: { macOnlyEncrypted },
      });
      const r = await decrypt(enc, { format: "yaml", identities: [alice.identity] });
      const flags = Object.fromEntries(r.values.map((v) => [v.keyPath.join("."), v.authenticated]));
      expect(flags).toEqual({
        token: true,
        "list.0": true,
        "list.1": true,
        level_unencrypted: !macOnlyEncrypted,
      });
      const data = authenticatedData(r);
      expect(data.omitted).toEqual(macOnlyEncrypted ? [["level_unencrypted"]] : []);
      expect(flatten(data.tree).map(([k]) => k)).toEqual(
        macOnlyEncrypted
          ? ["token", "list_0", "list_1"]
          : ["token", "list_0", "list_1", "level_unencrypted"],
      );
    }
  });

  it("should leave a hole for a list item, so the others keep their names", () => {
    const data = authenticatedData({
      tree: { l: ["a", "b", "c"] },
      values: ["a", "b", "c"].map((value, i) => ({
        keyPath: ["l", i],
        type: "str" as const,
        value,
        encrypted: i !== 1,
        authenticated: i !== 1,
        doc: 0,
      })),
    });
    expect(flatten(data.tree)).toEqual([
      ["l_0", "a"],
      ["l_2", "c"],
    ]);
  });
});
