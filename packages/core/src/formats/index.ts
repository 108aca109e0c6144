/** Format stores by format name (and, re-exported, format detection from a file name). */
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

export { detectFormat } from "./sniff.js";
