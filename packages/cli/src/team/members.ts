// Who the policy names, and what kind of key each holds (age, ssh, a hardware key through a plugin),
// for `hush access` and `hush report`: an auditor asks where each reader's key lives.
import type { TeamContext } from "./inventory.js";

/** One member of the policy and their keys. */
export interface MemberKeys {
  name: string;
  /** One entry per key: its kind (`age`, `age-pq`, `ssh-ed25519`, `ssh-rsa`, `plugin:<name>`). */
  keys: { kind: string; recipient: string }[];
  /** Where the keys came from when fetched: `github:<user>` and the day. */
  fetched: { from: string; date: string } | null;
}

/** Every member of the policy, in policy order. */
export function memberKeys(ctx: TeamContext): MemberKeys[] {
  return [...ctx.policy.members].map(([name, keys]) => {
    const f = ctx.policy.fetched?.get(name);
    return {
      name,
      keys: keys.map((recipient) => ({
        kind: ctx.core.recipientKind(recipient) ?? "unknown",
        recipient,
      })),
      fetched:
        f === undefined
          ? null
          : {
              from: `github:${f.github}${f.url === undefined ? "" : ` (${f.url})`}`,
              date: f.fetched,
            },
    };
  });
}

/** `ssh-ed25519 ×2, age` — the kinds of a member's keys, counted. */
export function kindsText(m: MemberKeys): string {
  const counts = new Map<string, number>();
  for (const k of m.keys) counts.set(k.kind, (counts.get(k.kind) ?? 0) + 1);
  const kinds = [...counts].map(([k, n]) => (n > 1 ? `${k} ×${n}` : k)).join(", ");
  return m.fetched === null ? kinds : `${kinds}; ${m.fetched.from}, fetched ${m.fetched.date}`;
}

/** A key as messages show it: enough to tell keys apart (an ssh key's prefix is the same for all). */
export function shortKey(k: string): string {
  if (k.startsWith("ssh-")) {
    const [type = "", b64 = ""] = k.split(" ");
    return `${type} …${b64.slice(-12)}`;
  }
  return `${k.slice(0, 16)}…`;
}
