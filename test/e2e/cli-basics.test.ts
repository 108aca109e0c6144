import { readFile, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { createRepo, type TestRepo } from "../helpers/git.js";
import { HUSH_BIN } from "../helpers/hush.js";

describe("hush CLI basics", () => {
  let repo: TestRepo;
  beforeEach(async () => {
    repo = await createRepo();
  });
  afterEach(async () => {
    await repo.cleanup();
  });

  it("should stop quietly when the reader closes the pipe early (hush --help | head -1)", () => {
    const r = spawnSync("sh", ["-c", `"${process.execPath}" "${HUSH_BIN}" --help | head -1`], {
      encoding: "utf8",
    });
    expect(r.stdout).toBe("Usage: hush [options] [command]\n");
    expect(r.stderr).not.toMatch(/EPIPE|Error/);
  });

  it("should print top-level help with examples and an exit status section", async () => {
    const r = await repo.hush(["--help"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Examples:");
    expect(r.stdout).toContain("Exit status:");
    expect(r.stdout).toMatch(/\bedit\b/);
  });

  it.each([
    "init",
    "keygen",
    "encrypt",
    "decrypt",
    "edit",
    "set",
    "get",
    "unset",
    "rotate",
    "rekey",
    "exec",
    "status",
  ])("should give %s a help with examples and exit status", async (cmd) => {
    const r = await repo.hush([cmd, "--help"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Examples:");
    expect(r.stdout).toContain("Exit status:");
  });

  it("should print the version", async () => {
    const r = await repo.hush(["--version"]);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });

  it("should exit 2 with a one-line message and a hint on a usage error", async () => {
    const r = await repo.hush(["decrypt", "--no-such-flag", "x.yaml"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^hush: unknown option '--no-such-flag'/);
    expect(r.stderr).toContain("hint:");
    expect(r.stderr).not.toMatch(/\bat .*\.js:\d+/);
  });

  it("should exit 2 on an unknown command", async () => {
    const r = await repo.hush(["frobnicate"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^hush: /);
  });

  it("should exit 1 without a stack trace when a file is missing", async () => {
    const r = await repo.hush(["decrypt", "missing.yaml"], { env: { SOPS_AGE_KEY: "" } });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^hush: /);
    expect(r.stderr).toContain("hint:");
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it("should write an age-keygen style identity with mode 0600 and the public key on stderr", async () => {
    const out = path.join(repo.home, "keys", "me.txt");
    const r = await repo.hush(["keygen", "-o", out]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("");
    const pub = /^Public key: (age1[0-9a-z]+)$/m.exec(r.stderr)?.[1];
    expect(pub).toBeDefined();
    const text = await readFile(out, "utf8");
    expect(text).toMatch(/^# created: \S+/m);
    expect(text).toContain(`# public key: ${pub}`);
    expect(text).toMatch(/^AGE-SECRET-KEY-1[0-9A-Z]+$/m);
    expect((await stat(out)).mode & 0o777).toBe(0o600);
  });

  it("should refuse to overwrite an existing identity file", async () => {
    const out = path.join(repo.home, "me.txt");
    await writeFile(out, "keep me\n");
    const r = await repo.hush(["keygen", "-o", out]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^hush: .*exists/);
    expect(await readFile(out, "utf8")).toBe("keep me\n");
  });

  it("should print a post-quantum identity with --pq", async () => {
    const r = await repo.hush(["keygen", "--pq"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^AGE-SECRET-KEY-PQ-1[0-9A-Z]+$/m);
    expect(r.stderr).toMatch(/Public key: age1pq1/);
  });
});
