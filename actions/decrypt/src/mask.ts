import * as core from "@actions/core";
import type { DecryptedFile } from "./decrypt.js";
import type { ExportEntry } from "./entries.js";

/**
 * Register every decrypted value with the runner's masker before anything else is written:
 * the whole value, each of its lines (the runner splits too, but other runners such as act do
 * not), and `base64(value + "\n")`, the one encoding the runner's own encoders miss (what
 * `echo "$V" | base64` prints; actions/runner#291). Values as exported (flattened, stringified)
 * are registered as well, since they can differ from the sops text (`True` vs `true`).
 * @returns how many distinct strings were registered
 */
export function maskValues(files: readonly DecryptedFile[], entries: readonly ExportEntry[]): number {
  const seen = new Set<string>();
  const register = (s: string): void => {
    if (s.trim() === "" || seen.has(s)) return;
    seen.add(s);
    core.setSecret(s);
  };
  const values = [
    ...files.flatMap((f) => f.result.values.map((v) => v.value)),
    ...entries.map((e) => e.value),
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
