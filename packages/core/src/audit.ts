// Hash-chained audit records (JSON lines).
//
// Each line is one JSON object: the caller's fields plus `seq` (0, 1, 2, …), `prev` (the previous
// record's `hash`, or 64 zeros for the first) and `hash` = sha256 of the canonical JSON of the record
// without `hash` and `mac`. With an audit key, `mac` = HMAC-SHA-256(key, hash) in hex: whoever can
// rewrite the log but does not hold the key can re-chain it, but not re-key it. Canonical JSON sorts object keys at every depth, so a record verifies however it
// was re-indented. Editing a record breaks its own hash; deleting or reordering records breaks a
// `prev`/`seq` link. Truncating the tail is invisible to the chain alone: anchor the head elsewhere
// (the action prints it as an output and in the job summary).
import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import { HushError } from "./errors.js";

export interface ChainProblem {
  /** 1-based line in the log. */
  line: number;
  kind:
    | "malformed"
    | "edited"
    | "deleted-or-reordered"
    | "bad-genesis"
    | "unauthenticated"
    | "wrong-key";
  message: string;
}

/** `prev` of the first record of a chain. */
export const GENESIS_HASH = "0".repeat(64);

const CHAIN_FIELDS = ["seq", "prev", "hash", "mac"] as const;
const HEX64 = /^[0-9a-f]{64}$/;

/** JSON with object keys sorted at every depth; `undefined` members are dropped as JSON.stringify does. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value))
    return `[${value.map((v) => canonicalJson(v === undefined ? null : v)).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const obj = value as Record<string, unknown>;
    const parts = Object.keys(obj)
      .filter((k) => obj[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`);
    return `{${parts.join(",")}}`;
  }
  if (typeof value === "number" && !Number.isFinite(value)) {
    throw new HushError("ERR_AUDIT", "audit record holds a non-finite number");
  }
  const text = JSON.stringify(value);
  if (text === undefined) throw new HushError("ERR_AUDIT", `audit record holds a ${typeof value}`);
  return text;
}

function sha256Hex(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}

/** The hash a record should carry: sha256 of its canonical JSON without `hash` and `mac`. */
function recordHash(record: Record<string, unknown>): string {
  const { hash: _hash, mac: _mac, ...rest } = record;
  return sha256Hex(canonicalJson(rest));
}

/** The keyed MAC of a record's chain hash: HMAC-SHA-256 with the audit key, hex. */
export function auditMac(key: string, hash: string): string {
  return createHmac("sha256", Buffer.from(key, "utf8")).update(hash, "utf8").digest("hex");
}

/** Whether `mac` is the MAC of `hash` under `key`, compared in constant time. */
function macMatches(key: string, hash: string, mac: string): boolean {
  const want = Buffer.from(auditMac(key, hash), "hex");
  const got = Buffer.from(mac, "hex");
  return got.length === want.length && timingSafeEqual(got, want);
}

/**
 * Append-ready record: `fields` plus `seq`, `prev` (hash of the previous record), `hash`, and with
 * an audit key `mac` (HMAC-SHA-256 of `hash`). `line` is canonical JSON without a trailing newline.
 * @throws HushError ERR_AUDIT when `fields` already holds a chain field, or a value JSON cannot hold
 */
export function chainRecord(
  fields: Record<string, unknown>,
  previous: { seq: number; hash: string } | undefined,
  key?: string,
): { line: string; hash: string; seq: number } {
  for (const name of CHAIN_FIELDS) {
    if (Object.hasOwn(fields, name)) {
      throw new HushError("ERR_AUDIT", `audit fields must not set "${name}": the chain sets it`);
    }
  }
  const seq = previous === undefined ? 0 : previous.seq + 1;
  const record: Record<string, unknown> = { ...fields, seq, prev: previous?.hash ?? GENESIS_HASH };
  const hash = sha256Hex(canonicalJson(record));
  const mac = key === undefined || key === "" ? {} : { mac: auditMac(key, hash) };
  return { line: canonicalJson({ ...record, hash, ...mac }), hash, seq };
}

interface Parsed {
  seq: number;
  prev: string;
  hash: string;
  mac: string | undefined;
  record: Record<string, unknown>;
}

