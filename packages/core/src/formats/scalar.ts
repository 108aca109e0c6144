/** A mutable scalar node shared by the stores that re-emit their whole tree (JSON, dotenv, INI). */
import { HushError } from "../errors.js";
import type { CommentItem, Entry, Scalar, ScalarNode } from "../types.js";

/** A {@link ScalarNode} whose `set` just replaces the value; the store emits from it. */
export class PlainScalar implements ScalarNode {
  readonly kind = "scalar";
  constructor(public value: Scalar) {}
  set(value: Scalar): void {
    this.value = value;
  }
}

/** A string scalar. */
export function str(text: string): PlainScalar {
  return new PlainScalar({ type: "str", text });
}

/** An entry. */
export function entry(key: string, value: Entry["value"]): Entry {
  return { kind: "entry", key, value };
}

/** A comment line of a line-based format (dotenv, INI); `set` rewrites its text in place. */
export function comment(text: string): CommentItem {
  const c: CommentItem = {
    kind: "comment",
    text,
    set(t: string) {
      c.text = t;
    },
  };
  return c;
}

/**
 * ERR_FORMAT for a key given twice in one mapping, with both lines: hush refuses to pick one (a
 * reader that keeps the first and one that keeps the last would see different secrets).
 */
export function duplicateKey(key: string, firstLine: number, line: number): HushError {
  return new HushError(
    "ERR_FORMAT",
    `duplicate key ${JSON.stringify(key)} (line ${line}; first on line ${firstLine})`,
    { hint: "keep one of the two lines" },
  );
}
