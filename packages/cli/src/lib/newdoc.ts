import type { Format, KeyPath, PlainValue, Scalar } from "@hush/core";
import { HushError } from "@hush/core/errors";
import { formatEntry, formatList, isWritable } from "@hush/core/sniff";

/** The value as plain data (core's one conversion); a number must read as its type. */
async function typed(scalar: Scalar): Promise<PlainValue> {
  const { plainScalar, isPlainNumber } = await import("@hush/core");
  const v = plainScalar(scalar);
  const n = typeof v === "number" ? v : isPlainNumber(v) ? v.valueOf() : undefined;
  if ((scalar.type === "int" || scalar.type === "float") && (n === undefined || Number.isNaN(n))) {
    throw new HushError("ERR_USAGE", `${JSON.stringify(scalar.type)} value is not a number`, {
      hint: "drop --type or fix the value",
    });
  }
  return v;
}

/** The plaintext of a new file holding one value at `keyPath` (intermediate maps created). */
export async function newDocument(
  format: Format,
  keyPath: KeyPath,
  scalar: Scalar,
): Promise<string> {
  if (!isWritable(formatEntry(format))) {
    throw new HushError("ERR_COMMAND", `cannot create a new ${format} file with hush set`, {
      hint: `create it with hush edit, or use ${formatList(isWritable)}`,
    });
  }
  if (keyPath.some((k) => typeof k === "number")) {
    throw new HushError("ERR_COMMAND", "a new file cannot start with a list index", {
      hint: "set a map key path like db.password",
    });
  }
  const root: Record<string, PlainValue> = {};
  const value = await typed(scalar);
  let node = root;
  keyPath.forEach((key, i) => {
    if (i === keyPath.length - 1) node[key] = value;
    else {
      const child: Record<string, PlainValue> = {};
      node[key] = child;
      node = child;
    }
  });
  const { exportAs } = await import("@hush/core");
  return exportAs(root, format);
}
