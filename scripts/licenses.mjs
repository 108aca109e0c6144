// Third-party license notices for a bundle: every package esbuild put into it (read from the
// build's metafile, so a dependency that tree-shaking dropped is not listed and one that came in
// through a transitive import is), with its license text. Written as licenses.txt beside the
// bundle, since a bundle is a copy of that code and most licenses ask the copy to carry the notice.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import path from "node:path";

/** Names a package's license file goes by (npm's own list, any case, any extension). */
const LICENSE_FILE = /^(licen[cs]e|copying|notice)([.-].*)?$/i;

/** The folder of the package a bundled file belongs to: the nearest package.json with a name. */
function packageDirOf(file) {
  for (let dir = path.dirname(file); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const manifest = path.join(dir, "package.json");
    if (existsSync(manifest) && typeof JSON.parse(readFileSync(manifest, "utf8")).name === "string")
      return dir;
    if (path.basename(dir) === "node_modules") return undefined;
  }
  return undefined;
}

/**
 * The packages under node_modules that a build's metafiles list as inputs, hush's own excluded
 * (they are this repository's code, under its LICENSE).
 * @param metafiles - esbuild metafiles (`metafile: true`)
 * @param cwd - the folder esbuild resolved input paths against (its working directory)
 */
export function bundledPackages(metafiles, cwd = process.cwd()) {
  const dirs = new Set();
  for (const meta of metafiles)
    for (const input of Object.keys(meta.inputs)) {
      // Inputs from plugins carry a namespace prefix ("hush-lazy:…"): those are not files.
      if (/^[a-z-]+:/.test(input) || !input.includes("node_modules")) continue;
      const dir = packageDirOf(path.resolve(cwd, input));
      if (dir !== undefined) dirs.add(dir);
    }
  const packages = new Map();
  for (const dir of dirs) {
    const { name, version, license } = JSON.parse(
      readFileSync(path.join(dir, "package.json"), "utf8"),
    );
    if (name.startsWith("@hush/")) continue;
    const files = readdirSync(dir)
      .filter((f) => LICENSE_FILE.test(f) && statSync(path.join(dir, f)).isFile())
      .sort();
    const texts = files.map((f) => readFileSync(path.join(dir, f), "utf8").trim());
    packages.set(`${name}@${version}`, { name, version, license: license ?? "UNKNOWN", texts });
  }
  return [...packages.values()].sort((a, b) =>
    a.name === b.name ? a.version.localeCompare(b.version) : a.name.localeCompare(b.name),
  );
}

/** The text of licenses.txt for these packages. */
export function noticeText(packages) {
  const header =
    "Third-party software bundled in this folder, with the license each is distributed under.\n" +
    "hush itself is licensed under the Apache License 2.0 (LICENSE in the package).\n";
  const sections = packages.map((p) => {
    const body =
      p.texts.length > 0
        ? p.texts.join("\n\n")
        : `(the package ships no license file; its package.json says: ${p.license})`;
    return `${p.name} ${p.version}\nLicense: ${p.license}\n\n${body}\n`;
  });
  return [header, ...sections].join(`\n${"-".repeat(78)}\n\n`);
}

/**
 * Write `<dir>/licenses.txt` for the given metafiles; fails the build for a bundled package whose
 * license is unknown, so nothing ships whose terms nobody looked at.
 */
export async function writeNotices(dir, metafiles, cwd = process.cwd()) {
  const packages = bundledPackages(metafiles, cwd);
  const unknown = packages.filter((p) => p.license === "UNKNOWN" && p.texts.length === 0);
  if (unknown.length > 0)
    throw new Error(`no license found for ${unknown.map((p) => p.name).join(", ")}`);
  await writeFile(path.join(dir, "licenses.txt"), noticeText(packages));
  return packages;
}
