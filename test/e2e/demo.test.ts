// `pnpm demo` is part of the test suite: it exits non-zero when any step does not behave as shown.
import { spawnSync } from "node:child_process";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

describe("pnpm demo", () => {
  it("should walk the example repo end to end with every step as shown", () => {
    const r = spawnSync(process.execPath, [join(root, "scripts/demo.mjs")], {
      cwd: root,
      encoding: "utf8",
      env: { ...process.env, NO_COLOR: "1" },
      timeout: 120_000,
    });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    for (const title of ["Keys", "Decrypt", "Edit", "The guard", "Team change", "Deploy"]) {
      expect(r.stdout).toContain(title);
    }
    expect(r.stdout).toContain("demo complete");
    // The demo's secrets appear in decrypt output on purpose, but never in an error line.
    expect(r.stdout).not.toMatch(/^ {4}hush: .*6b1f0e5d/m);
  });
});
