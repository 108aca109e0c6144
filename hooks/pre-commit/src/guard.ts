/**
 * The guard's checks over a set of files: the staged index (the hook, `hush scan --staged`) or the
 * working tree (`hush scan [PATH…]`). Returns a report; printing is for run.ts and the CLI.
 */
import { readFile } from "node:fs/promises";
import type { Worker } from "node:worker_threads";
import path from "node:path";
import type { EncryptionRules, ResolvedRule } from "@hush/core";
import { detectFormat, looksEncrypted } from "@hush/core/sniff";
import { checkEncryption, type IdentityProvider } from "./checks.js";
import { detect, MAX_SCAN_BYTES, type Detector } from "./detect.js";
import { shellPath, type GuardFinding, type GuardNote, type GuardReport } from "./findings.js";
import { openPolicy, relInside, type PolicyView } from "./policy.js";
import { indexEntries, readBlobs, readStagedChanges, type StagedChanges } from "./staged.js";
import { addedLines, decodeText, forDetector } from "./text.js";
import type { ScanThreads } from "./threads.js";
import type * as ThreadsModule from "./threads.js";
import { listTree, readRegularFile } from "./tree.js";
import {
  CONFIG_FILES,
  judgeConfiguration,
  weakeningFinding,
  type JudgingPolicy,
} from "./weaken.js";
import type * as CoreModule from "@hush/core";
import type * as ScanModule from "@hush/core/scan";

type Core = typeof CoreModule;

/** Where to run and what the environment holds (identities for MAC checks). */
export interface GuardOptions {
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
  /** Explicit identity files; otherwise found the way sops finds them. */
  identityFiles?: readonly string[];
  /**
   * Called as the scan advances: items done (files, or commits for a history), of `total`
   * (undefined when unknown), and the bytes read so far. For progress lines only.
   */
  onProgress?: (done: number, total: number | undefined, bytes: number) => void;
  /** Worker threads for a big tree's plain files (the CLI has them; the hook does not). */
  threads?: ScanThreads;
}

/** A tree of fewer files is scanned on the main thread alone (a worker takes ~30 ms to start). */
const THREADED_FILES = 200;

const IGNORE_FILE = ".hushignore";

type PolicyPart = Pick<Core, "parsePolicy" | "parseSopsConfig" | "resolveRule">;
type DetectorPart = Detector &
  Pick<typeof ScanModule, "parseIgnoreFile" | "listRules" | "skippedPathspecs">;

let corePromise: Promise<Core> | undefined;
/** The whole core (age, yaml): only when a policy-covered or encrypted file is staged. */
function loadCore(): Promise<Core> {
  corePromise ??= import("@hush/core");
  return corePromise;
}

let detectorPromise: Promise<DetectorPart> | undefined;
/** The detector (core's scan entry), loaded once. */
export function loadDetector(): Promise<DetectorPart> {
  // The detector alone: core's main entry loads age and yaml, which a commit of plain files never needs.
  detectorPromise ??= import("@hush/core/scan");
  return detectorPromise;
}

let policyPromise: Promise<PolicyPart> | undefined;
/** Core's policy part (parser, rule resolution), loaded once. */
export function loadPolicyPart(): Promise<PolicyPart> {
  policyPromise ??= import("@hush/core/policy");
  return policyPromise;
}

/** The policy view of `root`: cached answers, core's parser only on a miss. */
function openRootPolicy(
  root: string,
  stagedText: (rel: string) => string | undefined,
  env: GuardOptions["env"],
): PolicyView | undefined {
  return openPolicy(root, stagedText, loadPolicyPart, async () => {
    // One import at a time: Node 20's loader has had races between concurrent imports of one graph.
    await loadPolicyPart();
    const node = await import("@hush/core/node");
    // The repository's own policy (HUSH_POLICY is for the CLI), checked like the CLI checks it.
    return node.findPolicy(root, { env, useEnvPolicy: false });
  });
}

/** One file handed to the checks. */
export interface Candidate {
  path: string;
  bytes: Buffer;
  added: ReadonlySet<number> | "all";
  /**
   * The blob before the change, when git's patch cannot give the added lines: it diffed the file
   * as binary (UTF-16, a NUL, a `-diff` attribute), or the text is not UTF-8 so its lines differ.
   */
  before: string | undefined;
  /** Set (to the size) when the file is too large to read: `bytes` is then empty. */
  tooLarge?: number;
}

