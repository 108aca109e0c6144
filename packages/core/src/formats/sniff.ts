/**
 * A file's format from its name, and whether its text looks sops-encrypted, without parsing it:
 * cheap enough to ask of every staged file, and free of the stores (no `yaml` to load).
 */
import type { Format } from "../types.js";

/**
 * The format of a file name as sops decides it (`.yaml`/`.yml`, `.json`, `.env`, `.ini`, anything
 * else binary), plus `.env.<suffix>` and `<name>.env` variants as dotenv.
 */
export function detectFormat(path: string): Format {
  const base = (path.split(/[\\/]/).pop() ?? path).toLowerCase();
  if (base.endsWith(".yaml") || base.endsWith(".yml")) return "yaml";
  if (base.endsWith(".json")) return "json";
  if (base.endsWith(".env") || base === ".env" || base.startsWith(".env.")) return "dotenv";
  if (base.endsWith(".ini")) return "ini";
  return "binary";
}

/**
 * True when the text looks like a sops file of `format`: an `ENC[AES256_GCM,…]` envelope (every
 * sops file has one, its MAC) and the format's metadata marker. A text that passes still has to be
 * parsed (`inspect`) before anything is concluded; one that fails is not a sops file.
 */
export function looksEncrypted(text: string, format: Format): boolean {
  if (!text.includes("ENC[AES256_GCM,")) return false;
  switch (format) {
    case "yaml":
      return /^sops:[ \t]*\r?$/m.test(text);
    case "json":
    case "binary":
      // sops stores a binary file as JSON.
      return /^\s*\{/.test(text) && /"sops"\s*:\s*\{/.test(text);
    case "dotenv":
      return /^sops_(mac|version|lastmodified)=/m.test(text);
    case "ini":
      return /^\[sops\][ \t]*\r?$/m.test(text);
  }
}
