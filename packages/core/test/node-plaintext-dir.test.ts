import { chmod, chown, mkdir, stat, symlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { plaintextBase, plaintextTempDir, privateTempDir } from "../src/node/index.js";

const isRoot = process.getuid?.() === 0;

describe("plaintextBase", () => {
  let tmp: { dir: string; cleanup: () => Promise<void> };
  beforeAll(async () => {
    tmp = await privateTempDir("hush-pt-");
  });
  afterAll(async () => {
    await tmp.cleanup();
  });

  it("should take a private XDG_RUNTIME_DIR and make a 0700 folder named after the pid there", async () => {
    const run = join(tmp.dir, "run");
    await mkdir(run, { mode: 0o700 });
    expect(await plaintextBase({ XDG_RUNTIME_DIR: run })).toBe(run);
    const made = await plaintextTempDir("edit", { XDG_RUNTIME_DIR: run });
    expect(made.dir.startsWith(join(run, `hush-edit-${process.pid}-`))).toBe(true);
    expect((await stat(made.dir)).mode & 0o777).toBe(0o700);
    await made.cleanup();
  });

  it("should fall back to the temp folder for a runtime folder others can enter, a link, a relative or missing path", async () => {
    const open = join(tmp.dir, "open");
    await mkdir(open);
    await chmod(open, 0o750);
    const priv = join(tmp.dir, "private");
    await mkdir(priv, { mode: 0o700 });
    const link = join(tmp.dir, "link");
    await symlink(priv, link);
    for (const value of [open, link, "run/user", join(tmp.dir, "missing"), ""])
      expect(await plaintextBase({ XDG_RUNTIME_DIR: value }), value).toBe(tmpdir());
    expect(await plaintextBase({})).toBe(tmpdir());
  });

  it.skipIf(!isRoot)(
    "should fall back to the temp folder for another user's runtime folder",
    async () => {
      const theirs = join(tmp.dir, "theirs");
      await mkdir(theirs, { mode: 0o700 });
      await chown(theirs, 65534, 65534);
      expect(await plaintextBase({ XDG_RUNTIME_DIR: theirs })).toBe(tmpdir());
    },
  );
});
