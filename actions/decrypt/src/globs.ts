import { HushError } from "@hush/core/errors";
// File globs without a dependency: `*`, `?`, `[…]`, `{a,b}` and `**` (any number of folders),
// matched against workspace-relative paths with `/` separators. A leading `!` excludes.
import { readdir } from "node:fs/promises";
import { join, relative, sep } from "node:path";

/** Folders never searched: the repository's internals and installed packages. */
const SKIPPED_DIRS = new Set([".git", "node_modules"]);

/** `a{b,c}d` → `abd`, `acd` (nested braces allowed). */
export function expandBraces(pattern: string): string[] {
  let depth = 0;
  let open = -1;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === "\\") i++;
    else if (c === "{" && depth++ === 0) open = i;
    else if (c === "}" && depth > 0 && --depth === 0) {
      const body = pattern.slice(open + 1, i);
      const options: string[] = [];
      let d = 0;
      let from = 0;
      for (let j = 0; j < body.length; j++) {
        if (body[j] === "{") d++;
        else if (body[j] === "}") d--;
        else if (body[j] === "," && d === 0) {
          options.push(body.slice(from, j));
          from = j + 1;
        }
      }
      options.push(body.slice(from));
      if (options.length === 1) continue; // `{x}` is literal, as in bash
      const head = pattern.slice(0, open);
      const tails = expandBraces(pattern.slice(i + 1));
      return options.flatMap((o) => expandBraces(head + o).flatMap((h) => tails.map((t) => h + t)));
    }
  }
  return [pattern];
}

function segmentSource(segment: string): string {
  let out = "";
  for (let i = 0; i < segment.length; i++) {
    const c = segment[i]!;
    if (c === "*") out += "[^/]*";
    else if (c === "?") out += "[^/]";
    else if (c === "\\" && i + 1 < segment.length) out += escapeRe(segment[++i]!);
    else if (c === "[") {
      const close = segment.indexOf("]", i + 2);
      if (close < 0) {
        out += "\\[";
        continue;
      }
      let body = segment.slice(i + 1, close);
      const negate = body.startsWith("!") || body.startsWith("^");
      if (negate) body = body.slice(1);
      out += `[${negate ? "^/" : ""}${body.replace(/\\/g, "\\\\").replace(/\]/g, "\\]")}]`;
      i = close;
    } else out += escapeRe(c);
  }
  return out;
}

const escapeRe = (c: string): string => c.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");

/** A regular expression matching `path + "/"` for one brace-free pattern. */
export function globToRegExp(pattern: string): RegExp {
  const segments = pattern
    .replace(/^\.\//, "")
    .split("/")
    .filter((s) => s !== "");
  let source = "";
  for (const segment of segments)
    source += segment === "**" ? "(?:[^/]+/)*" : `${segmentSource(segment)}/`;
  return new RegExp(`^${source}$`);
}

/** Every file under `root`, as sorted workspace-relative `/` paths. */
async function listFiles(root: string): Promise<string[]> {
  const found: string[] = [];
  async function walk(dir: string): Promise<void> {
    const entries = await readdir(dir, { withFileTypes: true });
    for (const entry of entries) {
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRS.has(entry.name)) await walk(join(dir, entry.name));
      } else if (entry.isFile()) {
        found.push(relative(root, join(dir, entry.name)).split(sep).join("/"));
      }
    }
  }
  await walk(root);
  return found.sort();
}

/**
 * The files of the workspace matched by the patterns (in sorted order, each once).
 * @throws HushError ERR_INPUT for a pattern leaving the workspace, ERR_NO_MATCH when nothing matched
 */
export async function resolveFiles(
  workspace: string,
  patterns: readonly string[],
): Promise<string[]> {
  const include: RegExp[] = [];
  const exclude: RegExp[] = [];
  for (const raw of patterns) {
    const negated = raw.startsWith("!");
    const pattern = negated ? raw.slice(1) : raw;
    if (pattern.startsWith("/") || pattern.split("/").includes("..")) {
      throw new HushError("ERR_INPUT", `input files: ${JSON.stringify(raw)} leaves the workspace`, {
        hint: "use paths relative to the workspace",
      });
    }
    for (const p of expandBraces(pattern)) (negated ? exclude : include).push(globToRegExp(p));
  }
  const all = await listFiles(workspace);
  const matched = all.filter(
    (f) => include.some((r) => r.test(`${f}/`)) && !exclude.some((r) => r.test(`${f}/`)),
  );
  if (matched.length === 0) {
    throw new HushError("ERR_NO_MATCH", `no file matched input files (${patterns.join(", ")})`, {
      hint: "globs are relative to the workspace: is the repository checked out?",
    });
  }
  return matched;
}
