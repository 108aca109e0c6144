/** Format stores by format name, and format detection from a file name. */
import type { Format, Store } from "../types.js";
import { binaryStore } from "./binary.js";
import { dotenvStore } from "./dotenv.js";
import { iniStore } from "./ini.js";
import { jsonStore } from "./json.js";
import { yamlStore } from "./yaml.js";

const STORES: Record<Format, Store> = {
  yaml: yamlStore,
  json: jsonStore,
  dotenv: dotenvStore,
  ini: iniStore,
  binary: binaryStore,
};

/** The store that parses `format`. */
export function storeFor(format: Format): Store {
  return STORES[format];
}

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
