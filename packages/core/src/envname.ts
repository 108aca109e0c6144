/**
 * Which names a decrypted value may be exported under (the action's `env`/`dotenv` exports,
 * `hush exec`, `hush decrypt --format dotenv`). Anyone who holds the public recipient can write a
 * secrets file, and a reviewer sees only its key names: a name must never let the file run code in,
 * or redirect the traffic of, a later program. Names are refused by *family* (prefixes and patterns
 * for whole namespaces a tool reads), never by a list of single names, since a list always misses
 * one. The reasoning for each family is in actions/decrypt/README.md.
 */
import { ENV_NAME_FAMILIES, type EnvNameFamily } from "./envname-families.js";
import { HushError } from "./errors.js";

export { ENV_NAME_FAMILIES, type EnvNameFamily };

const VALID = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Why a name is refused: the family, or a syntax problem. */
export interface EnvNameRefusal {
  /** The family id, or `syntax`. */
  family: string;
  /** Whether `allow-names` could open it. */
  locked: boolean;
  /** One short line for an error message (names are keys, never values, so the name may be shown). */
  reason: string;
}

/**
 * The family `name` belongs to, or undefined. Locked families come first and have no exceptions;
 * a name that a family's `except` lists (a data name such as `TF_VAR_region`) belongs to no open
 * family, whatever else its spelling resembles.
 */
export function envNameFamily(name: string): EnvNameFamily | undefined {
  const upper = name.toUpperCase();
  const matching = ENV_NAME_FAMILIES.filter((f) => f.patterns.some((p) => p.test(upper)));
  const locked = matching.find((f) => f.locked);
  if (locked !== undefined) return locked;
  if (matching.some((f) => f.except?.test(upper) === true)) return undefined;
  return matching[0];
}

/** Options of the name check. */
export interface EnvNameOptions {
  /**
   * Names the caller opened on purpose (`allow-names`, `--allow-names`): a whole-name regex
   * (see {@link compileAllowNames}). It never opens a locked family or a malformed name.
   */
  allow?: RegExp | undefined;
}

/** Why `name` cannot be exported, or undefined when it can. */
export function envNameRefusal(
  name: string,
  options: EnvNameOptions = {},
): EnvNameRefusal | undefined {
  if (!VALID.test(name)) {
    return { family: "syntax", locked: true, reason: "not of the form [A-Za-z_][A-Za-z0-9_]*" };
  }
  const family = envNameFamily(name);
  if (family === undefined) return undefined;
  if (!family.locked && options.allow !== undefined && options.allow.test(name)) return undefined;
  return {
    family: family.id,
    locked: family.locked,
    reason: `reserved family "${family.id}" (${family.title})${family.locked ? ", cannot be allowed" : ""}`,
  };
}

/** Why `name` cannot become an environment variable, or undefined when it can. */
export function envNameProblem(name: string, options: EnvNameOptions = {}): string | undefined {
  return envNameRefusal(name, options)?.reason;
}

/**
 * Compile an `allow-names` regex so it must match the whole name (`^(?:…)$`).
 * @throws HushError ERR_CONFIG when it is not a valid regular expression
 */
export function compileAllowNames(source: string, where = "allow-names"): RegExp | undefined {
  if (source.trim() === "") return undefined;
  try {
    return new RegExp(`^(?:${source})$`, "u");
  } catch {
    throw new HushError("ERR_CONFIG", `${where} is not a valid regular expression`, {
      hint: "write a JavaScript regex matching whole names, e.g. ^(NODE_ENV|TF_LOG)$",
    });
  }
}

/**
 * Throw unless `name` is a safe environment variable name.
 * @throws HushError ERR_ENV_NAME (the name is shown: names are keys, never values)
 */
export function assertEnvName(name: string, options: EnvNameOptions = {}): void {
  const refusal = envNameRefusal(name, options);
  if (refusal !== undefined) {
    throw new HushError(
      "ERR_ENV_NAME",
      `cannot export ${JSON.stringify(name)}: ${refusal.reason}`,
      {
        hint: refusal.locked
          ? "rename the key, or set a prefix"
          : "rename the key, set a prefix, or open the name with --allow-names",
      },
    );
  }
}
