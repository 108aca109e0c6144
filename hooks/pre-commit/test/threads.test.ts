/**
 * The shared scan of plain files: every file is scanned exactly as on one thread, whichever thread
 * claims it, and a thread that dies loses nothing. Real worker threads: the CLI's built scan worker,
 * and a test worker that exits after claiming files.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { scanShared, startThreads } from "../src/threads.js";
import { plantedTokens } from "../../../test/helpers/tokens.js";
import type * as ScanModule from "@hush/core/scan";

const SCAN_WORKER = new URL("../../../packages/cli/dist/bundle/scan-worker.js", import.meta.url);
const DYING_WORKER = new URL("./fixtures/dying-scan-worker.mjs", import.meta.url);

let root: string;
let paths: string[];
beforeAll(() => {
  root = mkdtempSync(path.join(tmpdir(), "hush-threads-"));
  const tokens = Object.values(plantedTokens()).filter((t) => !t.includes("\n"));
  paths = [];
  // ~10 MB: long enough on one thread that a worker claims files while it runs.
  for (let i = 0; i < 500; i++) {
    const rel = `d${i % 10}/f${i}.txt`;
    mkdirSync(path.join(root, `d${i % 10}`), { recursive: true });
    const line = `value_${i} = compute(${i}, "plain text of line", ${i * 7});\n`;
    const planted = i % 25 === 3 ? `${tokens[(i / 25) | 0]}\n` : "";
    writeFileSync(path.join(root, rel), line.repeat(200) + planted + line.repeat(200));
    paths.push(rel);
  }
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

const detector = (): Promise<typeof ScanModule> => import("@hush/core/scan");

describe("scanShared", () => {
  it("should find on several threads exactly what one thread finds", async () => {
    const alone = await scanShared(root, paths, new Set(), await detector(), []);
    expect(new Set(alone.findings.map((f) => f.path)).size).toBe(20);
    const together = await scanShared(
      root,
      paths,
      new Set(),
      await detector(),
      startThreads({ url: SCAN_WORKER, count: 2 }),
    );
    expect(together.findings).toEqual(alone.findings);
    expect(together.files).toBe(500);
    expect(together.bytesScanned).toBe(alone.bytesScanned);
    expect(together.claimed.reduce((a, b) => a + b, 0)).toBe(500);
  });

  it("should scan again on the main thread what a thread claimed before it died", async () => {
    const alone = await scanShared(root, paths, new Set(), await detector(), []);
    const dying = await scanShared(
      root,
      paths,
      new Set(),
      await detector(),
      startThreads({ url: DYING_WORKER, count: 1 }),
      undefined,
      false,
    );
    // It claimed five files (the main thread claimed none) and exited without a reply.
    expect(dying.claimed[1]).toBe(5);
    expect(dying.findings).toEqual(alone.findings);
    expect(dying.files).toBe(500);
    expect(dying.bytesScanned).toBe(alone.bytesScanned);
  });
});
