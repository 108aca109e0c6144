// The whole-file decrypt works a batch of leaves at a time (decrypt-in-place.ts): files many
// batches long must decrypt exactly, list their values as before, and fail on every change the MAC
// covers, wherever in the file it is.
import { describe, expect, it } from "vitest";
import { decrypt, encrypt, generateIdentity, type DecryptedValue } from "../src/index.js";

const me = await generateIdentity();
const opts = { format: "yaml" as const, identities: [me.identity] };

/** `groups` groups of typed values, comments, an `_unencrypted` key and a list of `items` values. */
function bigYaml(groups: number, items: number): string {
  const out: string[] = ["# top comment\n"];
  for (let g = 0; g < groups; g++) {
    out.push(`svc${g}:\n`, `  # group ${g}\n`);
    out.push(`  user: user-${g}\n`, `  port: ${5000 + g}\n`, `  ratio: ${g}.5\n`);
    out.push(`  on: ${g % 2 === 0 ? "true" : "false"}\n`, `  note_unencrypted: clear-${g}\n`);
    out.push(`  pass: "p#${g} x"\n`);
  }
  out.push("list:\n");
  for (let i = 0; i < items; i++) out.push(`  - item-${i}\n`);
  return out.join("");
}

const PLAIN = bigYaml(150, 300); // 1,200 values: ten batches
const ENC = await encrypt(PLAIN, { format: "yaml", recipients: [me.recipient] });
const ENC_MAC_ONLY = await encrypt(PLAIN, {
  format: "yaml",
  recipients: [me.recipient],
  rules: { macOnlyEncrypted: true },
});

/** The encrypted line of list item `i` (`  - ENC[…]`). */
function itemLine(enc: string, i: number): string {
  const list = enc.slice(enc.indexOf("\nlist:\n") + 7).split("\n");
  return list[i]!;
}

describe("decrypt of a file many batches long", () => {
  it("should give the plaintext byte for byte", async () => {
    expect((await decrypt(ENC, opts)).text).toBe(PLAIN);
    expect((await decrypt(ENC_MAC_ONLY, opts)).text).toBe(PLAIN);
  });

  it("should list every value in order, with its type and what the MAC covers", async () => {
    for (const [enc, macOnly] of [
      [ENC, false],
      [ENC_MAC_ONLY, true],
    ] as const) {
      const values = (await decrypt(enc, opts)).values;
      expect(values).toHaveLength(150 * 6 + 300);
      const at = (path: string): DecryptedValue =>
        values.find((v) => v.keyPath.join(".") === path)!;
      expect(at("svc149.port")).toMatchObject({ type: "int", value: "5149", encrypted: true });
      expect(at("svc7.ratio")).toMatchObject({ type: "float", value: "7.5" });
      expect(at("svc8.on")).toMatchObject({ type: "bool", value: "True" }); // as sops stores it
      expect(at("svc3.pass")).toMatchObject({ type: "str", value: "p#3 x", authenticated: true });
      expect(at("svc140.note_unencrypted")).toMatchObject({
        value: "clear-140",
        encrypted: false,
        authenticated: !macOnly,
      });
      expect(at("list.299")).toMatchObject({ value: "item-299", encrypted: true, doc: 0 });
      expect(values[0]!.keyPath).toEqual(["svc0", "user"]);
      expect(values.at(-1)!.keyPath).toEqual(["list", 299]);
    }
  });

  it("should fail with ERR_MAC on list items swapped across batches (their AAD is the same)", async () => {
    const a = itemLine(ENC, 3);
    const b = itemLine(ENC, 290);
    const swapped = ENC.replace(a, "\u0000").replace(b, a).replace("\u0000", b);
    expect(swapped).not.toBe(ENC);
    await expect(decrypt(swapped, opts)).rejects.toMatchObject({ code: "ERR_MAC" });
  });

  it("should fail with ERR_MAC on a value removed from the last batch or the first", async () => {
    for (const line of [itemLine(ENC, 299), ENC.match(/^ {2}port: .*$/m)![0]]) {
      await expect(decrypt(ENC.replace(`${line}\n`, ""), opts)).rejects.toMatchObject({
        code: "ERR_MAC",
      });
    }
  });

  it("should fail with ERR_MAC on a clear value edited late in the file", async () => {
    const edited = ENC.replace("note_unencrypted: clear-149", "note_unencrypted: evil");
    await expect(decrypt(edited, opts)).rejects.toMatchObject({ code: "ERR_MAC" });
  });

  it("should fail with ERR_VALUE on a ciphertext changed in a late batch", async () => {
    const line = itemLine(ENC, 250);
    const data = /data:([^,]+),/.exec(line)![1]!;
    const flipped = line.replace(data, (data[0] === "A" ? "B" : "A") + data.slice(1));
    await expect(decrypt(ENC.replace(line, flipped), opts)).rejects.toMatchObject({
      code: "ERR_VALUE",
    });
  });
});
