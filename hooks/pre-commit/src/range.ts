/**
 * The guard over commits: `hush scan --history` (the detector on every line every commit added)
 * and the range checks of `hush scan --since` and `actions/scan` (that, plus the policy and sops
 * checks of every file the range changes, judged under the stronger of the base's and the head's
 * configuration, so a pull request cannot switch the guard off for itself).
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { HushError } from "@hush/core/errors";
import { detect, MAX_SCAN_BYTES, type Detector } from "./detect.js";
import { shellPath, type GuardFinding, type GuardReport } from "./findings.js";
import {
  byLocation,
  checkAll,
  loadDetector,
  loadPolicyPart,
  type Candidate,
  type GuardOptions,
} from "./guard.js";
import {
  addedText,
  isSafeRevision,
  streamLog,
  type CommitFile,
  type CommitInfo,
  type LogStats,
  type RawChange,
} from "./history.js";
import { policyFromText, type PolicyView } from "./policy.js";
import { git, readBlobs, readChanges, repoRoot } from "./staged.js";
import { forDetector } from "./text.js";
import { CONFIG_FILES, judgeConfiguration, weakeningFinding } from "./weaken.js";

/** A revision the caller named that git must not read as an option, or that does not exist. */
function badRevision(why: string): HushError {
  return new HushError("ERR_REVISION", why);
}

function short(sha: string): string {
  return sha.slice(0, 12);
}

/** The detector's findings on the lines one commit added to one file. */
function detectAdded(
  detector: Detector,
  f: CommitFile,
  ignore: ReadonlySet<string>,
): GuardFinding[] | "too-large" {
  const { text, lineAt } = addedText(f);
  if (text.length > MAX_SCAN_BYTES) return "too-large";
  // forDetector: a `sops:` block in a patch is read like any text (nothing inspected it here).
  return detect(detector, f.path, forDetector(text), "all", ignore).map((x) => ({
    ...x,
    line: lineAt(x.line),
    commit: f.commit,
    fix: `commit ${short(f.commit.sha)} put it in history: revoke and rotate it; known and accepted? keep this report and pass it to --baseline, or add the fingerprint to .hushignore`,
  }));
}

/** Stream the commits of `revs` through the detector into `report`. */
async function scanCommits(
  cwd: string,
  revs: readonly string[],
  paths: readonly string[],
  ignore: ReadonlySet<string>,
  report: GuardReport,
  onRaw?: (c: RawChange) => void,
  onChunk?: (stats: Readonly<LogStats>) => void,
): Promise<void> {
  const detector = await loadDetector();
  const stats = await streamLog(
    cwd,
    revs,
    paths,
    (f) => {
      report.files++;
      const found = detectAdded(detector, f, ignore);
      if (found === "too-large")
        report.notes.push({
          path: f.path,
          message: `not scanned for secrets in commit ${short(f.commit.sha)}: it adds more than ${MAX_SCAN_BYTES / 1024 / 1024} MB`,
        });
      else report.findings.push(...found);
    },
    onRaw,
    onChunk,
  );
  report.commits = (report.commits ?? 0) + stats.commits;
  report.bytesScanned += stats.patchBytes;
}

async function ignoreOf(root: string): Promise<ReadonlySet<string>> {
  try {
    const text = await readFile(path.join(root, ".hushignore"), "utf8");
    return (await loadDetector()).parseIgnoreFile(text);
  } catch {
    return new Set<string>();
  }
}

function emptyReport(root: string, source: GuardReport["source"]): GuardReport {
  return { root, source, findings: [], notes: [], files: 0, bytesScanned: 0, commits: 0 };
}

/**
 * `hush scan --history [RANGE]`: the detector on every line each commit of the range (default:
 * everything HEAD reaches) added, each finding with its commit. `.hushignore` of the working tree.
 */
