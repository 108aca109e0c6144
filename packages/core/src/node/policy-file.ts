// Finding the policy: `.hush.yaml`, else `.sops.yaml`, walking up.
import { readFile as readFileCallback } from "node:fs";
import { promisify } from "node:util";
import { dirname, join, resolve } from "node:path";
import { HushError } from "../errors.js";
import { parsePolicy, parseSopsConfig, type Policy } from "../policy.js";

/** The callback reader, promisified: node:fs/promises costs every command start ~2 ms to load. */
const readFile = promisify(readFileCallback);

async function readIfExists(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ENOTDIR") return undefined;
    throw new HushError("ERR_IO", `cannot read ${path}: ${code ?? "error"}`, { cause: e });
  }
}

async function walkUp(
  cwd: string,
  name: string,
): Promise<{ file: string; text: string } | undefined> {
  let dir = resolve(cwd);
  for (;;) {
    const file = join(dir, name);
    const text = await readIfExists(file);
    if (text !== undefined) return { file, text };
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/**
 * Walk up from `cwd` to find `.hush.yaml` (else `.sops.yaml`); returns the parsed policy and its folder.
 * A `.hush.yaml` anywhere above wins over a nearer `.sops.yaml`: hush's own policy comes first.
 * @throws HushError ERR_POLICY for an invalid file, ERR_IO when one cannot be read
 */
export async function findPolicy(
  cwd: string,
): Promise<{ policy: Policy; root: string; file: string } | undefined> {
  const hush = await walkUp(cwd, ".hush.yaml");
  if (hush !== undefined)
    return { policy: parsePolicy(hush.text, hush.file), root: dirname(hush.file), file: hush.file };
  const sops = await walkUp(cwd, ".sops.yaml");
  if (sops !== undefined)
    return {
      policy: parseSopsConfig(sops.text, sops.file),
      root: dirname(sops.file),
      file: sops.file,
    };
  return undefined;
}
