import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execFileSync } from "node:child_process";
import { readdir, readFile, stat, lstat, symlink, writeFile, chmod, mkdir } from "node:fs/promises";
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

  it("should throw and leave nothing behind when the target cannot be written", async () => {
    const folder = join(tmp.dir, "is-a-folder");
    await mkdir(folder);
    const err = await writeFileAtomic(folder, "x").catch((e: unknown) => e);
    expect(isHushError(err) && err.code).toBe("ERR_NOT_A_FILE");
    expect((await readdir(tmp.dir)).filter((f) => f.endsWith(".tmp"))).toEqual([]);
    const missing = await writeFileAtomic(join(tmp.dir, "no", "such", "f"), "x").catch(
      (e: unknown) => e,
    );
    expect(isHushError(missing) && missing.code).toBe("ERR_IO");
  });
});

describe("writeFileAtomic through symbolic links", () => {
  it("should replace the link's target, keep the link and its mode, leave no temp file", async () => {
    const dir = join(tmp.dir, "links");
    await mkdir(join(dir, "real"), { recursive: true });
    const target = join(dir, "real", "a.yaml");
    await writeFile(target, "plain: 1\n");
    await chmod(target, 0o640);
    await symlink("real/a.yaml", join(dir, "link.yaml"));
    await writeFileAtomic(join(dir, "link.yaml"), "sealed: 1\n");
    expect((await lstat(join(dir, "link.yaml"))).isSymbolicLink()).toBe(true);
    expect(await readFile(target, "utf8")).toBe("sealed: 1\n");
    expect((await stat(target)).mode & 0o777).toBe(0o640);
    expect((await readdir(join(dir, "real"))).sort()).toEqual(["a.yaml"]);
  });

  it("should refuse a dangling link, a link to a folder and a FIFO, changing nothing", async () => {
    const dir = join(tmp.dir, "bad-links");
    await mkdir(join(dir, "folder"), { recursive: true });
    await symlink("missing.yaml", join(dir, "dangling.yaml"));
    await symlink("folder", join(dir, "to-folder.yaml"));
    const cases = [join(dir, "dangling.yaml"), join(dir, "to-folder.yaml"), join(dir, "folder")];
    if (process.platform !== "win32") {
      execFileSync("mkfifo", [join(dir, "fifo.yaml")]);
      cases.push(join(dir, "fifo.yaml"));
    }
    for (const p of cases) {
      const err = await writeFileAtomic(p, "x: 1\n").then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(isHushError(err) && err.code, p).toBe("ERR_NOT_A_FILE");
    }
    expect((await readdir(dir)).sort()).toEqual(
      ["dangling.yaml", "fifo.yaml", "folder", "to-folder.yaml"].filter(
        (n) => n !== "fifo.yaml" || process.platform !== "win32",
      ),
    );
    expect(existsSync(join(dir, "missing.yaml"))).toBe(false);
  });
});