function identityProvider(options: GuardOptions): IdentityProvider {
  let cached: Promise<{ identities: string[]; problem: string | undefined }> | undefined;
  return () => {
    cached ??= (async () => {
      try {
        const node = await import("@hush/core/node");
        const found = await node.findIdentities({
          env: options.env,
          ...(options.identityFiles ? { files: options.identityFiles } : {}),
        });
        // Identity strings only: a commit hook never asks for a passphrase or runs a plugin.
        const identities = found.flatMap((f) =>
          typeof f.identity === "string" ? [f.identity] : [],
        );
        return { identities, problem: undefined };
      } catch (err) {
        const why = err instanceof Error ? err.message : "identities unreadable";
        return { identities: [], problem: why };
      }
    })();
    return cached;
  };
}

/** Run every check over the candidates. */
export async function checkAll(
  root: string,
  candidates: Candidate[],
  policy: JudgingPolicy | undefined,
  ignore: ReadonlySet<string>,
  options: GuardOptions,
  source: GuardReport["source"],
): Promise<GuardReport> {
  const report: GuardReport = {
    root,
    source,
    findings: [],
    notes: [],
    files: candidates.length,
    bytesScanned: 0,
  };
  const identities = identityProvider(options);
  const before = await blobsBefore(root, candidates);

  let read = 0;
  for (const [i, c] of candidates.entries()) {
    options.onProgress?.(i, candidates.length, read);
    read += c.bytes.length;
    const abs = path.join(root, c.path);
    const relToPolicy = policy === undefined ? undefined : relInside(policy.dir, abs);
    let rule: ResolvedRule | undefined;
    let moreOptions: EncryptionRules[] = [];
    if (policy !== undefined && relToPolicy !== undefined) {
      rule = await policy.ruleFor(relToPolicy);
      if (rule !== undefined && policy.moreOptions !== undefined)
        moreOptions = await policy.moreOptions(relToPolicy);
    }
    if (c.tooLarge !== undefined) {
      // No string holds it: it is no file hush wrote, and the detector cannot read it.
      if (rule !== undefined) report.findings.push(tooLargeUnderRule(c.path, rule, policy?.source));
      else report.notes.push({ path: c.path, message: `not scanned for secrets: ${tooBig(c)}` });
      continue;
    }
    // Decoded as the loop reaches it: decoded all at once up front, 15 MB of texts outlived two
    // young-generation collections, which copied them (~25 ms of a cold 15 MB scan, --trace-gc).
    const file = decodeText(c.bytes);
    if (file === undefined) {
      // sops stores binary files as JSON text, so raw bytes under a rule are plaintext.
      if (rule !== undefined) report.findings.push(plaintextBinary(c.path, rule, policy?.source));
      continue;
    }
    const text = file.text;
    let scanned = text;
    if (rule !== undefined || looksEncrypted(text, detectFormat(c.path))) {
      const core = await loadCore();
      const checked = await checkEncryption(
        core,
        { path: c.path, text },
        rule,
        policy?.source,
        identities,
        moreOptions,
      );
      report.findings.push(...checked.findings);
      report.notes.push(...checked.notes);
      // A covered plaintext file is already blocked; an unparsable sops file too.
      if (checked.findings.some((f) => f.ruleId === "policy-plaintext-file")) continue;
      if (checked.encrypted) {
        if (checked.clearText === undefined) continue;
        // What an encrypted file leaves in clear (values, comments) is read like any text.
        scanned = checked.clearText();
      }
    }
    if (policy !== undefined && relToPolicy !== undefined && (await policy.ignored(relToPolicy)))
      continue;
    if (c.bytes.length > MAX_SCAN_BYTES) {
      report.notes.push({
        path: c.path,
        message: `not scanned for secrets: larger than ${MAX_SCAN_BYTES / 1024 / 1024} MB`,
      });
      continue;
    }
    let added = c.added;
    const old = c.before === undefined ? undefined : before.get(c.before);
    if (old !== undefined) {
      const was = decodeText(old);
      added = was === undefined ? "all" : addedLines(was.text, text);
    }
    report.bytesScanned += c.bytes.length;
    report.findings.push(
      ...detect(await loadDetector(), c.path, forDetector(scanned), added, ignore),
    );
  }
  options.onProgress?.(candidates.length, candidates.length, read);
  policy?.save();
  report.findings.sort(byLocation);
  return report;
}

/**
 * The earlier blobs of the candidates whose added lines git's patch cannot give: one it diffed as
 * binary (not in the patch), or a text it does not read as UTF-8 (its line numbers differ).
 */
