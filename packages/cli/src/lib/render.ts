import { isPlainNumber, type Format, type PlainValue } from "@hush/core";
import { HushError } from "@hush/core/errors";

/** Formats plain data can be exported as (`--format`, `--output-type`). */
export type ExportFormat = "json" | "yaml" | "dotenv" | "k8s-secret";

const EXPORTS: readonly string[] = ["json", "yaml", "dotenv", "k8s-secret"];

/** Validate an export format name (`env` is accepted for dotenv). */
export function parseExportFormat(value: string, option: string): ExportFormat {
  const v = value === "env" ? "dotenv" : value === "yml" ? "yaml" : value;
  if (EXPORTS.includes(v)) return v as ExportFormat;
  throw new HushError("ERR_USAGE", `unknown ${option} ${JSON.stringify(value)}`, {
    hint: `use one of ${EXPORTS.join(", ")}`,
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

/** Render a subtree as JSON or YAML: in `as` when given, else like its file (YAML stays YAML). */
export async function renderTree(
  value: PlainValue,
  as: "json" | "yaml" | undefined,
  fileFormat: Format,
): Promise<string> {
  const target =
    as ?? (fileFormat === "yaml" ? "yaml" : fileFormat === "dotenv" ? "dotenv" : "json");
  const { exportAs } = await import("@hush/core");
  return exportAs(value, target);
}
