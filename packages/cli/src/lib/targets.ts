import { HushError } from "@hush/core/errors";
import type { Context } from "./context.js";
import type { RepoFile } from "./repo.js";
import type { EncryptionRules } from "@hush/core";
import type { CoreTask } from "./workers.js";

/** The files a repo-wide command works on: the named ones, or every encrypted file with --all. */
export async function targetFiles(
  ctx: Context,
  files: readonly string[],
  all: boolean,
  verb: string,
  allByDefault = false,
): Promise<RepoFile[]> {
  if (files.length > 0 && all)
    throw new HushError("ERR_USAGE", `give FILE… or --all, not both`, {
      hint: `hush ${verb} --all`,
    });
  if (files.length === 0 && !all && !allByDefault) {
    throw new HushError("ERR_USAGE", `${verb} needs FILE… or --all`, {
      hint: `hush ${verb} --all works on every encrypted file in the repo`,
    });
  }
  const { scanRepo, loadFiles } = await import("./repo.js");
  if (files.length > 0) return loadFiles(ctx, files);
  return (await scanRepo(ctx)).encrypted;
}

/** The options the policy pins for a file, as core's decrypt options take them (`{}` when none). */
export function filePin(file: RepoFile): { pinnedRules?: EncryptionRules } {
  const pinned = file.rule?.pinnedRules;
  return pinned === undefined ? {} : { pinnedRules: pinned };
}

/** Recipients a rule names now (and the options it pins), in the shape the core operations take. */
export function ruleRecipients(file: RepoFile): CoreTask["spec"] | undefined {
  const rule = file.rule;
  if (rule === undefined) return undefined;
  if (rule.keyGroups !== undefined) {
    return rule.shamirThreshold === undefined
      ? { keyGroups: rule.keyGroups, ...filePin(file) }
      : { keyGroups: rule.keyGroups, shamirThreshold: rule.shamirThreshold, ...filePin(file) };
  }
  return { recipients: rule.recipients, ...filePin(file) };
}
