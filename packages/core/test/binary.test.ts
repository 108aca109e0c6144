import { describe, expect, it } from "vitest";
import { decrypt, encrypt, generateIdentity } from "../src/index.js";
import { binaryStore } from "../src/formats/binary.js";

describe("binary store", () => {
  it("should treat any text as one `data` value and give it back unchanged", () => {
    const d = binaryStore.parse("not { json\n");
    expect(d.metadata).toBeUndefined();
    expect(d.branches[0]!.items).toMatchObject([
      { kind: "entry", key: "data", value: { value: { type: "str", text: "not { json\n" } } },
    ]);
    expect(d.serialize()).toBe("not { json\n");
  });

  it("should round-trip bytes through a JSON envelope with AAD data: and no rules", async () => {
    const me = await generateIdentity();
    const bytes = new TextEncoder().encode("-----BEGIN KEY-----\nabc_unencrypted\n");
    const enc = await encrypt(bytes, {
      format: "binary",
      recipients: [me.recipient],
      rules: { encryptedRegex: "^nothing$" },
    });
    const parsed = JSON.parse(enc) as { data: string; sops: Record<string, unknown> };
    expect(parsed.data).toMatch(/^ENC\[AES256_GCM,.*type:str\]$/);
    expect(Object.keys(parsed.sops)).toEqual(["age", "lastmodified", "mac", "version"]);
    const dec = await decrypt(enc, { format: "binary", identities: [me.identity] });
    expect(Buffer.from(dec.bytes!)).toEqual(Buffer.from(bytes));
    await expect(
      encrypt(enc, { format: "binary", recipients: [me.recipient] }),
    ).rejects.toMatchObject({ code: "ERR_ALREADY_ENCRYPTED" });
  });
});
