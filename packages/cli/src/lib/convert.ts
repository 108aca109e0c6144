import type { Format } from "@hush/core";
import { CliFailure } from "../io.js";

/**
 * Convert a plaintext document to another format (`encrypt --output-type`). The core exposes its
 * parsers only through encrypt/decrypt, so the document takes a round trip under a throwaway key
 * that never leaves this function.
 */
export async function convertPlaintext(text: string, from: Format, to: Format): Promise<string> {
  if (to !== "yaml" && to !== "json" && to !== "dotenv") {
    throw new CliFailure(`cannot convert to ${to}`, "--output-type takes yaml, json or dotenv", 2);
  }
  if (from === "binary")
    throw new CliFailure("cannot convert a binary file", "drop --output-type", 2);
  const core = await import("@hush/core");
  const { identity, recipient } = await core.generateIdentity();
  const sealed = await core.encrypt(text, { format: from, recipients: [recipient] });
  const { tree } = await core.decrypt(sealed, { format: from, identities: [identity] });
  return core.exportAs(tree, to);
}
