/**
 * How deep hush reads nested data. Every tree walk (MAC, encryption, rendering, exports) is
 * bounded by this depth, so no input can exhaust the call stack: the stores refuse deeper data at
 * parse time with a clear error instead. Real secrets files nest a handful of levels; sops's own
 * YAML reader gives up far earlier on deep flow collections.
 */
import { HushError } from "./errors.js";

/** The deepest mapping/list nesting the stores accept. */
export const MAX_NESTING = 256;

/** ERR_FORMAT for data nested deeper than {@link MAX_NESTING}; `where` names the place. */
export function tooDeep(format: string, where: string): HushError {
  return new HushError(
    "ERR_FORMAT",
    `${format} nesting deeper than ${MAX_NESTING} levels${where === "" ? "" : ` (${where})`}`,
    { hint: `hush reads data nested up to ${MAX_NESTING} levels; flatten the deeper part` },
  );
}
