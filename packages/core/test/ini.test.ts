import { describe, expect, it } from "vitest";
import { iniStore } from "../src/formats/ini.js";

describe("INI store", () => {
  it("should parse sections, DEFAULT keys and comments like go-ini", () => {
    const d = iniStore.parse(
      'top = 1\n; about the db\n[db]\nuser = admin\n# the password\npass = "  spaced "\n',
    );
    const root = d.branches[0]!;
    expect(root.items.map((i) => (i.kind === "entry" ? i.key : "#"))).toEqual(["DEFAULT", "db"]);
    const db = root.items[1]!;
    expect(
      db.kind === "entry" && db.value.kind === "map"
        ? db.value.items.map((i) => (i.kind === "comment" ? `#${i.text}` : i.key))
        : [],
    ).toEqual(["#about the db", "user", "pass", "#the password"]);
  });

  it("should emit go-ini's pretty layout with aligned '=' and quoted values", () => {
    const d = iniStore.parse('[s]\na = 1\nlonger = x;y\nsp = " a "\n');
    expect(d.serialize()).toBe('[s]\na      = 1\nlonger = `x;y`\nsp     = " a "\n');
  });

  it("should read and write the [sops] section with escaped newlines", () => {
    const d = iniStore.parse(
      "[a]\nk = v\n\n[sops]\nage__list_0__map_enc = x\\ny\nversion = 3.7.1\n",
    );
    expect(d.metadata).toEqual({ age: [{ enc: "x\ny" }], version: "3.7.1" });
    d.setMetadata({ age: [{ enc: "p\nq", recipient: "r" }], version: "3.13.2" });
    expect(d.serialize()).toBe(
      "[a]\nk = v\n\n[sops]\nage__list_0__map_enc       = p\\nq\nage__list_0__map_recipient = r\nversion                    = 3.13.2\n",
    );
  });

  it("should reject a line that is not key = value with ERR_FORMAT", () => {
    expect(() => iniStore.parse("[a]\njust words\n")).toThrow(
      expect.objectContaining({ code: "ERR_FORMAT" }),
    );
  });
});
