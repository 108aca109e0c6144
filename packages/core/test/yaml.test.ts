import { describe, expect, it } from "vitest";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseYamlWithCst, yamlParserFor, yamlStore } from "../src/formats/yaml.js";
import { isHushError } from "../src/errors.js";
import type { CommentItem, ScalarNode, StoreDocument, TreeNode } from "../src/types.js";

interface Leaf {
  path: string;
  node: ScalarNode;
}

interface Found {
  kind: "leaf" | "comment" | "null";
  path: string;
  text: string;
  type?: string;
  node?: ScalarNode;
  comment?: CommentItem;
}

/** Every leaf, null and comment in sops walk order; path = mapping keys joined by ":" plus ":". */
function walk(doc: StoreDocument): Found[] {
  const out: Found[] = [];
  for (const b of doc.branches) visit(b, [], out);
  return out;
}

function visit(n: TreeNode, path: string[], out: Found[]): void {
  const p = path.map((k) => k + ":").join("");
  if (n.kind === "map" || n.kind === "seq") {
    for (const it of n.items) {
      if (it.kind === "comment") out.push({ kind: "comment", path: p, text: it.text, comment: it });
      else if (it.kind === "entry") visit(it.value, [...path, it.key], out);
      else visit(it, path, out);
    }
  } else if (n.kind === "scalar")
    out.push({ kind: "leaf", path: p, text: n.value.text, type: n.value.type, node: n });
  else out.push({ kind: "null", path: p, text: "" });
}

/** The scalar leaves only. */
function leaves(doc: StoreDocument): Leaf[] {
  return walk(doc)
    .filter((f) => f.kind === "leaf")
    .map((f) => ({ path: f.path, node: f.node! }));
}

/** A stable dump of a document's tree (types, texts, comments, structure) for comparisons. */
function dump(doc: StoreDocument): unknown {
  const conv = (n: TreeNode): unknown => {
    if (n.kind === "map")
      return n.items.map((i) => (i.kind === "comment" ? ["#", i.text] : [i.key, conv(i.value)]));
    if (n.kind === "seq")
      return { seq: n.items.map((i) => (i.kind === "comment" ? ["#", i.text] : conv(i))) };
    if (n.kind === "scalar") return [n.value.type, n.value.text];
    return null;
  };
  return { branches: doc.branches.map(conv), metadata: doc.metadata };
}

/** Line numbers (1-based) where two texts differ, compared line by line. */
function changedLines(a: string, b: string): number[] {
  const la = a.split("\n");
  const lb = b.split("\n");
  const out: number[] = [];
  for (let i = 0; i < Math.max(la.length, lb.length); i++) if (la[i] !== lb[i]) out.push(i + 1);
  return out;
}

const here = path.dirname(fileURLToPath(import.meta.url));
const shared = path.resolve(here, "../../../../shared/sops-fixtures");
const fixture = path.join(shared, "getsops-sops-pr1031/example.yaml");
const hasFixture = existsSync(fixture);
if (!hasFixture) console.warn(`yaml tests: ${fixture} not found, fixture tests skipped`);

const enc = (i: number, type = "str"): string =>
  `ENC[AES256_GCM,data:ZGF0YQ${i}==,iv:aXZpdml2aXZpdml2aXZpdml2aXZpdml2aXZpdml2aXY=,tag:dGFndGFndGFndGFndA==,type:${type}]`;

/** A commented, unevenly indented file: comments everywhere, blank lines, every quoting style. */
const SAMPLE = `# Top comment
#second top comment, no space

app:   # on the key line
   name: "my app"          # double quoted
   port: 8080
   debug: false
   ratio: 1.5
   started: 2024-01-02
   nothing:
   empty: ""
   # head comment for db
   db:
     user: 'admin'
     password: s3cr3t!  # inline comment
     hosts:
       - db1.example.com
       - 'db2.example.com'
       # comment inside list
       - "db3"
     key: |
       -----BEGIN KEY-----
       abc
       -----END KEY-----
     note: |-
       two
         lines


list_no_indent:
- one
- two: 2
  three: "3"   
  # trailing in the map of the second item
# trailing comment at root
last: plain value with spaces
`;