export async function checkHistory(
  options: GuardOptions & { revs?: readonly string[]; paths?: readonly string[] },
): Promise<GuardReport> {
  const revs = options.revs ?? [];
  for (const r of revs)
    if (!isSafeRevision(r)) throw badRevision(`not a revision range: ${JSON.stringify(r)}`);
  // Two independent git calls at once: each process start is ~10 ms of a short scan.
  const [root, hasCommits] = await Promise.all([
    repoRoot(options.cwd),
    resolveCommit(options.cwd, "HEAD").then(
      () => true,
      () => false,
    ),
  ]);
  const report = emptyReport(root, "history");
  if (!hasCommits && revs.length === 0) {
    report.notes.push({ path: ".", message: "no commits yet: nothing in history" });
    return report;
  }
  // What the detector skips by path (lock files, node_modules, binaries) git need not diff at all.
  const paths = [...(options.paths ?? []), ...(await loadDetector()).skippedPathspecs()];
  const { onProgress } = options;
  let onChunk: ((s: Readonly<LogStats>) => void) | undefined;
  if (onProgress !== undefined) {
    const total = await countCommits(options.cwd, revs, paths);
    onChunk = (s) => onProgress(s.commits, total, s.patchBytes);
  }
  try {
    await scanCommits(options.cwd, revs, paths, await ignoreOf(root), report, undefined, onChunk);
  } catch (err) {
    // A name git does not know (a typo, or a branch a shallow CI clone never fetched) is the
    // caller's to fix, as with --since: say so, with the ERR_REVISION hint.
    const why = err instanceof Error ? err.message : "";
    if (/bad revision|unknown revision|ambiguous argument/.test(why))
      throw badRevision(`no such commit or range in this clone: ${revs.join(" ")}`);
    throw err;
  }
  report.findings.sort(byCommitThenLocation);
  return report;
}

/** How many commits `git log` will list (for a progress line), or undefined when git cannot say. */
async function countCommits(
  cwd: string,
  revs: readonly string[],
  paths: readonly string[],
): Promise<number | undefined> {
  try {
    const out = await git(cwd, [
      "rev-list",
      "--count",
      ...(revs.length === 0 ? ["HEAD"] : revs),
      "--",
      ...paths,
    ]);
    const n = Number(out.toString("utf8").trim());
    return Number.isSafeInteger(n) ? n : undefined;
  } catch {
    return undefined;
  }
}

function byCommitThenLocation(a: GuardFinding, b: GuardFinding): number {
  const ca = a.commit?.date ?? "";
  const cb = b.commit?.date ?? "";
  if (ca !== cb) return ca < cb ? -1 : 1;
  return byLocation(a, b);
}

/** The full id of a commit git knows, or an ERR_REVISION {@link HushError}. */
async function resolveCommit(cwd: string, rev: string): Promise<string> {
  if (!isSafeRevision(rev)) throw badRevision(`not a revision: ${JSON.stringify(rev)}`);
  try {
    const out = await git(cwd, ["rev-parse", "--verify", "--quiet", `${rev}^{commit}`]);
    return out.toString("utf8").trim();
  } catch {
    throw badRevision(`no such commit in this clone: ${rev}`);
  }
}

/** A base that names no commit: GitHub's push event of a new branch (`before` is all zeros). */
const NO_BASE = /^0+$/;

/**
 * The range checks: every commit in `base..head` through the detector (with its commit), and every
 * file the range changes through the policy and sops checks (plaintext under a rule, tamper, drift),
 * the version at `head` and each earlier version a commit of the range wrote. The configuration
 * (`.hush.yaml`/`.sops.yaml`, `.hushignore`) is the stronger of `base`'s and `head`'s: a change that
 * weakens it is itself a finding unless the range changes nothing else.
 * @param base - where the range starts (excluded); undefined or zeros: all of `head`'s history
 */
