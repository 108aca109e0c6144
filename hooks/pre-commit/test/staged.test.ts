import { afterEach, describe, expect, it } from "vitest";
import { makeRepo, type TempRepo } from "../../../test/helpers/guard-repo.js";
import { parseAddedLines, readBlobs, readStagedChanges, unquotePath } from "../src/staged.js";

let repo: TempRepo | undefined;
afterEach(() => {
  repo?.cleanup();
  repo = undefined;
});

function withRepo(): TempRepo {
  repo = makeRepo();
  return repo;
}

describe("staged plumbing", () => {
  it("should list staged files on the first commit (no HEAD yet) with their blob ids", async () => {
    const r = withRepo();
    r.write("a.txt", "one\ntwo\n");
    r.write("dir/b c.txt", "x\n");
    r.git("add", ".");
    const changes = await readStagedChanges(r.dir);
    expect(changes.files.map((f) => [f.path, f.status]).sort()).toEqual([
      ["a.txt", "A"],
      ["dir/b c.txt", "A"],
    ]);
    expect(changes.files.every((f) => /^[0-9a-f]{40}$/.test(f.blob))).toBe(true);
  });

  it("should give the new line numbers of added lines only", async () => {
    const r = withRepo();
    r.write("f.txt", ["l1", "l2", "l3", "l4", "l5"].join("\n") + "\n");
    expect(r.commit("init", "f.txt").code).toBe(0);
    r.write("f.txt", ["l1", "NEW-A", "l3", "l4", "l5", "NEW-B", "NEW-C"].join("\n") + "\n");
    r.git("add", "f.txt");
    const changes = await readStagedChanges(r.dir);
    expect([...(changes.added.get("f.txt") ?? [])].sort((a, b) => a - b)).toEqual([2, 6, 7]);
  });

  it("should read the staged blob, not the working copy, in both directions", async () => {
    const r = withRepo();
    r.write("s.txt", "staged content\n");
    r.git("add", "s.txt");
    r.write("s.txt", "working content\n");
    const changes = await readStagedChanges(r.dir);
    const blob = changes.files[0]?.blob ?? "";
    const blobs = await readBlobs(r.dir, [blob, ":s.txt", ":missing.txt"]);
    expect(blobs.get(blob)?.toString()).toBe("staged content\n");
    expect(blobs.get(":s.txt")?.toString()).toBe("staged content\n");
    expect(blobs.has(":missing.txt")).toBe(false);
  });

  it("should report renames with their source and added lines under the new name", async () => {
    const r = withRepo();
    const body = Array.from({ length: 20 }, (_, i) => `line ${i}`).join("\n") + "\n";
    r.write("old.yaml", body);
    expect(r.commit("init", "old.yaml").code).toBe(0);
    r.git("mv", "old.yaml", "new name.yaml");
    r.write("new name.yaml", body + "added line\n");
    r.git("add", "new name.yaml");
    const changes = await readStagedChanges(r.dir);
    const f = changes.files.find((x) => x.path === "new name.yaml");
    expect(f?.status).toBe("R");
    expect(f?.from).toBe("old.yaml");
    expect([...(changes.added.get("new name.yaml") ?? [])]).toEqual([21]);
  });

  it("should handle paths git quotes (non-ASCII, tabs, quotes)", async () => {
    const r = withRepo();
    const name = 'weird "näme"\there.txt';
    r.write(name, "a\n");
    expect(r.commit("init", name).code).toBe(0);
    r.write(name, "a\nb\n");
    r.git("add", name);
    const changes = await readStagedChanges(r.dir);
    expect(changes.files.map((f) => f.path)).toEqual([name]);
    expect([...(changes.added.get(name) ?? [])]).toEqual([2]);
  });

  it("should parse hunks, deletions and the no-newline marker", () => {
    const patch = [
      "diff --git a/x b/x",
      "index 1..2 100644",
      "--- a/x",
      "+++ b/x",
      "@@ -3 +3,2 @@ ctx",
      "-old",
      "+new3",
      "+new4",
      "@@ -10,2 +11,0 @@",
      "-gone",
      "-gone2",
      "@@ -20 +20 @@",
      "-a",
      "\\ No newline at end of file",
      "+b",
      "\\ No newline at end of file",
    ].join("\n");
    expect([...(parseAddedLines(patch).get("x") ?? [])]).toEqual([3, 4, 20]);
    expect(unquotePath('"b/t\\303\\244b\\tx"')).toBe("b/täb\tx");
    expect(unquotePath("plain")).toBe("plain");
  });
});
