// The two drivers git runs: textconv for diffs, merge for merges. Both read identities the usual way.
import { readFile } from "node:fs/promises";
import path from "node:path";
import type { Io } from "../io.js";
import { mergeDriver, type MergeOutcome } from "./merge-driver.js";
import { candidateFormats } from "./snapshot.js";
import { tokenizeCiphertexts } from "./textconv.js";

async function identities(io: Io): Promise<string[]> {
  const { findIdentities } = await import("@hush/core/node");
  try {
    return (await findIdentities({ env: io.env })).map((i) => i.identity);
  } catch {
    return [];
  }
}

/**
 * What `git diff` shows for one version of a file: its plaintext when a key opens it; else the file
 * with each ciphertext replaced by a stable token (so the reader sees which values changed).
 */
export async function textconv(io: Io, file: string): Promise<string> {
  const text = await readFile(path.resolve(io.cwd, file), "utf8");
  if (!text.includes("sops")) return text;
  const core = await import("@hush/core");
  const ids = await identities(io);
  if (ids.length > 0)
    for (const format of candidateFormats(core, file)) {
      try {
        return (await core.decrypt(text, { format, identities: ids })).text;
      } catch {
        // not this format, or not our key: fall through to tokens
      }
    }
  return tokenizeCiphertexts(text);
}

/** Run the merge driver on git's three temp files; writes the result to `ours`. */
export async function mergeFiles(
  io: Io,
  files: { base: string; ours: string; theirs: string; path: string },
): Promise<MergeOutcome> {
  const core = await import("@hush/core");
  const { writeFileAtomic } = await import("@hush/core/node");
  const resolve = (f: string): string => path.resolve(io.cwd, f);
  return mergeDriver(
    core,
    await identities(io),
    {
      base: resolve(files.base),
      ours: resolve(files.ours),
      theirs: resolve(files.theirs),
      path: files.path,
    },
    (f, t) => writeFileAtomic(f, t),
  );
}
