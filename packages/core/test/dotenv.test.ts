import { describe, expect, it } from "vitest";
import { dotenvStore } from "../src/formats/dotenv.js";

describe("dotenv store", () => {
  it("should parse like sops: first '=', comments, \\n escapes, blank lines kept", () => {
    const text = "# db\nUSER=admin\n\nPASS=a=b\nMULTI=x\\ny\n";
    const d = dotenvStore.parse(text);
    expect(
      d.branches[0]!.items.map((i) =>
        i.kind === "comment"
          ? `#${i.text}`
          : `${i.key}=${i.value.kind === "scalar" ? i.value.value.text : ""}`,
      ),
    ).toEqual(["# db", "USER=admin", "PASS=a=b", "MULTI=x\ny"]);
    expect(d.serialize()).toBe(text);
  });

  it("should read and write flattened sops_ metadata", () => {
    const d = dotenvStore.parse("A=1\nsops_age__list_0__map_enc=x\\ny\nsops_version=3.8.1\n");
    expect(d.metadata).toEqual({ age: [{ enc: "x\ny" }], version: "3.8.1" });
    d.setMetadata({ mac: "m", version: "3.13.2" });
    expect(d.serialize()).toBe("A=1\nsops_mac=m\nsops_version=3.13.2\n");
  });

  it("should reject a line without '=' with ERR_FORMAT and its line number", () => {
    expect(() => dotenvStore.parse("A=1\nnope\n")).toThrow(
      expect.objectContaining({ code: "ERR_FORMAT", message: expect.stringContaining("line 2") }),
    );
  });
});
