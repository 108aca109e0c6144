/**
 * Concurrent writers lose nothing (issue 13 item 2): commands that rewrite a file take its lock (a
 * lock file beside it holding pid and host), wait for it (saying so after a second), break a lock
 * whose owner died, fail clearly when it stays held, and `hush edit` merges a change made while
 * the editor was open — or refuses, keeping the user's edit encrypted and no plaintext on disk.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { readdir, readFile, unlink, writeFile } from "node:fs/promises";
import { hostname } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createKeyedRepo, type KeyedRepo } from "../helpers/keyed-repo.js";
import { collectRun, HUSH_BIN, spawnHush, type HushRun } from "../helpers/hush.js";

const FILE = "secrets/app.secret.yaml";
const LOCK = "secrets/.app.secret.yaml.hush-lock";

describe("concurrent writers", () => {
  let repo: KeyedRepo;
  beforeEach(async () => {
    repo = await createKeyedRepo();
    expect((await repo.hush(["set", FILE, "seed", "0"])).code).toBe(0);
  });
  afterEach(async () => {
    await repo.cleanup();
  });

  const setAll = (pairs: [string, string][]): Promise<HushRun[]> =>
    Promise.all(pairs.map(([k, v]) => repo.hush(["set", FILE, k, v])));

  async function values(): Promise<Record<string, unknown>> {
    const r = await repo.hush(["decrypt", "--format", "json", FILE]);
    expect(r.code).toBe(0);
    return JSON.parse(r.stdout) as Record<string, unknown>;
  }

  it("should keep all 40 values when 20 pairs of `hush set` run at once", async () => {
    const runs = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        setAll([
          [`a${i}`, `first-${i}`],
          [`b${i}`, `second-${i}`],
        ]),
      ),
    );
    for (const r of runs.flat()) {
      expect(r.stderr).not.toMatch(/hush: /);
      expect(r.code).toBe(0);
    }
    const v = await values();
    for (let i = 0; i < 20; i++) {
      expect(v[`a${i}`]).toBe(`first-${i}`);
      expect(v[`b${i}`]).toBe(`second-${i}`);
    }
    expect(existsSync(path.join(repo.dir, LOCK))).toBe(false);
  });

  it("should keep all 40 values when 40 writers of different kinds run at once", async () => {
    const runs = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        i % 10 === 9
          ? repo
              .hush(["rotate", FILE])
              .then(async (r) => [r, await repo.hush(["set", FILE, `k${i}`, `v${i}`])])
          : repo.hush(["set", FILE, `k${i}`, `v${i}`]).then((r) => [r]),
      ),
    );
    for (const r of runs.flat()) {
      expect(r.stderr).not.toMatch(/hush: /);
      expect(r.code).toBe(0);
    }
    const v = await values();
    for (let i = 0; i < 40; i++) expect(v[`k${i}`]).toBe(`v${i}`);
  });

  it("should wait for a held lock, say so, and go on when it is released", async () => {
    const lock = path.join(repo.dir, LOCK);
    // This test process is alive: its lock is not stale.
    const held = JSON.stringify({ pid: process.pid, host: hostname(), token: "held" });
    await writeFile(lock, held);
    const child = spawnHush(["set", FILE, "late", "yes"], { cwd: repo.dir, env: repo.env });
    const done = collectRun(child);
    await new Promise<void>((resolve) => {
      let err = "";
      child.stderr?.on("data", (b: Buffer) => {
        err += b.toString();
        if (err.includes("waiting")) resolve();
      });
    });
    await unlink(lock);
    const r = await done;
    expect(r.stderr).toContain(`waiting for another hush command to finish writing ${FILE}`);
    expect(r.code).toBe(0);
    expect((await values())["late"]).toBe("yes");
  });

  it("should fail clearly (ERR_LOCKED) when the lock stays held past the bound", async () => {
    const lock = path.join(repo.dir, LOCK);
    await writeFile(lock, JSON.stringify({ pid: process.pid, host: hostname(), token: "held" }));
    const before = await readFile(path.join(repo.dir, FILE), "utf8");
    const r = await repo.hush(["set", FILE, "x", "1"], {
      env: { ...repo.env, HUSH_LOCK_TIMEOUT: "1.5" },
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^hush: .*is locked by pid \d+/m);
    expect(r.stderr).toContain(`hint: wait for the other hush command to finish`);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(await readFile(path.join(repo.dir, FILE), "utf8")).toBe(before);
  });

  it("should break a stale lock left by a process that died", async () => {
    const dead = spawnSync(process.execPath, ["-e", ""]).pid;
    const lock = path.join(repo.dir, LOCK);
    await writeFile(lock, JSON.stringify({ pid: dead, host: hostname(), token: "stale" }));
    const r = await repo.hush(["set", FILE, "after", "crash"]);
    expect(r.code).toBe(0);
    expect(r.stderr).not.toContain("waiting");
    expect(existsSync(lock)).toBe(false);
    expect((await values())["after"]).toBe("crash");
  });

  /** An editor (a node script) that runs `hush set` on the same file, then edits one line. */
  async function racingEditor(setKey: string, setValue: string, from: string, to: string) {
    const script = path.join(repo.home, "racing-editor.cjs");
    await writeFile(
      script,
      `const { execFileSync } = require("node:child_process");
const fs = require("node:fs");
execFileSync(process.execPath, [${JSON.stringify(HUSH_BIN)}, "set", ${JSON.stringify(FILE)}, ${JSON.stringify(setKey)}, ${JSON.stringify(setValue)}], { stdio: "ignore" });
const f = process.argv[2];
fs.writeFileSync(f, fs.readFileSync(f, "utf8").replace(${JSON.stringify(from)}, ${JSON.stringify(to)}));
`,
    );
    return { EDITOR: `${process.execPath} ${script}` };
  }

  it("should merge an edit with a change to another value made while the editor was open", async () => {
    expect((await repo.hush(["set", FILE, "db.password", "old"])).code).toBe(0);
    const env = { ...repo.env, ...(await racingEditor("api.token", "theirs", "old", "mine")) };
    const r = await repo.hush(["edit", FILE], { env });
    expect(r.stderr).toContain("merged");
    expect(r.code).toBe(0);
    const v = await values();
    expect(v["db"]).toEqual({ password: "mine" });
    expect(v["api"]).toEqual({ token: "theirs" });
    expect(await readdir(repo.tmp)).toEqual([]);
  });

  it("should refuse an overlapping edit, keep it encrypted beside the file, and leave no plaintext", async () => {
    expect((await repo.hush(["set", FILE, "db.password", "old"])).code).toBe(0);
    const env = { ...repo.env, ...(await racingEditor("db.password", "theirs", "old", "mine")) };
    const r = await repo.hush(["edit", FILE], { env });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/changed while you edited it \(both changed db\.password\)/);
    expect((await values())["db"]).toEqual({ password: "theirs" });
    const side = "secrets/app.secret.hush-edit.yaml";
    const text = await readFile(path.join(repo.dir, side), "utf8");
    expect(text).toContain("sops:");
    expect(text).not.toContain("mine");
    const mine = await repo.hush(["get", side, "db.password"]);
    expect(mine.stdout).toBe("mine\n");
    expect(await readdir(repo.tmp)).toEqual([]);
  });

  it("should lock encrypt -i and unset too", async () => {
    await repo.write("plain.yaml", "a: 1\n");
    const runs = await Promise.all([
      repo.hush(["encrypt", "-i", "plain.yaml"]),
      repo.hush(["encrypt", "-i", "plain.yaml"]),
    ]);
    // Exactly one encrypts; the other sees an encrypted file and says so (never a double encryption).
    expect(runs.map((r) => r.code).sort()).toEqual([0, 1]);
    expect(runs.find((r) => r.code === 1)?.stderr).toContain("already encrypted");
    const sets = await Promise.all(
      Array.from({ length: 10 }, (_, i) => repo.hush(["set", FILE, `u${i}`, "x"])),
    );
    expect(sets.every((r) => r.code === 0)).toBe(true);
    const unsets = await Promise.all(
      Array.from({ length: 10 }, (_, i) => repo.hush(["unset", FILE, `u${i}`])),
    );
    expect(unsets.every((r) => r.code === 0)).toBe(true);
    expect(Object.keys(await values())).toEqual(["seed"]);
  });
});