function expectCode(f: () => unknown, code: string): void {
  try {
    f();
  } catch (e) {
    expect(isHushError(e)).toBe(true);
    expect((e as { code: string }).code).toBe(code);
    return;
  }
  throw new Error("expected a HushError " + code);
}

describe("yaml store: reading", () => {
  it("should read the sample with the fast scanner and give sops leaves, types and comment paths", () => {
    expect(yamlParserFor(SAMPLE)).toBe("fast");
    const doc = yamlStore.parse(SAMPLE);
    const got = walk(doc).map(
      (f) => `${f.kind} ${f.path} ${f.type ?? ""} ${JSON.stringify(f.text)}`,
    );
    expect(got).toEqual([
      'comment   " Top comment"',
      'comment   "second top comment, no space"',
      'comment   " on the key line"',
      'comment app:  " double quoted"',
      'leaf app:name: str "my app"',
      'leaf app:port: int "8080"',
      'leaf app:debug: bool "False"',
      'leaf app:ratio: float "1.5"',
      'leaf app:started: time "2024-01-02T00:00:00Z"',
      'null app:nothing:  ""',
      'leaf app:empty: str ""',
      'comment app:  " head comment for db"',
      'leaf app:db:user: str "admin"',
      'comment app:db:  " inline comment"',
      'leaf app:db:password: str "s3cr3t!"',
      'leaf app:db:hosts: str "db1.example.com"',
      'leaf app:db:hosts: str "db2.example.com"',
      'comment app:db:hosts:  " comment inside list"',
      'leaf app:db:hosts: str "db3"',
      'leaf app:db:key: str "-----BEGIN KEY-----\\nabc\\n-----END KEY-----\\n"',
      'leaf app:db:note: str "two\\n  lines"',
      'leaf list_no_indent: str "one"',
      'leaf list_no_indent:two: int "2"',
      'leaf list_no_indent:three: str "3"',
      'comment list_no_indent:  " trailing in the map of the second item"',
      'comment   " trailing comment at root"',
      'leaf last: str "plain value with spaces"',
    ]);
    expect(doc.metadata).toBeUndefined();
    expect(doc.serialize()).toBe(SAMPLE);
  });

  it("should build the same tree with the fast scanner and with the yaml package", () => {
    const texts = [
      SAMPLE,
      "a: 1\n---\n# c\nb: [x]\n",
      "k: |+\n  keep\n\n\nz: 1\n",
      "x:\n  - - 1\n",
    ];
    if (hasFixture) texts.push(readFileSync(fixture, "utf8"));
    for (const t of texts) expect(dump(yamlStore.parse(t))).toEqual(dump(parseYamlWithCst(t)));
  });

  it("should resolve plain scalars like go-yaml v3", () => {
    const cases: [string, string, string][] = [
      ["12", "int", "12"],
      ["-7", "int", "-7"],
      ["+5", "int", "+5"],
      ["0x1F", "int", "31"],
      ["0o17", "int", "15"],
      ["017", "int", "15"],
      ["0b101", "int", "5"],
      ["1_000", "int", "1000"],
      ["08", "float", "08"],
      ["1.0", "float", "1.0"],
      ["1e3", "float", "1e3"],
      [".5", "float", ".5"],
      ["1234.5678e+06", "float", "1234.5678e+06"],
      ["1e21", "float", "1e21"],
      ["1_000.5", "float", "1000.5"],
      ["1e400", "str", "1e400"],
      [".inf", "float", "+Inf"],
      ["-.Inf", "float", "-Inf"],
      [".nan", "float", "NaN"],
      ["true", "bool", "True"],
      ["FALSE", "bool", "False"],
      ["yes", "str", "yes"],
      ["off", "str", "off"],
      ["2024-01-02", "time", "2024-01-02T00:00:00Z"],
      ["2024-1-2T3:04:05.500Z", "time", "2024-01-02T03:04:05.5Z"],
      ["2006-01-02T15:04:05+07:00", "time", "2006-01-02T15:04:05+07:00"],
      ["2024-01-02 10:00:00", "time", "2024-01-02T10:00:00Z"],
      ["2024-02-30", "str", "2024-02-30"],
      ["9223372036854775807", "int", "9223372036854775807"],
      ["-9223372036854775808", "int", "-9223372036854775808"],
      ["99999999999999999999", "float", "99999999999999999999"],
      ["1:20", "str", "1:20"],
      ["<<", "str", "<<"],
      ["0x", "str", "0x"],
    ];
    for (const [src, type, text] of cases) {
      const fast = yamlStore.parse(`v: ${src}\n`);
      const slow = parseYamlWithCst(`v: ${src}\n`);
      for (const d of [fast, slow])
        expect([src, walk(d)[0]?.type, walk(d)[0]?.text]).toEqual([src, type, text]);
    }
    for (const n of ["~", "null", "NULL", ""])
      expect(walk(yamlStore.parse(`v: ${n}\n`))[0]?.kind).toBe("null");
    expect(walk(yamlStore.parse(`v: "12"\n`))[0]?.type).toBe("str");
  });

  it("should read multi-document files as one branch each, an empty document as an empty map", () => {
    const doc = yamlStore.parse("a: 1\n---\n---\n# only a comment\n---\nb: 2\n");
    expect(doc.branches.map((b) => b.items.length)).toEqual([1, 0, 1, 1]);
    expect(yamlStore.parse("").branches).toHaveLength(1);
    expect(yamlStore.parse("--- \na: 1\n").branches).toHaveLength(1);
  });

  it("should keep merge keys as plain keys and resolve aliases to scalars", () => {
    const doc = parseYamlWithCst("a: &x hello\nb: *x\n");
    expect(walk(doc).map((f) => [f.path, f.text])).toEqual([
      ["a:", "hello"],
      ["b:", "hello"],
    ]);
    expectCode(() => yamlStore.parse("base: &b {x: 1}\nother:\n  <<: *b\n"), "ERR_FORMAT");
    const merge = yamlStore.parse("<<: 1\n");
    expect(walk(merge)[0]?.path).toBe("<<:");
  });

  it("should read flow collections, folded and multi-line scalars and tags through the yaml package", () => {
    const src =
      "a: [1, 'two', {b: 3}] # flow\nf: >\n  folded\n  text\nm: multi\n  line\nt: !!str 12\ns: !env X\n";
    expect(yamlParserFor(src)).toBe("cst");
    const doc = yamlStore.parse(src);
    expect(walk(doc).map((f) => [f.kind, f.path, f.type ?? "", f.text])).toEqual([
      ["comment", "", "", " flow"],
      ["leaf", "a:", "int", "1"],
      ["leaf", "a:", "str", "two"],
      ["leaf", "a:b:", "int", "3"],
      ["leaf", "f:", "str", "folded text\n"],
      ["leaf", "m:", "str", "multi line"],
      ["leaf", "t:", "str", "12"],
      ["leaf", "s:", "str", "X"],
    ]);
  });
});

