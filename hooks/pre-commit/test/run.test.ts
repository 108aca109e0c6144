import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { run, type HookIo } from "../src/run.js";

function io(cwd: string): HookIo & { out: string; err: string } {
  const box = {
    out: "",
    err: "",
    cwd,
    env: {
      PATH: process.env.PATH,
      HOME: cwd,
      GIT_CONFIG_NOSYSTEM: "1",
      GIT_CEILING_DIRECTORIES: path.dirname(cwd),
    },
    isTTY: false,
    stdout: (s: string) => void (box.out += s),
    stderr: (s: string) => void (box.err += s),
  };
  return box;
}

describe("hush-pre-commit run()", () => {
  it("should print help with the exit status contract", async () => {
    const b = io(process.cwd());
    expect(await run(["--help"], b)).toBe(0);
    expect(b.out).toContain("Exit status:");
    expect(b.out).toContain("hush:allow");
  });

  it("should exit 2 on an unknown option", async () => {
    const b = io(process.cwd());
    expect(await run(["--nope"], b)).toBe(2);
    expect(b.err).toContain("hush-pre-commit:");
  });

  it("should block (exit 2) and say why when it cannot run, without a stack trace", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "hush-run-"));
    try {
      const b = io(dir);
      const prev = process.env.GIT_CEILING_DIRECTORIES;
      process.env.GIT_CEILING_DIRECTORIES = path.dirname(dir); // git must not find a repo above the temp dir
      try {
        expect(await run([], b)).toBe(2);
      } finally {
        if (prev === undefined) delete process.env.GIT_CEILING_DIRECTORIES;
        else process.env.GIT_CEILING_DIRECTORIES = prev;
      }
      expect(b.err).toContain("the commit is blocked");
      expect(b.err).toContain("not a git repository");
      expect(b.err).not.toMatch(/\n\s+at /);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