async function blobsBefore(
  root: string,
  candidates: readonly Candidate[],
): Promise<Map<string, Buffer>> {
  const wanted = candidates.flatMap((c) => {
    if (c.before === undefined || c.added === "all") return [];
    const d = decodeText(c.bytes);
    if (d === undefined) return [];
    return c.added.size > 0 && d.encoding === "utf-8" ? [] : [c.before];
  });
  return wanted.length === 0 ? new Map<string, Buffer>() : readBlobs(root, wanted);
}

function plaintextBinary(p: string, rule: ResolvedRule, source: string | undefined): GuardFinding {
  return {
    kind: "policy",
    path: p,
    line: 1,
    column: 1,
    ruleId: "policy-plaintext-file",
    description: `binary file not encrypted, but a policy rule covers it${source === undefined ? "" : ` (rule at ${source}:${rule.rule.line})`}`,
    preview: p,
    fingerprint: undefined,
    fix: `hush encrypt -i ${shellPath(p)}`,
  };
}

function tooBig(c: Candidate): string {
  return `${((c.tooLarge ?? 0) / 1024 ** 3).toFixed(1)} GB, too large to read`;
}

function tooLargeUnderRule(
  p: string,
  rule: ResolvedRule,
  source: string | undefined,
): GuardFinding {
  return {
    ...plaintextBinary(p, rule, source),
    description: `file too large to be an encrypted file, but a policy rule covers it${source === undefined ? "" : ` (rule at ${source}:${rule.rule.line})`}`,
    fix: `keep ${shellPath(p)} out of the repository (.gitignore), or narrow the rule`,
  };
}

/** Findings by path, then line. */
export function byLocation(a: GuardFinding | GuardNote, b: GuardFinding | GuardNote): number {
  if (a.path !== b.path) return a.path < b.path ? -1 : 1;
  return "line" in a && "line" in b ? a.line - b.line : 0;
}

/**
 * The checks the pre-commit hook runs: the staged blobs of added, copied, modified, renamed and
 * type-changed files; the detector only on the lines the commit adds.
 */
export async function checkStaged(
  options: GuardOptions,
  started?: Promise<StagedChanges>,
): Promise<GuardReport> {
  const pending = started ?? readStagedChanges(options.cwd);
  pending.catch(() => undefined);
  // The detector's module loads while git works (one import at a time, overlapping a child process).
  const detector = await loadDetector();
  const changes = await pending;
  const root = changes.root;
  const files = changes.files.filter((f) => f.mode !== "160000" && f.mode !== "120000");
  // The configuration as staged and as committed: a change to it is judged before it takes effect.
  const config = CONFIG_FILES.flatMap((n) => [`:${n}`, `HEAD:${n}`]);
  const blobs = await readBlobs(root, [...files.map((f) => f.blob), ...config]);
  const { policy, ignore, weakenings, changed } = await judgeConfiguration({
    root,
    text: (name) => blobs.get(name)?.toString("utf8"),
    parseIgnore: detector.parseIgnoreFile,
    load: loadPolicyPart,
    openStaged: (text) => openRootPolicy(root, (rel) => text(`:${rel}`), options.env),
  });

  const candidates: Candidate[] = [];
  for (const f of files) {
    const bytes = blobs.get(f.blob);
    if (bytes === undefined) continue;
    const whole = f.status === "A" || f.status === "T";
    const patched = changes.added.get(f.path);
    candidates.push({
      path: f.path,
      bytes,
      added: whole ? "all" : (patched ?? new Set<number>()),
      before: whole || f.oldBlob === f.blob || /^0+$/.test(f.oldBlob) ? undefined : f.oldBlob,
    });
  }
  // A staged policy change re-judges every covered file in the index (stale recipients, new rules).
  if (
    policy !== undefined &&
    policy.rel !== undefined &&
    files.some((f) => f.path === policy.rel)
  ) {
    const staged = new Set(files.map((f) => f.path));
    const others: { path: string; blob: string }[] = [];
    for (const e of await indexEntries(root)) {
      if (staged.has(e.path) || e.mode === "160000" || e.mode === "120000") continue;
      const rel = relInside(policy.dir, path.join(root, e.path));
      if (rel !== undefined && (await policy.ruleFor(rel)) !== undefined) others.push(e);
    }
    const more = await readBlobs(
      root,
      others.map((e) => e.blob),
    );
    for (const e of others) {
      const bytes = more.get(e.blob);
      if (bytes !== undefined)
        candidates.push({ path: e.path, bytes, added: new Set<number>(), before: undefined });
    }
  }
  const report = await checkAll(root, candidates, policy, ignore, options, "staged");
  // Configuration alone may weaken the guard: nothing else in the commit can profit from it.
  const onlyConfig = files.every((f) => CONFIG_FILES.includes(f.path));
  for (const w of weakenings) {
    if (onlyConfig)
      report.notes.push({
        path: w.path,
        message: `weakens the guard for later commits: ${w.change}`,
      });
    else report.findings.push(weakeningFinding(w, changed));
  }
  report.findings.sort(byLocation);
  return report;
}

