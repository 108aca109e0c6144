/**
 * The commits to check: the `base` and `head` inputs, else the event that started the run
 * (pull_request / pull_request_target, push, merge_group), else GITHUB_SHA and no base.
 */
import { readFileSync } from "node:fs";

export interface Range {
  /** Where the range starts (excluded); undefined: all of head's history. */
  base: string | undefined;
  head: string;
}

/** A commit id GitHub sends for "no commit" (the `before` of a new branch). */
const ZERO = /^0+$/;

interface Payload {
  before?: unknown;
  after?: unknown;
  pull_request?: { base?: { sha?: unknown }; head?: { sha?: unknown } };
  merge_group?: { base_sha?: unknown; head_sha?: unknown };
}

const str = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : undefined);

function readPayload(file: string | undefined): Payload {
  if (file === undefined || file === "") return {};
  try {
    const doc: unknown = JSON.parse(readFileSync(file, "utf8"));
    return typeof doc === "object" && doc !== null ? doc : {};
  } catch {
    return {};
  }
}

/** The range from the inputs and the event payload at GITHUB_EVENT_PATH. */
export function rangeOf(inputs: { base: string; head: string }, env: NodeJS.ProcessEnv): Range {
  const payload = readPayload(env.GITHUB_EVENT_PATH);
  const event = env.GITHUB_EVENT_NAME ?? "";
  let base: string | undefined;
  let head: string | undefined;
  if (event.startsWith("pull_request")) {
    base = str(payload.pull_request?.base?.sha);
    head = str(payload.pull_request?.head?.sha);
  } else if (event === "push") {
    base = str(payload.before);
    head = str(payload.after);
  } else if (event === "merge_group") {
    base = str(payload.merge_group?.base_sha);
    head = str(payload.merge_group?.head_sha);
  }
  base = inputs.base !== "" ? inputs.base : base;
  head = inputs.head !== "" ? inputs.head : (head ?? str(env.GITHUB_SHA) ?? "HEAD");
  return { base: base === undefined || ZERO.test(base) ? undefined : base, head };
}
