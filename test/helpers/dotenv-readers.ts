/**
 * The three readers the dotenv export dialect must satisfy: real bash (`set -a; . file`), the real
 * `dotenv` npm package, and docker compose's `env_file` rules. Compose cannot be installed here, so
 * `readCompose` implements only what docs.docker.com documents for environment files ("Syntax for
 * environment files"): `#` comment lines and blank lines ignored; one `VAR=VAL` per line; unquoted
 * values to the end of the line, a ` #` starting an inline comment; single-quoted values literal
 * except `\'`; double-quoted values with `\n`, `\r`, `\t`, `\\` and `\"` escapes; `$VAR`/`${VAR}`
 * interpolation in unquoted and double-quoted values; a comment may follow a closing quote. Where
 * the documentation is silent (a quote not closed on its line) it fails, as the dialect must never
 * rely on undocumented behaviour.
 */
import { spawnSync } from "node:child_process";
import dotenv from "dotenv";

/** Source `file` in bash with `set -a` and return each named variable exactly (NUL-separated). */
export function readBash(file: string, names: readonly string[]): Record<string, string> {
  const script = `set -a; . "$1" || exit 3; shift; for n in "$@"; do printf '%s\\0' "\${!n}"; done`;
  const r = spawnSync("bash", ["--noprofile", "--norc", "-c", script, "bash", file, ...names], {
    env: { PATH: process.env.PATH ?? "/usr/bin:/bin" },
    encoding: "utf8",
  });
  if (r.status !== 0) throw new Error(`bash failed (${r.status}): ${r.stderr}`);
  const parts = r.stdout.split("\0");
  return Object.fromEntries(names.map((n, i) => [n, parts[i] ?? ""]));
}

/** The real dotenv package. */
export function readDotenv(text: string): Record<string, string> {
  return dotenv.parse(text);
}

const ESCAPES: Record<string, string> = { n: "\n", r: "\r", t: "\t", "\\": "\\", '"': '"' };

function interpolate(s: string, env: Record<string, string>): string {
  return s.replace(/\$(?:\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*))/g, (_m, a, b) => {
    return env[(a ?? b) as string] ?? "";
  });
}

/** docker compose `env_file`, from its documented rules only (see the file comment). */
export function readCompose(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  text.split("\n").forEach((line, i) => {
    if (line.trim() === "" || line.trimStart().startsWith("#")) return;
    const eq = line.indexOf("=");
    if (eq < 0) throw new Error(`compose: line ${i + 1} is not VAR=VAL`);
    const name = line.slice(0, eq).trim();
    const rest = line.slice(eq + 1);
    const q = rest[0];
    if (q === "'" || q === '"') {
      let value = "";
      let j = 1;
      for (; j < rest.length; j++) {
        const c = rest[j]!;
        if (c === "\\" && j + 1 < rest.length) {
          const n = rest[j + 1]!;
          if (n === q) {
            value += q;
            j++;
            continue;
          }
          if (q === '"' && ESCAPES[n] !== undefined) {
            value += ESCAPES[n];
            j++;
            continue;
          }
          value += c;
          continue;
        }
        if (c === q) break;
        value += c;
      }
      if (j >= rest.length) throw new Error(`compose: line ${i + 1}: quote not closed on its line`);
      const after = rest.slice(j + 1);
      if (!/^\s*(#.*)?$/.test(after))
        throw new Error(`compose: line ${i + 1}: text after the quote`);
      env[name] = q === '"' ? interpolate(value, env) : value;
      return;
    }
    const hash = rest.indexOf(" #");
    env[name] = interpolate((hash < 0 ? rest : rest.slice(0, hash)).trim(), env);
  });
  return env;
}
