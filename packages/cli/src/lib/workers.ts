import { Worker } from "node:worker_threads";
import type { EncryptionRules, Format, RecipientSpec } from "@hush/core";
import type { ScanThreads } from "@hush/pre-commit";

/** One file's re-wrap (`rekey`) or new data key (`rotate`), done off the main thread. */
export interface CoreTask {
  op: "rekey" | "rotate";
  text: string;
  format: Format;
  /** Recipients, and the options the policy pins for the file (checked before anything else). */
  spec: RecipientSpec & { pinnedRules?: EncryptionRules };
}

interface Reply {
  id: number;
  ok: boolean;
  value?: string;
  error?: { name: unknown; code: unknown; message: string; hint: unknown };
}

/** Rebuild a core error from a worker so the usual error mapping (by name and code) applies. */
function revive(e: NonNullable<Reply["error"]>): Error {
  const err = new Error(e.message) as Error & { code?: unknown; hint?: unknown };
  if (typeof e.name === "string") err.name = e.name;
  err.code = e.code;
  err.hint = e.hint;
  return err;
}

/**
 * A small pool of worker threads running the core's rekey/rotate. Identities are handed over once
 * at start (in-process, never written anywhere).
 */
export class CoreWorkers {
  private readonly workers: { worker: Worker; busy: number }[] = [];
  private readonly pending = new Map<
    number,
    { slot: number; resolve: (s: string) => void; reject: (e: unknown) => void }
  >();
  private nextId = 0;

  constructor(size: number, identities: readonly string[]) {
    for (let slot = 0; slot < size; slot++) {
      const worker = new Worker(new URL("./core-worker.js", import.meta.url), {
        workerData: { identities: [...identities] },
      });
      worker.on("message", (reply: Reply) => this.settle(reply));
      worker.on("error", (err) => this.failSlot(slot, err));
      this.workers.push({ worker, busy: 0 });
    }
  }

  /** Run one task on the least busy worker. */
  run(task: CoreTask): Promise<string> {
    let slot = 0;
    this.workers.forEach((w, i) => {
      if (w.busy < (this.workers[slot]?.busy ?? Infinity)) slot = i;
    });
    const target = this.workers[slot];
    if (target === undefined) return Promise.reject(new Error("no worker"));
    const id = this.nextId++;
    target.busy++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { slot, resolve, reject });
      target.worker.postMessage({ id, ...task });
    });
  }

  /** Stop every worker. */
  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.worker.terminate()));
  }

  private settle(reply: Reply): void {
    const p = this.pending.get(reply.id);
    if (p === undefined) return;
    this.pending.delete(reply.id);
    const w = this.workers[p.slot];
    if (w !== undefined) w.busy--;
    if (reply.ok && reply.value !== undefined) p.resolve(reply.value);
    else p.reject(reply.error === undefined ? new Error("worker failed") : revive(reply.error));
  }

  private failSlot(slot: number, err: unknown): void {
    for (const [id, p] of this.pending) {
      if (p.slot !== slot) continue;
      this.pending.delete(id);
      p.reject(err);
    }
  }
}

/** Worker threads pay off only for many files, and only with a spare core. */
export async function workerCount(files: number, override?: string): Promise<number> {
  if (override !== undefined) return Math.max(0, Math.min(16, Math.floor(Number(override)) || 0));
  if (files < 100) return 0;
  const { availableParallelism } = await import("node:os");
  const cores = availableParallelism();
  return cores < 2 ? 0 : Math.min(cores, 4);
}

/**
 * The detector's worker threads for `hush scan` of a tree: one per spare core (at most 3) on a
 * machine of four cores or more, or `override` (`--threads`). The guard starts them only for a
 * tree big enough to gain from them. Each thread compiles the detector for itself from cold: on
 * two cores one worker made the 15 MB scan bench no faster on Node 20 (324 vs 322 ms) and slower
 * on Node 24 (312 vs 272 ms), its compiler competing with the main thread's for the second core.
 */
export async function scanThreads(override?: string): Promise<ScanThreads | undefined> {
  const cores = (await import("node:os")).availableParallelism();
  const count =
    override !== undefined
      ? Math.max(0, Math.min(16, Math.floor(Number(override)) || 0))
      : cores >= 4
        ? Math.min(3, cores - 1)
        : 0;
  return count > 0 ? { url: new URL("./scan-worker.js", import.meta.url), count } : undefined;
}
