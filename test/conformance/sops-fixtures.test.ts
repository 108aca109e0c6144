import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { decrypt, parseIdentities, type Format } from "@hush/core";

const here = path.dirname(fileURLToPath(import.meta.url));
const fixtures = path.resolve(here, "../../../shared/sops-fixtures");
const present = existsSync(fixtures);
if (!present) console.warn(`sops fixtures not found at ${fixtures}: conformance tests skipped`);

const read = (p: string): string => readFileSync(path.join(fixtures, p), "utf8");
const sopsKeys = (): string[] => parseIdentities(read("getsops-sops-pr1031/keys.txt"), "keys.txt");
const humphdKeys = (): string[] => parseIdentities(read("humphd-sops-age/key.txt"), "key.txt");

const RSA_START = "-----BEGIN RSA PRIVATE KEY-----\n";

describe.skipIf(!present)("sops fixtures", () => {
  it("should decrypt example.json with its MAC verified", async () => {
    const r = await decrypt(read("getsops-sops-pr1031/example.json"), {
      format: "json",
      identities: sopsKeys(),
    });
    expect(r.tree).toEqual({
      firstName: "John",
      lastName: "Smith",
      age: 25.4,
      address: {
        city: "New York",
        postalCode: "10021-3100",
        state: "NY",
        streetAddress: "21 2nd Street",
      },
      phoneNumbers: [
        { number: "212 555-1234", type: "home" },
        { number: "646 555-4567", type: "office" },
      ],
      anEmptyValue: "",
    });
    expect(r.values.find((v) => v.keyPath.join(".") === "age")).toMatchObject({
      type: "float",
      value: "25.4",
    });
    expect(r.lastmodified).toBe("2022-03-15T22:12:12Z");
    expect(r.text).toContain('\t"firstName": "John",\n');
  });

  it("should decrypt example.ini with its section comment", async () => {
    const r = await decrypt(read("getsops-sops-pr1031/example.ini"), {
      format: "ini",
      identities: sopsKeys(),
    });
    expect(r.tree).toEqual({
      name: { firstName: "John", lastName: "Smith", age: "25.4" },
      address: {
        city: "New York",
        postalCode: "10021-3100",
        state: "NY",
        streetAddress: "21 2nd Street",
      },
      phoneNumbers: { home: "212 555-1234", office: "646 555-4567" },
      "not private": { notsecret_unencrypted: "hi there!" },
    });
    expect(r.text).toContain("; An example file for use with sops!\n[name]\n");
    expect(
      r.values.find((v) => v.keyPath.join(".") === "not private.notsecret_unencrypted")?.encrypted,
    ).toBe(false);
  });

  it("should decrypt example.txt (binary) to its original bytes", async () => {
    const r = await decrypt(read("getsops-sops-pr1031/example.txt"), {
      format: "binary",
      identities: sopsKeys(),
    });
    expect(r.text).toBe(
      "Welcome to SOPS!\n\nSOPS is a manager of encrypted files designed to help distribute secrets.\nCheck it out, it's on github: https://github.com/mozilla/sops\n\n",
    );
    expect(Buffer.from(r.bytes!).toString("utf8")).toBe(r.text);
  });

  it("should decrypt humphd secret.enc.json where a JSON int is type:float", async () => {
    const r = await decrypt(read("humphd-sops-age/secret.enc.json"), {
      format: "json",
      identities: humphdKeys(),
    });
    const plain = JSON.parse(read("humphd-sops-age/secret.json")) as unknown;
    expect(r.tree).toEqual(plain);
    expect(r.values.find((v) => v.keyPath.join(".") === "int")).toMatchObject({
      type: "float",
      value: "7",
    });
    expect(r.text).toContain('  "boolean": true,\n');
  });

  it("should keep every ciphertext of an old-sops JSON file when only one value changes", async () => {
    const { update } = await import("@hush/core");
    const enc = read("humphd-sops-age/secret.enc.json");
    const opts = { format: "json" as const, identities: humphdKeys() };
    const plain = (await decrypt(enc, opts)).text;
    const r = await update(enc, plain.replace("gotta match go", "changed"), opts);
    expect(r.changed).toEqual(["0word"]);
    // `int` stays type:float with its original ciphertext
    const intLine = enc.split("\n").find((l) => l.includes('"int"'));
    expect(r.text.split("\n")).toContain(intLine);
    expect((await decrypt(r.text, opts)).tree).toMatchObject({ int: 7, "0word": "changed" });
  });

  it("should decrypt humphd secret.enc.env", async () => {
    const r = await decrypt(read("humphd-sops-age/secret.enc.env"), {
      format: "dotenv",
      identities: humphdKeys(),
    });
    expect(r.tree).toEqual({ secret: "this is a secret", another_secret: "7" });
    expect(r.text).toBe("secret=this is a secret\nanother_secret=7\n");
  });

  it("should decrypt example.yaml with its comments and MAC", async () => {
    const r = await decrypt(read("getsops-sops-pr1031/example.yaml"), {
      format: "yaml",
      identities: sopsKeys(),
    });
    const tree = r.tree as Record<string, unknown>;
    expect(tree["myapp1"]).toBe("t00m4nys3cr3tzupdated");
    expect((tree["app2"] as { key: string }).key.startsWith(RSA_START)).toBe(true);
    expect(tree["an_array"]).toEqual([
      "secretuser1",
      "secretuser2",
      "somelongvalueAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
      "some other value",
    ]);
    expect(tree["somebooleans"]).toEqual([true, false]);
    expect(r.values.find((v) => v.keyPath.join(".") === "number")).toMatchObject({
      type: "float",
      value: "1234568000",
    });
    expect(tree["somelist_unencrypted"]).toEqual([
      "all elements of this list",
      "remain in clear text",
      "because of the _encrypted suffix in the key",
    ]);
    // encrypted comments come back in place
    expect(r.text).toContain("# private key for secret operations in app2");
    expect(r.text).toContain("# sops supports unencrypted fields");
    expect(r.text).not.toContain("ENC[");
    expect(r.text).not.toContain("sops:");
  });

  it.each<[string, Format, () => string[]]>([
    ["getsops-sops-pr1031/example.json", "json", sopsKeys],
    ["humphd-sops-age/secret.enc.env", "dotenv", humphdKeys],
  ])("should reject %s with a wrong identity as ERR_NO_IDENTITY", async (file, format) => {
    const other = file.startsWith("humphd") ? sopsKeys() : humphdKeys();
    await expect(decrypt(read(file), { format, identities: other })).rejects.toMatchObject({
      code: "ERR_NO_IDENTITY",
    });
  });
});
