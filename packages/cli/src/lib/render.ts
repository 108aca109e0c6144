import { isPlainNumber, type Format, type PlainValue } from "@hush/core";
import { HushError } from "@hush/core/errors";
import { formatEntry, formatList, formatNamed, isWritable } from "@hush/core/sniff";

/**
 * What plain data can be exported as (`--format`, `--output-type`): a format a plain tree can be
 * written as (registry), or a Kubernetes Secret.
 */
export type ExportFormat = Format | "k8s-secret";

/** Validate an export format name (a writable format's name or alias, or `k8s-secret`). */
export function parseExportFormat(value: string, option: string): ExportFormat {
  if (value === "k8s-secret") return value;
  const format = formatNamed(value);
  if (format !== undefined && isWritable(formatEntry(format))) return format;
  throw new HushError("ERR_USAGE", `unknown ${option} ${JSON.stringify(value)}`, {
    hint: `use ${formatList(isWritable).replace(" or ", ", ")} or k8s-secret`,
  });
}

/** A scalar as text the way sops prints an extracted value (strings raw, bools lower-case). */
export function scalarText(v: PlainValue): string | undefined {
  if (typeof v === "string") return v;
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  if (v === null) return "";
  // A number a JS number would round prints its exact text.
  if (isPlainNumber(v)) return v.text;
  return undefined;
}

/**
 * Render a subtree: in `as` when given, else like its file when a plain tree can be written in
 * that format (YAML stays YAML), else as JSON.
 */
export async function renderTree(
  value: PlainValue,
  as: Format | undefined,
  fileFormat: Format,
): Promise<string> {
  const { exportAs } = await import("@hush/core");
  return exportAs(value, as ?? (isWritable(formatEntry(fileFormat)) ? fileFormat : "json"));
}
