/**
 * The `git log -p` reader of `hush scan --history`: on a real repository, every line a commit
 * added is handed over once, with its own text and the line number it has in that commit's file
 * — across several hunks, runs longer than one chunk of git's output, lines whose own text starts
 * with `+`, `-` or `@@`, non-ASCII text cut anywhere by a chunk, and files without a final newline.
 */
import { afterEach, describe, expect, it } from "vitest";
import { makeRepo, type TempRepo } from "../../../test/helpers/guard-repo.js";
import { addedText, streamLog, type CommitFile } from "../src/history.js";

let repo: TempRepo | undefined;
afterEach(() => {
  repo?.cleanup();
  repo = undefined;
});

/** Lines of a file, `n` of them, each naming itself (and some awkward first characters). */
function lines(n: number, tag: string): string[] {
  const odd = ["+plus", "++double", "-minus", "@@ -1 +1 @@ hunk-like", "\\ backslash", " space"];
  return Array.from({ length: n }, (_, i) =>
    i % 97 === 5
      ? `${odd[i % odd.length]!} ${tag}${i}`
      : `${tag} line ${i} ünïcødé ${"x".repeat(i % 40)}`,
  );
}

describe("history reader", () => {
  it("should give each added line once, at its own line number in the commit's file", async () => {
    const r = (repo = makeRepo());
    const base = lines(3000, "base");
    r.write("big.txt", `${base.join("\n")}\n`);
    r.write("small.txt", "one\ntwo\nthree\n");
    expect(r.commit("base", "big.txt", "small.txt").code).toBe(0);

    // Changes in many places: single lines, short runs, one run of thousands of lines (longer
    // than a chunk of git's output), an insertion at the top and a last line with no newline.
    const next = [...base];
    next[0] = "changed first";
    for (let i = 10; i < 3000; i += 211) next[i] = `changed ${i} +++ b/fake @@ -1 +1 @@`;
    next.splice(400, 0, ...lines(2500, "inserted"));
    next.splice(100, 3);
    const bigText = `${next.join("\n")}\nno final newline ü`;
    r.write("big.txt", bigText);
    r.write("small.txt", "one\ntwo\nthree\nfour\n");
    expect(r.commit("change", "big.txt", "small.txt").code).toBe(0);

    const files: CommitFile[] = [];
    await streamLog(r.dir, [], [], (f) => files.push(f));
    const byCommit = new Map<string, string>([
      ["big.txt", bigText],
      ["small.txt", "one\ntwo\nthree\nfour\n"],
    ]);
    // The newest commit comes first; its two files.
    const newest = files.filter((f) => f.commit.sha === files[0]!.commit.sha);
    expect(newest.map((f) => f.path).sort()).toEqual(["big.txt", "small.txt"]);
    for (const f of newest) {
      const real = byCommit.get(f.path)!.split("\n");
      const { text, lineAt } = addedText(f);
      const got = text.split("\n");
      let added = 0;
      const seen = new Set<number>();
      got.forEach((t, i) => {
        const n = lineAt(i + 1);
        // A separator between runs is an empty line of the text; every other line is real.
        if (t === "" && real[n - 1] !== "") return;
        expect(real[n - 1], `${f.path} text line ${i + 1} → ${n}`).toBe(t);
        expect(seen.has(n)).toBe(false);
        seen.add(n);
        added++;
      });
      const expected = f.path === "small.txt" ? 1 : 1 + 14 + 2500 + 1;
      expect(added).toBeGreaterThanOrEqual(expected);
      expect(seen.has(real.length)).toBe(f.path === "big.txt");
    }
    // The first commit added every line of both files.
    const first = files.filter((f) => f.commit.sha !== files[0]!.commit.sha);
    const firstBig = addedText(first.find((f) => f.path === "big.txt")!);
    expect(firstBig.text).toBe(base.join("\n"));
    expect(firstBig.lineAt(3000)).toBe(3000);
  });
});
