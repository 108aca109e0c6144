/**
 * The files that configure hush itself (`.hush.yaml`, `.sops.yaml`, `.hushignore`). No rule covers
 * them, however wide its glob (`**`), and nothing encrypts them: an encrypted policy could no
 * longer be read, and every command would then fail.
 */
import { HushError } from "./errors.js";

/** The names, compared case-insensitively (a case-insensitive file system opens either spelling). */
export const POLICY_FILE_NAMES: readonly string[] = [".hush.yaml", ".sops.yaml", ".hushignore"];

/** True when the last segment of `path` (any separator) is one of {@link POLICY_FILE_NAMES}. */
export function isPolicyFile(path: string): boolean {
  const base = (path.split(/[\\/]/).pop() ?? path).toLowerCase();
  return POLICY_FILE_NAMES.includes(base);
}

/**
 * Refuse to encrypt one of hush's own configuration files (the caller adds which file).
 * @throws HushError ERR_POLICY when `path` is a policy file
 */
export function assertNotPolicyFile(path: string): void {
  if (!isPolicyFile(path)) return;
  throw new HushError("ERR_POLICY", "hush's own configuration file is never encrypted", {
    hint: "keep it in clear: it holds public keys and rules only; put secrets in another file",
  });
}
