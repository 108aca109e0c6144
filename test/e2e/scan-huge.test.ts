/**
 * A file too large to read whole (a sparse 3 GB file: no disk, no git add) in the tree `hush scan`
 * looks at. Read, it failed, and the file was dropped from the report without a word: a plaintext
 * file under a policy rule passed the scan, and an ordinary one was neither scanned nor said to be
 * skipped. BUILT CLI, real git, on one thread and on several.
 */
import { openSync, closeSync, ftruncateSync, mkdirSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { makeRepo, type TempRepo } from "../helpers/guard-repo.js";

let repo: TempRepo | undefined;
afterEach(() => {
  repo?.cleanup();
  repo = undefined;
});

/** A sparse file of `bytes` (holes read as NULs; nothing is written to disk). */
function sparse(abs: string, bytes: number): void {
  mkdirSync(path.dirname(abs), { recursive: true });
  const fd = openSync(abs, "w");
  try {
    ftruncateSync(fd, bytes);
  } finally {
    closeSync(fd);
  }
}

interface Report {
  findings: { path: string; ruleId: string }[];
  notes: { path: string; message: string }[];
}

describe("hush scan and a file too large to read", () => {
  it("should block one under a policy rule and say it skipped the other", async () => {
    const r = (repo = makeRepo());
    const core = await import("@hush/core");
    const alice = await core.generateIdentity();
    r.write(
      ".hush.yaml",
      `members:\n  alice: ${alice.recipient}\nrules:\n  - path: "secrets/**"\n    recipients: [alice]\n`,
    );
    // Enough plain files for the worker threads to take part.
    for (let i = 0; i < 250; i++) r.write(`src/f${i}.js`, `export const v${i} = ${i};\n`);
    const GB3 = 3 * 1024 ** 3;
    sparse(path.join(r.dir, "secrets/dump.yaml"), GB3);
    sparse(path.join(r.dir, "data/archive.bin"), GB3);
    for (const threads of ["0", "2"]) {
      const out = r.hush("scan", "--json", "--threads", threads);
      expect(out.stderr).toBe("");
      const report = JSON.parse(out.stdout) as Report;
      expect(report.findings.map((f) => [f.path, f.ruleId])).toEqual([
        ["secrets/dump.yaml", "policy-plaintext-file"],
      ]);
      expect(report.notes.map((n) => n.path)).toContain("data/archive.bin");
      expect(out.code).toBe(1);
    }
  });
});
