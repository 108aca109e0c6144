// Worker thread for `rekey`/`rotate` over many files: the per-file work (unwrap, wrap, re-encrypt) is
// CPU-bound, so a second thread uses the second core. File I/O stays on the main thread.
import { parentPort, workerData } from "node:worker_threads";
import type { CoreTask } from "./workers.js";

const core = await import("@hush/core");
const { identities } = workerData as { identities: string[] };

async function handle(task: CoreTask & { id: number }): Promise<void> {
  try {
    const options = { format: task.format, identities, ...task.spec };
    const value =
      task.op === "rekey"
        ? await core.rekey(task.text, options)
        : await core.rotate(task.text, options);
    parentPort?.postMessage({ id: task.id, ok: true, value });
  } catch (err) {
    const e = err as { name?: unknown; code?: unknown; message?: unknown; hint?: unknown };
    parentPort?.postMessage({
      id: task.id,
      ok: false,
      error: { name: e.name, code: e.code, message: String(e.message), hint: e.hint },
    });
  }
}

parentPort?.on("message", (task: CoreTask & { id: number }) => void handle(task));