describe("yaml store: errors", () => {
  it("should reject keys that are not strings, naming where", () => {
    for (const src of [
      "1: a\n",
      "true: x\n",
      "null: y\n",
      "a:\n  2024-01-01: x\n",
      "a: {1: x}\n",
    ]) {
      expectCode(() => yamlStore.parse(src), "ERR_FORMAT");
    }
    try {
      yamlStore.parse("outer:\n  inner:\n    3: x\n");
    } catch (e) {
      expect((e as Error).message).toContain("outer.inner");
    }
  });

  it("should reject documents that are not mappings, ints beyond int64, duplicates and broken yaml", () => {
    const bad = [
      "- a\n- b\n",
      "just a string\n",
      "a: 9223372036854775808\n",
      "a: 1\na: 2\n",
      "a: [1, 2\n",
      "a: 'unterminated\n",
      "a: b: c\n",
      "? complex\n: key\n",
    ];
    for (const src of bad) expectCode(() => yamlStore.parse(src), "ERR_FORMAT");
  });

  it("should never put values from the file in an error message", () => {
    try {
      yamlStore.parse("a: 'supersecret\nb: [x\n");
      throw new Error("no error");
    } catch (e) {
      expect((e as Error).message).not.toContain("supersecret");
    }
  });
});

describe("yaml store: writing values in place", () => {
  for (const [name, src] of [
    ["the fast scanner", SAMPLE],
    ["the yaml package", SAMPLE + "flow: [a, 'b', {c: d}] # flow comment\n"],
  ] as const) {
    it(`should give the text back byte for byte after ENC and back (${name})`, () => {
      const doc = yamlStore.parse(src);
      const all = walk(doc);
      const originals = all.map((f) => (f.node ? { ...f.node.value } : f.text));
      let i = 0;
      for (const f of all) {
        if (f.node) f.node.set({ type: "str", text: enc(i++, f.node.value.type) });
        if (f.comment) f.comment.set(enc(i++, "comment"));
      }
      const encrypted = doc.serialize();
      // Every value and comment changed; the structure and the other lines did not.
      const again = yamlStore.parse(encrypted);
      const after = walk(again);
      expect(after.map((f) => [f.kind, f.path])).toEqual(all.map((f) => [f.kind, f.path]));
      expect(
        after.filter((f) => f.kind !== "null").every((f) => f.text.startsWith("ENC[AES256_GCM,")),
      ).toBe(true);
      expect(encrypted).toContain("app:   #ENC[");
      all.forEach((f, k) => {
        const o = originals[k]!;
        if (f.node && typeof o === "object") f.node.set(o);
        if (f.comment && typeof o === "string") f.comment.set(o);
      });
      expect(doc.serialize()).toBe(src);
    });
  }

  it("should change exactly the line of the value that changed", () => {
    const doc = yamlStore.parse(SAMPLE);
    const pw = leaves(doc).find((l) => l.path === "app:db:password:")!;
    pw.node.set({ type: "str", text: "n3w-p4ss" });
    const out = doc.serialize();
    expect(changedLines(SAMPLE, out)).toEqual([15]);
    expect(out.split("\n")[14]).toBe("     password: n3w-p4ss  # inline comment");
    const key = leaves(doc).find((l) => l.path === "app:db:key:")!;
    key.node.set({ type: "str", text: "-----BEGIN KEY-----\nxyz\n-----END KEY-----\n" });
    expect(changedLines(SAMPLE, doc.serialize())).toEqual([15, 23]);
  });

  it("should round-trip through a fresh parse: encrypt, write, read, decrypt gives the original text", () => {
    const first = yamlStore.parse(SAMPLE);
    const all = walk(first).filter((f) => f.kind !== "null");
    const plain = all.map((f) =>
      f.node ? { ...f.node.value } : { type: "comment", text: f.text },
    );
    let i = 0;
    for (const f of all) {
      if (f.node) f.node.set({ type: "str", text: enc(i++, f.node.value.type) });
      else f.comment!.set(enc(i++, "comment"));
    }
    const second = yamlStore.parse(first.serialize());
    const enc2 = walk(second).filter((f) => f.kind !== "null");
    enc2.forEach((f, k) => {
      const p = plain[k]!;
      if (f.node) f.node.set(p as { type: "str"; text: string });
      else f.comment!.set(p.text);
    });
    expect(second.serialize()).toBe(SAMPLE);
  });

  it("should write decrypted values with their type and quote strings only when needed", () => {
    const cases: [
      string,
      { type: "str" | "int" | "float" | "bool" | "time"; text: string },
      string,
    ][] = [
      ["v: x\n", { type: "int", text: "42" }, "v: 42\n"],
      ["v: x\n", { type: "float", text: "1234568000" }, "v: 1234568000.0\n"],
      ["v: x\n", { type: "float", text: "0.5" }, "v: 0.5\n"],
      ["v: x\n", { type: "float", text: "+Inf" }, "v: .inf\n"],
      ["v: x\n", { type: "bool", text: "True" }, "v: true\n"],
      ["v: x\n", { type: "time", text: "2024-01-02T00:00:00Z" }, "v: 2024-01-02\n"],
      ["v: x\n", { type: "time", text: "2024-01-02T03:04:05Z" }, "v: 2024-01-02T03:04:05Z\n"],
      ["v: x\n", { type: "str", text: "123" }, 'v: "123"\n'],
      ["v: x\n", { type: "str", text: "yes" }, 'v: "yes"\n'],
      ["v: x\n", { type: "str", text: "null" }, 'v: "null"\n'],
      ["v: x\n", { type: "str", text: "" }, 'v: ""\n'],
      ["v: x\n", { type: "str", text: "a: b" }, "v: 'a: b'\n"],
      ["v: x\n", { type: "str", text: "it's # here" }, "v: 'it''s # here'\n"],
      ["v: x\n", { type: "str", text: "tab\there" }, 'v: "tab\\there"\n'],
      ["v: x # c\n", { type: "str", text: "l1\nl2\n" }, "v: | # c\n  l1\n  l2\n"],
      ["v: x\n", { type: "str", text: "l1\nl2" }, "v: |-\n  l1\n  l2\n"],
      ["v: x\n", { type: "str", text: "l1\n\n" }, "v: |+\n  l1\n\n"],
      ["v: x\n\nw: 1\n", { type: "str", text: "l1\n\n" }, 'v: "l1\\n\\n"\n\nw: 1\n'],
      ["v: x\n", { type: "str", text: "  indented\nl2\n" }, "v: |2\n    indented\n  l2\n"],
      ["v: x", { type: "str", text: "l1\nl2\n" }, "v: |\n  l1\n  l2\n"],
      ["a:\n    v: x\n", { type: "str", text: "l1\n" }, "a:\n    v: |\n        l1\n"],
      ["v: 'x'\n", { type: "str", text: "plain" }, "v: 'plain'\n"],
      ['v: "x"\n', { type: "str", text: "l1\nl2" }, 'v: "l1\\nl2"\n'],
      ["v: |\n  old\n  text\nw: 1\n", { type: "str", text: enc(1) }, `v: ${enc(1)}\nw: 1\n`],
      ["v: [x, y]\n", { type: "str", text: enc(1) }, `v: ['${enc(1)}', y]\n`],
      ['v: ["x", y]\n', { type: "str", text: enc(1) }, `v: ["${enc(1)}", y]\n`],
      ["v: [x, y]\n", { type: "str", text: "a\nb" }, `v: ["a\\nb", y]\n`],
      ["- x\n", { type: "str", text: "1" }, ""],
    ];
    for (const [src, value, want] of cases.slice(0, -1)) {
      const doc = yamlStore.parse(src);
      leaves(doc)[0]!.node.set(value);
      const out = doc.serialize();
      expect([src, value.text, out]).toEqual([src, value.text, want]);
      // What was written reads back as the same value.
      // (A float YAML would read as an int gains ".0", the one place a number's text changes.)
      const back = leaves(yamlStore.parse(out))[0]!.node.value;
      const text = value.text === "1234568000" ? "1234568000.0" : value.text;
      expect([back.type, back.text]).toEqual([value.type, text]);
    }
  });

  it("should keep an application's tag and !!str in front of a value it writes, and refuse to change a !!binary one", () => {
    const src = "t: !!str 12\nr: !Ref 42\nb: !!binary aGk=\n";
    const doc = yamlStore.parse(src);
    expect(walk(doc).map((f) => [f.type, f.text])).toEqual([
      ["str", "12"],
      ["str", "42"],
      ["str", "hi"],
    ]);
    const [t, r, b] = leaves(doc);
    t!.node.set({ type: "str", text: enc(1) });
    r!.node.set({ type: "str", text: enc(2) });
    expect(() => b!.node.set({ type: "str", text: enc(3) })).toThrow(/!!binary value b \(line 3\)/);
    expect(doc.serialize()).toBe(`t: !!str ${enc(1)}\nr: !Ref ${enc(2)}\nb: !!binary aGk=\n`);
    const again = yamlStore.parse(doc.serialize());
    const [t2, r2] = leaves(again);
    t2!.node.set({ type: "str", text: "12" });
    r2!.node.set({ type: "str", text: "42" });
    expect(again.serialize()).toBe(src);
  });

  it("should write comments back as #<text>", () => {
    const doc = yamlStore.parse("a: 1 # c\n# own line\nb: 2\n");
    const cs = walk(doc).filter((f) => f.kind === "comment");
    cs[0]!.comment!.set(enc(1, "comment"));
    cs[1]!.comment!.set(" replaced");
    expect(doc.serialize()).toBe(`a: 1 #${enc(1, "comment")}\n# replaced\nb: 2\n`);
  });
});

