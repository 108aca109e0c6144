// `hush git setup`: the managed .gitattributes block and the per-clone git config.
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { HushError } from "@hush/core/errors";
import { git, repoLocation } from "./git-exec.js";
import { attributeLine, globToAttributePatterns, withManagedBlock } from "./gitattributes.js";
import { loadContext, loadInventory, type TeamContext } from "./inventory.js";

export interface SetupResult {
  attributesFile: string;
  patterns: string[];
  /** Rule globs git attributes cannot express. */
  skipped: string[];
  configured: boolean;
}

/** Write the attributes (and the git config when `configure`). */
export async function gitSetup(
  cwd: string,
  env: TeamContext["env"],
  command: string,
  configure: boolean,
  policy?: string,
): Promise<SetupResult> {
  if ((await repoLocation(cwd)) === undefined)
    throw new HushError("ERR_COMMAND", `not a git repository (${cwd})`, {
      hint: "run `git init` first",
    });
  const ctx = await loadContext(cwd, env, policy);
  const patterns: string[] = [];
  const skipped: string[] = [];
  let needFiles = false;
  for (const rule of ctx.policy.rules) {
    if (rule.path === undefined) {
      needFiles = true;
      continue;
    }
    const ps = globToAttributePatterns(rule.path);
    if (ps.length === 0) {
      skipped.push(rule.path);
      needFiles = true;
    }
    for (const p of ps) if (!patterns.includes(p)) patterns.push(p);
  }
  // Files no glob covers (sops path_regex rules, odd globs, encrypted files outside rules) go in by name.
  const inventory = await loadInventory(ctx);
  for (const f of inventory) {
    if (!f.encrypted) continue;
    if (!needFiles && f.rule !== undefined) continue;
    const p = `/${f.file}`;
    if (!/\s/.test(p) && !patterns.includes(p)) patterns.push(p);
  }
  const attributesFile = path.join(ctx.root, ".gitattributes");
  let existing: string;
  try {
    existing = await readFile(attributesFile, "utf8");
  } catch {
    existing = "";
  }
  await writeFile(attributesFile, withManagedBlock(existing, patterns.map(attributeLine)));
  if (configure) {
    const set = (key: string, value: string) => git(ctx.root, ["config", "--local", key, value]);
    await set("diff.hush.textconv", `${command} git textconv`);
    await set("diff.hush.cachetextconv", "false");
    await set("merge.hush.name", "hush: merge encrypted files value by value");
    await set("merge.hush.driver", `${command} git merge %O %A %B %P`);
  }
  return {
    attributesFile: path.relative(cwd, attributesFile) || ".gitattributes",
    patterns,
    skipped,
    configured: configure,
  };
}
