/**
 * What a release carries besides the code: hush's LICENSE, the license notices of every package a
 * bundle copies (licenses.txt beside each bundle, the bundles' own legal comments kept), and the
 * changeset flow that `pnpm pack:release` enforces (no pending changeset, a CHANGELOG section for
 * the version). Reads the built tree (`pnpm build`).
 */
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { REPO_ROOT } from "../helpers/hush.js";

const BUNDLES = {
  cli: "packages/cli/dist/bundle",
  guard: "hooks/pre-commit/dist/bundle",
  guardInCli: "packages/cli/dist/guard/dist/bundle",
  action: "actions/decrypt/dist",
};

const notices = (dir: string): string =>
  readFileSync(path.join(REPO_ROOT, dir, "licenses.txt"), "utf8");

/** The license file text of an installed dependency, as a bundle must quote it. */
function licenseOf(pkg: string, from = "packages/core"): string {
  const dir = path.join(REPO_ROOT, from, "node_modules", pkg);
  return readFileSync(path.join(dir, "LICENSE"), "utf8").trim();
}

/** Call a function of scripts/pack-release.mjs in a child node; returns its JSON result. */
function packRelease(fn: string, ...args: string[]): unknown {
  const script = path.join(REPO_ROOT, "scripts/pack-release.mjs");
  const r = spawnSync(
    process.execPath,
    [
      "--input-type=module",
      "-e",
      `const m = await import(${JSON.stringify(script)});` +
        `console.log(JSON.stringify(m.${fn}(...${JSON.stringify(args)})));`,
    ],
    { encoding: "utf8" },
  );
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as unknown;
}

const temps: string[] = [];
const temp = (): string => {
  const d = mkdtempSync(path.join(tmpdir(), "hush-release-"));
  temps.push(d);
  return d;
};
afterAll(() => {
  for (const d of temps) rmSync(d, { recursive: true, force: true });
});

describe("license notices", () => {
  it("should have an Apache-2.0 LICENSE at the root and in each published package", () => {
    for (const dir of [".", "packages/core", "packages/cli"]) {
      expect(readFileSync(path.join(REPO_ROOT, dir, "LICENSE"), "utf8")).toContain(
        "Apache License\n                           Version 2.0",
      );
      const manifest = JSON.parse(
        readFileSync(path.join(REPO_ROOT, dir, "package.json"), "utf8"),
      ) as { license?: string };
      expect(manifest.license).toBe("Apache-2.0");
    }
  });

  it("should write licenses.txt beside each bundle with the license text of what it bundles", () => {
    const yaml = licenseOf("yaml");
    const age = licenseOf("age-encryption");
    for (const dir of Object.values(BUNDLES)) {
      const text = notices(dir);
      expect(text, dir).toContain(yaml);
      expect(text, dir).toContain(age);
      expect(text, dir).not.toContain("@hush/");
      expect(text, dir).not.toContain(REPO_ROOT);
    }
    // Only what a bundle holds: commander is in hush, not in the guard; @actions/core in the action.
    expect(notices(BUNDLES.cli)).toMatch(/^commander \d/m);
    expect(notices(BUNDLES.guard)).not.toMatch(/^commander \d/m);
    expect(notices(BUNDLES.action)).toMatch(/^@actions\/core \d/m);
    expect(notices(BUNDLES.guardInCli)).toBe(notices(BUNDLES.guard));
  });

  it("should keep the legal comments of bundled code", () => {
    const action = readFileSync(path.join(REPO_ROOT, BUNDLES.action, "index.js"), "utf8");
    expect(action).toMatch(/noble-curves - MIT License/);
  });
});

describe("pack:release checks", () => {
  /** An unpacked tarball of version 1.2.3 with everything a release needs. */
  const complete = (): string => {
    const dir = temp();
    const pkg = path.join(dir, "package");
    mkdirSync(path.join(pkg, "dist", "bundle"), { recursive: true });
    writeFileSync(path.join(pkg, "package.json"), JSON.stringify({ name: "x", version: "1.2.3" }));
    cpSync(path.join(REPO_ROOT, "LICENSE"), path.join(pkg, "LICENSE"));
    writeFileSync(path.join(pkg, "CHANGELOG.md"), "# x\n\n## 1.2.3\n\n- a change\n");
    writeFileSync(path.join(pkg, "dist", "bundle", "x.cjs"), "module.exports = 1;\n");
    writeFileSync(path.join(pkg, "dist", "bundle", "licenses.txt"), "none\n");
    return dir;
  };
  const problems = (dir: string): string[] =>
    packRelease("problemsOf", dir, "/nowhere/build-root") as string[];

  it("should pass a complete package", () => {
    expect(problems(complete())).toEqual([]);
  });

  it("should refuse a package without LICENSE", () => {
    const dir = complete();
    rmSync(path.join(dir, "package", "LICENSE"));
    expect(problems(dir)).toEqual(["no LICENSE"]);
  });

  it("should refuse a package whose CHANGELOG has no section for its version", () => {
    const dir = complete();
    writeFileSync(path.join(dir, "package", "CHANGELOG.md"), "# x\n\n## 1.2.2\n\n- older\n");
    expect(problems(dir)).toEqual(["CHANGELOG.md has no section for 1.2.3"]);
  });

  it("should refuse a bundle without licenses.txt", () => {
    const dir = complete();
    rmSync(path.join(dir, "package", "dist", "bundle", "licenses.txt"));
    expect(problems(dir)).toEqual([
      "package/dist/bundle/x.cjs: a bundle without licenses.txt beside it",
    ]);
  });

  it("should see pending changesets (pack:release refuses them)", () => {
    const dir = temp();
    writeFileSync(path.join(dir, "README.md"), "# Changesets\n");
    writeFileSync(path.join(dir, "config.json"), "{}\n");
    expect(packRelease("pendingChangesets", dir)).toEqual([]);
    writeFileSync(path.join(dir, "brave-keys-sing.md"), '---\n"@hush/cli": patch\n---\n\nFix.\n');
    expect(packRelease("pendingChangesets", dir)).toEqual(["brave-keys-sing.md"]);
  });

  it("should version core and cli together, with the changelog pack:release checks", () => {
    const config = JSON.parse(
      readFileSync(path.join(REPO_ROOT, ".changeset/config.json"), "utf8"),
    ) as { fixed: string[][] };
    expect(config.fixed).toEqual([["@hush/core", "@hush/cli"]]);
    for (const dir of ["packages/core", "packages/cli"]) {
      const { version } = JSON.parse(
        readFileSync(path.join(REPO_ROOT, dir, "package.json"), "utf8"),
      ) as { version: string };
      expect(readFileSync(path.join(REPO_ROOT, dir, "CHANGELOG.md"), "utf8")).toContain(
        `\n## ${version}\n`,
      );
    }
  });
});
