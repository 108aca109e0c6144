/**
 * What `hush scan [PATH…]` reads, through the BUILT CLI: every file git does not ignore under the
 * paths (tracked or not), and plain folders outside any repository.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { cleanEnv, HUSH_BIN, makeRepo, type TempRepo } from "../helpers/guard-repo.js";
import { spawnSync } from "node:child_process";
import { plantedTokens } from "../helpers/tokens.js";

let repo: TempRepo | undefined;
const dirs: string[] = [];
afterEach(() => {
  repo?.cleanup();
  repo = undefined;
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const token = (): string => {
  const t = plantedTokens()["stripe-secret-key"];
  if (t === undefined) throw new Error("no planted stripe token");
  return t;
};

interface Json {
  findings: { path: string; ruleId: string; line: number }[];
  summary: { files: number };
}

describe("hush scan: what it looks at", () => {
  it("should find a key in `hush scan .` of a repository with nothing committed yet", () => {
    const r = (repo = makeRepo());
    r.write("src/config.py", `import os\n${token()}\n`);
    r.write("notes.txt", "nothing here\n");
    r.write(".gitignore", "build/\n");
    r.write("build/out.py", `${token()}\n`); // ignored by git: not scanned
    for (const args of [["scan", "."], ["scan"], ["scan", "src"]]) {
      const out = r.hush(...args, "--json");
      expect(out.code, `${args.join(" ")}: ${out.stderr}`).toBe(1);
      const json = JSON.parse(out.stdout) as Json;
      expect(json.findings.map((f) => f.path)).toEqual(["src/config.py"]);
    }
    // From a subfolder, `.` is that folder.
    const sub = spawnSync(process.execPath, [HUSH_BIN, "scan", ".", "--json"], {
      cwd: path.join(r.dir, "src"),
      env: r.env,
      encoding: "utf8",
    });
    expect(sub.status).toBe(1);
    expect((JSON.parse(sub.stdout) as Json).findings.map((f) => f.path)).toEqual(["src/config.py"]);
  });

  it("should scan a folder outside any git repository as plain files, policy included", async () => {
    const base = mkdtempSync(path.join(tmpdir(), "hush-plain-"));
    dirs.push(base);
    const dir = path.join(base, "configs");
    mkdirSync(path.join(dir, "app"), { recursive: true });
    mkdirSync(path.join(dir, "node_modules/x"), { recursive: true });
    writeFileSync(path.join(dir, "app/settings.py"), `${token()}\n`);
    writeFileSync(path.join(dir, "node_modules/x/index.js"), `${token()}\n`);
    const core = await import("@hush/core");
    const alice = await core.generateIdentity();
    writeFileSync(
      path.join(dir, ".hush.yaml"),
      `members:\n  alice: ${alice.recipient}\nrules:\n  - path: "secrets/**"\n    recipients: [alice]\n`,
    );
    mkdirSync(path.join(dir, "secrets"));
    writeFileSync(path.join(dir, "secrets/db.env"), "DB_PASSWORD=plain-as-day\n");
    const env = cleanEnv(path.join(base, "home"));
    mkdirSync(path.join(base, "home"));
    const run = (cwd: string, ...args: string[]) =>
      spawnSync(process.execPath, [HUSH_BIN, "scan", ...args, "--json"], {
        cwd,
        env,
        encoding: "utf8",
      });
    for (const [cwd, args] of [
      [base, ["configs"]],
      [dir, []],
      [dir, ["."]],
    ] as const) {
      const out = run(cwd, ...args);
      expect(out.status, out.stderr).toBe(1);
      const json = JSON.parse(out.stdout) as Json;
      expect(json.findings.map((f) => [f.ruleId, f.path]).sort()).toEqual([
        ["policy-plaintext-file", "secrets/db.env"],
        ["stripe-secret-key", "app/settings.py"],
      ]);
      expect(out.stdout).not.toContain("plain-as-day");
    }
    const one = run(base, "configs/app/settings.py");
    expect(one.status).toBe(1);
    expect((JSON.parse(one.stdout) as Json).findings).toHaveLength(1);
  });

  it("should scan a folder outside the repository it is run in as that folder, and say which path is outside", () => {
    const r = (repo = makeRepo());
    r.write("README.md", "hello\n");
    const base = mkdtempSync(path.join(tmpdir(), "hush-outside-"));
    dirs.push(base);
    mkdirSync(path.join(base, "configs"));
    writeFileSync(path.join(base, "configs/settings.py"), `${token()}\n`);
    // From inside the repository, a folder elsewhere (not in any repository) is read as plain files.
    const out = r.hush("scan", path.join(base, "configs"), "--json");
    expect(out.code, out.stderr).toBe(1);
    expect((JSON.parse(out.stdout) as Json).findings.map((f) => f.path)).toEqual(["settings.py"]);
    // With several paths, one of them outside: one line naming it, with a hint.
    const two = r.hush("scan", "README.md", path.join(base, "configs"));
    expect(two.code).toBe(2);
    expect(two.stderr).toMatch(
      /^hush: .*configs is outside the repository at .*\nhint: scan it on its own/,
    );
    expect(two.stderr).not.toContain("report it");
  });
});
