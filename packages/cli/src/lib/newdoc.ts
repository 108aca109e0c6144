import type { Format, KeyPath, PlainValue, Scalar } from "@hush/core";
import { CliFailure } from "../io.js";

function typed(scalar: Scalar): PlainValue {
  switch (scalar.type) {
    case "int":
    case "float": {
      const n = Number(scalar.text);
      if (!Number.isFinite(n))
        throw new CliFailure(
          `${JSON.stringify(scalar.type)} value is not a number`,
          "drop --type or fix the value",
          2,
        );
      return n;
    }
    case "bool":
      return /^(true|yes|1)$/i.test(scalar.text);
    default:
      return scalar.text;
  }
}

/** The plaintext of a new file holding one value at `keyPath` (intermediate maps created). */
export async function newDocument(
  format: Format,
  keyPath: KeyPath,
  scalar: Scalar,
): Promise<string> {
  if (format !== "yaml" && format !== "json" && format !== "dotenv") {
    throw new CliFailure(
      `cannot create a new ${format} file with hush set`,
      "create it with hush edit, or use yaml/json/env",
    );
  }
  if (keyPath.some((k) => typeof k === "number")) {
    throw new CliFailure(
      "a new file cannot start with a list index",
      "set a map key path like db.password",
    );
  }
  const root: Record<string, PlainValue> = {};
  let node = root;
  keyPath.forEach((key, i) => {
    if (i === keyPath.length - 1) node[key] = typed(scalar);
    else {
      const child: Record<string, PlainValue> = {};
      node[key] = child;
      node = child;
    }
  });
  const { exportAs } = await import("@hush/core");
  return exportAs(root, format);
}