export async function checkRange(
  options: GuardOptions & { base: string | undefined; head: string },
): Promise<GuardReport> {
  const { cwd } = options;
  const root = await repoRoot(cwd);
  const head = await resolveCommit(cwd, options.head);
  const base =
    options.base === undefined || options.base === "" || NO_BASE.test(options.base)
      ? undefined
      : await resolveCommit(cwd, options.base);

  // The configuration on both sides.
  const names = CONFIG_FILES.flatMap((n) => [
    `${head}:${n}`,
    ...(base === undefined ? [] : [`${base}:${n}`]),
  ]);
  const blobs = await readBlobs(root, names);
  const text = (name: string): string | undefined => {
    // judgeConfiguration's `:name` is the new side (head), `HEAD:name` the old one (base).
    const side = name.startsWith(":") ? head : (base ?? head);
    return blobs.get(`${side}:${name.replace(/^(?:HEAD)?:/, "")}`)?.toString("utf8");
  };
  const detector = await loadDetector();
  const { policy, ignore, weakenings, changed } = await judgeConfiguration({
    root,
    text,
    parseIgnore: detector.parseIgnoreFile,
    load: loadPolicyPart,
    openStaged: (t) => policyAt(root, (n) => t(`:${n}`)),
  });

  // The net change: the head version of every file the range adds or modifies.
  const diff = await readChanges(
    cwd,
    base === undefined ? [await emptyTreeId(cwd), head] : [`${base}...${head}`],
  );
  const files = diff.files.filter((f) => f.mode !== "160000" && f.mode !== "120000");
  const headBlobs = await readBlobs(
    root,
    files.map((f) => f.blob),
  );
  const candidates: Candidate[] = [];
  for (const f of files) {
    const bytes = headBlobs.get(f.blob);
    // The detector's part comes from the commits below; here only the policy and sops checks.
    if (bytes !== undefined)
      candidates.push({ path: f.path, bytes, added: new Set<number>(), before: undefined });
  }
  const report = await checkAll(root, candidates, policy, ignore, options, "range");
  report.commits = 0;

  // Every commit of the range: the detector on its added lines; covered files it wrote, checked.
  const earlier = new Map<string, RawChange[]>();
  const final = new Set(files.map((f) => f.blob));
  await scanCommits(
    cwd,
    [base === undefined ? head : `${base}..${head}`],
    [],
    ignore,
    report,
    (c) => {
      if (final.has(c.blob) || c.mode === "160000" || c.mode === "120000") return;
      const list = earlier.get(c.commit.sha) ?? [];
      list.push(c);
      earlier.set(c.commit.sha, list);
    },
  );
  if (policy !== undefined && earlier.size > 0) {
    for (const changes of earlier.values()) {
      const covered: RawChange[] = [];
      for (const c of changes) {
        const rel = relToPolicy(root, policy, c.path);
        if (rel !== undefined && (await policy.ruleFor(rel)) !== undefined) covered.push(c);
      }
      if (covered.length === 0) continue;
      const bytes = await readBlobs(
        root,
        covered.map((c) => c.blob),
      );
      const then: Candidate[] = covered.flatMap((c) => {
        const b = bytes.get(c.blob);
        return b === undefined
          ? []
          : [{ path: c.path, bytes: b, added: new Set<number>(), before: undefined }];
      });
      const commit: CommitInfo | undefined = covered[0]?.commit;
      const sub = await checkAll(root, then, policy, ignore, options, "range");
      for (const f of sub.findings)
        report.findings.push(
          commit === undefined ? f : { ...f, commit, fix: earlierFix(f, commit) },
        );
    }
  }

  const onlyConfig = files.every((f) => CONFIG_FILES.includes(f.path));
  for (const w of weakenings) {
    if (onlyConfig) report.notes.push({ path: w.path, message: `weakens the guard: ${w.change}` });
    else
      report.findings.push({
        ...weakeningFinding(w, changed),
        description: `weakens the guard (${w.change}) in the same range as other changes`,
        fix: `land the configuration change on its own first (a separate pull request), then the rest`,
      });
  }
  report.findings.sort(byCommitThenLocation);
  return report;
}

function earlierFix(f: GuardFinding, commit: CommitInfo): string {
  return `commit ${short(commit.sha)} wrote ${shellPath(f.path)} this way (later fixed or not, it is in history): rotate what it exposed; ${f.fix}`;
}

function relToPolicy(root: string, policy: PolicyView, rel: string): string | undefined {
  const abs = path.join(root, rel);
  const r = path.relative(policy.dir, abs);
  return r.startsWith("..") || path.isAbsolute(r) ? undefined : r.split(path.sep).join("/");
}

/** The policy a commit's tree holds at its root: `.hush.yaml`, else `.sops.yaml`. */
function policyAt(
  root: string,
  text: (name: string) => string | undefined,
): PolicyView | undefined {
  for (const name of [".hush.yaml", ".sops.yaml"]) {
    const t = text(name);
    if (t !== undefined) return policyFromText(path.join(root, name), name, t, loadPolicyPart);
  }
  return undefined;
}

/** The empty tree's id in this repository's object format (SHA-256 repositories too). */
async function emptyTreeId(cwd: string): Promise<string> {
  const out = await git(cwd, ["hash-object", "-t", "tree", "/dev/null"]);
  return out.toString("utf8").trim();
}
