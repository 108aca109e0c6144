// `hush log`: per commit, the value paths a file gained, changed or lost, from ciphertexts alone.
import path from "node:path";
import { HushError } from "@hush/core/errors";
import { displayName } from "./access-model.js";
import { loadHistory } from "./history-git.js";
import { loadContext, type TeamContext } from "./inventory.js";
import { findReencryptions, versionPair } from "./reencryption.js";
import { diffSnapshots, type Snapshot } from "./snapshot.js";

/** One commit's effect on a file. */
export interface LogEntry {
  commit: string;
  date: string;
  author: string;
  email: string;
  subject: string;
  added: string[];
  changed: string[];
  removed: string[];
  /** Recipients by member name (or key) that the commit added to / removed from the metadata. */
  recipients: { added: string[]; removed: string[] };
  /** Every encrypted value got a new ciphertext (a `hush rotate`: a new data key). */
  rotated: boolean;
  /**
   * For a rotation: the value paths whose plaintext changed (empty: a re-encryption only), told
   * from the plaintexts with a key; null without one ("values unknown"), and for other commits.
   */
  valuesChanged: string[] | null;
  /** The commit created (`created`) or deleted (`deleted`) the file. */
  file: "created" | "deleted" | "modified";
}

const under = (prefix: string) => (p: string) =>
  p === prefix || p.startsWith(`${prefix}.`) || p.startsWith(`${prefix}[`);

/** The log of `file` (relative to `cwd`), newest first; undefined outside a git repository. */
export async function fileLog(
  cwd: string,
  env: TeamContext["env"],
  file: string,
  keyPath: string | undefined,
  policy?: string,
): Promise<LogEntry[] | undefined> {
  const ctx = await loadContext(cwd, env, policy);
  const rel = path.relative(ctx.root, path.resolve(cwd, file)).split(path.sep).join("/");
  let filter: (p: string) => boolean = () => true;
  if (keyPath !== undefined) {
    try {
      filter = under(ctx.core.formatKeyPath(ctx.core.parseKeyPath(keyPath)));
    } catch (err) {
      if (ctx.core.isHushError(err))
        throw new HushError("ERR_COMMAND", `${err.message} (${keyPath})`, {
          hint: "write the path like db.password or hosts[0]",
        });
      throw err;
    }
  }
  const history = await loadHistory(ctx.root, [rel], { follow: true });
  if (!history.inRepo) return undefined;
  const snap = (id: string | undefined): Snapshot | undefined => {
    const text = id === undefined ? undefined : history.blobs.get(id);
    return text === undefined ? undefined : ctx.reader.read(rel, text, id);
  };
  const reencryptions = await findReencryptions(ctx, history, rel, undefined, undefined);
  const entries: LogEntry[] = [];
  for (const change of history.changes.get(rel) ?? []) {
    const reenc = reencryptions.get(versionPair(change.oldBlob, change.newBlob));
    const before = snap(change.oldBlob);
    const after = snap(change.newBlob);
    const diff = diffSnapshots(before, after);
    const added = diff.added.filter(filter);
    const changed = diff.changed.filter(filter);
    const removed = diff.removed.filter(filter);
    const was = before?.recipients ?? [];
    const now = after?.recipients ?? [];
    const recipients = {
      added: now.filter((r) => !was.includes(r)).map((r) => displayName(ctx, r)),
      removed: was.filter((r) => !now.includes(r)).map((r) => displayName(ctx, r)),
    };
    if (keyPath !== undefined && added.length + changed.length + removed.length === 0) continue;
    entries.push({
      commit: change.commit.hash,
      date: change.commit.date.toISOString(),
      author: change.commit.author,
      email: change.commit.email,
      subject: change.commit.subject,
      added,
      changed,
      removed,
      recipients: keyPath === undefined ? recipients : { added: [], removed: [] },
      rotated: reenc !== undefined,
      valuesChanged: reenc === undefined || reenc === "unknown" ? null : [...reenc].filter(filter),
      file:
        change.oldBlob === undefined
          ? "created"
          : change.newBlob === undefined
            ? "deleted"
            : "modified",
    });
  }
  return entries;
}

/** Text rendering, one block per commit. */
export function renderLog(entries: readonly LogEntry[]): string {
  if (entries.length === 0) return "no commit touched this file\n";
  let out = "";
  for (const e of entries) {
    const rotation = !e.rotated
      ? ""
      : e.valuesChanged === null
        ? "re-encrypted, values unknown"
        : e.valuesChanged.length === 0
          ? "re-encrypted, values unchanged"
          : `re-encrypted, ${e.valuesChanged.length} value${e.valuesChanged.length === 1 ? "" : "s"} changed`;
    const tags = [e.file === "modified" ? "" : e.file, rotation].filter((t) => t !== "");
    out += `${e.commit.slice(0, 7)}  ${e.date.slice(0, 10)}  ${e.author} <${e.email}>  ${e.subject}${tags.length > 0 ? `  [${tags.join(", ")}]` : ""}\n`;
    if (e.added.length > 0) out += `  added    ${e.added.join(", ")}\n`;
    // A rotation gives every value a new ciphertext: with a key, show the values that changed.
    const changed = e.rotated && e.valuesChanged !== null ? e.valuesChanged : e.changed;
    if (changed.length > 0) out += `  changed  ${changed.join(", ")}\n`;
    if (e.removed.length > 0) out += `  removed  ${e.removed.join(", ")}\n`;
    if (e.recipients.added.length + e.recipients.removed.length > 0)
      out += `  recipients ${[...e.recipients.added.map((n) => `+${n}`), ...e.recipients.removed.map((n) => `-${n}`)].join(" ")}\n`;
    if (
      e.added.length +
        changed.length +
        e.removed.length +
        e.recipients.added.length +
        e.recipients.removed.length ===
      0
    )
      out += "  (no value changed)\n";
  }
  return out;
}
