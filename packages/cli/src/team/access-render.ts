// Text rendering of `hush access` (JSON is the data as is).
import type { FileAccess } from "./access-model.js";
import type { StaleAccess } from "./offboarding.js";
import type { TeamView } from "./team-view.js";
import { kindsText, shortKey as short } from "./members.js";

/** What one member can read. */
export interface MemberAccess {
  member: string;
  /** The member's keys (one, or several: e.g. every ssh key a git host publishes for them). */
  recipients: string[];
  /** The kind of each key, in the same order (`age`, `ssh-ed25519`, `plugin:yubikey`…). */
  kinds: string[];
  /** False for a member removed from the policy (known from history). */
  inPolicy: boolean;
  byPolicy: string[];
  inMetadata: string[];
  stale: StaleAccess[];
}

const list = (xs: readonly string[]): string => (xs.length === 0 ? "-" : xs.join(", "));

/** One line per former reader that was never rotated out. */
export function renderStale(stale: readonly StaleAccess[]): string {
  return stale
    .map(
      (s) =>
        `warning: ${s.member ?? "an unknown key"} (${short(s.recipient)}) could read ${s.file} until ${s.lastCommit.slice(0, 7)} (${s.lastDate.slice(0, 10)}) and ${s.reencrypted === null ? "it was never rotated since" : `it was re-encrypted since, but the values they read are ${s.reencrypted === "unchanged" ? "unchanged" : "unknown (no key to compare)"}`}; change the values, then run \`hush rotate ${s.file}\`\n`,
    )
    .join("");
}

function renderFile(a: FileAccess): string {
  const rule = a.rule === null ? "no rule" : `rule line ${a.rule.line}: ${a.rule.path ?? "?"}`;
  let out = `${a.file}  (${a.encrypted ? "" : "NOT ENCRYPTED, "}${rule})\n`;
  out += `  policy:  ${list(a.policy.members)}${a.policy.groups.length > 0 ? `  groups: ${a.policy.groups.join(", ")}` : ""}\n`;
  if (a.encrypted) {
    out += `  actual:  ${list([...a.actual.members, ...a.actual.unknown.map((k) => `unknown key ${short(k)}`)])}\n`;
    if (a.drift.missing.length > 0)
      out += `  drift:   missing ${a.drift.missing.join(", ")} (run \`hush rekey ${a.file}\`)\n`;
    if (a.drift.extra.length > 0)
      out += `  drift:   extra ${a.drift.extra.map((n) => (n.startsWith("age1") || n.startsWith("ssh-") ? short(n) : n)).join(", ")} can still read it (run \`hush rekey ${a.file}\`, then \`hush rotate ${a.file}\`)\n`;
  }
  return out;
}

/** The access matrix, one block per file, then warnings. */
export function renderAccess(view: TeamView): string {
  if (view.access.length === 0) return "no encrypted files and no files under a rule\n";
  const drifted = view.access.filter(
    (a) => a.drift.missing.length + a.drift.extra.length > 0,
  ).length;
  const members =
    view.members.length === 0
      ? ""
      : `members:\n${view.members.map((m) => `  ${m.name}: ${kindsText(m)}\n`).join("")}\n`;
  return (
    members +
    view.access.map(renderFile).join("") +
    renderStale(view.stale) +
    `${view.access.length} file(s), ${drifted} with drift, ${view.stale.length} stale former reader(s)\n`
  );
}

/** What one member can read. */
export function renderMember(m: MemberAccess): string {
  const keys = m.recipients.map((r, i) => `${m.kinds[i] ?? "key"} ${short(r)}`).join(", ");
  let out = `${m.member} (${keys})${m.inPolicy ? "" : " — not in the policy any more"}\n`;
  out += `  granted by policy (${m.byPolicy.length}):\n${m.byPolicy.map((f) => `    ${f}\n`).join("")}`;
  out += `  in file metadata (${m.inMetadata.length}):\n${m.inMetadata.map((f) => `    ${f}\n`).join("")}`;
  return out + renderStale(m.stale);
}
