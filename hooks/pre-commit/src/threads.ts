/**
 * A tree scan's plain files on several threads. A file no policy rule covers (and not ignored by
 * the policy) needs nothing but reading, decoding and the detector, and that is nearly all of a big
 * scan's time. Each thread, the main one included, claims the next file from a shared counter,
 * reads it and scans it, until none is left: a thread that started late or got the bigger files
 * takes fewer, and reading overlaps scanning. Files a thread cannot finish alone (larger than the
 * scan limit, or a sops file once decoded) are handed back to the main thread's full checks.
 *
 * A worker posts its findings once, at the end. If a worker fails, everything it claimed is
 * scanned again on the main thread: a scan never loses a file to a thread.
 */
import path from "node:path";
import { Worker, type MessagePort } from "node:worker_threads";
import { detectFormat, looksEncrypted } from "@hush/core/sniff";
import { detect, MAX_SCAN_BYTES, type Detector } from "./detect.js";
import type { GuardFinding } from "./findings.js";
import { decodeText, forDetector } from "./text.js";
import { readRegularFile } from "./tree.js";

/** Where the scan thread's entry is and how many to start (the CLI's bundle has one). */
export interface ScanThreads {
  /** The worker entry: a module that calls {@link serveScanThread}. */
  url: URL;
  /** Worker threads to start besides the main one. */
  count: number;
}

/** What became of a file. */
const enum Status {
  Pending = 0,
  /** Read and scanned: its findings, if any, are in its thread's reply. */
  Scanned = 1,
  /** Not text: nothing to scan (no rule covers it, so its bytes are no finding). */
  Binary = 2,
  /** For the main thread's full checks: larger than the scan limit, or a sops file. */
  Main = 3,
  /** Not a regular file (a link, a folder) or not readable any more: skipped, as on one thread. */
  Gone = 4,
}

/** The work, shared by every thread (the typed arrays live in shared memory). */
interface Job {
  root: string;
  paths: string[];
  /** [0]: the next file to claim. */
  next: Int32Array;
  /** A {@link Status} per file. */
  status: Uint8Array;
  /** Which thread claimed each file: 0 the main one, k the k-th worker. */
  owner: Uint8Array;
  /** Bytes of each file scanned. */
  sizes: Int32Array;
  ignore: string[];
  /** This thread's number. */
  me: number;
}

/** A worker's reply: the findings of the files it scanned that had any. */
type Reply = { found: [number, GuardFinding[]][] } | { error: string };

/** What the threads made of the plain files. */
export interface SharedScan {
  /** Findings of every file scanned. */
  findings: GuardFinding[];
  /** Files read and scanned (or skipped as binary), and the bytes the detector read. */
  files: number;
  bytesScanned: number;
  /** Files for the main thread's full checks. */
  handedBack: string[];
  /** Files each thread claimed: [0] the main one (for tests and tuning). */
  claimed: number[];
}

/** Start the worker threads early: each loads the detector while the main thread lists files. */
export function startThreads(threads: ScanThreads): Worker[] {
  const out: Worker[] = [];
  for (let i = 0; i < threads.count; i++) {
    const w = new Worker(threads.url);
    // A worker never keeps the process alive; its failure is handled where its reply is awaited.
    w.unref();
    w.on("error", () => undefined);
    out.push(w);
  }
  return out;
}

/** Stop workers (not needed, or done). */
export function stopThreads(workers: readonly Worker[]): void {
  for (const w of workers) void w.terminate();
}

/** Read and scan file `i`; its findings (none when it is handed back, binary or gone). */
function scanOne(
  job: Job,
  i: number,
  detector: Detector,
  ignore: ReadonlySet<string>,
): GuardFinding[] {
  const rel = job.paths[i]!;
  const bytes = readRegularFile(path.join(job.root, rel));
  if (bytes === undefined) {
    Atomics.store(job.status, i, Status.Gone);
    return [];
  }
  if (!Buffer.isBuffer(bytes)) {
    // Too large to read: the main thread says so.
    Atomics.store(job.status, i, Status.Main);
    return [];
  }
  const file = bytes.length > MAX_SCAN_BYTES ? null : decodeText(bytes);
  if (file === undefined) {
    Atomics.store(job.status, i, Status.Binary);
    return [];
  }
  if (file === null || looksEncrypted(file.text, detectFormat(rel))) {
    Atomics.store(job.status, i, Status.Main);
    return [];
  }
  const found = detect(detector, rel, forDetector(file.text), "all", ignore);
  job.sizes[i] = bytes.length;
  Atomics.store(job.status, i, Status.Scanned);
  return found;
}

