// The keyed audit trail: with audit-key, every record carries an HMAC of its chain hash, so a
// writer of the log who lacks the key (contents: write on the audit branch) can re-chain it but
// `hush audit verify` with the key still names every record it did not write with that key.
import { execFile } from "node:child_process";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { chainRecord } from "@hush/core";
import { ROOT, makeWorkspace, newKey, writeEncrypted } from "../helpers/action-fixtures.js";
import { actionStep, errorsOf, expectNeverShown } from "../helpers/action.js";

const exec = promisify(execFile);
const HUSH = join(ROOT, "packages/cli/bin/hush.js");

let key: { identity: string; recipient: string };
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});
beforeAll(async () => {
  key = await newKey();
});

// Built at run time: test files hold no literal credentials.
const AUDIT_KEY = ["audit", "key", "7c1f", "real"].join("-");
const OTHER_KEY = ["audit", "key", "7c1f", "other"].join("-");

/** A workspace whose log got `runs` records from the action, with `auditKey` (or none). */
async function loggedWorkspace(runs: number, auditKey: string | undefined): Promise<string> {
  const ws = await makeWorkspace();
  cleanups.push(ws.cleanup);
  await writeEncrypted(ws.dir, "app.secret.json", JSON.stringify({ TOKEN: "tok-audit-7c1f" }), [
    key.recipient,
  ]);
  for (let i = 0; i < runs; i++) {
    const r = await actionStep(
      ws.dir,
      key.identity,
      {
        files: "*.json",
        "audit-log": "audit.jsonl",
        ...(auditKey === undefined ? {} : { "audit-key": auditKey }),
      },
      { env: { GITHUB_RUN_ID: String(500 + i), GITHUB_ACTOR: `actor${i}` } },
    );
    expect(errorsOf(r)).toEqual([]);
    if (auditKey !== undefined) expectNeverShown(r, auditKey);
  }
  return ws.dir;
}

/** `hush audit verify` with the key in HUSH_AUDIT_KEY (or none), or through --key-file. */
async function verify(
  log: string,
  how: { env?: string; file?: string } = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  const args = [
    HUSH,
    "audit",
    "verify",
    ...(how.file === undefined ? [] : ["--key-file", how.file]),
    log,
  ];
  const env = {
    PATH: process.env.PATH ?? "",
    ...(how.env === undefined ? {} : { HUSH_AUDIT_KEY: how.env }),
  };
  try {
    const { stdout, stderr } = await exec(process.execPath, args, { env });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

const lines = async (log: string): Promise<Record<string, unknown>[]> =>
  (await readFile(log, "utf8"))
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l) as Record<string, unknown>);

/** Re-chain records as a writer without the key would: new seq/prev/hash, the old mac kept or dropped. */
function rechain(records: Record<string, unknown>[], keepMac: boolean): string {
  let head: { seq: number; hash: string } | undefined;
  return records
    .map((r) => {
      const { seq: _s, prev: _p, hash: _h, mac, ...fields } = r;
      const next = chainRecord(fields, head);
      head = next;
      if (!keepMac || mac === undefined) return `${next.line}\n`;
      return `${JSON.stringify({ ...(JSON.parse(next.line) as object), mac })}\n`;
    })
    .join("");
}

describe("action: a keyed audit trail", () => {
  it("should verify a log the action wrote with the key, given in HUSH_AUDIT_KEY or --key-file", async () => {
    const ws = await loggedWorkspace(2, AUDIT_KEY);
    const log = join(ws, "audit.jsonl");
    for (const r of await lines(log)) expect(r.mac).toMatch(/^[0-9a-f]{64}$/);
    const withEnv = await verify(log, { env: AUDIT_KEY });
    expect(withEnv.code).toBe(0);
    expect(withEnv.stdout).toContain("every record authenticated with the key");
    const keyFile = join(ws, "key.txt");
    await writeFile(keyFile, `${AUDIT_KEY}\n`);
    expect((await verify(log, { file: keyFile })).code).toBe(0);
  });

  it.each([
    ["another key", OTHER_KEY, "wrong-key"],
    ["no key", undefined, "unauthenticated"],
  ])(
    "should fail a log the action wrote with %s, naming every record",
    async (_l, writtenWith, kind) => {
      const ws = await loggedWorkspace(2, writtenWith);
      const log = join(ws, "audit.jsonl");
      expect((await verify(log)).code).toBe(0); // the chain alone is intact
      const r = await verify(log, { env: AUDIT_KEY });
      expect(r.code).toBe(1);
      expect(r.stdout).toContain(`audit.jsonl:1: ${kind}`);
      expect(r.stdout).toContain(`audit.jsonl:2: ${kind}`);
    },
  );

  it.each([
    ["dropping the MACs", false],
    ["keeping the old MACs", true],
  ])(
    "should catch a log re-chained by a writer without the key (a record removed, an actor changed), %s",
    async (_l, keepMac) => {
      const ws = await loggedWorkspace(3, AUDIT_KEY);
      const log = join(ws, "audit.jsonl");
      const records = await lines(log);
      const forged = [{ ...records[0]!, actor: "someone-else" }, records[2]!];
      await writeFile(log, rechain(forged, keepMac));
      // Without the key the forgery passes: that is the attack.
      expect((await verify(log)).code).toBe(0);
      const r = await verify(log, { env: AUDIT_KEY });
      expect(r.code).toBe(1);
      expect(r.stdout).toMatch(/audit\.jsonl:1: (wrong-key|unauthenticated)/);
      expect(r.stdout).toMatch(/audit\.jsonl:2: (wrong-key|unauthenticated)/);
    },
  );

  it("should name the records it cannot check when no key is given", async () => {
    const ws = await loggedWorkspace(1, AUDIT_KEY);
    const r = await verify(join(ws, "audit.jsonl"));
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("1 record carries a MAC not checked");
  });
});
