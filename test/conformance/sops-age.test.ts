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

const DOTENV_DOC = [
  "# database",
  "export DB_USER=admin",
  'DB_PASSWORD="x=y#z"',
  "MULTI='a",
  "b'",
  "LITERAL=a\\nb",
  "INLINE=v # a note",
  "TOKEN_unencrypted='visible # not a comment'",
  "EMPTY=",
  "",
].join("\n");
const DOTENV_VALUES = {
  DB_USER: "admin",
  DB_PASSWORD: "x=y#z",
  MULTI: "a\nb",
  LITERAL: "a\\nb",
  INLINE: "v",
  TOKEN_unencrypted: "visible # not a comment",
  EMPTY: "",
};

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

  it.each([
    ["LF", DOTENV_DOC],
    ["CRLF and a BOM", `\uFEFF${DOTENV_DOC.replace(/\n/g, "\r\n")}`],
  ])("should agree on a dotenv file (%s) written in the richer dialect", async (_label, doc) => {
    const enc = await encrypt(doc, { format: "dotenv", recipients: [me.recipient] });
    expect(enc).not.toContain("admin");
    expect(enc).not.toContain("a note");
    const theirs: unknown = await decryptSops(enc, { fileType: "env", secretKey: me.identity });
    expect(theirs).toEqual(DOTENV_VALUES);
    const ours = await decrypt(enc, { format: "dotenv", identities: [me.identity] });
    expect(ours.text).toBe(doc);
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
