import type { Format } from "@hush/core";
import { HushError } from "@hush/core/errors";

/**
 * Convert a plaintext document to another format (`encrypt --output-type`). The core exposes its
 * parsers only through encrypt/decrypt, so the document takes a round trip under a throwaway key
 * that never leaves this function.
 */
export async function convertPlaintext(text: string, from: Format, to: Format): Promise<string> {
  if (to !== "yaml" && to !== "json" && to !== "dotenv") {
    throw new HushError("ERR_USAGE", `cannot convert to ${to}`, {
      hint: "--output-type takes yaml, json or dotenv",
    });
  }
  if (from === "binary")
    throw new HushError("ERR_USAGE", "cannot convert a binary file", {
      hint: "drop --output-type",
    });
  const core = await import("@hush/core");
  const { identity, recipient } = await core.generateIdentity();
  const sealed = await core.encrypt(text, { format: from, recipients: [recipient] });
  const { tree } = await core.decrypt(sealed, { format: from, identities: [identity] });
  return core.exportAs(tree, to);
}
