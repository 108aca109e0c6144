// The two drivers git runs: textconv for diffs, merge for merges. Both read identities the usual way.
import { readFile } from "node:fs/promises";
import path from "node:path";
import type { IdentityInput } from "@hush/core";
import type { Io } from "../io.js";
import { mergeDriver, type MergeOutcome, type MergePolicy } from "./merge-driver.js";
import { candidateFormats } from "./snapshot.js";
import { tokenizeCiphertexts } from "./textconv.js";

/** Identities that need nobody: git runs the drivers for each version, so they never ask or run plugins. */
async function identities(io: Io): Promise<IdentityInput[]> {
  const { findIdentities } = await import("@hush/core/node");
  try {
    return (await findIdentities({ env: io.env }))
      .map((i) => i.identity)
      .filter((id) => typeof id === "string" || !id.interactive);
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
        const plain = (await core.decrypt(text, { format, identities: ids })).text;
        return plain + recipientLines(core.inspect(text, format).keyGroups);
      } catch {
        // not this format, or not our key: fall through to tokens
      }
    }
  // The sops block (recipients included) stays in the tokenized text.
  return tokenizeCiphertexts(text);
}

/**
 * The recipients, shown after the plaintext: who can open the data key is not under the MAC, so
 * `git diff`/`git show` must show a change to it as plainly as a changed value.
 */
function recipientLines(groups: readonly (readonly string[])[]): string {
  const lines = ["", "# hush: sops recipients (who can open the data key)"];
  groups.forEach((g, i) => {
    for (const r of g) lines.push(`#   ${groups.length > 1 ? `group ${i + 1}: ` : ""}${r}`);
  });
  return `${lines.join("\n")}\n`;
}

/** Run the merge driver on git's three temp files; writes the result to `ours`. */
export async function mergeFiles(
  io: Io,
  files: { base: string; ours: string; theirs: string; path: string },
): Promise<MergeOutcome> {
  const core = await import("@hush/core");
  const { writeFileAtomic } = await import("@hush/core/node");
  const { createContext } = await import("../lib/context.js");
  const resolve = (f: string): string => path.resolve(io.cwd, f);
  // git runs the driver at the top of the work tree with %P relative to it.
  const ctx = createContext(io);
  const loaded = await ctx.policy();
  const rule = loaded === undefined ? undefined : await ctx.rule(resolve(files.path));
  const policy: MergePolicy | undefined =
    loaded === undefined || rule === undefined
      ? undefined
      : {
          spec:
            rule.keyGroups === undefined
              ? { recipients: rule.recipients }
              : {
                  keyGroups: rule.keyGroups,
                  ...(rule.shamirThreshold === undefined
                    ? {}
                    : { shamirThreshold: rule.shamirThreshold }),
                },
          pinnedRules: rule.pinnedRules,
          source: ctx.show(loaded.file),
        };
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
    policy,
  );
}
