/**
 * The store of each registry entry: the half of the format registry that parses and writes, kept
 * apart so that telling formats apart stays cheap (registry.ts says why). The mapped types hold it
 * to the registry: an entry without a store here, or a writable one without a writer, does not
 * compile.
 */
import { HushError } from "../errors.js";
import type { PlainValue, Store } from "../types.js";
import { binaryStore } from "./binary.js";
import { dotenvStore, writeDotenvDocument } from "./dotenv.js";
import { iniStore } from "./ini.js";
import { jsonStore, writeJsonDocument } from "./json.js";
import {
  formatEntry,
  formatList,
  isWritable,
  type Format,
  type WritableFormat,
} from "./registry.js";
import { writeYamlDocument, yamlStore } from "./yaml.js";

const STORES: { readonly [F in Format]: Store } = {
  yaml: yamlStore,
  json: jsonStore,
  dotenv: dotenvStore,
  ini: iniStore,
  binary: binaryStore,
};

const WRITERS: { readonly [F in WritableFormat]: (tree: PlainValue) => string } = {
  yaml: writeYamlDocument,
  json: writeJsonDocument,
  dotenv: writeDotenvDocument,
};

/** The store that parses `format` (text; a byte string for a bytes format). */
export function storeFor(format: Format): Store {
  return STORES[format];
}

/**
 * Plain data as a new document of `format`, each value in the plainest spelling its store reads
 * back (the strict dotenv export dialect is `renderDotenvExport`, Secrets are `renderSecret`);
 * ERR_USAGE for a format plain data cannot be written as.
 */
export function exportAs(tree: PlainValue, format: Format): string {
  if (!isWritable(formatEntry(format)))
    throw new HushError("ERR_USAGE", `cannot write plain data as ${format}`, {
      hint: `use ${formatList(isWritable)}`,
    });
  return WRITERS[format as WritableFormat](tree);
}
