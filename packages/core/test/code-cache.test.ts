/**
 * The bins' loader: a CommonJS bundle through V8's code cache. Each case runs in a fresh Node
 * process, as a bin starts, so V8's in-process compilation cache cannot stand in for the file.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

const LOADER = path.resolve(import.meta.dirname, "../dist/node/code-cache.cjs");

/** The cache file of `file` for this Node (the tests' processes run the same one). */
const cacheOf = (file: string): string => `${file}.${process.arch}-v8-${process.versions.v8}.cache`;

/** Load `file` in a new process; report its export and whether V8 took the cache. */
function start(file: string): { value: unknown; cacheUsed: boolean } {
  const r = spawnSync(
    process.execPath,
    [
      "-e",
      `const b = require(${JSON.stringify(LOADER)}).loadBundle(${JSON.stringify(file)});
       process.stdout.write(JSON.stringify({ value: b.exports.answer(), cacheUsed: b.cacheUsed }));`,
    ],
    { encoding: "utf8" },
  );
  expect(r.stderr).toBe("");
  expect(r.status).toBe(0);
  return JSON.parse(r.stdout) as { value: unknown; cacheUsed: boolean };
}

describe("code cache loader", () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), "hush-code-cache-"));
    file = path.join(dir, "bundle.cjs");
    const body = Array.from({ length: 200 }, (_, i) => `function f${i}(x) { return x + ${i}; }`);
    writeFileSync(
      file,
      `${body.join("\n")}\nexports.answer = () => f41(1) + require("node:path").sep.length - 1;\n`,
    );
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("should write the cache on the first start and use it on the next", () => {
    expect(start(file)).toEqual({ value: 42, cacheUsed: false });
    expect(readFileSync(cacheOf(file)).length).toBeGreaterThan(0);
    expect(start(file)).toEqual({ value: 42, cacheUsed: true });
  });

  it("should refuse the cache of another bundle of the same length and replace it", () => {
    start(file);
    // Same length: V8's own check (source length) would take the old code.
    writeFileSync(file, readFileSync(file, "utf8").replace("f41(1)", "f42(1)"));
    expect(start(file)).toEqual({ value: 43, cacheUsed: false });
    expect(start(file)).toEqual({ value: 43, cacheUsed: true });
  });

  it("should refuse a damaged cache (V8 itself would crash on it) and replace it", () => {
    start(file);
    const cache = readFileSync(cacheOf(file));
    cache.fill(0x77, cache.length - 64);
    writeFileSync(cacheOf(file), cache);
    expect(start(file)).toEqual({ value: 42, cacheUsed: false });
    expect(start(file)).toEqual({ value: 42, cacheUsed: true });
  });

  it("should run without a cache where it cannot write one, leaving no temp file", () => {
    // A folder in the cache's place: unreadable and not replaceable, even for root.
    mkdirSync(cacheOf(file));
    expect(start(file)).toEqual({ value: 42, cacheUsed: false });
    expect(start(file)).toEqual({ value: 42, cacheUsed: false });
    expect(readdirSync(dir).sort()).toEqual(["bundle.cjs", path.basename(cacheOf(file))]);
  });
});
