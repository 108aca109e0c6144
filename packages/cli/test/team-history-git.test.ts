import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync, mkdirSync, unlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadHistory } from "../src/team/history-git.js";
import { readBlobs } from "../src/team/git-exec.js";

let dir: string;
const gitIn = (args: string[], env: Record<string, string> = {}) =>
  execFileSync("git", args, { cwd: dir, env: { ...process.env, ...env }, encoding: "utf8" });
const commit = (msg: string, who: string, date: string) =>
  gitIn(["commit", "-qm", msg], {
    GIT_AUTHOR_NAME: who,
    GIT_AUTHOR_EMAIL: `${who}@example.com`,
    GIT_AUTHOR_DATE: date,
    GIT_COMMITTER_NAME: who,
    GIT_COMMITTER_EMAIL: `${who}@example.com`,
    GIT_COMMITTER_DATE: date,
  });

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), "hush-team-hist-"));
  gitIn(["init", "-q", "-b", "main"]);
  mkdirSync(path.join(dir, "sub dir"));
  writeFileSync(path.join(dir, "sub dir", "a b.yaml"), "v1\n");
  writeFileSync(path.join(dir, "other.yaml"), "o1\n");
  gitIn(["add", "."]);
  commit("first", "alice", "2026-01-01T10:00:00Z");
  writeFileSync(path.join(dir, "sub dir", "a b.yaml"), "v2\n");
  gitIn(["add", "."]);
  commit("second", "bob", "2026-01-02T10:00:00Z");
  unlinkSync(path.join(dir, "other.yaml"));
  gitIn(["add", "-A"]);
  commit("third", "carol", "2026-01-03T10:00:00Z");
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("loadHistory", () => {
  it("should list each file's changes newest first with authors, dates and blobs", async () => {
    const h = await loadHistory(dir, ["sub dir/a b.yaml", "other.yaml"]);
    const a = h.changes.get("sub dir/a b.yaml") ?? [];
    expect(a.map((c) => c.commit.author)).toEqual(["bob", "alice"]);
    expect(a[0]?.commit.date.toISOString()).toBe("2026-01-02T10:00:00.000Z");
    expect(a[1]?.oldBlob).toBeUndefined();
    expect(h.blobs.get(a[0]?.newBlob ?? "")).toBe("v2\n");
    expect(h.blobs.get(a[0]?.oldBlob ?? "")).toBe("v1\n");
    const o = h.changes.get("other.yaml") ?? [];
    expect(o.map((c) => [c.commit.subject, c.newBlob === undefined])).toEqual([
      ["third", true],
      ["first", false],
    ]);
    expect(h.head.has("other.yaml")).toBe(false);
    expect(h.blobs.get(h.head.get("sub dir/a b.yaml") ?? "")).toBe("v2\n");
  });

  it("should give paths relative to a subfolder it is asked from", async () => {
    const h = await loadHistory(path.join(dir, "sub dir"), ["a b.yaml"]);
    expect(h.changes.get("a b.yaml")?.length).toBe(2);
  });

  it("should follow one file across a rename only when asked", async () => {
    gitIn(["mv", "sub dir/a b.yaml", "renamed.yaml"]);
    commit("rename", "dave", "2026-01-04T10:00:00Z");
    try {
      const followed = await loadHistory(dir, ["renamed.yaml"], { follow: true });
      expect(followed.changes.get("renamed.yaml")?.map((c) => c.commit.subject)).toEqual([
        "rename",
        "second",
        "first",
      ]);
      expect(followed.blobs.get(followed.head.get("renamed.yaml") ?? "")).toBe("v2\n");
      const all = await loadHistory(dir, ["renamed.yaml", "other.yaml"], { renames: true });
      expect(all.changes.get("renamed.yaml")?.map((c) => c.commit.subject)).toEqual([
        "rename",
        "second",
        "first",
      ]);
      expect(all.changes.get("other.yaml")?.length).toBe(2);
      const plain = await loadHistory(dir, ["renamed.yaml"]);
      expect(plain.changes.get("renamed.yaml")?.map((c) => c.commit.subject)).toEqual(["rename"]);
    } finally {
      gitIn(["reset", "-q", "--hard", "HEAD~1"]);
    }
  });

  it("should return nothing outside a repository", async () => {
    const out = mkdtempSync(path.join(tmpdir(), "hush-team-nogit-"));
    try {
      const h = await loadHistory(out, ["x.yaml"]);
      expect(h.changes.size).toBe(0);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  it("should read many blobs with one batch and skip missing ones", async () => {
    const id = gitIn(["rev-parse", "HEAD:sub dir/a b.yaml"]).trim();
    const blobs = await readBlobs(dir, [id, "0123456789012345678901234567890123456789"]);
    expect([...blobs.entries()]).toEqual([[id, "v2\n"]]);
  });
});
