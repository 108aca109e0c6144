/**
 * The `sops` metadata block (sops-format.md §4): read from every historical layout, written in the
 * 3.13 layout (keys sorted at every level, semver `version`).
 */
import { HushError } from "./errors.js";
import type { AgeStanza } from "./keys.js";
import type { EncryptionRules } from "./types.js";
import { PINNED } from "./options.js";
import { isPlainNumber } from "./plain.js";

/** The sops version hush writes: what current sops emits, so Go sops accepts it. */
export const SOPS_VERSION = "3.13.2";

/** One key group: its age stanzas plus other key types kept verbatim (pgp, kms…). */
export interface KeyGroup {
  age: AgeStanza[];
  other: Record<string, unknown>;
}

/** The metadata block as hush uses it. */
export interface SopsMetadata {
  keyGroups: KeyGroup[];
  shamirThreshold: number | undefined;
  lastmodified: string;
  mac: string;
  version: string;
  /** Rules as stored (no default filled in). */
  rules: EncryptionRules;
}

const KEY_TYPES = ["kms", "gcp_kms", "hckms", "azure_kv", "hc_vault", "pgp", "age"] as const;
type RuleKey = Exclude<keyof EncryptionRules, "macOnlyEncrypted">;
/** The string options of the block (`mac_only_encrypted`, a boolean, is read on its own). */
const RULE_KEYS = PINNED.filter((o): o is [RuleKey, string] => o[0] !== "macOnlyEncrypted");

function bad(what: string): never {
  throw new HushError("ERR_FORMAT", `the sops metadata block is invalid: ${what}`, {
    hint: "restore the sops block from git",
  });
}

function str(v: unknown): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === "string") return v;
  if (typeof v === "number" || typeof v === "boolean" || isPlainNumber(v)) return String(v);
  if (v instanceof Date) return v.toISOString().replace(/\.000Z$/, "Z");
  return undefined;
}

function list(v: unknown, what: string): unknown[] {
  if (v === undefined || v === null) return [];
  if (Array.isArray(v)) return v;
  return bad(`${what} is not a list`);
}

function readAge(v: unknown, where: string): AgeStanza[] {
  return list(v, where).map((e, i) => {
    if (e === null || typeof e !== "object") return bad(`${where}[${i}] is not a mapping`);
    const o = e as Record<string, unknown>;
    const recipient = str(o["recipient"]);
    const enc = str(o["enc"]);
    if (recipient === undefined || enc === undefined)
      return bad(`${where}[${i}] needs recipient and enc`);
    return { recipient: recipient.trim(), enc };
  });
}

function readGroup(o: Record<string, unknown>, where: string): KeyGroup {
  const other: Record<string, unknown> = {};
  for (const k of KEY_TYPES) {
    if (k === "age") continue;
    const l = list(o[k], `${where}.${k}`);
    if (l.length > 0) other[k] = l;
  }
  return { age: readAge(o["age"], `${where}.age`), other };
}

/**
 * Read a raw `sops` block (plain data from any store; values may be strings in dotenv/INI).
 * @throws HushError ERR_FORMAT when required fields are missing or malformed
 */
export function readMetadata(raw: Record<string, unknown>): SopsMetadata {
  const top = readGroup(raw, "sops");
  const hasTop = top.age.length > 0 || Object.keys(top.other).length > 0;
  let keyGroups: KeyGroup[];
  if (hasTop) keyGroups = [top];
  else {
    keyGroups = list(raw["key_groups"], "sops.key_groups").map((g, i) => {
      if (g === null || typeof g !== "object" || Array.isArray(g))
        return bad(`sops.key_groups[${i}] is not a mapping`);
      return readGroup(g as Record<string, unknown>, `sops.key_groups[${i}]`);
    });
  }
  if (keyGroups.length === 0) bad("no keys found");
  const lastmodified = str(raw["lastmodified"]);
  if (lastmodified === undefined) return bad("lastmodified is missing");
  const mac = str(raw["mac"]) ?? "";
  const version = str(raw["version"]) ?? "";
  const t = raw["shamir_threshold"];
  let shamirThreshold: number | undefined;
  if (t !== undefined && t !== null && t !== "" && t !== 0 && t !== "0") {
    shamirThreshold = Number(t);
    if (!Number.isInteger(shamirThreshold) || shamirThreshold < 1)
      bad("shamir_threshold is not a positive integer");
  }
  const rules: EncryptionRules = {};
  for (const [camel, snake] of RULE_KEYS) {
    const v = str(raw[snake]);
    if (v !== undefined && v !== "") rules[camel] = v;
  }
  const moe = raw["mac_only_encrypted"];
  if (moe === true || moe === "true" || moe === "True") rules.macOnlyEncrypted = true;
  return { keyGroups, shamirThreshold, lastmodified, mac, version, rules };
}

/** Sort object keys by byte order at every level, as sops 3.13 serializes metadata. */
export function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v !== null && typeof v === "object") {
    const o = v as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(o).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)))
      out[k] = sortKeys(o[k]);
    return out;
  }
  return v;
}

function ageOut(stanzas: readonly AgeStanza[]): Record<string, unknown>[] {
  return stanzas.map((s) => ({ enc: s.enc, recipient: s.recipient }));
}

/**
 * The raw block in the 3.13 layout. Binary files carry no rules (sops ignores them there).
 */
export function writeMetadata(m: SopsMetadata): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (m.keyGroups.length === 1) {
    const g = m.keyGroups[0]!;
    if (g.age.length > 0) out["age"] = ageOut(g.age);
    Object.assign(out, g.other);
  } else {
    out["key_groups"] = m.keyGroups.map((g) => ({ age: ageOut(g.age), hc_vault: [], ...g.other }));
    if (m.shamirThreshold !== undefined && m.shamirThreshold !== 0)
      out["shamir_threshold"] = m.shamirThreshold;
  }
  out["lastmodified"] = m.lastmodified;
  out["mac"] = m.mac;
  for (const [camel, snake] of RULE_KEYS) {
    const v = m.rules[camel];
    if (typeof v === "string" && v !== "") out[snake] = v;
  }
  if (m.rules.macOnlyEncrypted === true) out["mac_only_encrypted"] = true;
  out["version"] = m.version;
  return sortKeys(out) as Record<string, unknown>;
}

const SEMVER = /^v?\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/;

/** True when Go sops would accept the `version` field. */
export function isSemverVersion(v: string): boolean {
  return SEMVER.test(v) || /^1\./.test(v);
}

/** Replace `lastmodified` and `mac` in a raw block, keeping its layout (minimal diffs on update). */
export function patchRaw(
  raw: Record<string, unknown>,
  lastmodified: string,
  mac: string,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(raw))
    out[k] = k === "lastmodified" ? lastmodified : k === "mac" ? mac : v;
  return out;
}
