import { mkdir, open, readFile } from "node:fs/promises";
import { dirname } from "node:path";
import { chainHead, chainRecord, HushError } from "@hush/core";

/**
 * Append one record to a JSON-lines audit log, chained to the log's last record, and flush it to
 * disk before returning: the caller exports nothing until this has succeeded (fail closed).
 * @returns the new record's hash and sequence number
 * @throws HushError ERR_AUDIT when the log cannot be read, is not a chain, or cannot be written
 */
export async function appendAuditLog(
  path: string,
  fields: Record<string, unknown>,
): Promise<{ hash: string; seq: number }> {
  let existing = "";
  try {
    existing = await readFile(path, "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== "ENOENT")
      throw new HushError("ERR_AUDIT", `cannot read the audit log ${path} (${code ?? "error"})`);
  }
  const record = chainRecord(fields, chainHead(existing));
  const separator = existing === "" || existing.endsWith("\n") ? "" : "\n";
  try {
    await mkdir(dirname(path), { recursive: true });
    const handle = await open(path, "a", 0o644);
    try {
      await handle.appendFile(`${separator}${record.line}\n`, "utf8");
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch (e) {
    throw new HushError(
      "ERR_AUDIT",
      `cannot write the audit log ${path} (${(e as NodeJS.ErrnoException).code ?? "error"})`,
      {
        hint: "check input audit-log, or set fail-on-audit-error: false",
      },
    );
  }
  return { hash: record.hash, seq: record.seq };
}
