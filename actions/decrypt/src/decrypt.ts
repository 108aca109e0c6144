import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { join, relative, sep } from "node:path";
import { findPolicy } from "@hush/core/node";
import type { EncryptionRules } from "@hush/core";
import { authenticatedData } from "@hush/core/authenticated";
import { HushError, isHushError } from "@hush/core/errors";
import { parseIdentities } from "@hush/core/keys";
import { resolveRule } from "@hush/core/policy";
import { decrypt, type DecryptResult } from "@hush/core/sops";
import { detectFormat, formatKeyPath } from "@hush/core/tree";

/** One decrypted file of the workspace. */
export interface DecryptedFile {
  /** Workspace-relative, `/`-separated. */
  file: string;
  /** sha256 of the encrypted file as read, so the audit names the exact ciphertext. */
  sha256: string;
  /** The decryption, without the values the MAC does not cover unless `allow-unauthenticated`. */
  result: DecryptResult;
  /** Value paths left out because the MAC does not cover them (`mac_only_encrypted`), names only. */
  omitted: string[];
}

/** How to read the files: the options the policy pins per file, and the opt-in for unauthenticated values. */
export interface DecryptPolicy {
  /** The options a `.hush.yaml` rule pins for a workspace-relative file, if any. */
  pinnedRules: (file: string) => EncryptionRules | undefined;
  allowUnauthenticated: boolean;
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
  policy: DecryptPolicy,
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
      const pinnedRules = policy.pinnedRules(file);
      let result = await decrypt(bytes.toString("utf8"), {
        format: detectFormat(file),
        identities,
        ...(pinnedRules === undefined ? {} : { pinnedRules }),
      });
      let omitted: string[] = [];
      if (!policy.allowUnauthenticated && result.values.some((v) => !v.authenticated)) {
        omitted = result.values
          .filter((v) => !v.authenticated)
          .map((v) => formatKeyPath(v.keyPath));
        result = {
          ...result,
          tree: authenticatedData(result).tree,
          values: result.values.filter((v) => v.authenticated),
        };
      }
      out.push({ file, sha256: createHash("sha256").update(bytes).digest("hex"), result, omitted });
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

/**
 * The workspace's policy (found the way the CLI finds it) as the decrypt step uses it: a file a
 * `.hush.yaml` rule covers must carry the rule's options.
 * @throws HushError ERR_POLICY for an invalid policy file
 */
export async function decryptPolicy(inputs: {
  workspace: string;
  allowUnauthenticated: boolean;
}): Promise<DecryptPolicy> {
  const found = await findPolicy(inputs.workspace);
  return {
    allowUnauthenticated: inputs.allowUnauthenticated,
    pinnedRules: (file) => {
      if (found === undefined) return undefined;
      const rel = relative(found.root, join(inputs.workspace, file)).split(sep).join("/");
      if (rel.startsWith("../")) return undefined;
      return resolveRule(found.policy, rel)?.pinnedRules;
    },
  };
}
