import * as core from "@actions/core";
import { decodeBase64Text, isSecretManifest } from "@hush/core/export";
import type { DecryptedFile } from "./decrypt.js";
import type { ExportEntry } from "./entries.js";

/**
 * Register every decrypted value with the runner's masker before anything else is written:
 * the whole value, each of its lines (the runner splits too, but other runners such as act do
 * not), and `base64(value + "\n")`, the one encoding the runner's own encoders miss (what
 * `echo "$V" | base64` prints; actions/runner#291). Values as exported (flattened, stringified)
 * are registered as well, since they can differ from the sops text (`True` vs `true`).
 *
 * Values the file keeps in clear (`encrypted_regex`, `_unencrypted` keys: `kind: Secret`,
 * `apiVersion: v1`, a namespace) are not secrets, they are in git in plain text; masking them
 * would blank every `v1` or `Secret` in the job log (reference §2.8), so they are skipped.
 * @returns how many distinct strings were registered
 */
export function maskValues(
  files: readonly DecryptedFile[],
  entries: readonly ExportEntry[],
): number {
  const seen = new Set<string>();
  const register = (s: string): void => {
    if (s.trim() === "" || seen.has(s)) return;
    seen.add(s);
    core.setSecret(s);
  };
  const all = files.flatMap((f) => f.result.values);
  const secret = all.filter((v) => v.encrypted).map((v) => v.value);
  const clear = new Set(
    all
      .filter((v) => !v.encrypted)
      .flatMap((v) => (v.type === "bool" ? [v.value, v.value.toLowerCase()] : [v.value])),
  );
  // A Secret manifest's `data` holds base64: what pods (and later steps) see is the decoded text.
  for (const f of files) {
    if (!isSecretManifest(f.result.tree)) continue;
    for (const v of f.result.values) {
      if (!v.encrypted || v.keyPath[0] !== "data") continue;
      const decoded = decodeBase64Text(v.value);
      if (decoded !== undefined) secret.push(decoded);
    }
  }
  const secretSet = new Set(secret);
  const values = [
    ...secret,
    ...entries.map((e) => e.value).filter((v) => secretSet.has(v) || !clear.has(v)),
  ];
  for (const value of values) {
    register(value);
    for (const line of value.split(/\r?\n/)) {
      const t = line.trim();
      if (t !== value) register(t);
    }
    if (value.trim() !== "") register(Buffer.from(`${value}\n`, "utf8").toString("base64"));
  }
  return seen.size;
}