describe.skipIf(!hasFixture)(
  "yaml store: the sops 3.7.1 fixture (getsops-sops-pr1031/example.yaml)",
  () => {
    const text = hasFixture ? readFileSync(fixture, "utf8") : "";

    it("should give the leaves, types and comments the fixture README lists", () => {
      expect(yamlParserFor(text)).toBe("fast");
      const doc = yamlStore.parse(text);
      const typeOf = (s: string): string => /type:(\w+)\]$/.exec(s)?.[1] ?? "plain";
      const got = walk(doc).map((f) => [f.kind, f.path, f.kind === "leaf" ? typeOf(f.text) : ""]);
      expect(got).toEqual([
        ["leaf", "myapp1:", "str"],
        ["leaf", "app2:db:user:", "str"],
        ["leaf", "app2:db:password:", "str"],
        ["comment", "app2:db:", ""],
        ["leaf", "app2:key:", "str"],
        ["leaf", "number:", "float"],
        ...Array.from({ length: 4 }, () => ["leaf", "an_array:", "str"]),
        ["leaf", "somebooleans:", "bool"],
        ["leaf", "somebooleans:", "bool"],
        ["leaf", "this:is:a:nested:value:", "str"],
        ["comment", "this:is:a:nested:", ""],
        ["comment", "this:is:a:nested:", ""],
        ["comment", "this:is:a:nested:", ""],
        ...Array.from({ length: 3 }, () => ["leaf", "somelist_unencrypted:", "plain"]),
        ["leaf", "nested_unencrypted:this:is:all:", "plain"],
      ]);
      const plain = walk(doc).filter((f) => f.kind === "leaf" && !f.text.startsWith("ENC["));
      expect(plain.map((f) => f.text)).toEqual([
        "all elements of this list",
        "remain in clear text",
        "because of the _encrypted suffix in the key",
        "going to remain in clear text",
      ]);
      expect(
        walk(doc)
          .filter((f) => f.kind === "comment")
          .every((f) => f.text.startsWith("ENC[AES256_GCM,")),
      ).toBe(true);
      expect(doc.branches[0]!.items.some((i) => i.kind === "entry" && i.key === "sops")).toBe(
        false,
      );
    });

    it("should give the metadata block as plain data", () => {
      const m = yamlStore.parse(text).metadata!;
      expect(Object.keys(m)).toEqual([
        "kms",
        "gcp_kms",
        "azure_kv",
        "hc_vault",
        "age",
        "lastmodified",
        "mac",
        "pgp",
        "unencrypted_suffix",
        "version",
      ]);
      expect(m.kms).toEqual([]);
      expect(m.lastmodified).toBe("2022-03-15T22:11:15Z");
      expect(m.version).toBe("3.7.1");
      const age = m.age as { recipient: string; enc: string }[];
      expect(age.map((a) => a.recipient)).toEqual([
        "age1yt3tfqlfrwdwx0z0ynwplcr6qxcxfaqycuprpmy89nr83ltx74tqdpszlw",
        "age1tmaae3ld5vpevmsh5yacsauzx8jetg300mpvc4ugp5zr5l6ssq9sla97ep",
      ]);
      expect(age[0]!.enc).toMatch(
        /^-----BEGIN AGE ENCRYPTED FILE-----\n[\s\S]+\n-----END AGE ENCRYPTED FILE-----\n$/,
      );
      expect(String(m.mac)).toMatch(/^ENC\[AES256_GCM,data:dwrq/);
    });

    it("should remove the block, or rewrite it in the 3.13 layout leaving the rest untouched", () => {
      const head = text.slice(0, text.indexOf("sops:\n"));
      const doc = yamlStore.parse(text);
      const m = doc.metadata!;
      doc.setMetadata(undefined);
      expect(doc.serialize()).toBe(head);
      doc.setMetadata({ ...m, kms: undefined });
      const out = doc.serialize();
      expect(
        out.startsWith(
          head +
            "sops:\n    age:\n        - enc: |\n            -----BEGIN AGE ENCRYPTED FILE-----\n",
        ),
      ).toBe(true);
      expect(out).toContain(
        "\n          recipient: age1tmaae3ld5vpevmsh5yacsauzx8jetg300mpvc4ugp5zr5l6ssq9sla97ep\n",
      );
      expect(
        out.endsWith(
          '    lastmodified: "2022-03-15T22:11:15Z"\n' +
            `    mac: ${String(m.mac)}\n    pgp: []\n    unencrypted_suffix: _unencrypted\n    version: 3.7.1\n`,
        ),
      ).toBe(true);
      expect(yamlStore.parse(out).metadata).toEqual({ ...m, kms: null });
    });
  },
);

