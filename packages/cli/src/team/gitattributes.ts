// `.gitattributes` lines for the hush drivers, from the policy's globs, kept in one managed block.

export const BLOCK_BEGIN =
  "# BEGIN hush (managed by `hush git setup`; edit the rules in the policy instead)";
export const BLOCK_END = "# END hush";

/** Expand `{a,b}` alternatives (nested too) the way minimatch does; `{x}` without a comma stays literal. */
export function braceExpand(glob: string): string[] {
  let depth = 0;
  let start = -1;
  for (let i = 0; i < glob.length; i++) {
    const ch = glob[i];
    if (ch === "\\") {
      i++;
      continue;
    }
    if (ch === "{") {
      if (depth === 0) start = i;
      depth++;
    } else if (ch === "}" && depth > 0) {
      depth--;
      if (depth === 0) {
        const inner = glob.slice(start + 1, i);
        const parts = splitTopLevel(inner);
        if (parts.length < 2) continue;
        const head = glob.slice(0, start);
        const rest = braceExpand(glob.slice(i + 1));
        return parts.flatMap((p) =>
          braceExpand(p).flatMap((mid) => rest.map((tail) => `${head}${mid}${tail}`)),
        );
      }
    }
  }
  return [glob];
}

function splitTopLevel(s: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let last = 0;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    if (ch === "\\") i++;
    else if (ch === "{") depth++;
    else if (ch === "}") depth--;
    else if (ch === "," && depth === 0) {
      parts.push(s.slice(last, i));
      last = i + 1;
    }
  }
  parts.push(s.slice(last));
  return parts;
}

/**
 * gitattributes patterns for one minimatch glob (relative to the folder of `.gitattributes`), or []
 * when git cannot express it (negation, extglob, whitespace).
 */
export function globToAttributePatterns(glob: string): string[] {
  const g = glob.replace(/^\.\//, "");
  if (g === "" || g.startsWith("!") || /[+@!?*]\(/.test(g)) return [];
  return (
    braceExpand(g)
      .filter((p) => !/\s/.test(p))
      // minimatch matches a slash-free glob at the top only; git would match it in every folder.
      .map((p) => (p.includes("/") ? p : `/${p}`))
  );
}

/** The attribute line for one pattern. */
export function attributeLine(pattern: string): string {
  return `${pattern} diff=hush merge=hush`;
}

/** `existing` with the managed block replaced (or appended) by `lines`. */
export function withManagedBlock(existing: string, lines: readonly string[]): string {
  const block = [BLOCK_BEGIN, ...lines, BLOCK_END].join("\n");
  const begin = existing.indexOf(BLOCK_BEGIN);
  const end = existing.indexOf(BLOCK_END, begin);
  if (begin >= 0 && end > begin)
    return `${existing.slice(0, begin)}${block}${existing.slice(end + BLOCK_END.length)}`;
  const sep = existing === "" ? "" : existing.endsWith("\n") ? "\n" : "\n\n";
  return `${existing}${sep}${block}\n`;
}
