import { describe, expect, it } from "vitest";
import { flattenMetadata, unflattenMetadata } from "../src/formats/flatten.js";
import { isSemverVersion, readMetadata, writeMetadata } from "../src/metadata.js";

const ENC = "-----BEGIN AGE ENCRYPTED FILE-----\nabc\n-----END AGE ENCRYPTED FILE-----\n";

describe("metadata", () => {
  it("should read the pre-3.10 JSON layout with null key lists", () => {
    const m = readMetadata({
      kms: null,
      gcp_kms: null,
      azure_kv: null,
      hc_vault: null,
      age: [{ recipient: " age1x ", enc: ENC }],
      lastmodified: "2022-03-15T22:12:14Z",
      mac: "ENC[…]",
      pgp: [{ fp: "ABC" }],
      unencrypted_suffix: "_unencrypted",
      version: "3.7.1",
    });
    expect(m.keyGroups).toEqual([
      { age: [{ recipient: "age1x", enc: ENC }], other: { pgp: [{ fp: "ABC" }] } },
    ]);
    expect(m.rules).toEqual({ unencryptedSuffix: "_unencrypted" });
    expect(m.version).toBe("3.7.1");
  });

  it("should read key_groups with a threshold given as a string (dotenv/INI)", () => {
    const m = readMetadata({
      key_groups: [
        { age: [{ recipient: "age1a", enc: ENC }] },
        { age: [{ recipient: "age1b", enc: ENC }], hc_vault: [] },
      ],
      shamir_threshold: "2",
      lastmodified: "2024-01-01T00:00:00Z",
      mac: "m",
      mac_only_encrypted: "true",
      version: "3.13.2",
    });
    expect(m.keyGroups.map((g) => g.age.map((a) => a.recipient))).toEqual([["age1a"], ["age1b"]]);
    expect(m.shamirThreshold).toBe(2);
    expect(m.rules.macOnlyEncrypted).toBe(true);
  });

  it("should reject a block without keys or lastmodified with ERR_FORMAT", () => {
    expect(() =>
      readMetadata({ lastmodified: "2024-01-01T00:00:00Z", mac: "m", version: "3.13.2" }),
    ).toThrow(expect.objectContaining({ code: "ERR_FORMAT" }));
    expect(() => readMetadata({ age: [{ recipient: "a", enc: ENC }], mac: "m" })).toThrow(
      expect.objectContaining({ code: "ERR_FORMAT" }),
    );
  });

  it("should write the 3.13 layout: sorted keys, age entries enc before recipient", () => {
    const out = writeMetadata({
      keyGroups: [{ age: [{ recipient: "age1a", enc: ENC }], other: {} }],
      shamirThreshold: undefined,
      lastmodified: "2024-01-01T00:00:00Z",
      mac: "m",
      version: "3.13.2",
      rules: { unencryptedSuffix: "_unencrypted" },
    });
    expect(JSON.stringify(out)).toBe(
      JSON.stringify({
        age: [{ enc: ENC, recipient: "age1a" }],
        lastmodified: "2024-01-01T00:00:00Z",
        mac: "m",
        unencrypted_suffix: "_unencrypted",
        version: "3.13.2",
      }),
    );
  });

  it("should write key groups with hc_vault lists and the threshold", () => {
    const out = writeMetadata({
      keyGroups: [
        { age: [{ recipient: "age1a", enc: ENC }], other: {} },
        { age: [{ recipient: "age1b", enc: ENC }], other: {} },
      ],
      shamirThreshold: 2,
      lastmodified: "2024-01-01T00:00:00Z",
      mac: "m",
      version: "3.13.2",
      rules: {},
    });
    expect(Object.keys(out)).toEqual([
      "key_groups",
      "lastmodified",
      "mac",
      "shamir_threshold",
      "version",
    ]);
    expect((out["key_groups"] as Record<string, unknown>[])[0]).toEqual({
      age: [{ enc: ENC, recipient: "age1a" }],
      hc_vault: [],
    });
  });

  it("should flatten and unflatten like sops for dotenv and INI", () => {
    const data = {
      age: [
        { enc: "e0", recipient: "r0" },
        { enc: "e1", recipient: "r1" },
      ],
      key_groups: [{ age: [{ enc: "x" }] }],
      version: "3.13.2",
    };
    const flat = flattenMetadata(data, "sops_");
    expect(flat).toEqual([
      ["sops_age__list_0__map_enc", "e0"],
      ["sops_age__list_0__map_recipient", "r0"],
      ["sops_age__list_1__map_enc", "e1"],
      ["sops_age__list_1__map_recipient", "r1"],
      ["sops_key_groups__list_0__map_age__list_0__map_enc", "x"],
      ["sops_version", "3.13.2"],
    ]);
    expect(unflattenMetadata(flat.map(([k, v]) => [k.slice(5), v]))).toEqual(data);
  });

  it("should accept semver versions only", () => {
    expect(isSemverVersion("3.13.2")).toBe(true);
    expect(isSemverVersion("3.7.1")).toBe(true);
    expect(isSemverVersion("3.7")).toBe(false);
    expect(isSemverVersion("")).toBe(false);
  });
});
