/**
 * hush as a user gets it: the release tarballs (`pnpm pack:release`, packed here from the built
 * tree), published to a real npm registry (verdaccio on a loopback port, no uplinks), then
 * installed with npm into empty prefixes and fresh projects with empty caches. The CLI tarball
 * alone must give a working `hush`, `hush hook install` and a guard that blocks a commit, and no
 * installed file may carry a compiled-code cache or a path of the machine that built it.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REPO_ROOT } from "../helpers/hush.js";
import { fakeToken } from "../helpers/tokens.js";

const SLOW = 240_000; // npm under load on a shared 2-core machine: a bound, not a measurement

/** An AWS access key id made up at run time (this file holds none). */
const plantedKey = (): string => fakeToken("aws-access-key-id");

interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(cmd: string, args: string[], cwd: string, env: Record<string, string>): Ran {
  const r = spawnSync(cmd, args, { cwd, env, encoding: "utf8", maxBuffer: 16 << 20 });
  if (r.error) throw r.error;
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function ok(r: Ran, what: string): Ran {
  expect(r.code, `${what}\n${r.stdout}\n${r.stderr}`).toBe(0);
  return r;
}

/** Every file under `dir`, following nothing. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name));
}

describe("install from the release tarballs and a registry", () => {
  let base: string;
  let release: string;
  let cliTarball: string;
  let registry: ChildProcess | undefined;
  let registryUrl: string;
  let npmrc: string;
  let caches = 0;

  /**
   * The environment of one npm (or installed hush) run: only PATH (this node first), a private
   * HOME, and npm settings for this test alone: its registry, its user config, a new empty cache.
   */
  const env = (home: string, extra: Record<string, string> = {}): Record<string, string> => {
    mkdirSync(home, { recursive: true });
    const cache = path.join(base, `npm-cache-${caches++}`);
    return {
      PATH: `${path.dirname(process.execPath)}${path.delimiter}${process.env.PATH ?? ""}`,
      HOME: home,
      LANG: process.env.LANG ?? "C.UTF-8",
      npm_config_userconfig: npmrc,
      npm_config_globalconfig: path.join(base, "no-global-npmrc"),
      npm_config_cache: cache,
      npm_config_registry: registryUrl,
      npm_config_audit: "false",
      npm_config_fund: "false",
      npm_config_update_notifier: "false",
      npm_config_loglevel: "error",
      GIT_CONFIG_NOSYSTEM: "1",
      GIT_AUTHOR_NAME: "Test",
      GIT_AUTHOR_EMAIL: "test@hush.invalid",
      GIT_COMMITTER_NAME: "Test",
      GIT_COMMITTER_EMAIL: "test@hush.invalid",
      NO_COLOR: "1",
      ...extra,
    };
  };

  beforeAll(async () => {
    base = mkdtempSync(path.join(tmpdir(), "hush-install-"));
    release = path.join(base, "release");
    const packed = ok(
      run(
        process.execPath,
        [
          path.join(REPO_ROOT, "scripts/pack-release.mjs"),
          "--no-build",
          "--allow-pending",
          "--out",
          release,
        ],
        REPO_ROOT,
        { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? base },
      ),
      "pack:release",
    );
    cliTarball = path.join(release, readdirSync(release).find((f) => f.includes("cli")) ?? "");
    expect(packed.stdout).toContain(path.basename(cliTarball));

    const storage = path.join(base, "registry");
    mkdirSync(storage);
    registry = spawn(
      process.execPath,
      [path.join(REPO_ROOT, "test/helpers/registry-server.mjs"), storage],
      { cwd: REPO_ROOT, stdio: ["pipe", "pipe", "pipe"] },
    );
    let errors = "";
    registry.stderr?.on("data", (b: Buffer) => (errors += b.toString()));
    const lines = createInterface({ input: registry.stdout! });
    const port = await new Promise<number>((resolve, reject) => {
      lines.once("line", (line) => resolve((JSON.parse(line) as { port: number }).port));
      registry!.once("exit", (code) => reject(new Error(`registry exited ${code}: ${errors}`)));
    });
    registryUrl = `http://127.0.0.1:${port}/`;

    // A publisher account, made the way `npm adduser` makes one; the password exists only here.
    const user = `hush-${randomBytes(4).toString("hex")}`;
    const res = await fetch(`${registryUrl}-/user/org.couchdb.user:${user}`, {
      method: "PUT",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ name: user, password: randomBytes(18).toString("base64url") }),
    });
    expect(res.status).toBe(201);
    const { token } = (await res.json()) as { token: string };
    npmrc = path.join(base, "npmrc");
    writeFileSync(npmrc, `//127.0.0.1:${port}/:_authToken=${token}\n`, { mode: 0o600 });

    for (const tarball of readdirSync(release)) {
      ok(
        run(
          "npm",
          ["publish", "--access", "public", path.join(release, tarball)],
          base,
          env(path.join(base, "publisher")),
        ),
        `npm publish ${tarball}`,
      );
    }
  }, SLOW);

  afterAll(async () => {
    if (registry !== undefined && registry.exitCode === null) {
      const exited = new Promise((r) => registry!.once("exit", r));
      registry.stdin?.end();
      await exited;
    }
    if (base !== undefined) rmSync(base, { recursive: true, force: true });
  });

  /** A git repository where the guard is installed by `hush hook install`; returns its folder. */
  const repoWithHook = (hush: string[], e: Record<string, string>, dir: string): string => {
    mkdirSync(dir, { recursive: true });
    ok(run("git", ["init", "-q", "-b", "main"], dir, e), "git init");
    ok(run(hush[0]!, [...hush.slice(1), "hook", "install"], dir, e), "hush hook install");
    return dir;
  };

  /** The guard blocks a staged credential and lets a clean commit through. */
  const guardBlocks = (dir: string, e: Record<string, string>): void => {
    writeFileSync(path.join(dir, "config.ts"), `export const key = "${plantedKey()}";\n`);
    ok(run("git", ["add", "config.ts"], dir, e), "git add");
    const blocked = run("git", ["commit", "-q", "-m", "config"], dir, e);
    expect(blocked.code).not.toBe(0);
    expect(blocked.stderr).toContain("config.ts:1");
    expect(blocked.stderr).toContain("commit blocked");
    ok(run("git", ["rm", "-q", "--cached", "config.ts"], dir, e), "git rm");
    writeFileSync(path.join(dir, "ok.ts"), "export const ok = 1;\n");
    ok(run("git", ["add", "ok.ts"], dir, e), "git add");
    ok(run("git", ["commit", "-q", "-m", "ok"], dir, e), "clean commit");
  };

  /** keygen, encrypt for that key, decrypt back: a working hush. */
  const roundTrip = (hush: string[], e: Record<string, string>, dir: string): void => {
    mkdirSync(dir, { recursive: true });
    const h = (...args: string[]) => run(hush[0]!, [...hush.slice(1), ...args], dir, e);
    const key = path.join(dir, "key.txt");
    const recipient = /age1[0-9a-z]+/.exec(ok(h("keygen", "-o", key), "keygen").stderr)?.[0];
    expect(recipient).toBeDefined();
    writeFileSync(path.join(dir, "app.yaml"), "db:\n  password: hunter2\n");
    ok(h("encrypt", "-i", "--age", recipient!, "app.yaml"), "encrypt");
    expect(readFileSync(path.join(dir, "app.yaml"), "utf8")).toContain("ENC[AES256_GCM,");
    const dec = ok(
      run(hush[0]!, [...hush.slice(1), "decrypt", "app.yaml"], dir, {
        ...e,
        SOPS_AGE_KEY_FILE: key,
      }),
      "decrypt",
    );
    expect(dec.stdout).toBe("db:\n  password: hunter2\n");
  };

  /** No installed file is a compiled-code cache or names this checkout. */
  const clean = (pkgDir: string): void => {
    const files = filesUnder(pkgDir);
    expect(files.length).toBeGreaterThan(0);
    expect(files.filter((f) => /\.cache$|code-cache/.test(path.basename(f)))).toEqual([]);
    expect(files.filter((f) => readFileSync(f).includes(REPO_ROOT))).toEqual([]);
  };

  it("should ship a CLI tarball without dependencies, workspace ranges or caches", () => {
    expect(path.basename(cliTarball)).toMatch(/cli.*\.tgz$/);
    const out = path.join(base, "unpacked");
    mkdirSync(out);
    for (const tarball of readdirSync(release)) {
      const dir = path.join(out, tarball);
      mkdirSync(dir);
      ok(run("tar", ["-xzf", path.join(release, tarball), "-C", dir], base, {}), "tar");
      const manifest = readFileSync(path.join(dir, "package/package.json"), "utf8");
      expect(manifest).not.toContain("workspace:");
      clean(path.join(dir, "package"));
      expect(existsSync(path.join(dir, "package/LICENSE"))).toBe(true);
      expect(existsSync(path.join(dir, "package/CHANGELOG.md"))).toBe(true);
    }
    const cli = JSON.parse(
      readFileSync(path.join(out, path.basename(cliTarball), "package/package.json"), "utf8"),
    ) as { bin: Record<string, string>; dependencies?: object };
    expect(cli.dependencies ?? {}).toEqual({});
    expect(Object.keys(cli.bin).sort()).toEqual(["hush", "hush-pre-commit"]);
    for (const bundle of ["dist/bundle", "dist/guard/dist/bundle"])
      expect(
        readFileSync(
          path.join(out, path.basename(cliTarball), "package", bundle, "licenses.txt"),
          "utf8",
        ),
      ).toMatch(/^yaml \d/m);
  });

  it(
    "should give a working hush, hook and guard from the CLI tarball alone (npm install -g --prefix)",
    () => {
      const prefix = path.join(base, "prefix-tarball");
      const e = env(path.join(base, "home-tarball"));
      ok(
        run("npm", ["install", "-g", "--prefix", prefix, "--offline", cliTarball], base, e),
        "install",
      );
      const hush = [path.join(prefix, "bin/hush")];
      roundTrip(hush, e, path.join(base, "work-tarball"));
      guardBlocks(repoWithHook(hush, e, path.join(base, "repo-tarball")), e);
      clean(path.join(prefix, "lib/node_modules/@hush/cli"));
    },
    SLOW,
  );

  it(
    "should install from the registry with npm install -g, and run it with npx in a fresh folder",
    () => {
      const prefix = path.join(base, "prefix-registry");
      const e = env(path.join(base, "home-registry"));
      ok(run("npm", ["install", "-g", "--prefix", prefix, "@hush/cli"], base, e), "install -g");
      const hush = [path.join(prefix, "bin/hush")];
      expect(ok(run(hush[0]!, ["--version"], base, e), "--version").stdout.trim()).toBe("0.1.0");
      roundTrip(hush, e, path.join(base, "work-registry"));
      guardBlocks(repoWithHook(hush, e, path.join(base, "repo-registry")), e);
      clean(path.join(prefix, "lib/node_modules/@hush/cli"));

      // npx straight from the registry, in an empty folder with an empty cache.
      const fresh = path.join(base, "fresh");
      mkdirSync(fresh);
      const npx = run(
        "npx",
        ["--yes", "--package", "@hush/cli", "hush", "--version"],
        fresh,
        env(path.join(base, "home-npx")),
      );
      expect(ok(npx, "npx").stdout.trim()).toBe("0.1.0");
    },
    SLOW,
  );

  it(
    "should work as a dev dependency: npx hush, and the hook and pre-commit entry use the project's guard",
    () => {
      const project = path.join(base, "project");
      const e = env(path.join(base, "home-project"));
      mkdirSync(project);
      writeFileSync(path.join(project, "package.json"), '{ "name": "app", "private": true }\n');
      ok(run("npm", ["install", "--save-dev", "@hush/cli"], project, e), "npm install -D");
      const npxHush = ok(run("npx", ["--no-install", "hush", "--version"], project, e), "npx hush");
      expect(npxHush.stdout.trim()).toBe("0.1.0");
      roundTrip([path.join(project, "node_modules/.bin/hush")], e, path.join(project, "work"));
      guardBlocks(repoWithHook(["npx", "--no-install", "hush"], e, project), e);
      const hook = readFileSync(path.join(project, ".git/hooks/pre-commit"), "utf8");
      expect(hook).toContain("./node_modules/.bin/hush-pre-commit");
      // What .pre-commit-hooks.yaml runs (entry: npx --no-install hush-pre-commit).
      writeFileSync(path.join(project, "leak.ts"), `const k = "${plantedKey()}";\n`);
      ok(run("git", ["add", "leak.ts"], project, e), "git add");
      const entry = run("npx", ["--no-install", "hush-pre-commit"], project, e);
      expect(entry.code).toBe(1);
      expect(entry.stderr).toContain("leak.ts:1");
      expect(existsSync(path.join(project, "node_modules/@hush/cli/dist/guard"))).toBe(true);
      expect(statSync(path.join(project, "node_modules/.bin/hush-pre-commit")).isFile()).toBe(true);
    },
    SLOW,
  );
});
