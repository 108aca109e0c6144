/**
 * `hush scan` of a big tree on worker threads says exactly what it says on one thread: the same
 * findings, notes and counts, whatever each file needs (policy rules, the policy's ignore list,
 * `.hushignore`, UTF-16, sops files, binary bytes, a file over the scan limit). BUILT CLI, real git.
 */
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { makeRepo, type TempRepo } from "../helpers/guard-repo.js";
import { plantedTokens } from "../helpers/tokens.js";
import type * as CoreModule from "@hush/core";

let alice: { identity: string; recipient: string };
beforeAll(async () => {
  const core: typeof CoreModule = await import("@hush/core");
  alice = await core.generateIdentity();
});

let repo: TempRepo | undefined;
afterEach(() => {
  repo?.cleanup();
  repo = undefined;
});

interface Report {
  findings: { path: string; line: number; ruleId: string; fingerprint: string | null }[];
  notes: { path: string; message: string }[];
  summary: { files: number; findings: number; bytesScanned: number };
}

const utf16 = (text: string): Buffer =>
  Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")]);

/** Ordinary source text, different per file, with no secret in it. */
function filler(i: number): string {
  const lines: string[] = [];
  for (let k = 0; k < 40; k++)
    lines.push(`export function f${i}_${k}(a, b) { return a * ${k} + b - ${i}; } // step ${k}`);
  return `${lines.join("\n")}\n`;
}

describe("hush scan on worker threads", () => {
  it("should report what one thread reports, for every kind of file in a big tree", () => {
    const r = (repo = makeRepo({ SOPS_AGE_KEY: alice.identity }));
    const t = plantedTokens();
    const tokens = Object.values(t).filter((v) => !v.includes("\n"));
    expect(tokens.length).toBeGreaterThan(12);
    r.write(
      ".hush.yaml",
      `members:\n  alice: ${alice.recipient}\nrules:\n  - path: "secrets/**"\n    recipients: [alice]\nscan:\n  ignore: ["**/testdata/**"]\n`,
    );
    // 400 files, a credential in every 30th, at varying lines.
    for (let i = 0; i < 400; i++) {
      const body = filler(i);
      const planted = i % 30 === 7 ? `${tokens[(i / 30) | 0]}\n` : "";
      const cut = body.indexOf("\n", (i * 37) % body.length);
      r.write(`src/m${i % 20}/f${i}.js`, body.slice(0, cut + 1) + planted + body.slice(cut + 1));
    }
    r.write("secrets/plain.yaml", "db_password: not-encrypted-yet\n");
    r.write("secrets/app.yaml", "api: value\n");
    expect(r.hush("encrypt", "-i", "secrets/app.yaml").code).toBe(0);
    // A sops file outside any rule, once as UTF-8 and once as UTF-16 (only decoding shows it).
    r.write("lib/other.yaml", "token: value\n");
    expect(r.hush("encrypt", "-i", "--age", alice.recipient, "lib/other.yaml").code).toBe(0);
    r.write("lib/other16.yaml", utf16(readFileSync(path.join(r.dir, "lib/other.yaml"), "utf8")));
    r.write("testdata/leak.js", `${tokens[0]}\n`);
    r.write("src/utf16.txt", utf16(`header\n${tokens[1]}\n`));
    r.write("bin/blob.bin", Buffer.concat([Buffer.from([0, 1, 2, 0]), randomBytes(4096)]));
    r.write("big/huge.txt", `${tokens[2]}\n${"x".repeat(9 * 1024 * 1024)}\n`);
    r.write("notes/allowed.md", `${tokens[3]} hush:allow\n`);

    const scan = (threads: string): { code: number; report: Report; raw: string } => {
      const out = r.hush("scan", "--json", "--threads", threads);
      expect(out.stderr).toBe("");
      return { code: out.code, report: JSON.parse(out.stdout) as Report, raw: out.stdout };
    };
    // .hushignore silences one finding by its fingerprint, on every thread.
    const first = scan("0");
    const silenced = first.report.findings.find((f) => f.path === "src/m7/f7.js");
    expect(silenced?.fingerprint).toBeTruthy();
    r.write(".hushignore", `${silenced?.fingerprint ?? ""}\n`);

    const one = scan("0");
    expect(one.code).toBe(1);
    const paths = new Set(one.report.findings.map((f) => f.path));
    expect(paths.has("src/m7/f7.js")).toBe(false);
    expect(paths.has("src/m17/f37.js")).toBe(true);
    expect(paths.has("src/utf16.txt")).toBe(true);
    expect(paths.has("secrets/plain.yaml")).toBe(true);
    expect(paths.has("testdata/leak.js")).toBe(false);
    expect(paths.has("notes/allowed.md")).toBe(false);
    expect([...paths].filter((p) => p.startsWith("src/m")).length).toBe(13);
    expect(one.report.notes.some((n) => n.path === "big/huge.txt")).toBe(true);

    for (const threads of ["1", "2", "3"]) {
      const many = scan(threads);
      expect(many.code).toBe(1);
      expect(many.raw).toBe(one.raw);
    }
  });
});
