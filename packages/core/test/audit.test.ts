import { createHash, createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { fc, test as fcTest } from "@fast-check/vitest";
import { auditMac, chainHead, chainRecord, verifyChain } from "../src/audit.js";
import { isHushError } from "../src/errors.js";

const GENESIS = "0".repeat(64);

/** A log of `n` records, one line each, with a trailing newline. */
function buildLog(n: number): string[] {
  const lines: string[] = [];
  let head: { seq: number; hash: string } | undefined;
  for (let i = 0; i < n; i++) {
    const r = chainRecord(
      { time: `2026-11-25T18:00:0${i}Z`, outcome: "success", files: [`f${i}.yaml`] },
      head,
    );
    lines.push(r.line);
    head = { seq: r.seq, hash: r.hash };
  }
  return lines;
}
const text = (lines: string[]): string => lines.map((l) => `${l}\n`).join("");

describe("chainRecord", () => {
  it("should start a chain at seq 0 linked to the genesis hash", () => {
    const r = chainRecord({ a: 1 }, undefined);
    const rec = JSON.parse(r.line) as Record<string, unknown>;
    expect(r.seq).toBe(0);
    expect(rec).toMatchObject({ a: 1, seq: 0, prev: GENESIS, hash: r.hash });
  });

  it("should hash the canonical JSON (sorted keys) of the record without its hash", () => {
    const r = chainRecord({ b: { y: 2, x: [1, "é"] }, a: null }, undefined);
    const canonical = `{"a":null,"b":{"x":[1,"é"],"y":2},"prev":"${GENESIS}","seq":0}`;
    expect(r.hash).toBe(createHash("sha256").update(canonical).digest("hex"));
    expect(r.line).toBe(
      `{"a":null,"b":{"x":[1,"é"],"y":2},"hash":"${r.hash}","prev":"${GENESIS}","seq":0}`,
    );
  });

  it("should link each record to the previous one's hash and number it", () => {
    const first = chainRecord({ n: 1 }, undefined);
    const second = chainRecord({ n: 2 }, first);
    expect(JSON.parse(second.line)).toMatchObject({ seq: 1, prev: first.hash });
  });

  it("should refuse fields that the chain owns", () => {
    for (const name of ["seq", "prev", "hash"]) {
      try {
        chainRecord({ [name]: 1 }, undefined);
        expect.unreachable();
      } catch (e) {
        expect(isHushError(e) && e.code).toBe("ERR_AUDIT");
      }
    }
  });
});

describe("chainHead", () => {
  it("should be undefined for an empty log and the last record otherwise", () => {
    expect(chainHead("")).toBeUndefined();
    expect(chainHead("\n\n")).toBeUndefined();
    const lines = buildLog(3);
    const last = JSON.parse(lines[2]!) as { seq: number; hash: string };
    expect(chainHead(text(lines))).toEqual({ seq: 2, hash: last.hash });
  });

  it("should throw ERR_AUDIT when the last line is not a record", () => {
    expect(() => chainHead(`${text(buildLog(1))}garbage\n`)).toThrow(/line 2/);
  });
});

describe("verifyChain", () => {
  it("should accept an intact chain appended record by record", () => {
    const result = verifyChain(text(buildLog(5)));
    expect(result).toEqual({ ok: true, records: 5, problems: [], macs: 0 });
  });

  it("should accept an empty log", () => {
    expect(verifyChain("")).toEqual({ ok: true, records: 0, problems: [], macs: 0 });
  });

  it("should accept a record re-serialised with other key order and spacing", () => {
    const lines = buildLog(2);
    const rec = JSON.parse(lines[1]!) as Record<string, unknown>;
    const reordered = Object.fromEntries(Object.entries(rec).reverse());
    lines[1] = JSON.stringify(reordered, null, 0).replace(/,/g, ", ");
    expect(verifyChain(text(lines)).ok).toBe(true);
  });

  it("should detect an edited record", () => {
    const lines = buildLog(4);
    lines[2] = lines[2]!.replace('"success"', '"failure"');
    const result = verifyChain(text(lines));
    expect(result.ok).toBe(false);
    expect(result.problems).toEqual([expect.objectContaining({ line: 3, kind: "edited" })]);
  });

  it("should detect a deleted record", () => {
    const lines = buildLog(4);
    lines.splice(1, 1);
    const result = verifyChain(text(lines));
    expect(result.ok).toBe(false);
    expect(result.problems).toEqual([
      expect.objectContaining({ line: 2, kind: "deleted-or-reordered" }),
    ]);
  });

  it("should detect two swapped records", () => {
    const lines = buildLog(4);
    [lines[1], lines[2]] = [lines[2]!, lines[1]!];
    const result = verifyChain(text(lines));
    expect(result.ok).toBe(false);
    expect(result.problems.map((p) => p.kind)).toEqual([
      "deleted-or-reordered",
      "deleted-or-reordered",
      "deleted-or-reordered",
    ]);
    expect(result.problems.map((p) => p.line)).toEqual([2, 3, 4]);
  });

  it("should detect a deleted first record as a bad genesis", () => {
    const lines = buildLog(3);
    lines.shift();
    expect(verifyChain(text(lines)).problems).toEqual([
      expect.objectContaining({ line: 1, kind: "bad-genesis" }),
    ]);
  });

  it("should report malformed lines with their line number and keep checking the rest", () => {
    const lines = buildLog(2);
    lines.splice(1, 0, "{not json", '{"seq":"x"}');
    const result = verifyChain(text(lines));
    expect(result.records).toBe(2);
    expect(result.problems).toEqual([
      expect.objectContaining({ line: 2, kind: "malformed" }),
      expect.objectContaining({ line: 3, kind: "malformed" }),
    ]);
  });

  it("should detect a forged record whose hash was recomputed but whose successor still links to the old one", () => {
    const lines = buildLog(3);
    const rec = JSON.parse(lines[1]!) as Record<string, unknown>;
    const { hash: _h, seq: _s, prev: _p, ...fields } = rec;
    const first = JSON.parse(lines[0]!) as { seq: number; hash: string };
    lines[1] = chainRecord({ ...fields, outcome: "forged" }, first).line;
    expect(verifyChain(text(lines)).problems).toEqual([
      expect.objectContaining({ line: 3, kind: "deleted-or-reordered" }),
    ]);
  });

  fcTest.prop([fc.integer({ min: 2, max: 8 }), fc.nat(), fc.string({ minLength: 1 })])(
    "should detect any change to any record's fields",
    (n, at, newValue) => {
      const lines = buildLog(n);
      const i = at % n;
      const rec = JSON.parse(lines[i]!) as Record<string, unknown>;
      fc.pre(rec.outcome !== newValue);
      lines[i] = JSON.stringify({ ...rec, outcome: newValue });
      expect(verifyChain(text(lines)).ok).toBe(false);
    },
  );
});

describe("keyed records", () => {
  const key = ["k", "e", "y", "1"].join("");
  /** A log of `n` records written with `k` (or none). */
  const keyed = (n: number, k: string | undefined): string[] => {
    const out: string[] = [];
    let head: { seq: number; hash: string } | undefined;
    for (let i = 0; i < n; i++) {
      const r = chainRecord({ i }, head, k);
      out.push(r.line);
      head = r;
    }
    return out;
  };

  it("should carry HMAC-SHA-256 of the hash, outside the hash", () => {
    const r = chainRecord({ a: 1 }, undefined, key);
    const rec = JSON.parse(r.line) as Record<string, string>;
    expect(rec.mac).toBe(createHmac("sha256", key).update(r.hash).digest("hex"));
    expect(rec.mac).toBe(auditMac(key, r.hash));
    expect(r.hash).toBe(chainRecord({ a: 1 }, undefined).hash);
  });

  it("should verify with the key, and name unauthenticated and wrongly keyed records", () => {
    expect(verifyChain(text(keyed(3, key)), { key })).toMatchObject({ ok: true, macs: 3 });
    expect(verifyChain(text(keyed(3, key)))).toMatchObject({ ok: true, macs: 3 });
    const none = verifyChain(text(keyed(2, undefined)), { key });
    expect(none.problems.map((p) => [p.line, p.kind])).toEqual([
      [1, "unauthenticated"],
      [2, "unauthenticated"],
    ]);
    const other = verifyChain(text(keyed(2, "other")), { key });
    expect(other.problems.map((p) => [p.line, p.kind])).toEqual([
      [1, "wrong-key"],
      [2, "wrong-key"],
    ]);
  });

  it("should refuse a mac field from the caller and a malformed mac in the log", () => {
    expect(() => chainRecord({ mac: "x" }, undefined, key)).toThrow(/mac/);
    const bad = keyed(1, key)[0]!.replace(/"mac":"[0-9a-f]+"/, '"mac":"zz"');
    expect(verifyChain(`${bad}\n`, { key }).problems[0]?.kind).toBe("malformed");
  });
});
