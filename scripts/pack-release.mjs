#!/usr/bin/env node
// `pnpm pack:release`: the tarballs a user installs, written to release/:
// - @hush/cli: the `hush` command and the `hush-pre-commit` guard as self-contained bundles, no
//   dependencies (npm install -g of this one tarball is a working hush);
// - @hush/core: the library, for those who want the API.
// It refuses while a changeset is pending (`pnpm release:version` first: the versions and
// CHANGELOG.md must say what is in the tarball), builds from clean (no file an older build left can
// ship), then checks every tarball: no `workspace:` range in a manifest, no compiled-code cache, no
// path of the build machine; LICENSE, a CHANGELOG.md section for its version, and a licenses.txt
// beside each bundle.
//
//   node scripts/pack-release.mjs [--no-build] [--allow-pending] [--out DIR]
// (--allow-pending: a trial pack, as the install tests make, with changesets not yet released.)
import { execFileSync, spawnSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
} from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const PACKAGES = ["packages/core", "packages/cli"];
const BUILT = ["packages/core/dist", "hooks/pre-commit/dist", "packages/cli/dist"];

/**
 * The changesets in `dir` (a `.changeset/` folder) not yet consumed by `changeset version`.
 * @returns their file names
 */
export function pendingChangesets(dir = path.join(root, ".changeset")) {
  return readdirSync(dir).filter((f) => f.endsWith(".md") && f !== "README.md");
}

/** File names that are compiled-code caches or build leftovers: never shipped. */
const FORBIDDEN_NAME = /(\.cache$|code-cache|\.tsbuildinfo$|\.tmp$)/;

function fail(message) {
  process.stderr.write(`pack:release: ${message}\n`);
  process.exit(1);
}

function run(cmd, args, cwd) {
  const r = spawnSync(cmd, args, { cwd, stdio: ["ignore", "pipe", "inherit"], encoding: "utf8" });
  if (r.status !== 0) fail(`${cmd} ${args.join(" ")} failed in ${path.relative(root, cwd) || "."}`);
  return r.stdout;
}

function filesUnder(dir) {
  return readdirSync(dir, { recursive: true })
    .map((f) => path.join(dir, f))
    .filter((f) => statSync(f).isFile());
}

/**
 * What is wrong with an unpacked tarball (`dir` holds package/): an empty list when it may ship.
 * @param buildRoot - the absolute path of this checkout, which no shipped file may name
 */
export function problemsOf(dir, buildRoot) {
  const problems = [];
  const manifest = readFileSync(path.join(dir, "package/package.json"), "utf8");
  if (manifest.includes("workspace:")) problems.push("package.json has a workspace: range");
  const { private: isPrivate, version } = JSON.parse(manifest);
  if (isPrivate === true) problems.push("package.json is private");
  const at = (f) => path.join(dir, "package", f);
  if (!existsSync(at("LICENSE"))) problems.push("no LICENSE");
  const changelog = existsSync(at("CHANGELOG.md")) ? readFileSync(at("CHANGELOG.md"), "utf8") : "";
  if (!changelog.split("\n").includes(`## ${version}`))
    problems.push(`CHANGELOG.md has no section for ${version}`);
  for (const file of filesUnder(path.join(dir, "package"))) {
    const rel = path.relative(dir, file);
    // A bundle is a copy of its dependencies' code: their notices travel beside it.
    if (
      path.basename(path.dirname(file)) === "bundle" &&
      !existsSync(path.join(path.dirname(file), "licenses.txt"))
    )
      problems.push(`${rel}: a bundle without licenses.txt beside it`);
    if (FORBIDDEN_NAME.test(path.basename(file)))
      problems.push(`${rel}: a cache or build leftover`);
    if (readFileSync(file).includes(buildRoot)) problems.push(`${rel} names ${buildRoot}`);
  }
  return problems;
}

/** Pack every released package into `out`; returns the tarball paths. */
export function packRelease({
  build = true,
  allowPending = false,
  out = path.join(root, "release"),
} = {}) {
  const pending = pendingChangesets();
  if (pending.length > 0 && !allowPending)
    fail(
      `changesets not released yet (${pending.join(", ")}): run pnpm release:version and commit`,
    );
  if (build) {
    for (const d of BUILT) rmSync(path.join(root, d), { recursive: true, force: true });
    run("pnpm", ["build"], root);
  }
  mkdirSync(out, { recursive: true });
  const tarballs = [];
  for (const pkg of PACKAGES) {
    const dir = path.join(root, pkg);
    const before = new Set(readdirSync(out));
    run("pnpm", ["pack", "--pack-destination", out], dir);
    const made = readdirSync(out).filter((f) => f.endsWith(".tgz") && !before.has(f));
    const { name, version } = JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8"));
    const expected = `${name.replace(/^@/, "").replace("/", "-")}-${version}.tgz`;
    const tarball = path.join(out, made[0] ?? expected);
    const unpacked = mkdtempSync(path.join(tmpdir(), "hush-pack-"));
    try {
      execFileSync("tar", ["-xzf", tarball, "-C", unpacked]);
      const problems = problemsOf(unpacked, root);
      if (problems.length > 0) fail(`${path.basename(tarball)}:\n  ${problems.join("\n  ")}`);
    } finally {
      rmSync(unpacked, { recursive: true, force: true });
    }
    tarballs.push(tarball);
  }
  return tarballs;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const args = process.argv.slice(2);
  const outAt = args.indexOf("--out");
  const tarballs = packRelease({
    build: !args.includes("--no-build"),
    allowPending: args.includes("--allow-pending"),
    ...(outAt === -1 ? {} : { out: path.resolve(args[outAt + 1] ?? "") }),
  });
  for (const t of tarballs) process.stdout.write(`${path.relative(process.cwd(), t)}\n`);
}
