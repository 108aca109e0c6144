import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import {
  decrypt,
  detectFormat,
  isHushError,
  parseIdentities,
  HushError,
  type DecryptResult,
} from "@hush/core";

/** One decrypted file of the workspace. */
export interface DecryptedFile {
  /** Workspace-relative, `/`-separated. */
  file: string;
  /** sha256 of the encrypted file as read, so the audit names the exact ciphertext. */
  sha256: string;
  result: DecryptResult;
}

/**
 * Decrypt every file with the identities of the `age-key` input; the MAC of each is verified by core.
 * Stops at the first failure, naming the file (never a value or a key).
 * @throws HushError (ERR_KEY, ERR_NO_IDENTITY, ERR_MAC, ERR_FORMAT, ERR_NOT_ENCRYPTED, ERR_VALUE, ERR_IO)
 */
export async function decryptFiles(
  workspace: string,
  files: readonly string[],
  ageKey: string,
): Promise<DecryptedFile[]> {
  const identities = parseIdentities(ageKey, "input age-key");
  if (identities.length === 0) {
    throw new HushError("ERR_KEY", "input age-key holds no identity", {
      hint: "pass an AGE-SECRET-KEY-1… line",
    });
  }
  const out: DecryptedFile[] = [];
  for (const file of files) {
    let bytes: Buffer;
    try {
      bytes = await readFile(join(workspace, file));
    } catch (e) {
      throw new HushError(
        "ERR_IO",
        `cannot read ${file} (${(e as NodeJS.ErrnoException).code ?? "error"})`,
      );
    }
    try {
      const result = await decrypt(bytes.toString("utf8"), {
        format: detectFormat(file),
        identities,
      });
      out.push({ file, sha256: createHash("sha256").update(bytes).digest("hex"), result });
    } catch (e) {
      if (isHushError(e)) {
        throw new HushError(
          e.code,
          `${file}: ${e.message}`,
          e.hint === undefined ? { cause: e } : { hint: e.hint, cause: e },
        );
      }
      throw e;
    }
  }
  return out;
}
