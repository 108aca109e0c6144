/**
 * Where the bins keep Node's compile cache: compiled code read back from a cache runs as the user,
 * so it lives only in the user's own `$XDG_CACHE_HOME/hush` (else `~/.cache/hush`, made 0700), is
 * never taken from a folder another user could write (nor from Node's default folder in the
 * shared temp directory), and Node 20, which has no compile cache, runs without one.
 */
import { spawnSync } from "node:child_process";
import {
  chmodSync,
  chownSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  statSync,
  symlinkSync,
} from "node:fs";
import Module from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { GUARD_BIN, HUSH_BIN } from "../helpers/guard-repo.js";
import { hushEnv } from "../helpers/hush.js";

/** Node ≥ 22.1 has module.enableCompileCache; the node running these tests also runs the bins. */
const HAS_COMPILE_CACHE =
  typeof (Module as { enableCompileCache?: unknown }).enableCompileCache === "function";
const IS_ROOT = process.getuid?.() === 0;

/** Every file under `dir` (none when it does not exist). */
function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name));
}

describe("compile cache folder", () => {
  let base: string;
  let home: string;
  let tmp: string;
  beforeEach(() => {
    base = mkdtempSync(path.join(tmpdir(), "hush-compile-cache-"));
    chmodSync(base, 0o700);
    home = path.join(base, "home");
    tmp = path.join(home, "tmp");
    mkdirSync(tmp, { recursive: true, mode: 0o700 });
  });
  afterEach(() => rmSync(base, { recursive: true, force: true }));

  /** Run a bin to completion (keygen loads the whole bundle; so does the guard). */
  const run = (bin: string, args: string[], extra: Record<string, string> = {}) => {
    const r = spawnSync(process.execPath, [bin, ...args], {
      cwd: base,
      env: hushEnv(home, extra),
      encoding: "utf8",
    });
    expect(r.stderr).not.toMatch(/\n\s+at /);
    return r;
  };
  const keygen = (extra: Record<string, string> = {}) => {
    const out = path.join(base, `key-${Math.random().toString(36).slice(2)}.txt`);
    const r = run(HUSH_BIN, ["keygen", "-o", out], extra);
    expect(r.status).toBe(0);
  };
  /** Node's own default folder, in the (here private) temp directory: never to be used. */
  const nodeDefault = () => path.join(tmp, "node-compile-cache");

  it(`should keep the cache in ~/.cache/hush (0700) or $XDG_CACHE_HOME/hush, nowhere else${HAS_COMPILE_CACHE ? "" : " (this Node has none: no cache at all)"}`, () => {
    const bundles = [path.dirname(HUSH_BIN), path.dirname(GUARD_BIN)].map((b) =>
      path.join(b, "../dist/bundle"),
    );
    const before = bundles.map((b) => readdirSync(b).sort());
    keygen();
    const cache = path.join(home, ".cache/hush");
    if (HAS_COMPILE_CACHE) {
      expect(statSync(cache).mode & 0o777).toBe(0o700);
      expect(filesUnder(cache).length).toBeGreaterThan(0);
    } else {
      expect(existsSync(path.join(home, ".cache"))).toBe(false);
    }
    const xdg = path.join(base, "xdg");
    keygen({ XDG_CACHE_HOME: xdg });
    expect(filesUnder(path.join(xdg, "hush")).length > 0).toBe(HAS_COMPILE_CACHE);
    // The guard: same folder, and it runs (exit 0 outside a repository's staged changes is not the
    // point here; it must start from its bundle and keep its compiled code in the same place).
    const guardHome = path.join(base, "guard-home");
    mkdirSync(guardHome, { mode: 0o700 });
    spawnSync("git", ["init", "-q", base], { env: hushEnv(home) });
    const g = spawnSync(process.execPath, [GUARD_BIN], {
      cwd: base,
      env: hushEnv(guardHome),
      encoding: "utf8",
    });
    expect(g.stderr).not.toContain("cannot start");
    expect(filesUnder(path.join(guardHome, ".cache/hush")).length > 0).toBe(HAS_COMPILE_CACHE);
    expect(existsSync(nodeDefault())).toBe(false);
    expect(bundles.map((b) => readdirSync(b).sort())).toEqual(before);
  });

  describe.skipIf(!HAS_COMPILE_CACHE)(
    "folders another user could write (Node ≥ 22.1 only: Node 20 has no compile cache)",
    () => {
      /** Run hush with XDG_CACHE_HOME=xdg: it must work, and write and read no cache anywhere. */
      const refused = (xdg: string, watched: string) => {
        keygen({ XDG_CACHE_HOME: xdg });
        keygen({ XDG_CACHE_HOME: xdg });
        expect(filesUnder(watched)).toEqual([]);
        expect(existsSync(nodeDefault())).toBe(false);
      };

      it("should not use a hush folder that group or others can write", () => {
        const xdg = path.join(base, "xdg");
        mkdirSync(path.join(xdg, "hush"), { recursive: true });
        chmodSync(path.join(xdg, "hush"), 0o777);
        refused(xdg, xdg);
        chmodSync(path.join(xdg, "hush"), 0o770);
        refused(xdg, xdg);
      });

      it("should not use its own folder inside a folder others can write (they could swap it)", () => {
        const shared = path.join(base, "shared");
        mkdirSync(shared, { mode: 0o777 });
        chmodSync(shared, 0o777); // no sticky bit: anyone may rename what is inside
        refused(shared, shared);
      });

      it("should not follow a hush folder that is a symbolic link to a folder others can write", () => {
        const xdg = path.join(base, "xdg");
        const elsewhere = path.join(base, "elsewhere");
        mkdirSync(xdg, { mode: 0o700 });
        mkdirSync(elsewhere, { mode: 0o777 });
        chmodSync(elsewhere, 0o777);
        symlinkSync(elsewhere, path.join(xdg, "hush"));
        refused(xdg, elsewhere);
      });

      it.skipIf(!IS_ROOT)(
        "should not use a hush folder owned by another user (needs root to chown)",
        () => {
          const xdg = path.join(base, "xdg");
          mkdirSync(path.join(xdg, "hush"), { recursive: true, mode: 0o755 });
          chownSync(path.join(xdg, "hush"), 65534, 65534);
          refused(xdg, xdg);
        },
      );
    },
  );
});
