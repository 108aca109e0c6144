// Files hush writes must decrypt to the same data with an independent implementation (sops-age).
import { describe, expect, it } from "vitest";
import { decryptSops } from "sops-age";
import { decrypt, encrypt, generateIdentity, rotate, setValue, update } from "@hush/core";

const me = await generateIdentity();

const JSON_DOC = JSON.stringify(
  {
    name: "svc",
    port: 8080,
    ratio: 0.25,
    enabled: true,
    html: "<a href='x'>&</a>",
    unicode: "žluťoučký kůň \u2028 🐎",
    nested: { list: [1, "two", { deep: "three" }], empty: "" },
    token_unencrypted: "visible",
  },
  null,
  "\t",
);

const YAML_DOC = `# service settings
name: svc # the name
port: 8080
ratio: 0.25
enabled: true
nested:
  list:
    - 1
    - two
    - deep: three
  multi: |
    line one
    line two
token_unencrypted: visible
`;

const DOTENV_DOC = "# database\nDB_USER=admin\nDB_PASSWORD=p@ss=word\nMULTI=a\\nb\n";

describe("sops-age reads what hush writes", () => {
  it("should agree on a JSON file", async () => {
    const enc = await encrypt(JSON_DOC, { format: "json", recipients: [me.recipient] });
    const theirs: unknown = await decryptSops(enc, { fileType: "json", secretKey: me.identity });
    expect(theirs).toEqual(JSON.parse(JSON_DOC));
    expect((await decrypt(enc, { format: "json", identities: [me.identity] })).tree).toEqual(
      theirs,
    );
  });

  it("should agree on a YAML file with comments", async () => {
    const enc = await encrypt(YAML_DOC, { format: "yaml", recipients: [me.recipient] });
    const theirs: unknown = await decryptSops(enc, { fileType: "yaml", secretKey: me.identity });
    expect(theirs).toEqual({
      name: "svc",
      port: 8080,
      ratio: 0.25,
      enabled: true,
      nested: { list: [1, "two", { deep: "three" }], multi: "line one\nline two\n" },
      token_unencrypted: "visible",
    });
    expect((await decrypt(enc, { format: "yaml", identities: [me.identity] })).tree).toEqual(
      theirs,
    );
  });

  it("should agree on a dotenv file", async () => {
    const enc = await encrypt(DOTENV_DOC, { format: "dotenv", recipients: [me.recipient] });
    const theirs: unknown = await decryptSops(enc, { fileType: "env", secretKey: me.identity });
    expect(theirs).toEqual({ DB_USER: "admin", DB_PASSWORD: "p@ss=word", MULTI: "a\nb" });
  });

  it("should agree after update, set and rotate", async () => {
    const opts = { format: "json" as const, identities: [me.identity] };
    const enc = await encrypt(JSON_DOC, { format: "json", recipients: [me.recipient] });
    const u = await update(enc, JSON_DOC.replace('"svc"', '"svc2"'), opts);
    const s = await setValue(u.text, ["nested", "added"], "x", opts);
    const r = await rotate(s.text, opts);
    const theirs = (await decryptSops(r, { fileType: "json", secretKey: me.identity })) as {
      name: string;
      nested: { added: string };
    };
    expect(theirs.name).toBe("svc2");
    expect(theirs.nested.added).toBe("x");
  });
});
