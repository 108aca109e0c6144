import { fc, test } from "@fast-check/vitest";
import dotenv from "dotenv";
import { describe, expect, it } from "vitest";
import { writeValue, type ValueForm } from "../src/formats/dotenv-value.js";
import { dotenvStore } from "../src/formats/dotenv.js";
import type { Entry } from "../src/types.js";

/** `KEY=value` and `#comment` items of a parsed document, as strings. */
function items(text: string): string[] {
  return dotenvStore
    .parse(text)
    .branches[0]!.items.map((i) =>
      i.kind === "comment"
        ? `#${i.text}`
        : `${i.key}=${i.value.kind === "scalar" ? i.value.value.text : ""}`,
    );
}

/** Replace an entry's value, as the operations do. */
function setText(item: unknown, text: string): void {
  const e = item as Entry;
  if (e.value.kind !== "scalar") throw new Error("not a scalar entry");
  e.value.set({ type: "str", text });
}

/** The entries only, as the dotenv package returns them. */
function values(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const i of dotenvStore.parse(text).branches[0]!.items) {
    if (i.kind === "entry" && i.value.kind === "scalar") out[i.key] = i.value.value.text;
  }
  return out;
}

describe("dotenv store: the dialect the dotenv package reads", () => {
  it("should read export, quotes, inline comments, multi-line values and escapes like dotenv", () => {
    const text = [
      "# db",
      "export A=1",
      'B="x#y"',
      "C=v # comment",
      "D='multi",
      "line'",
      'E="esc\\nnl"',
      "F=`tick 'q' \"d\"`",
      "G=a\\nb",
      "H = spaced  ",
      "I=",
      "J=p@ss=word",
      "",
    ].join("\n");
    expect(items(text)).toEqual([
      "# db",
      "A=1",
      "B=x#y",
      "C=v",
      "# comment",
      "D=multi\nline",
      "E=esc\nnl",
      "F=tick 'q' \"d\"",
      "G=a\\nb",
      "H=spaced",
      "I=",
      "J=p@ss=word",
    ]);
    expect(values(text)).toEqual(dotenv.parse(text));
    expect(dotenvStore.parse(text).serialize()).toBe(text);
  });

  it("should keep CRLF line endings, also inside a multi-line value", () => {
    const text = "A=1\r\nB='two\r\nlines'\r\n# c\r\n";
    expect(values(text)).toEqual({ A: "1", B: "two\nlines" });
    expect(values(text)).toEqual(dotenv.parse(text));
    const d = dotenvStore.parse(text);
    setText(d.branches[0]!.items[0], "x\ny");
    expect(d.serialize()).toBe("A='x\r\ny'\r\nB='two\r\nlines'\r\n# c\r\n");
  });

  it("should keep a UTF-8 BOM and never read it into the first key", () => {
    const text = "\uFEFFKEY=v\nB=2\n";
    expect(items(text)).toEqual(["KEY=v", "B=2"]);
    expect(dotenvStore.parse(text).serialize()).toBe(text);
  });

  it("should keep the file's own form when a value changes, and move a value its quote cannot hold", () => {
    const d = dotenvStore.parse("export A=plain # keep\nB='q'\nC=\"d\"\n");
    const set = (i: number, text: string): void => setText(d.branches[0]!.items[i], text);
    set(0, "has space#and\nnewline");
    set(2, "it's");
    set(3, "plain");
    expect(d.serialize()).toBe(
      'export A=\'has space#and\nnewline\' # keep\nB="it\'s"\nC="plain"\n',
    );
  });

  it.each([
    ["a # glued to an unquoted value", "A=a#b\n"],
    ["a backslash before a closing quote", "A='x\\'\n"],
    ["an escaped double quote", 'A="x\\"y"\n'],
    ["an unterminated quote", "A='open\nB=2\n"],
    ["a lone CR", "A=1\rB=2\n"],
    ["text after the closing quote", "A='x'y\n"],
    ["a line that is no entry", "just words\n"],
    ["a key dotenv readers skip", "MY KEY=1\n"],
  ])("should refuse %s with ERR_FORMAT", (_label, text) => {
    expect(() => dotenvStore.parse(text)).toThrow(
      expect.objectContaining({ code: "ERR_FORMAT" }) as Error,
    );
  });

  it("should never put a value in an error message", () => {
    try {
      dotenvStore.parse("A='s3cr3t-value\n");
      expect.unreachable();
    } catch (e) {
      expect(String(e)).not.toContain("s3cr3t");
    }
  });

  it("should read and write flattened sops_ metadata raw, as sops does", () => {
    const d = dotenvStore.parse("A=1\nsops_age__list_0__map_enc=x\\ny\nsops_version=3.8.1\n");
    expect(d.metadata).toEqual({ age: [{ enc: "x\ny" }], version: "3.8.1" });
    d.setMetadata({ mac: "m", version: "3.13.2" });
    expect(d.serialize()).toBe("A=1\nsops_mac=m\nsops_version=3.13.2\n");
  });

  const forms: ValueForm[] = [
    { quote: "", escapedNewlines: false },
    { quote: "'", escapedNewlines: false },
    { quote: '"', escapedNewlines: false },
    { quote: '"', escapedNewlines: true },
    { quote: "`", escapedNewlines: false },
  ];
  const special = fc.constantFrom(
    ..."'\"`\\#$ \t\n\r=x\u2028\u00a0é🐎\u0000".split(""),
    "\\n",
    "\\r",
    " #",
  );
  const text = fc.oneof(
    fc.string({ unit: "grapheme" }),
    fc.array(special, { maxLength: 12 }).map((a) => a.join("")),
  );

  test.prop([text, fc.constantFrom(...forms), fc.boolean()], { numRuns: 400 })(
    "should write any value so that hush and the dotenv package read it back exactly, or refuse it",
    (value, form, crlf) => {
      let spelt: string;
      try {
        spelt = writeValue(value, form, "K");
      } catch (e) {
        expect(e).toMatchObject({ code: "ERR_VALUE" });
        return;
      }
      const file = `K=${spelt} # c\nNEXT=1\n`;
      const disk = crlf ? file.replace(/\n/g, "\r\n") : file;
      expect(values(disk)).toEqual({ K: value, NEXT: "1" });
      expect(dotenv.parse(disk)).toEqual({ K: value, NEXT: "1" });
    },
  );
});
