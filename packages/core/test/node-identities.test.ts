import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { defaultIdentityFile, findIdentities, privateTempDir } from "../src/node/index.js";
import { formatIdentityFile, generateIdentity } from "../src/keys.js";
import { isHushError } from "../src/errors.js";

let tmp: { dir: string; cleanup: () => Promise<void> };
const ids = await Promise.all([1, 2, 3, 4, 5, 6].map(() => generateIdentity()));
const id = (i: number): string => ids[i]?.identity ?? "";
const keyFile = (i: number): string =>
  formatIdentityFile(id(i), ids[i]?.recipient ?? "", new Date());

beforeAll(async () => {
  tmp = await privateTempDir("hush-ids-");
});
afterAll(async () => {
  await tmp.cleanup();
});

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    if (isHushError(e)) return e.code;
    throw e;
  }
  return "resolved";
}

describe("defaultIdentityFile", () => {
  it("should follow sops's UserConfigDir rules per platform", () => {
    expect(defaultIdentityFile({ HOME: "/h" }, "linux")).toBe("/h/.config/sops/age/keys.txt");
    expect(defaultIdentityFile({ HOME: "/h", XDG_CONFIG_HOME: "/x" }, "linux")).toBe(
      "/x/sops/age/keys.txt",
    );
    expect(defaultIdentityFile({ HOME: "/h", XDG_CONFIG_HOME: "" }, "linux")).toBe(
      "/h/.config/sops/age/keys.txt",
    );
    expect(defaultIdentityFile({ HOME: "/h" }, "darwin")).toBe(
      "/h/Library/Application Support/sops/age/keys.txt",
    );
    expect(defaultIdentityFile({ HOME: "/h", XDG_CONFIG_HOME: "/x" }, "darwin")).toBe(
      "/x/sops/age/keys.txt",
    );
  });
});

describe("findIdentities", () => {
  it("should return nothing when no source is set and no default file exists", async () => {
    expect(await findIdentities({ env: { HOME: join(tmp.dir, "nohome") } })).toEqual([]);
  });

  it("should combine every source like sops, drop duplicates, and name sources without keys", async () => {
    const home = join(tmp.dir, "home");
    await mkdir(join(home, ".config", "sops", "age"), { recursive: true });
    const fallback = join(home, ".config", "sops", "age", "keys.txt");
    await writeFile(fallback, keyFile(4) + keyFile(0));
    const sopsFile = join(tmp.dir, "sops-keys.txt");
    await writeFile(sopsFile, keyFile(2).replaceAll("\n", "\r\n"));
    const hushFile = join(tmp.dir, "hush-keys.txt");
    await writeFile(hushFile, keyFile(3));
    const found = await findIdentities({
      env: {
        HOME: home,
        SOPS_AGE_KEY: `# comment\n${id(0)}  ${id(1)}\n\n`,
        SOPS_AGE_KEY_FILE: sopsFile,
        HUSH_AGE_KEY_FILE: hushFile,
        SOPS_AGE_KEY_CMD: `printf '%s\\n' "$EXTRA"`,
        EXTRA: id(5),
      },
    });
    expect(found).toEqual([
      { identity: id(0), source: "SOPS_AGE_KEY" },
      { identity: id(1), source: "SOPS_AGE_KEY" },
      { identity: id(3), source: hushFile },
      { identity: id(2), source: sopsFile },
      { identity: id(5), source: "SOPS_AGE_KEY_CMD" },
      { identity: id(4), source: fallback },
    ]);
    for (const f of found) expect(f.source).not.toContain("AGE-SECRET-KEY");
  });

  it("should read HUSH_AGE_KEY and honour XDG_CONFIG_HOME", async () => {
    const xdg = join(tmp.dir, "xdg");
    await mkdir(join(xdg, "sops", "age"), { recursive: true });
    await writeFile(join(xdg, "sops", "age", "keys.txt"), keyFile(1));
    const found = await findIdentities({
      env: { HOME: "/nonexistent", XDG_CONFIG_HOME: xdg, HUSH_AGE_KEY: id(0) },
    });
    expect(found.map((f) => f.identity)).toEqual([id(0), id(1)]);
  });

  it("should use only the explicit files when given", async () => {
    const f = join(tmp.dir, "explicit.txt");
    await writeFile(f, keyFile(2));
    const found = await findIdentities({ env: { SOPS_AGE_KEY: id(0) }, files: [f] });
    expect(found).toEqual([{ identity: id(2), source: f }]);
    const empty = join(tmp.dir, "empty.txt");
    await writeFile(empty, "# nothing\n");
    expect(await codeOf(findIdentities({ env: {}, files: [empty] }))).toBe("ERR_KEY");
  });

  it("should fail with ERR_IO for a missing named file and a failing key command", async () => {
    expect(
      await codeOf(findIdentities({ env: { SOPS_AGE_KEY_FILE: join(tmp.dir, "missing.txt") } })),
    ).toBe("ERR_IO");
    expect(await codeOf(findIdentities({ env: {}, files: [join(tmp.dir, "missing.txt")] }))).toBe(
      "ERR_IO",
    );
    expect(
      await codeOf(findIdentities({ env: { HOME: tmp.dir, SOPS_AGE_KEY_CMD: "exit 3" } })),
    ).toBe("ERR_IO");
  });

  it("should fail with ERR_KEY naming the variable and line for garbage, without the garbage", async () => {
    const err = await findIdentities({ env: { SOPS_AGE_KEY: `${id(0)}\nsecret-garbage` } }).catch(
      (e: unknown) => e,
    );
    expect(isHushError(err) && err.code).toBe("ERR_KEY");
    expect((err as Error).message).toContain("SOPS_AGE_KEY:2");
    expect((err as Error).message).not.toContain("secret-garbage");
    const bad = join(tmp.dir, "bad.txt");
    await writeFile(bad, `${keyFile(0)}oops\n`);
    const fileErr = await findIdentities({ env: { SOPS_AGE_KEY_FILE: bad } }).catch(
      (e: unknown) => e,
    );
    expect((fileErr as Error).message).toContain(`${bad}:4`);
  });
});
