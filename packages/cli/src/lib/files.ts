import { readFile as readFileCallback } from "node:fs";
import { promisify } from "node:util";
import type { Format } from "@hush/core";
import { fsFailure, HushError } from "@hush/core/errors";
import { formatList, formatNamed } from "@hush/core/sniff";

/** The callback reader, promisified: node:fs/promises costs every command start ~2 ms to load. */
const readFile = promisify(readFileCallback);

function failure(err: unknown): never {
  const e = err as NodeJS.ErrnoException;
  if (e instanceof Error && typeof e.code === "string") {
    const f = fsFailure(e.code, e.path ?? "");
    throw new HushError(f.code, f.message, { hint: f.hint });
  }
  throw err;
}

/** Read a file as bytes; a missing or unreadable file becomes a one-line failure naming it. */
export async function readBytes(abs: string): Promise<Buffer> {
  try {
    return await readFile(abs);
  } catch (err) {
    return failure(err);
  }
}

/** Read a file as UTF-8 text (see {@link readBytes}). */
export async function readText(abs: string): Promise<string> {
  return (await readBytes(abs)).toString("utf8");
}

/** Whether a file exists (any type). */
export async function exists(abs: string): Promise<boolean> {
  const { stat } = await import("node:fs/promises");
  return stat(abs).then(
    () => true,
    () => false,
  );
}

/**
 * Write atomically next to the target (temp file, fsync, rename), keeping an existing file's mode;
 * new files get 0600 unless `mode` says otherwise. The original is untouched on failure.
 */
export async function writeAtomic(
  abs: string,
  data: string | Uint8Array,
  mode?: number,
): Promise<void> {
  const { writeFileAtomic } = await import("@hush/core/node");
  await assertWritable(abs, true);
  try {
    await writeFileAtomic(abs, data, mode === undefined ? undefined : { mode });
  } catch (err) {
    if (err instanceof Error && err.name === "HushError") throw err;
    failure(err);
  }
}

/** Validate a `--input-type`/`--output-type` value (sops names, or a registry alias like `yml`). */
export function parseFormat(value: string, option: string): Format {
  const format = formatNamed(value);
  if (format !== undefined) return format;
  throw new HushError("ERR_USAGE", `unknown ${option} ${JSON.stringify(value)}`, {
    hint: `use ${formatList()}`,
  });
}

/** The format of a file: the override when given, else from its name. */
export async function formatOf(
  abs: string,
  override: string | undefined,
  option = "--input-type",
): Promise<Format> {
  if (override !== undefined) return parseFormat(override, option);
  const { detectFormat } = await import("@hush/core/sniff");
  return detectFormat(abs);
}

/**
 * Refuse to replace a file nobody may write (mode without any w bit): an atomic rename would
 * succeed anyway, silently defeating a deliberate chmod -w. Checked on the mode, not access(), so it
 * holds for root too.
 */
export async function assertWritable(abs: string, missingOk = false): Promise<void> {
  const { stat } = await import("node:fs/promises");
  let mode: number;
  try {
    mode = (await stat(abs)).mode;
  } catch (err) {
    if (missingOk && (err as NodeJS.ErrnoException).code === "ENOENT") return;
    return failure(err);
  }
  if ((mode & 0o222) === 0) {
    throw new HushError("ERR_COMMAND", `read-only file (${abs})`, {
      hint: "make it writable (chmod u+w) to change it",
    });
  }
}
