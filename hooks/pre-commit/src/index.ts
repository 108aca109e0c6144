/**
 * `@hush/pre-commit`: the guard that keeps plaintext secrets out of git history. `run()` is the
 * hook; the CLI's `hush scan` reuses the checks and the report formats.
 * @packageDocumentation
 */
export { run, type HookIo } from "./run.js";
export { checkStaged, checkWorkingTree, type GuardOptions } from "./guard.js";
export { formatText, formatJson, formatSarif } from "./report.js";
export {
  GUARD_RULES,
  type GuardFinding,
  type GuardNote,
  type GuardReport,
  type FindingKind,
} from "./findings.js";
export { recipientsDrift } from "./checks.js";
export { ignoreLine } from "./detect.js";
export {
  readStagedChanges,
  parseAddedLines,
  parseRaw,
  unquotePath,
  type StagedFile,
  type StagedChanges,
} from "./staged.js";
export { checkHistory, checkRange } from "./range.js";
export {
  streamLog,
  addedText,
  isSafeRevision,
  type CommitInfo,
  type CommitFile,
} from "./history.js";
export { parseBaseline, applyBaseline } from "./baseline.js";
export { readBlobs } from "./staged.js";
export { serveScanThread, type ScanThreads } from "./threads.js";
