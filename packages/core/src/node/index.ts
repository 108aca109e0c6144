// OWNER: core-keys helper. The only part of core that touches the file system and the environment.
import type { Policy } from "../policy.js";
import { notImplemented } from "../stub.js";

/** An identity and where it came from (a path or an env var name; never the key). */
export interface IdentitySource {
  identity: string;
  source: string;
}

export interface FindIdentitiesOptions {
  env: Readonly<Record<string, string | undefined>>;
  /** Explicit identity files (`--identity`); when given, only these are used. */
  files?: readonly string[];
}

/**
 * Collect identities the way sops does (`SOPS_AGE_KEY`, `SOPS_AGE_KEY_FILE`, `SOPS_AGE_KEY_CMD`,
 * `<config dir>/sops/age/keys.txt`) plus `HUSH_AGE_KEY`/`HUSH_AGE_KEY_FILE`. Returns [] when none.
 * @throws HushError ERR_KEY for a malformed identity file, ERR_IO for an unreadable named file
 */
export function findIdentities(_options: FindIdentitiesOptions): Promise<IdentitySource[]> {
  return notImplemented("findIdentities");
}

/** `<config dir>/sops/age/keys.txt` (XDG_CONFIG_HOME, else ~/.config; macOS ~/Library/Application Support). */
export function defaultIdentityFile(_env: Readonly<Record<string, string | undefined>>): string {
  return notImplemented("defaultIdentityFile");
}

/** Walk up from `cwd` to find `.hush.yaml` (else `.sops.yaml`); returns the parsed policy and its folder. */
export function findPolicy(_cwd: string): Promise<{ policy: Policy; root: string; file: string } | undefined> {
  return notImplemented("findPolicy");
}

/** Write atomically: temp file in the same folder (0600 or `mode`), fsync, rename. Keeps an existing file's mode. */
export function writeFileAtomic(_path: string, _data: string | Uint8Array, _options?: { mode?: number }): Promise<void> {
  return notImplemented("writeFileAtomic");
}

/** A private (0700) temp folder; `cleanup` removes it and everything in it. */
export function privateTempDir(_prefix?: string): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  return notImplemented("privateTempDir");
}