/** Parse one line as a chained record, or say why it is not one. */
function parseRecord(text: string): Parsed | string {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return "not valid JSON";
  }
  if (value === null || typeof value !== "object" || Array.isArray(value))
    return "not a JSON object";
  const record = value as Record<string, unknown>;
  const { seq, prev, hash } = record;
  if (typeof seq !== "number" || !Number.isSafeInteger(seq) || seq < 0) return "no valid seq";
  if (typeof prev !== "string" || !HEX64.test(prev)) return "no valid prev";
  if (typeof hash !== "string" || !HEX64.test(hash)) return "no valid hash";
  const { mac } = record;
  if (mac !== undefined && (typeof mac !== "string" || !HEX64.test(mac))) return "no valid mac";
  return { seq, prev, hash, mac, record };
}

/** Non-empty lines of a log with their 1-based line numbers. */
function logLines(logText: string): { line: number; text: string }[] {
  return logText
    .split("\n")
    .map((text, i) => ({ line: i + 1, text: text.replace(/\r$/, "") }))
    .filter((l) => l.text.trim() !== "");
}

/** The last record's `{seq, hash}` of a log text, or undefined when empty. @throws ERR_AUDIT on a malformed last line */
export function chainHead(logText: string): { seq: number; hash: string } | undefined {
  const last = logLines(logText).at(-1);
  if (last === undefined) return undefined;
  const parsed = parseRecord(last.text);
  if (typeof parsed === "string") {
    throw new HushError(
      "ERR_AUDIT",
      `audit log line ${last.line} is not a chained record: ${parsed}`,
      {
        hint: "run `hush audit verify` on the log",
      },
    );
  }
  return { seq: parsed.seq, hash: parsed.hash };
}

/**
 * Verify a whole log: every record's own hash, every link to its predecessor and, when `key` is
 * given, every record's keyed MAC (a record without one is unauthenticated; one with another key's
 * is wrongly keyed). Without a key, `macs` counts the records that carry one.
 */
export function verifyChain(
  logText: string,
  options: { key?: string | undefined } = {},
): {
  ok: boolean;
  records: number;
  problems: ChainProblem[];
  macs: number;
} {
  const problems: ChainProblem[] = [];
  let previous: Parsed | undefined;
  let records = 0;
  let macs = 0;
  const key = options.key === "" ? undefined : options.key;
  for (const { line, text } of logLines(logText)) {
    const parsed = parseRecord(text);
    if (typeof parsed === "string") {
      problems.push({ line, kind: "malformed", message: `not a chained record: ${parsed}` });
      // The next record cannot link to this one; it is reported against its own predecessor.
      continue;
    }
    records++;
    if (parsed.mac !== undefined) macs++;
    if (key !== undefined) {
      if (parsed.mac === undefined) {
        problems.push({
          line,
          kind: "unauthenticated",
          message: `record seq ${parsed.seq} carries no MAC: it was not written with the audit key`,
        });
      } else if (!macMatches(key, parsed.hash, parsed.mac)) {
        problems.push({
          line,
          kind: "wrong-key",
          message: `record seq ${parsed.seq} has a MAC of another key, or was re-chained without the key`,
        });
      }
    }
    if (recordHash(parsed.record) !== parsed.hash) {
      problems.push({
        line,
        kind: "edited",
        message: `record seq ${parsed.seq} does not match its hash`,
      });
    }
    if (previous === undefined) {
      if (parsed.seq !== 0 || parsed.prev !== GENESIS_HASH) {
        problems.push({
          line,
          kind: "bad-genesis",
          message: `first record has seq ${parsed.seq}; expected seq 0 linked to the genesis hash`,
        });
      }
    } else if (parsed.prev !== previous.hash || parsed.seq !== previous.seq + 1) {
      problems.push({
        line,
        kind: "deleted-or-reordered",
        message:
          parsed.prev !== previous.hash
            ? `record seq ${parsed.seq} does not link to the record before it (seq ${previous.seq}): a record was deleted, inserted or moved`
            : `record seq ${parsed.seq} follows seq ${previous.seq}: a record was deleted or moved`,
      });
    }
    previous = parsed;
  }
  return { ok: problems.length === 0, records, problems, macs };
}
