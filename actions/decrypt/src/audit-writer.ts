import { constants } from "node:fs";
import { open } from "node:fs/promises";
import { dirname } from "node:path";
import { chainHead, chainRecord } from "@hush/core/audit";
import { HushError, isHushError } from "@hush/core/errors";
import { checkWritePath, makeDirs, O_NOFOLLOW, type WriteTarget } from "./paths.js";

/**
 * Append one record to a JSON-lines audit log, chained to the log's last record (and keyed with
 * `key` when given), and flush it to disk before returning: the caller exports nothing until this
 * has succeeded (fail closed). The log and its folders are never reached through a symlink.
 * @returns the new record's hash and sequence number
 * @throws HushError ERR_AUDIT when the log cannot be read, is not a chain, or cannot be written
 */
export async function appendAuditLog(
  path: string,
  fields: Record<string, unknown>,
  key: string | undefined,
  roots: readonly string[],
): Promise<{ hash: string; seq: number }> {
  const target: WriteTarget = { what: "input audit-log", code: "ERR_AUDIT", roots };
  try {
    await checkWritePath(path, target);
    await makeDirs(dirname(path), target);
  } catch (e) {
    if (isHushError(e)) throw e;
    throw cannot("write", path, e);
  }
  let existing = "";
  try {
    const handle = await open(path, constants.O_RDONLY | O_NOFOLLOW);
    try {
      existing = await handle.readFile("utf8");
    } finally {
      await handle.close();
    }
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw cannot("read", path, e);
  }
  const record = chainRecord(fields, chainHead(existing), key);
  const separator = existing === "" || existing.endsWith("\n") ? "" : "\n";
  try {
    const flags = constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | O_NOFOLLOW;
    const handle = await open(path, flags, 0o644);
    try {
      await handle.appendFile(`${separator}${record.line}\n`, "utf8");
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch (e) {
    throw cannot("write", path, e);
  }
  return { hash: record.hash, seq: record.seq };
}

function cannot(what: string, path: string, e: unknown): HushError {
  const code = (e as NodeJS.ErrnoException).code ?? "error";
  return new HushError(
    "ERR_AUDIT",
    `cannot ${what} the audit log ${path} (${code === "ELOOP" ? "a symlink" : code})`,
    { hint: "check input audit-log, or set fail-on-audit-error: false" },
  );
}
