import { describe, expect, it } from "vitest";
import { escapeHtml, writeJobSummary, type SummaryBuilder } from "../src/summary.js";

/** A builder that records what the actions' `core.summary` would be given. */
function recorder(): SummaryBuilder & { calls: unknown[][]; written: number } {
  const b = {
    calls: [] as unknown[][],
    written: 0,
    addHeading: (...a: unknown[]) => (b.calls.push(["heading", ...a]), b),
    addRaw: (...a: unknown[]) => (b.calls.push(["raw", ...a]), b),
    addTable: (...a: unknown[]) => (b.calls.push(["table", ...a]), b),
    addList: (...a: unknown[]) => (b.calls.push(["list", ...a]), b),
    write: () => {
      b.written++;
      return Promise.resolve(b);
    },
  };
  return b;
}

describe("job summary", () => {
  it("should escape markup and table pipes", () => {
    expect(escapeHtml(`<img src=x onerror="a('b')"> & a|b`)).toBe(
      "&lt;img src=x onerror=&quot;a(&#39;b&#39;)&quot;&gt; &amp; a&#124;b",
    );
  });

  it("should write heading, intro, a table with a header row, and notes, once", async () => {
    const b = recorder();
    await writeJobSummary(b, {
      heading: "hush <scan>",
      intro: "2 commits",
      columns: ["file", "line"],
      rows: [["<code>a</code>", "1"]],
      notes: ["n"],
    });
    expect(b.calls).toEqual([
      ["heading", "hush &lt;scan&gt;", 3],
      ["raw", "<p>2 commits</p>", true],
      [
        "table",
        [
          [
            { data: "file", header: true },
            { data: "line", header: true },
          ],
          ["<code>a</code>", "1"],
        ],
      ],
      ["list", ["n"]],
    ]);
    expect(b.written).toBe(1);
    const empty = recorder();
    await writeJobSummary(empty, { heading: "h", columns: ["a"], rows: [] });
    expect(empty.calls).toEqual([["heading", "h", 3]]);
  });
});
