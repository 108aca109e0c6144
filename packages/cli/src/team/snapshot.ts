// What one version of an encrypted file says without any key: its value paths, their stored text
// (ciphertext) and its recipients. Comparing two snapshots is exact, because hush keeps the
// ciphertext of every value whose plaintext did not change.
import type * as CoreModule from "@hush/core";
import type { Format } from "@hush/core";

type Core = typeof CoreModule;

/** One version of a file, read without a key. */
export interface Snapshot {
  /** True when the version carries sops metadata. */
  encrypted: boolean;
  /** value path (dot/bracket notation) → stored text and whether it is encrypted. */
  values: Map<string, { stored: string; encrypted: boolean }>;
  /** Every recipient of every key group. */
  recipients: string[];
}

/** Paths added, changed and removed between two versions (no values, ever). */
export interface ValueDiff {
  added: string[];
  changed: string[];
  removed: string[];
}

/** Reads snapshots, each blob parsed once. */
export class SnapshotReader {
  private readonly cache = new Map<string, Snapshot | undefined>();
  constructor(private readonly core: Core) {}

  /** The snapshot of `text` as the format of `file`; undefined when it does not parse. */
  read(file: string, text: string, cacheKey?: string): Snapshot | undefined {
    if (cacheKey !== undefined && this.cache.has(cacheKey)) return this.cache.get(cacheKey);
    const snap = this.parse(file, text);
    if (cacheKey !== undefined) this.cache.set(cacheKey, snap);
    return snap;
  }

  private parse(file: string, text: string): Snapshot | undefined {
    const formats = candidateFormats(this.core, file);
    for (const format of formats) {
      try {
        const inspection = this.core.inspect(text, format);
        const values = new Map<string, { stored: string; encrypted: boolean }>();
        for (const v of inspection.values)
          values.set(this.core.formatKeyPath(v.keyPath), {
            stored: v.stored,
            encrypted: v.encrypted,
          });
        // Canonical recipients: an ssh key compares equal with or without its comment.
        const recipients = inspection.keyGroups.flat().map((r) => this.core.canonicalRecipient(r));
        return { encrypted: inspection.encrypted, values, recipients };
      } catch {
        // try the next candidate format
      }
    }
    return undefined;
  }
}

/** The format of a file by name; binary sops files are JSON documents, so JSON is tried as well. */
export function candidateFormats(core: Core, file: string): Format[] {
  let format: Format;
  try {
    format = core.detectFormat(file);
  } catch {
    format = "binary";
  }
  return format === "binary" ? ["binary", "json", "yaml"] : [format];
}

/** Which value paths a version added, changed or removed relative to the one before it. */
export function diffSnapshots(
  before: Snapshot | undefined,
  after: Snapshot | undefined,
): ValueDiff {
  const diff: ValueDiff = { added: [], changed: [], removed: [] };
  const a = before?.values ?? new Map<string, { stored: string }>();
  const b = after?.values ?? new Map<string, { stored: string }>();
  for (const [path, v] of b) {
    const old = a.get(path);
    if (old === undefined) diff.added.push(path);
    else if (old.stored !== v.stored) diff.changed.push(path);
  }
  for (const path of a.keys()) if (!b.has(path)) diff.removed.push(path);
  return diff;
}

/**
 * True when a version looks like a rotation of the one before (a new data key): every encrypted value
 * present in both changed its ciphertext. A one-value file whose value was edited looks the same,
 * which errs on the side of a fresh secret.
 */
export function isRotation(before: Snapshot | undefined, after: Snapshot | undefined): boolean {
  if (before === undefined || after === undefined || !before.encrypted || !after.encrypted)
    return false;
  let common = 0;
  for (const [path, v] of after.values) {
    const old = before.values.get(path);
    if (old === undefined || !v.encrypted || !old.encrypted) continue;
    common += 1;
    if (old.stored === v.stored) return false;
  }
  return common > 0;
}
