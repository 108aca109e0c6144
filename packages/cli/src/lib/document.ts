/**
 * `--doc N`: which document of a multi-document YAML file a command addresses. People count
 * documents from 1 (the text before the first `---` separator that has content is document 1);
 * core counts from 0.
 */
import { HushError } from "@hush/core/errors";

/** The option's flags and its one-line help, shared by every command that takes it. */
export const DOC_OPTION = [
  "--doc <n>",
  "YAML document n of a multi-document file (1 = the first, the default)",
] as const;

/** Help text that says how documents are numbered. */
export const DOC_HELP = `
Multi-document YAML: documents are separated by --- lines and numbered from 1; --doc 2 addresses
the second one (get, set, unset, exec and decrypt all take --doc). Each document keeps its own
sops block, as sops writes it.`;

/** The 0-based document index for `--doc`, undefined when the option is absent. */
export function docIndex(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (!/^[1-9][0-9]{0,5}$/.test(text)) {
    throw new HushError("ERR_USAGE", `--doc ${JSON.stringify(text)} is not a document number`, {
      hint: "documents are numbered from 1",
    });
  }
  return Number(text) - 1;
}