describe("yaml store: writing the sops metadata", () => {
  const ENC_ARMOR =
    "-----BEGIN AGE ENCRYPTED FILE-----\nYWdlLWVuY3J5cHRpb24ub3JnL3YxCi0+IFgyNTUxOSBOcUlPTGtUY2R1Si9SUnpN\n-----END AGE ENCRYPTED FILE-----\n";
  const META = {
    version: "3.13.2",
    mac: enc(9),
    lastmodified: "2026-05-22T20:16:23Z",
    unencrypted_suffix: "_unencrypted",
    age: [
      {
        recipient: "age1yt3tfqlfrwdwx0z0ynwplcr6qxcxfaqycuprpmy89nr83ltx74tqdpszlw",
        enc: ENC_ARMOR,
      },
    ],
  };
  const BLOCK4 = [
    "sops:",
    "    age:",
    "        - enc: |",
    "            -----BEGIN AGE ENCRYPTED FILE-----",
    "            YWdlLWVuY3J5cHRpb24ub3JnL3YxCi0+IFgyNTUxOSBOcUlPTGtUY2R1Si9SUnpN",
    "            -----END AGE ENCRYPTED FILE-----",
    "          recipient: age1yt3tfqlfrwdwx0z0ynwplcr6qxcxfaqycuprpmy89nr83ltx74tqdpszlw",
    '    lastmodified: "2026-05-22T20:16:23Z"',
    `    mac: ${enc(9)}`,
    "    unencrypted_suffix: _unencrypted",
    "    version: 3.13.2",
    "",
  ].join("\n");

  it("should append the block at the end in the sops 3.13 layout and read it back", () => {
    const doc = yamlStore.parse("foo: bar\n# trailing\n\n");
    doc.setMetadata(META);
    const out = doc.serialize();
    expect(out).toBe("foo: bar\n# trailing\n" + BLOCK4 + "\n");
    const back = yamlStore.parse(out);
    expect(back.metadata).toEqual(META);
    expect(walk(back).map((f) => f.kind)).toEqual(["leaf", "comment"]);
    back.setMetadata(undefined);
    expect(back.serialize()).toBe("foo: bar\n# trailing\n\n");
  });

  it("should follow the file's indentation step and add a missing final newline", () => {
    const doc = yamlStore.parse("a:\n  b: 1");
    doc.setMetadata(META);
    const out = doc.serialize();
    expect(out.startsWith("a:\n  b: 1\nsops:\n  age:\n    - enc: |\n        -----BEGIN AGE")).toBe(
      true,
    );
    expect(yamlStore.parse(out).metadata).toEqual(META);
  });

  it("should write the block into every document of a multi-document file", () => {
    const doc = yamlStore.parse("a: 1\n---\nb: 2\n...\n---\n# empty\n");
    doc.setMetadata(META);
    const out = doc.serialize();
    expect(out.split("\nsops:\n").length - 1 + (out.startsWith("sops:\n") ? 1 : 0)).toBe(3);
    const back = yamlStore.parse(out);
    expect(back.branches).toHaveLength(3);
    expect(back.metadata).toEqual(META);
    for (const b of back.branches)
      expect(b.items.some((i) => i.kind === "entry" && i.key === "sops")).toBe(false);
    back.setMetadata(undefined);
    expect(back.serialize()).toBe("a: 1\n---\nb: 2\n...\n---\n# empty\n");
  });

  it("should put the block before a document end marker", () => {
    const src = "a: 1\n... # end\n---\nb: 2\n";
    const doc = yamlStore.parse(src);
    doc.setMetadata({ version: "3.13.2" });
    const out = doc.serialize();
    expect(out).toBe(
      "a: 1\nsops:\n    version: 3.13.2\n... # end\n---\nb: 2\nsops:\n    version: 3.13.2\n",
    );
    const back = yamlStore.parse(out);
    expect(back.branches).toHaveLength(2);
    back.setMetadata(undefined);
    expect(back.serialize()).toBe(src);
  });

  it("should sort keys at every level and quote what would read as another type", () => {
    const doc = yamlStore.parse("x: 1\n");
    doc.setMetadata({
      shamir_threshold: 2,
      key_groups: [{ hc_vault: [], age: [{ recipient: "age1abc", enc: "E\n" }] }],
      encrypted_regex: "^(data|stringData)$",
      mac_only_encrypted: true,
      version: "3.13.2",
    });
    expect(doc.serialize()).toBe(
      [
        "x: 1",
        "sops:",
        "    encrypted_regex: ^(data|stringData)$",
        "    key_groups:",
        "        - age:",
        "              - enc: |",
        "                    E",
        "                recipient: age1abc",
        "          hc_vault: []",
        "    mac_only_encrypted: true",
        "    shamir_threshold: 2",
        "    version: 3.13.2",
        "",
      ].join("\n"),
    );
  });

  it("should put the block inside a flow root mapping", () => {
    const doc = yamlStore.parse("{a: 1, b: [2]}\n");
    doc.setMetadata(META);
    const back = yamlStore.parse(doc.serialize());
    expect(back.metadata).toEqual(META);
    expect(walk(back).map((f) => f.path)).toEqual(["a:", "b:"]);
  });
});

