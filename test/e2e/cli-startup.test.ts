/**
 * How the built `hush` starts: help pages printed from dist/bundle/help.json must be exactly what
 * commander renders, and compiled code planted beside the bundle is never run.
 */
import { spawn, spawnSync } from "node:child_process";
import {
  cpSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HUSH_BIN, hushEnv, REPO_ROOT, runHush } from "../helpers/hush.js";
import { plantCodeCache } from "../helpers/planted-cache.js";

const CLI = path.join(REPO_ROOT, "packages/cli");
const BUNDLE = path.join(CLI, "dist/bundle");

interface Bundle {
  run: (argv: string[], io: unknown) => Promise<number>;
}

/** What commander itself prints for argv, from the bundle (no stored pages involved). */
async function commanderOutput(argv: string[]): Promise<string> {
  const { run } = createRequire(import.meta.url)(path.join(BUNDLE, "hush.cjs")) as Bundle;
  let out = "";
  const code = await run(argv, {
    stdout: (s: string) => void (out += s),
    stderr: (s: string) => void (out += s),
    readStdin: () => Promise.resolve(""),
    env: {},
    cwd: REPO_ROOT,
    execPath: process.execPath,
    isTTY: false,
  });
  expect(code).toBe(0);
  return out;
}

describe("hush start-up", () => {
  let base: string;
  beforeAll(() => {
    base = mkdtempSync(path.join(tmpdir(), "hush-startup-"));
  });
  afterAll(() => rmSync(base, { recursive: true, force: true }));

  it("should print every stored help page exactly as commander renders it, however it is asked for", async () => {
    const stored = JSON.parse(readFileSync(path.join(BUNDLE, "help.json"), "utf8")) as {
      pages: Record<string, string>;
    };
    const commands = Object.keys(stored.pages).filter((k) => k !== "");
    expect(commands).toEqual(expect.arrayContaining(["decrypt", "rekey", "scan", "hook", "audit"]));
    const env = hushEnv(base);
    for (const argv of [["--help"], ["-h"], ["help"]]) {
      const r = await runHush(argv, { cwd: base, env });
      expect(r.code).toBe(0);
      expect(r.stdout).toBe(await commanderOutput(["--help"]));
    }
    const version = await runHush(["--version"], { cwd: base, env });
    expect(version.stdout).toBe(await commanderOutput(["--version"]));
    expect((await runHush(["-V"], { cwd: base, env })).stdout).toBe(version.stdout);
    for (const name of commands) {
      const expected = await commanderOutput([name, "--help"]);
      expect(expected).toContain(`Usage: hush ${name}`);
      for (const argv of [
        [name, "--help"],
        [name, "-h"],
        ["help", name],
      ]) {
        const r = await runHush(argv, { cwd: base, env });
        expect(r.code, argv.join(" ")).toBe(0);
        expect(r.stdout, argv.join(" ")).toBe(expected);
      }
    }
  });

  describe("with a copy of the built package", () => {
    let pkg: string;
    let bin: string;
    let home: string;
    beforeAll(async () => {
      pkg = path.join(base, "cli");
      cpSync(path.join(CLI, "bin"), path.join(pkg, "bin"), { recursive: true });
      cpSync(BUNDLE, path.join(pkg, "dist/bundle"), { recursive: true });
      bin = path.join(pkg, "bin/hush.js");
      home = path.join(base, "home");
      const keygen = await runHush(["keygen", "-o", path.join(home, "key.txt")], {
        cwd: base,
        env: hushEnv(home),
        bin,
      });
      expect(keygen.code).toBe(0);
      const recipient = /age1[0-9a-z]+/.exec(keygen.stderr)?.[0] ?? "";
      writeFileSync(path.join(home, "app.yaml"), "db:\n  password: hunter2\n");
      const enc = await runHush(["encrypt", "-i", "--age", recipient, "app.yaml"], {
        cwd: home,
        env: hushEnv(home),
        bin,
      });
      expect(enc.code).toBe(0);
    });

    const decrypt = () =>
      runHush(["decrypt", "app.yaml"], {
        cwd: home,
        env: hushEnv(home, { SOPS_AGE_KEY_FILE: path.join(home, "key.txt") }),
        bin,
      });

    it("should never run compiled code planted beside the bundle (a branch can force-add it under dist/)", async () => {
      const marker = path.join(base, "planted-code-ran");
      plantCodeCache(path.join(pkg, "dist/bundle/hush.cjs"), marker);
      const r = await decrypt();
      expect(existsSync(marker)).toBe(false);
      expect(r.code).toBe(0);
      expect(r.stdout).toBe("db:\n  password: hunter2\n");
    });

    it("should print help from the stored pages alone, without the bundle", async () => {
      rmSync(path.join(pkg, "dist/bundle/hush.cjs"));
      const help = await runHush(["decrypt", "--help"], { cwd: home, env: hushEnv(home), bin });
      expect(help.code).toBe(0);
      expect(help.stdout).toContain("Usage: hush decrypt");
      // a command needs the bundle: the check that the help above did not come from it
      expect((await decrypt()).code).not.toBe(0);
    });
  });

  describe("what a start loads", () => {
    // Files beside the bundle that a start loads only when it needs them (scripts/cjs-bundle.mjs).
    const ALWAYS = new Set(["hush.cjs", "stdio.cjs", "compile-cache.cjs"]);
    const loaded = (stderr: string): string[] =>
      [...new Set(stderr.match(/[\w-]+\.cjs\b/g) ?? [])].filter((f) => !ALWAYS.has(f));
    let repo: string;
    let env: Record<string, string>;
    beforeAll(async () => {
      repo = path.join(base, "loads");
      env = hushEnv(base, { SOPS_AGE_KEY_FILE: path.join(repo, "key.txt") });
      expect(
        (await runHush(["keygen", "-o", path.join(repo, "key.txt")], { cwd: base, env })).code,
      ).toBe(0);
      expect(spawnSync("git", ["init", "-q"], { cwd: repo }).status).toBe(0);
      expect((await runHush(["init"], { cwd: repo, env })).code).toBe(0);
      // hush init's policy has an encrypted_regex (the Kubernetes rule): parsing it checks it.
      expect(readFileSync(path.join(repo, ".hush.yaml"), "utf8")).toMatch(/encrypted_regex/);
      writeFileSync(path.join(repo, "app.secret.yaml"), "db:\n  password: hunter2\n");
      expect((await runHush(["encrypt", "-i", "app.secret.yaml"], { cwd: repo, env })).code).toBe(
        0,
      );
    });

    it("should decrypt in a repository hush init set up without loading the regex engine", async () => {
      const r = await runHush(["decrypt", "app.secret.yaml"], {
        cwd: repo,
        env: { ...env, NODE_DEBUG: "module" },
      });
      expect(r.code).toBe(0);
      expect(r.stdout).toBe("db:\n  password: hunter2\n");
      // The policy is read (yaml); nothing else beside the bundle: no regex engine, no detector,
      // no ssh passphrase or post-quantum code.
      expect(loaded(r.stderr)).toEqual(["yaml.cjs"]);
    });

    it("should have every file beside the bundle load on its own and export something", () => {
      const own = readdirSync(BUNDLE).filter((f) => f.endsWith(".cjs") && !ALWAYS.has(f));
      expect(own).toEqual(expect.arrayContaining(["yaml.cjs", "re2js.cjs", "hush-core-scan.cjs"]));
      const load = createRequire(import.meta.url);
      for (const f of own)
        expect(Object.keys(load(path.join(BUNDLE, f)) as object).length, f).toBeGreaterThan(0);
    });

    it("should load the regex engine from its own file when a policy's regex needs it", async () => {
      const policy = path.join(repo, ".hush.yaml");
      const text = readFileSync(policy, "utf8");
      writeFileSync(
        policy,
        text.replace(/encrypted_regex: "[^"]*"/, 'encrypted_regex: "(?i)^(data|stringdata)$"'),
      );
      try {
        const r = await runHush(["policy", "check"], {
          cwd: repo,
          env: { ...env, NODE_DEBUG: "module" },
        });
        expect(r.code).toBe(0);
        expect(loaded(r.stderr)).toContain("re2js.cjs");
        const bad = text.replace(/encrypted_regex: "[^"]*"/, 'encrypted_regex: "(?=data)"');
        writeFileSync(policy, bad);
        const refused = await runHush(["policy", "check"], { cwd: repo, env });
        expect(refused.code).not.toBe(0);
        expect(refused.stdout + refused.stderr).toMatch(
          /encrypted_regex: not a valid regular expression/,
        );
      } finally {
        writeFileSync(policy, text);
      }
    });
  });

  describe("output written straight to the descriptors", () => {
    let dir: string;
    let env: Record<string, string>;
    let expected: string;
    beforeAll(async () => {
      dir = path.join(base, "out");
      const keygen = await runHush(["keygen", "-o", path.join(dir, "key.txt")], {
        cwd: base,
        env: hushEnv(base),
      });
      const recipient = /age1[0-9a-z]+/.exec(keygen.stderr)?.[0] ?? "";
      // ~1.5 MB of output: far more than a pipe or socket buffer holds.
      expected = Array.from(
        { length: 20_000 },
        (_, i) => `key_${i}: value-${i}-${"x".repeat(50)}\n`,
      ).join("");
      writeFileSync(path.join(dir, "big.yaml"), expected);
      env = hushEnv(base, { SOPS_AGE_KEY_FILE: path.join(dir, "key.txt") });
      const enc = await runHush(["encrypt", "-i", "--age", recipient, "big.yaml"], {
        cwd: dir,
        env,
      });
      expect(enc.code).toBe(0);
    });

    it("should deliver everything, in order, through a non-blocking pipe to a slow reader", async () => {
      // A pipe a Node parent has made its process.stdout of is O_NONBLOCK, and children that inherit
      // it share that (`npm run`, `pnpm exec`). The preload does the same here; while the reader
      // pauses, direct writes meet EAGAIN and the rest must still arrive, in order. The preload
      // says on stderr when the first EAGAIN happened: the reader resumes on that, not on a timer.
      const preload = path.join(dir, "nonblocking.cjs");
      writeFileSync(
        preload,
        [
          "process.stdout;",
          'const fs = require("node:fs");',
          "const writeSync = fs.writeSync;",
          "let told = false;",
          "fs.writeSync = function (fd, ...rest) {",
          "  try { return writeSync.call(fs, fd, ...rest); } catch (e) {",
          '    if (fd === 1 && e.code === "EAGAIN" && !told) { told = true; writeSync.call(fs, 2, "EAGAIN\\n"); }',
          "    throw e;",
          "  }",
          "};",
          "",
        ].join("\n"),
      );
      const child = spawn(process.execPath, ["-r", preload, HUSH_BIN, "decrypt", "big.yaml"], {
        cwd: dir,
        env,
        stdio: ["ignore", "pipe", "pipe"],
      });
      const chunks: Buffer[] = [];
      let stderr = "";
      child.stdout.pause();
      await new Promise<void>((resolve) => {
        child.stderr.on("data", (b: Buffer) => {
          stderr += b.toString();
          if (stderr.includes("EAGAIN\n")) resolve();
        });
        // A hush that ends without meeting EAGAIN fails below rather than hanging here.
        child.once("exit", () => resolve());
      });
      child.stdout.on("data", (b: Buffer) => chunks.push(b));
      child.stdout.resume();
      const code = await new Promise<number | null>((r) => child.on("close", (c) => r(c)));
      expect(stderr).toBe("EAGAIN\n");
      expect(code).toBe(0);
      expect(Buffer.concat(chunks).toString("utf8")).toBe(expected);
    });

    it("should stop quietly when the reader of a long output goes away (| head -1)", () => {
      const r = spawnSync(
        "sh",
        [
          "-c",
          `"${process.execPath}" "${HUSH_BIN}" decrypt big.yaml | head -1; echo "hush exit $?"`,
        ],
        { cwd: dir, env, encoding: "utf8" },
      );
      expect(r.stdout).toBe("key_0: value-0-" + "x".repeat(50) + "\nhush exit 0\n");
      expect(r.stderr).toBe("");
    });

    it.skipIf(!existsSync("/dev/full"))(
      "should say so when standard output cannot be written",
      () => {
        const r = spawnSync(
          "sh",
          ["-c", `"${process.execPath}" "${HUSH_BIN}" decrypt big.yaml > /dev/full`],
          {
            cwd: dir,
            env,
            encoding: "utf8",
          },
        );
        expect(r.status).toBe(1);
        expect(r.stderr).toMatch(/^hush: no space left on device \(standard output\)/);
        expect(r.stderr).not.toMatch(/at .*\.js:\d+/);
      },
    );
  });
});
