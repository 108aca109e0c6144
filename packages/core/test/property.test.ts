import { fc, test } from "@fast-check/vitest";
import { describe, expect } from "vitest";
import { Document, isScalar, visit } from "yaml";
import { decrypt, encrypt, generateIdentity, type PlainValue } from "../src/index.js";
import { resolvePlain } from "../src/formats/yaml-resolve.js";

const me = await generateIdentity();

/**
 * YAML text of a tree as the `yaml` package writes it, with double quotes on the strings go-yaml v3
 * (sops's reader) would read as another type (`0_` is an int there, a string in YAML 1.2).
 */
function goYamlSafe(t: PlainValue): string {
  const doc = new Document(t);
  visit(doc, {
    Scalar(_key, node) {
      if (isScalar(node) && typeof node.value === "string") {
        const r = resolvePlain(node.value);
        if (r === null || r === "uint64" || r.type !== "str") node.type = "QUOTE_DOUBLE";
      }
    },
  });
  return doc.toString({ lineWidth: 0 });
}
const opts = { format: "json" as const, identities: [me.identity] };

// Keys that JSON.parse keeps in order (no integer-like keys), never `sops`.
const key = fc.stringMatching(/^k[a-z0-9_]{0,6}$/);
const scalar = fc.oneof(
  fc.string({ minLength: 1, maxLength: 20 }),
  fc.integer({ min: -1e12, max: 1e12 }),
  // Integers beyond int64 are rejected by the YAML store as sops does; keep doubles within range.
  fc.double({ noNaN: true, min: -1e15, max: 1e15 }).filter((d) => !Object.is(d, -0)),
  fc.boolean(),
);
const { tree } = fc.letrec<{ tree: Record<string, PlainValue>; value: PlainValue }>((t) => ({
  tree: fc.dictionary(key, t("value"), { minKeys: 1, maxKeys: 5 }),
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    scalar,
    t("tree"),
    fc.array(fc.oneof(scalar, t("tree")), { maxLength: 4 }),
  ),
}));

type Json = Record<string, unknown>;
interface Leaf {
  holder: Json | unknown[];
  at: string | number;
  aad: string;
}

/** The encrypted leaves of a parsed encrypted file, in document order. */
function leaves(doc: Json): Leaf[] {
  const out: Leaf[] = [];
  const visit = (
    holder: Json | unknown[],
    at: string | number,
    v: unknown,
    path: string[],
  ): void => {
    if (typeof v === "string" && v.startsWith("ENC["))
      out.push({ holder, at, aad: path.join(":") + ":" });
    else if (Array.isArray(v)) v.forEach((e, i) => visit(v, i, e, path));
    else if (v !== null && typeof v === "object")
      for (const [k, e] of Object.entries(v)) visit(v as Json, k, e, [...path, k]);
  };
  for (const [k, v] of Object.entries(doc)) if (k !== "sops") visit(doc, k, v, [k]);
  return out;
}

function get(l: Leaf): string {
  return (l.holder as Record<string | number, string>)[l.at]!;
}
function put(l: Leaf, v: string): void {
  (l.holder as Record<string | number, string>)[l.at] = v;
}

/** Flip one bit of one decoded byte of a base64 field. */
function flipB64(b64: string, pos: number): string {
  const b = Buffer.from(b64, "base64");
  b[pos % b.length]! ^= 1 << (pos % 8);
  return b.toString("base64");
}

function flipEnvelope(env: string, field: "data" | "iv" | "tag", pos: number): string {
  return env.replace(
    new RegExp(`(${field}:)([^,]+)`),
    (_m, p: string, v: string) => p + flipB64(v, pos),
  );
}

async function codeOf(text: string): Promise<string> {
  try {
    await decrypt(text, opts);
    return "OK";
  } catch (e) {
    return (e as { code: string }).code;
  }
}

describe("property: round trip", () => {
  test.prop([tree], { numRuns: 40 })("should decrypt any tree back to the same data", async (t) => {
    const enc = await encrypt(JSON.stringify(t, null, "\t"), {
      format: "json",
      recipients: [me.recipient],
    });
    const dec = await decrypt(enc, opts);
    expect(dec.tree).toEqual(t);
  });
});

describe("property: YAML round trip", () => {
  test.prop([tree], { numRuns: 40 })(
    "should decrypt any YAML tree back to the same data and text",
    async (t) => {
      const text = goYamlSafe(t);
      const enc = await encrypt(text, { format: "yaml", recipients: [me.recipient] });
      const dec = await decrypt(enc, { format: "yaml", identities: [me.identity] });
      expect(dec.tree).toEqual(t);
    },
  );
});

