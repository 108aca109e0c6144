/**
 * Regular expressions that come from a file or a policy: the encryption regexes of a `sops` block
 * or a rule (`unencrypted_regex`, `encrypted_regex`, the comment regexes) and `.sops.yaml`'s
 * `path_regex`. Whoever writes the file chooses both the pattern and the keys it meets, so these
 * never run on V8's backtracking RegExp (`^(password|(a|aa)+)$` against forty `a`s and a `b` took
 * 16 s and doubled with each character). They run on RE2JS, a port of RE2's automata: linear in
 * the input, and Go's syntax, which is what sops runs (`(?i)`, `(?P<name>…)`, `\A`, `\z`; no
 * backreferences or lookarounds, which sops rejects too).
 *
 * The command-line bundles load RE2JS on first use (scripts/cjs-bundle.mjs), so a command that
 * meets no such regex does not pay its ~6 ms of CPU. A pattern is compiled once per process.
 */
import { RE2JS } from "re2js";

/** A compiled file regex: an unanchored search, as Go's `MatchString`. */
export interface FileRegex {
  readonly source: string;
  test(input: string): boolean;
}

const compiled = new Map<string, FileRegex>();
/** Bound on distinct patterns kept (a repository has a handful; a hostile input could have many). */
const MAX_CACHED = 256;

/**
 * Compile `pattern` (Go RE2 syntax) on the linear-time engine, or return the copy compiled before.
 * @throws Error when the pattern is not valid RE2 syntax (callers turn it into their own error)
 */
export function fileRegex(pattern: string): FileRegex {
  const hit = compiled.get(pattern);
  if (hit !== undefined) return hit;
  const re = RE2JS.compile(pattern);
  const made: FileRegex = { source: pattern, test: (input) => re.test(input) };
  if (compiled.size >= MAX_CACHED) compiled.clear();
  compiled.set(pattern, made);
  return made;
}

/** Whether `pattern` compiles as RE2 syntax (what sops accepts). */
export function isValidFileRegex(pattern: string): boolean {
  if (plainlyValid(pattern)) return true;
  try {
    fileRegex(pattern);
    return true;
  } catch {
    return false;
  }
}

/**
 * Words, groups, alternation and anchors only (`^(data|stringData)$`, the shape of sops' examples
 * and of `hush init`'s policy), with every group closed: valid RE2 whatever the order, so answered
 * without the engine. Parsing a policy checks its regexes, and the engine's first compile is
 * ~10 ms of CPU cold (Node 24): every command in a repository whose policy has such a regex
 * (`hush decrypt` included) paid it to learn what this answers. Anything else goes to the engine.
 */
function plainlyValid(pattern: string): boolean {
  // Long or deeply nested patterns go to the engine, which has limits of its own (groups nested
  // 1,000 deep: "expression nests too deeply").
  if (pattern.length > 256 || !/^[\w^$|()-]*$/.test(pattern)) return false;
  let depth = 0;
  for (const c of pattern) {
    if (c === "(" && ++depth > 32) return false;
    else if (c === ")" && --depth < 0) return false;
  }
  return depth === 0;
}
