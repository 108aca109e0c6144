import type { Format } from "@hush/core";
import { HushError } from "@hush/core/errors";
import { formatEntry, formatList, isWritable } from "@hush/core/sniff";

/**
 * Convert a plaintext document to another format (`encrypt --output-type`). The core exposes its
 * parsers only through encrypt/decrypt, so the document takes a round trip under a throwaway key
 * that never leaves this function.
 */
export async function convertPlaintext(text: string, from: Format, to: Format): Promise<string> {
  if (!isWritable(formatEntry(to))) {
    throw new HushError("ERR_USAGE", `cannot convert to ${to}`, {
      hint: `--output-type takes ${formatList(isWritable)}`,
    });
  }
  if (formatEntry(from).bytes)
    throw new HushError("ERR_USAGE", "cannot convert a binary file", {
      hint: "drop --output-type",
    });
  const core = await import("@hush/core");
  const { identity, recipient } = await core.generateIdentity();
  const sealed = await core.encrypt(text, { format: from, recipients: [recipient] });
  const { tree } = await core.decrypt(sealed, { format: from, identities: [identity] });
  return core.exportAs(tree, to);
}