describe("property: tampering", () => {
  const encrypted = tree
    .filter((t) => JSON.stringify(t).length < 2000)
    .chain((t) =>
      fc.tuple(
        fc.constant(t),
        fc.nat(),
        fc.nat(),
        fc.constantFrom<"data" | "iv" | "tag">("data", "iv", "tag"),
      ),
    );

  test.prop([encrypted], { numRuns: 30 })(
    "should reject a flipped byte in any value with ERR_VALUE",
    async ([t, which, pos, field]) => {
      const doc = JSON.parse(
        await encrypt(JSON.stringify(t), { format: "json", recipients: [me.recipient] }),
      ) as Json;
      const ls = leaves(doc);
      fc.pre(ls.length > 0);
      const l = ls[which % ls.length]!;
      put(l, flipEnvelope(get(l), field, pos));
      expect(await codeOf(JSON.stringify(doc))).toBe("ERR_VALUE");
    },
  );

  test.prop([encrypted], { numRuns: 20 })(
    "should reject a flipped byte in the MAC with ERR_MAC",
    async ([t, , pos, field]) => {
      const doc = JSON.parse(
        await encrypt(JSON.stringify(t), { format: "json", recipients: [me.recipient] }),
      ) as Json & { sops: Json };
      doc.sops["mac"] = flipEnvelope(doc.sops["mac"] as string, field, pos);
      expect(await codeOf(JSON.stringify(doc))).toBe("ERR_MAC");
    },
  );

  test.prop([encrypted], { numRuns: 20 })(
    "should reject a flipped byte in the wrapped key with ERR_FORMAT",
    async ([t, , pos]) => {
      const doc = JSON.parse(
        await encrypt(JSON.stringify(t), { format: "json", recipients: [me.recipient] }),
      ) as Json & { sops: { age: { enc: string }[] } };
      const stanza = doc.sops.age[0]!;
      const body = stanza.enc.split("\n").slice(1, -2).join("");
      const flipped = flipB64(body, pos);
      stanza.enc = `-----BEGIN AGE ENCRYPTED FILE-----\n${flipped.match(/.{1,64}/g)!.join("\n")}\n-----END AGE ENCRYPTED FILE-----\n`;
      // The identity matches the stanza's recipient, so a failure to open it means corruption.
      expect(await codeOf(JSON.stringify(doc))).toBe("ERR_FORMAT");
    },
  );

  test.prop([encrypted], { numRuns: 30 })(
    "should reject two swapped values (ERR_VALUE across paths, ERR_MAC within a list)",
    async ([t, a, b]) => {
      const doc = JSON.parse(
        await encrypt(JSON.stringify(t), { format: "json", recipients: [me.recipient] }),
      ) as Json;
      const ls = leaves(doc);
      fc.pre(ls.length >= 2);
      const x = ls[a % ls.length]!;
      const y = ls[(a + 1 + (b % (ls.length - 1))) % ls.length]!;
      const plain = await decrypt(JSON.stringify(doc), opts);
      const vx = get(x);
      const vy = get(y);
      put(x, vy);
      put(y, vx);
      const code = await codeOf(JSON.stringify(doc));
      if (x.aad !== y.aad) expect(code).toBe("ERR_VALUE");
      else {
        // Same AAD (list items): only the MAC sees the order; equal plaintexts make the swap a no-op.
        const values = plain.values.filter((v) => v.encrypted).map((v) => v.value);
        const i = ls.indexOf(x);
        const j = ls.indexOf(y);
        expect(code).toBe(values[i] === values[j] ? "OK" : "ERR_MAC");
      }
    },
  );

  test.prop([encrypted], { numRuns: 30 })(
    "should reject a deleted value with ERR_MAC",
    async ([t, which]) => {
      const doc = JSON.parse(
        await encrypt(JSON.stringify(t), { format: "json", recipients: [me.recipient] }),
      ) as Json;
      const ls = leaves(doc);
      fc.pre(ls.length > 0);
      const l = ls[which % ls.length]!;
      if (Array.isArray(l.holder)) l.holder.splice(l.at as number, 1);
      else delete l.holder[l.at as string];
      expect(await codeOf(JSON.stringify(doc))).toBe("ERR_MAC");
    },
  );
});
