// `hush report`: the compliance inventory as data. Rendering lives in report-render.ts.
import { ageValues } from "../history.js";
import { hasDrift, type FileAccess } from "./access-model.js";
import type { StaleAccess } from "./offboarding.js";
import type { TeamView } from "./team-view.js";
import type { MemberKeys } from "./members.js";

/** A commit as the report names it. */
export interface ReportCommit {
  commit: string;
  date: string;
  author: string;
  email: string;
}

/** One value of one file: never its content. */
export interface ReportValue {
  path: string;
  encrypted: boolean;
  /** The commit that wrote the current value (a re-encryption does not count); null when not committed yet. */
  lastChange: ReportCommit | null;
  /**
   * The ciphertext is newer than the value: re-encrypted since (a new data key) with the value
   * "unchanged", or "unknown" when no key opened both versions; null otherwise.
   */
  reencrypted: "unchanged" | "unknown" | null;
  ageDays: number | null;
  /** `overdue`/`ok` against the rule's max_age; `no-policy` without max_age; `uncommitted`; `plaintext` for values stored in clear. */
  rotation: "ok" | "overdue" | "no-policy" | "uncommitted" | "plaintext";
}

export interface ReportFile {
  file: string;
  encrypted: boolean;
  rule: FileAccess["rule"];
  readers: { members: string[]; groups: string[] };
  recipients: { members: string[]; unknown: string[] };
  drift: FileAccess["drift"];
  /** max_age of the rule, in days, or null. */
  maxAgeDays: number | null;
  /** The newest commit that touched the file, or null. */
  lastChange: ReportCommit | null;
  values: ReportValue[];
}

export interface Report {
  generatedAt: string;
  root: string;
  policy: string;
  summary: {
    files: number;
    encryptedFiles: number;
    values: number;
    overdueValues: number;
    filesWithDrift: number;
    plaintextFilesUnderRules: number;
    staleAccess: number;
  };
  /** The policy's members and the kind of each key (age, ssh, plugin). */
  members: MemberKeys[];
  files: ReportFile[];
  /** Files a rule covers that are not encrypted. */
  plaintext: { file: string; ruleLine: number | null }[];
  stale: StaleAccess[];
}

const DAY = 86_400_000;
const commitOf = (c: {
  hash: string;
  date: Date;
  author: string;
  email: string;
}): ReportCommit => ({
  commit: c.hash,
  date: c.date.toISOString(),
  author: c.author,
  email: c.email,
});

/** Build the report from a loaded view, judged at `now`. */
export function buildReport(view: TeamView, now: Date): Report {
  const files: ReportFile[] = [];
  for (const [i, entry] of view.inventory.entries()) {
    const access = view.access[i];
    if (access === undefined || !entry.encrypted) continue;
    const maxAgeMs = entry.rule?.maxAgeMs;
    const values = ageValues(view.ctx.reader, view.history, entry, view.reencryptions).map(
      (age): ReportValue => {
        const ageMs = age.commit === undefined ? null : now.getTime() - age.commit.date.getTime();
        let rotation: ReportValue["rotation"];
        if (!age.encrypted) rotation = "plaintext";
        else if (ageMs === null) rotation = "uncommitted";
        else if (maxAgeMs === undefined) rotation = "no-policy";
        else rotation = ageMs > maxAgeMs ? "overdue" : "ok";
        return {
          path: age.keyPath,
          encrypted: age.encrypted,
          lastChange: age.commit === undefined ? null : commitOf(age.commit),
          ageDays: ageMs === null ? null : Math.floor(ageMs / DAY),
          rotation,
          reencrypted: age.reencrypted ?? null,
        };
      },
    );
    const newest = view.history.changes.get(entry.file)?.[0]?.commit;
    files.push({
      file: entry.file,
      encrypted: true,
      rule: access.rule,
      readers: { members: access.policy.members, groups: access.policy.groups },
      recipients: { members: access.actual.members, unknown: access.actual.unknown },
      drift: access.drift,
      maxAgeDays: maxAgeMs === undefined ? null : maxAgeMs / DAY,
      lastChange: newest === undefined ? null : commitOf(newest),
      values,
    });
  }
  const plaintext = view.inventory
    .filter((f) => !f.encrypted && f.rule !== undefined)
    .map((f) => ({ file: f.file, ruleLine: f.rule?.rule.line ?? null }));
  const all = files.flatMap((f) => f.values);
  return {
    generatedAt: now.toISOString(),
    root: view.ctx.root,
    policy: view.ctx.policyFile,
    summary: {
      files: files.length + plaintext.length,
      encryptedFiles: files.length,
      values: all.length,
      overdueValues: all.filter((v) => v.rotation === "overdue").length,
      filesWithDrift: view.access.filter((a) => a.encrypted && hasDrift(a)).length,
      plaintextFilesUnderRules: plaintext.length,
      staleAccess: view.stale.length,
    },
    members: view.members,
    files,
    plaintext,
    stale: view.stale,
  };
}

/** True when the report has anything an auditor should act on. */
export function hasFindings(r: Report): boolean {
  const s = r.summary;
  return s.overdueValues + s.filesWithDrift + s.plaintextFilesUnderRules + s.staleAccess > 0;
}
