/**
 * The dotenv export dialect: one line `NAME='value'` per value (or `NAME="value"` for a value that
 * holds `'`), which bash (`set -a; . file`), the `dotenv` npm package and docker compose's
 * `env_file` all read back exactly. Single quotes are literal for all three; double quotes are used
 * only for text none of them treats specially (no `\`, `$`, `` ` ``, `"` or `!`). A value that no
 * quoting gives back exactly to all three is refused, never written approximately:
 *
 * - a line break (LF or CR): compose reads one line per variable, and bash keeps `\n` escapes
 *   literal where dotenv and compose expand them;
 * - a NUL character (bash cannot hold one) or a lone UTF-16 surrogate (not UTF-8 text);
 * - a value ending in `\` (compose reads `\'` as an escaped quote);
 * - a value with `'` and one of `\ $ \` " !`.
 */
import { envNameRefusal, type EnvNameOptions } from "../envname.js";
import { HushError } from "../errors.js";
import type { ExportPair } from "./pairs.js";

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Why `value` cannot be written in the export dialect, or undefined when it can. */
export function dotenvExportProblem(value: string): string | undefined {
  if (/[\n\r]/.test(value)) return "holds a line break (use export: files, or a JSON/YAML export)";
  if (value.includes("\0")) return "holds a NUL character";
  if (LONE_SURROGATE.test(value)) return "is not valid Unicode text";
  if (value.endsWith("\\")) return "ends with a backslash";
  if (value.includes("'") && /[\\$`"!]/.test(value)) {
    return "holds ' together with one of \\ $ ` \" !";
  }
  return undefined;
}

/**
 * One value quoted for the export dialect.
 * @throws HushError ERR_VALUE naming `name` (never the value)
 */
export function quoteDotenvExport(value: string, name: string): string {
  const problem = dotenvExportProblem(value);
  if (problem !== undefined) {
    throw new HushError(
      "ERR_VALUE",
      `cannot write ${name} to a dotenv export: the value ${problem}`,
      {
        hint: "bash, the dotenv package and docker compose would not all read it back exactly",
      },
    );
  }
  return value.includes("'") ? `"${value}"` : `'${value}'`;
}

/**
 * The export text for `pairs`: every name checked (families, `allow`), every value quoted; nothing
 * is returned unless every pair can be written.
 * @throws HushError ERR_ENV_NAME or ERR_VALUE
 */
export function renderDotenvExport(
  pairs: readonly Pick<ExportPair, "name" | "value">[],
  options: EnvNameOptions = {},
): string {
  return pairs
    .map((p) => {
      const refusal = envNameRefusal(p.name, options);
      if (refusal !== undefined) {
        throw new HushError(
          "ERR_ENV_NAME",
          `cannot export ${JSON.stringify(p.name)}: ${refusal.reason}`,
          {
            hint: "rename the key, or set a prefix",
          },
        );
      }
      return `${p.name}=${quoteDotenvExport(p.value, p.name)}\n`;
    })
    .join("");
}