/**
 * Claim files one by one and scan them until none is left.
 * @param onClaim - called now and then with the number of files claimed by all threads
 */
function drain(
  job: Job,
  detector: Detector,
  found: [number, GuardFinding[]][],
  onClaim?: (claimed: number) => void,
): void {
  const ignore = new Set(job.ignore);
  const n = job.paths.length;
  for (let i = Atomics.add(job.next, 0, 1); i < n; i = Atomics.add(job.next, 0, 1)) {
    Atomics.store(job.owner, i, job.me);
    if (onClaim !== undefined && i % 64 === 0) onClaim(i);
    const f = scanOne(job, i, detector, ignore);
    if (f.length > 0) found.push([i, f]);
  }
}

/** Typed arrays in shared memory, seen by every thread. */
const sharedInts = (n: number): Int32Array => new Int32Array(new SharedArrayBuffer(4 * n));
const sharedBytes = (n: number): Uint8Array => new Uint8Array(new SharedArrayBuffer(n));

/**
 * Scan the plain files `paths` (relative to `root`) on the main thread and `workers` together.
 * @param onProgress - files claimed so far, of the total, and the bytes scanned so far
 * @param mainClaims - false: the main thread claims nothing and only scans what the workers left
 *   or lost (the tests' way to make a worker's share certain)
 */
export async function scanShared(
  root: string,
  paths: readonly string[],
  ignore: ReadonlySet<string>,
  detector: Detector,
  workers: readonly Worker[],
  onProgress?: (done: number, total: number, bytes: number) => void,
  mainClaims = true,
): Promise<SharedScan> {
  const n = paths.length;
  const job: Job = {
    root,
    paths: [...paths],
    next: sharedInts(1),
    status: sharedBytes(n),
    owner: sharedBytes(n),
    sizes: sharedInts(n),
    ignore: [...ignore],
    me: 0,
  };
  const replies = workers.map(
    (w, k) =>
      new Promise<Reply>((resolve) => {
        w.once("message", resolve);
        w.once("error", (e) => resolve({ error: String(e) }));
        w.once("exit", () => resolve({ error: "the thread exited" }));
        w.postMessage({ ...job, me: k + 1 });
      }),
  );
  const found: [number, GuardFinding[]][] = [];
  const bytesSoFar = (): number => job.sizes.reduce((a, b) => a + b, 0);
  if (mainClaims)
    drain(job, detector, found, onProgress && ((claimed) => onProgress(claimed, n, bytesSoFar())));
  // Every file is claimed now: wait for the workers that claimed some (a worker still starting
  // up when the main thread finished is not waited for).
  const claimedBy = new Set(job.owner);
  for (let k = 0; k < workers.length; k++) {
    if (mainClaims && !claimedBy.has(k + 1)) continue;
    const reply = await replies[k]!;
    if ("found" in reply) found.push(...reply.found);
    // A worker that failed took its findings with it: what it claimed is scanned again here.
    else for (let i = 0; i < n; i++) if (job.owner[i] === k + 1) job.status[i] = Status.Pending;
  }
  stopThreads(workers);
  const ignoreSet = new Set(job.ignore);
  for (let i = 0; i < n; i++) {
    if (job.status[i] !== Status.Pending) continue;
    const f = scanOne(job, i, detector, ignoreSet);
    if (f.length > 0) found.push([i, f]);
  }

  const out: SharedScan = {
    findings: [],
    files: 0,
    bytesScanned: 0,
    handedBack: [],
    claimed: workers.map(() => 0).concat(0),
  };
  found.sort((a, b) => a[0] - b[0]);
  for (const [, f] of found) out.findings.push(...f);
  for (let i = 0; i < n; i++) {
    const s = job.status[i];
    if (s === Status.Main) out.handedBack.push(paths[i]!);
    else if (s === Status.Scanned || s === Status.Binary) out.files++;
    out.bytesScanned += job.sizes[i]!;
    out.claimed[job.owner[i]!]!++;
  }
  return out;
}

/**
 * The worker side: load the detector at once, then scan its share of the one job it is sent and
 * reply with what it found.
 */
export function serveScanThread(port: MessagePort, load: () => Promise<Detector>): void {
  const detector = load();
  port.once("message", (job: Job) => {
    void detector
      .then((d) => {
        const found: [number, GuardFinding[]][] = [];
        drain(job, d, found);
        port.postMessage({ found } satisfies Reply);
      })
      .catch((err: unknown) => {
        const error = err instanceof Error ? err.message : String(err);
        port.postMessage({ error } satisfies Reply);
      });
  });
}
