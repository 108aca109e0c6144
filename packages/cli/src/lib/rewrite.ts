import type { Io } from "../io.js";
import type { Context } from "./context.js";
import type { RepoFile } from "./repo.js";
import type { CoreTask } from "./workers.js";

/** The outcome of re-writing many encrypted files (`rekey`, `rotate`). */
export interface RewriteResult {
  done: string[];
  failed: { file: string; message: string }[];
}

/**
 * Re-key or rotate every file: identities loaded once, the crypto in worker threads when there are
 * many files, a bounded number of files in flight, each written atomically, a progress line on a
 * terminal. A failing file is reported (`hush: … (file)` unless `json`) and the others go on.
 */
export async function rewriteFiles(
  io: Io,
  ctx: Context,
  options: {
    op: CoreTask["op"];
    files: readonly RepoFile[];
    spec: (f: RepoFile) => CoreTask["spec"] | undefined;
    concurrency: number;
    threads: string | undefined;
    json: boolean;
  },
): Promise<RewriteResult> {
  const { files, op } = options;
  const core = await import("@hush/core");
  const { readText, writeAtomic } = await import("./files.js");
  const { withWriteLock } = await import("./lock.js");
  const { CoreWorkers, workerCount } = await import("./workers.js");
  const { mapPool } = await import("./pool.js");
  const { progress } = await import("./format.js");
  const { describeFailure, failureText } = await import("@hush/core/errors");
  const identities = files.length > 0 ? await ctx.identities() : [];
  // Worker threads get identity strings only: ssh keys, protected files and plugins (which may ask
  // on the terminal) stay on the main thread.
  const strings = identities.filter((id): id is string => typeof id === "string");
  const threads =
    strings.length === identities.length ? await workerCount(files.length, options.threads) : 0;
  const pool = threads > 0 ? new CoreWorkers(threads, strings) : undefined;
  const bar = progress(io, op, files.length, { quiet: options.json });
  const results = await mapPool(files, Math.max(1, options.concurrency), async (f) => {
    const spec = options.spec(f);
    if (spec === undefined) return;
    const task = { format: f.format, identities, ...spec };
    const local = (text: string): Promise<string> =>
      op === "rekey" ? core.rekey(text, task) : core.rotate(text, task);
    let text = f.text;
    let next =
      pool !== undefined ? await pool.run({ op, text, format: f.format, spec }) : await local(text);
    await withWriteLock(io, f.abs, f.rel, async () => {
      // Another command may have changed the file since it was read: redo it on what is there now.
      const now = await readText(f.abs);
      if (now !== text) {
        text = now;
        next = await local(now);
      }
      // rekey returns the text unchanged when nothing is to do: no write, no new mtime.
      if (next !== text) await writeAtomic(f.abs, next);
    });
    bar.tick();
  }).finally(() => pool?.close());
  bar.done();
  const failed: RewriteResult["failed"] = [];
  results.forEach((r, i) => {
    if (r.ok) return;
    const f = describeFailure(r.error);
    const file = (files[i] as RepoFile).rel;
    failed.push({ file, message: f.message });
    if (!options.json)
      io.stderr(failureText("hush", { message: `${f.message} (${file})`, hint: f.hint }));
  });
  const done = files.filter((_, i) => results[i]?.ok === true).map((f) => f.rel);
  return { done, failed };
}
