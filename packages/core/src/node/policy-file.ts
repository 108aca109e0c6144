// Reading the policy that `discovery.ts` located, once it is known to be trustworthy.
import { readFile as readFileCallback } from "node:fs";
import { promisify } from "node:util";
import { HushError } from "../errors.js";
import { parsePolicy, parseSopsConfig, type Policy } from "../policy.js";
import { assertTrusted, locatePolicy } from "./discovery.js";

/** The callback reader, promisified: node:fs/promises costs every command start ~2 ms to load. */
const readFile = promisify(readFileCallback);

/** Where to look and what the environment says. */
export interface FindPolicyOptions {
  /** A policy file named by the user (`--policy`); else `HUSH_POLICY` from `env`. */
  explicit?: string | undefined;
  /** For `HUSH_POLICY`, and git's `safe.directory` when a repository is owned by someone else (default: the process's). */
  env?: Readonly<Record<string, string | undefined>>;
  /** Whether `HUSH_POLICY` from `env` counts (default true; the guard judges the repository's own). */
  useEnvPolicy?: boolean;
}

/**
 * Find, check and parse the policy for `cwd` (see `locatePolicy`): the nearest `.hush.yaml` or
 * `.sops.yaml` up to the repository root, or the file `--policy`/`HUSH_POLICY` names. Returns the
 * parsed policy, its folder (rule paths are relative to it) and its path.
 * @throws HushError ERR_UNTRUSTED for a file others could have written, ERR_POLICY for an invalid
 *   or missing named file, ERR_IO when it cannot be read
 */
export async function findPolicy(
  cwd: string,
  options: FindPolicyOptions = {},
): Promise<{ policy: Policy; root: string; file: string } | undefined> {
  const env = options.env ?? process.env;
  const fromEnv = options.useEnvPolicy === false ? undefined : env["HUSH_POLICY"];
  const found = locatePolicy(cwd, options.explicit ?? fromEnv);
  if (found === undefined) return undefined;
  await assertTrusted(found.file, "policy", { repo: found.repo, env });
  let text: string;
  try {
    text = await readFile(found.file, "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new HushError("ERR_IO", `cannot read ${found.file}: ${code ?? "error"}`, { cause: e });
  }
  const policy =
    found.kind === "hush" ? parsePolicy(text, found.file) : parseSopsConfig(text, found.file);
  return { policy, root: found.root, file: found.file };
}