describe("yaml store: line breaks and tabs", () => {
  it("should keep CRLF line breaks in what it writes", () => {
    const src = "# top\r\na: 1 # c\r\nb:\r\n  c: |\r\n    x\r\n    y\r\n  d: 'q'\r\n";
    const doc = yamlStore.parse(src);
    const all = walk(doc);
    expect(all.map((f) => f.text)).toEqual([" top", " c", "1", "x\ny\n", "q"]);
    const plain = all.map((f) => (f.node ? { ...f.node.value } : f.text));
    all.forEach((f, i) =>
      f.node ? f.node.set({ type: "str", text: enc(i) }) : f.comment!.set(enc(i, "comment")),
    );
    doc.setMetadata({ version: "3.13.2", age: [{ enc: "a\nb\n", recipient: "r" }] });
    const out = doc.serialize();
    expect(out.replaceAll("\r\n", "")).not.toContain("\n");
    const again = yamlStore.parse(out);
    expect(again.metadata).toEqual({ version: "3.13.2", age: [{ enc: "a\nb\n", recipient: "r" }] });
    walk(again).forEach((f, i) => {
      const p = plain[i]!;
      if (f.node && typeof p === "object") f.node.set(p);
      if (f.comment && typeof p === "string") f.comment.set(p);
    });
    again.setMetadata(undefined);
    expect(again.serialize()).toBe(src);
  });

  it("should read files with tabs in values through the yaml package and write them back", () => {
    const src = "a:\tx\nb: 'tab\there'\n";
    expect(yamlParserFor(src)).toBe("cst");
    const doc = yamlStore.parse(src);
    expect(walk(doc).map((f) => f.text)).toEqual(["x", "tab\there"]);
    leaves(doc)[1]!.node.set({ type: "str", text: enc(1) });
    leaves(doc)[1]!.node.set({ type: "str", text: "tab\there" });
    expect(doc.serialize()).toBe(src);
  });
});
