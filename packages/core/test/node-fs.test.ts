import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readdir, readFile, stat, writeFile, chmod, mkdir } from "node:fs/promises";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { privateTempDir, writeFileAtomic } from "../src/node/index.js";
import { isHushError } from "../src/errors.js";

let tmp: { dir: string; cleanup: () => Promise<void> };
beforeAll(async () => {
  tmp = await privateTempDir();
});
afterAll(async () => {
  await tmp.cleanup();
});

describe("privateTempDir", () => {
  it("should make a 0700 folder that cleanup removes", async () => {
    const t = await privateTempDir("hush-x-");
    expect((await stat(t.dir)).mode & 0o777).toBe(0o700);
    await writeFile(join(t.dir, "f"), "x");
    await t.cleanup();
    expect(existsSync(t.dir)).toBe(false);
  });
});

describe("writeFileAtomic", () => {
  it("should create new files 0600 and leave no temp file behind", async () => {
    const p = join(tmp.dir, "new.yaml");
    await writeFileAtomic(p, "a: 1\n");
    expect(await readFile(p, "utf8")).toBe("a: 1\n");
    expect((await stat(p)).mode & 0o777).toBe(0o600);
    expect(await readdir(tmp.dir)).toEqual(["new.yaml"]);
  });

  it("should keep an existing file's mode, or use the one given", async () => {
    const p = join(tmp.dir, "keep.yaml");
    await writeFile(p, "old");
    await chmod(p, 0o640);
    await writeFileAtomic(p, new TextEncoder().encode("new"));
    expect(await readFile(p, "utf8")).toBe("new");
    expect((await stat(p)).mode & 0o777).toBe(0o640);
    await writeFileAtomic(p, "newer", { mode: 0o644 });
    expect((await stat(p)).mode & 0o777).toBe(0o644);
  });

  it("should throw ERR_IO and leave nothing behind when the target cannot be written", async () => {
    const folder = join(tmp.dir, "is-a-folder");
    await mkdir(folder);
    const err = await writeFileAtomic(folder, "x").catch((e: unknown) => e);
    expect(isHushError(err) && err.code).toBe("ERR_IO");
    expect((await readdir(tmp.dir)).filter((f) => f.endsWith(".tmp"))).toEqual([]);
    const missing = await writeFileAtomic(join(tmp.dir, "no", "such", "f"), "x").catch(
      (e: unknown) => e,
    );
    expect(isHushError(missing) && missing.code).toBe("ERR_IO");
  });
});
