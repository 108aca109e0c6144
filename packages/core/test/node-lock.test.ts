import { mkdir, readdir, symlink, writeFile } from "node:fs/promises";
import { hostname } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { isHushError } from "../src/errors.js";
import { lockFileFor, withFileLock } from "../src/node/lock.js";
import { privateTempDir } from "../src/node/fs.js";

describe("write locks", () => {
  let tmp: { dir: string; cleanup: () => Promise<void> };
  beforeEach(async () => {
    tmp = await privateTempDir("hush-lock-");
  });
  afterEach(async () => {
    await tmp.cleanup();
  });

  it("should put the lock beside a symlink's target, not beside the link", async () => {
    await mkdir(path.join(tmp.dir, "real"));
    await writeFile(path.join(tmp.dir, "real", "a.yaml"), "a: 1\n");
    await symlink(path.join(tmp.dir, "real", "a.yaml"), path.join(tmp.dir, "link.yaml"));
    const viaLink = await lockFileFor(path.join(tmp.dir, "link.yaml"));
    expect(viaLink).toBe(await lockFileFor(path.join(tmp.dir, "real", "a.yaml")));
    expect(path.basename(viaLink)).toBe(".a.yaml.hush-lock");
  });

  it("should run writers one at a time and remove the lock afterwards", async () => {
    const target = path.join(tmp.dir, "f.json");
    let inside = 0;
    let most = 0;
    await Promise.all(
      Array.from({ length: 8 }, () =>
        withFileLock(target, async () => {
          most = Math.max(most, ++inside);
          await new Promise((r) => setImmediate(r));
          inside--;
        }),
      ),
    );
    expect(most).toBe(1);
    expect(await readdir(tmp.dir)).toEqual([]);
  });

  it("should fail with ERR_LOCKED when a live process holds the lock past the bound", async () => {
    const target = path.join(tmp.dir, "g.yaml");
    const lock = await lockFileFor(target);
    await writeFile(lock, JSON.stringify({ pid: process.pid + 0, host: hostname(), token: "x" }));
    const waited: string[] = [];
    const err = await withFileLock(target, () => Promise.resolve(), {
      timeoutMs: 50,
      noticeMs: 10,
      onWait: (_h, f) => waited.push(f),
    }).catch((e: unknown) => e);
    expect(isHushError(err) && err.code).toBe("ERR_LOCKED");
    expect(waited).toEqual([lock]);
  });

  it("should give the wait notice before ERR_LOCKED even when the bound is over at the first look", async () => {
    // A first look slower than the bound (a loaded machine) is what a zero bound makes certain.
    const target = path.join(tmp.dir, "h.yaml");
    const lock = await lockFileFor(target);
    await writeFile(lock, JSON.stringify({ pid: process.pid, host: hostname(), token: "x" }));
    const events: string[] = [];
    const err = await withFileLock(target, () => Promise.resolve(), {
      timeoutMs: 0,
      noticeMs: 0,
      onWait: () => events.push("notice"),
    }).catch((e: unknown) => {
      events.push(isHushError(e) ? e.code : "other");
    });
    expect(err).toBeUndefined();
    expect(events).toEqual(["notice", "ERR_LOCKED"]);
  });
});