/**
 * The same checks over working-tree files: every file under `paths` (default: the whole repository)
 * that git does not ignore, tracked or not; outside git, every file under them (default: `cwd`).
 */
export async function checkWorkingTree(
  options: GuardOptions & { paths?: readonly string[] },
): Promise<GuardReport> {
  const { root, files } = await listTree(options.cwd, options.paths ?? []);
  // Started now, the workers load the detector while this thread reads the policy. The threads'
  // module (and node:worker_threads) loads only then: the hook never needs it.
  const threads =
    options.threads !== undefined && files.length >= THREADED_FILES
      ? { code: await import("./threads.js"), spec: options.threads }
      : undefined;
  const workers = threads?.code.startThreads(threads.spec) ?? [];
  try {
    let ignoreText: string | undefined;
    try {
      ignoreText = await readFile(path.join(root, IGNORE_FILE), "utf8");
    } catch {
      ignoreText = undefined;
    }
    const ignore =
      ignoreText === undefined
        ? new Set<string>()
        : (await loadDetector()).parseIgnoreFile(ignoreText);
    const policy = openRootPolicy(root, () => undefined, options.env);
    return threads === undefined
      ? await checkAll(root, readAll(root, files), policy, ignore, options, "worktree")
      : await checkThreaded(root, files, policy, ignore, options, threads.code, workers);
  } finally {
    threads?.code.stopThreads(workers);
  }
}

/**
 * {@link checkWorkingTree} on several threads: files no rule covers and the policy does not ignore
 * need the detector alone, and every thread reads and scans those; the rest (and what a thread
 * hands back) get the full checks on this thread.
 */
async function checkThreaded(
  root: string,
  files: readonly string[],
  policy: JudgingPolicy | undefined,
  ignore: ReadonlySet<string>,
  options: GuardOptions,
  threads: typeof ThreadsModule,
  workers: readonly Worker[],
): Promise<GuardReport> {
  const plain: string[] = [];
  const full: string[] = [];
  for (const rel of files) {
    const relToPolicy =
      policy === undefined ? undefined : relInside(policy.dir, path.join(root, rel));
    const special =
      policy !== undefined &&
      relToPolicy !== undefined &&
      ((await policy.ruleFor(relToPolicy)) !== undefined || (await policy.ignored(relToPolicy)));
    (special ? full : plain).push(rel);
  }
  // One progress line over both parts: the shared scan first, then the full checks.
  const progress = options.onProgress;
  const total = files.length;
  const shared = await threads.scanShared(
    root,
    plain,
    ignore,
    await loadDetector(),
    workers,
    progress && ((done, _, bytes) => progress(done, total, bytes)),
  );
  const before = plain.length - shared.handedBack.length;
  const report = await checkAll(
    root,
    readAll(root, [...full, ...shared.handedBack]),
    policy,
    ignore,
    {
      ...options,
      ...(progress && {
        onProgress: (done: number, _: number | undefined, bytes: number) =>
          progress(before + done, total, shared.bytesScanned + bytes),
      }),
    },
    "worktree",
  );
  report.files += shared.files;
  report.bytesScanned += shared.bytesScanned;
  report.findings.push(...shared.findings);
  report.findings.sort(byLocation);
  return report;
}

/** The listed files that are regular files and can still be read (see {@link readRegularFile}). */
function readAll(root: string, files: readonly string[]): Candidate[] {
  const candidates: Candidate[] = [];
  for (const rel of files) {
    // Synchronous: 1,500 awaited reads of 10 KB cost ~100 ms more than this loop (measured,
    // test/bench/scan-speed.bench.mjs), and nothing else runs meanwhile.
    const read = readRegularFile(path.join(root, rel));
    // A link, a folder (submodule), or deleted in the working tree but still tracked: nothing to read.
    if (read === undefined) continue;
    if (Buffer.isBuffer(read))
      candidates.push({ path: rel, bytes: read, added: "all", before: undefined });
    else
      candidates.push({
        path: rel,
        bytes: Buffer.alloc(0),
        added: "all",
        before: undefined,
        tooLarge: read.tooLarge,
      });
  }
  return candidates;
}
