import { execFile } from "node:child_process";
import { lstat, readdir, readFile, stat } from "node:fs/promises";
import path from "node:path";
import type { Format, Inspection, ResolvedRule } from "@hush/core";
import type * as CoreModule from "@hush/core";
import type { Context } from "./context.js";
import { relPosix } from "./context.js";
import { mapPool } from "./pool.js";

/** An encrypted file found in the repo, with what can be read without a key. */
export interface RepoFile {
  abs: string;
  /** Relative to the repo root, POSIX separators. */
  rel: string;
  format: Format;
  text: string;
  inspection: Inspection;
  rule: ResolvedRule | undefined;
}

/** What a scan of the repo found. */
export interface RepoScan {
  root: string;
  encrypted: RepoFile[];
  /** Files a policy rule covers that are not encrypted (plaintext secrets waiting to leak). */
  unencrypted: { abs: string; rel: string; rule: ResolvedRule }[];
}

const MAX_SIZE = 8 * 1024 * 1024;

/** Files of the work tree: tracked plus untracked-not-ignored (git), else a plain walk. */
export async function listFiles(root: string): Promise<string[]> {
  const fromGit = await new Promise<string[] | undefined>((resolve) => {
    execFile(
      "git",
      ["ls-files", "-z", "--cached", "--others", "--exclude-standard"],
      { cwd: root, maxBuffer: 256 * 1024 * 1024 },
      (err, stdout) =>
        resolve(err === null ? stdout.split("\0").filter((s) => s !== "") : undefined),
    );
  });
  if (fromGit !== undefined) return [...new Set(fromGit)].map((rel) => path.join(root, rel));
  const out: string[] = [];
  const walk = async (dir: string): Promise<void> => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      if (entry.name === ".git" || entry.name === "node_modules") continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) await walk(full);
      else if (entry.isFile()) out.push(full);
    }
  };
  await walk(root);
  return out;
}

function within(abs: string, scopes: readonly string[]): boolean {
  return scopes.some((s) => abs === s || abs.startsWith(s.endsWith(path.sep) ? s : s + path.sep));
}

/**
 * Every encrypted file under the repo root (limited to `scopes` when given): the files a policy
 * rule covers plus text files that carry sops metadata.
 */
export async function scanRepo(ctx: Context, scopes: readonly string[] = []): Promise<RepoScan> {
  const core = await import("@hush/core");
  const root = await ctx.root();
  const loaded = await ctx.policy();
  let candidates = await listFiles(root);
  if (scopes.length > 0) candidates = candidates.filter((f) => within(f, scopes));
  const encrypted: RepoFile[] = [];
  const unencrypted: RepoScan["unencrypted"] = [];
  const results = await mapPool(candidates, 16, async (abs) => {
    // A symbolic link is not a file of its own: its target inside the repository is listed
    // itself, and one outside is not the repository's (a committed link must not make rekey or
    // rotate re-wrap another file's data key under the link's rule).
    if ((await lstat(abs).catch(() => undefined))?.isSymbolicLink() !== false) return undefined;
    const rel = relPosix(root, abs);
    const rule =
      loaded === undefined
        ? undefined
        : core.resolveRule(loaded.policy, relPosix(loaded.root, abs));
    if (rule === undefined) {
      // Not covered by a rule: only sniff reasonably sized text files for sops metadata.
      if (core.formatEntry(core.detectFormat(rel)).bytes) return undefined;
      const info = await stat(abs).catch(() => undefined);
      if (info === undefined || !info.isFile() || info.size > MAX_SIZE) return undefined;
    }
    const text = await readFile(abs, "utf8").catch(() => undefined);
    if (text === undefined) return undefined;
    if (!text.includes("sops"))
      return rule === undefined ? undefined : { abs, rel, rule, plain: true as const };
    const format = core.detectFormat(abs);
    let inspection: Inspection;
    try {
      inspection = core.inspect(text, format);
    } catch {
      return rule === undefined ? undefined : { abs, rel, rule, plain: true as const };
    }
    if (!inspection.encrypted)
      return rule === undefined ? undefined : { abs, rel, rule, plain: true as const };
    return { abs, rel, format, text, inspection, rule, plain: false as const };
  });
  for (const r of results) {
    if (!r.ok || r.value === undefined) continue;
    const v = r.value;
    if (v.plain) unencrypted.push({ abs: v.abs, rel: v.rel, rule: v.rule });
    else
      encrypted.push({
        abs: v.abs,
        rel: v.rel,
        format: v.format,
        text: v.text,
        inspection: v.inspection,
        rule: v.rule,
      });
  }
  const byRel = (a: { rel: string }, b: { rel: string }): number =>
    a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0;
  return { root, encrypted: encrypted.sort(byRel), unencrypted: unencrypted.sort(byRel) };
}

/** Read and inspect named files (for `rekey FILE…`, `rotate FILE…`). */
export async function loadFiles(ctx: Context, files: readonly string[]): Promise<RepoFile[]> {
  const core = await import("@hush/core");
  const { readText } = await import("./files.js");
  const root = await ctx.root();
  const out: RepoFile[] = [];
  for (const file of files) {
    const abs = ctx.abs(file);
    const text = await readText(abs);
    const format = core.detectFormat(abs);
    const inspection = core.inspect(text, format);
    if (!inspection.encrypted) {
      const { HushError } = await import("@hush/core/errors");
      throw new HushError("ERR_COMMAND", `not encrypted (${ctx.show(abs)})`, {
        hint: "encrypt it first with `hush encrypt -i`",
      });
    }
    out.push({
      abs,
      rel: relPosix(root, abs),
      format,
      text,
      inspection,
      rule: await ctx.rule(abs),
    });
  }
  return out;
}

/** How a file's recipients differ from its rule's, or undefined when they match (or no rule). */
export interface Drift {
  missing: string[];
  /** Recipients with a stanza the rule does not name (they may hold the data key). */
  extra: string[];
  /** `rotate` when someone unexpected holds a stanza (they already have the data key), else `rekey`. */
  fix: "rotate" | "rekey";
}

/** Compare actual key groups with the rule (core's `recipientDrift`); order within a group does not matter. */
export function driftOf(
  core: Pick<typeof CoreModule, "recipientDrift">,
  file: RepoFile,
): Drift | undefined {
  if (file.rule === undefined) return undefined;
  const d = core.recipientDrift(file.inspection.keyGroups, file.rule);
  return d === undefined ? undefined : { missing: d.missing, extra: d.unexpected, fix: d.fix };
}
