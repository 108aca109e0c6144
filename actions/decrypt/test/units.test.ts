import { describe, expect, it } from "vitest";
import { expandBraces, globToRegExp, resolveFiles } from "../src/globs.js";
import { checkNames, type ExportEntry } from "../src/entries.js";
import { fingerprint } from "../src/audit-record.js";
import { decodeJwtPayload } from "../src/oidc.js";
import { mkdtemp, mkdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

const matches = (pattern: string, path: string): boolean =>
  expandBraces(pattern).some((p) => globToRegExp(p).test(`${path}/`));

describe("globs", () => {
  it("should match * within a folder and ** across folders", () => {
    expect(matches("*.yaml", "a.yaml")).toBe(true);
    expect(matches("*.yaml", "k8s/a.yaml")).toBe(false);
    expect(matches("k8s/**/*.yaml", "k8s/a.yaml")).toBe(true);
    expect(matches("k8s/**/*.yaml", "k8s/prod/eu/a.yaml")).toBe(true);
    expect(matches("k8s/**", "k8s/prod/a.json")).toBe(true);
    expect(matches("**/secrets.env", "secrets.env")).toBe(true);
    expect(matches("./k8s/?.yaml", "k8s/a.yaml")).toBe(true);
  });

  it("should expand braces and classes", () => {
    expect(expandBraces("a/{b,c{d,e}}.yaml")).toEqual(["a/b.yaml", "a/cd.yaml", "a/ce.yaml"]);
    expect(matches("{dev,prod}/*.{yaml,json}", "prod/x.json")).toBe(true);
    expect(matches("[ab].yaml", "b.yaml")).toBe(true);
    expect(matches("[!ab].yaml", "b.yaml")).toBe(false);
  });

  it("should treat regex characters literally", () => {
    expect(matches("a+b(1).yaml", "a+b(1).yaml")).toBe(true);
    expect(matches("a.yaml", "abyaml")).toBe(false);
  });

  it("should resolve files in a workspace, skip .git, apply exclusions and refuse leaving it", async () => {
    const ws = await mkdtemp(join(tmpdir(), "hush-globs-"));
    try {
      await mkdir(join(ws, "k8s/prod"), { recursive: true });
      await mkdir(join(ws, ".git"), { recursive: true });
      for (const f of ["k8s/prod/a.yaml", "k8s/prod/b.yaml", "k8s/c.yaml", ".git/d.yaml"])
        await writeFile(join(ws, f), "");
      expect(await resolveFiles(ws, ["**/*.yaml", "!k8s/prod/b.yaml"])).toEqual([
        "k8s/c.yaml",
        "k8s/prod/a.yaml",
      ]);
      await expect(resolveFiles(ws, ["nothing/*.yaml"])).rejects.toMatchObject({
        code: "ERR_NO_MATCH",
      });
      await expect(resolveFiles(ws, ["../*.yaml"])).rejects.toMatchObject({ code: "ERR_INPUT" });
    } finally {
      await rm(ws, { recursive: true, force: true });
    }
  });
});

describe("checkNames", () => {
  const e = (name: string, file = "a.yaml"): ExportEntry => ({ name, value: "v", file });

  it("should accept ordinary names", () => {
    expect(() => checkNames([e("DB_PASSWORD"), e("api_key")], true)).not.toThrow();
  });

  it.each([
    "A=B",
    "A\nB",
    "GITHUB_TOKEN",
    "RUNNER_TEMP",
    "ACTIONS_RUNTIME_TOKEN",
    "BASH_ENV",
    "ENV",
    "LD_PRELOAD",
    "NODE_OPTIONS",
    "PATH",
    "1X",
    "",
  ])("should refuse %j", (name) => {
    expect(() => checkNames([e(name)], true)).toThrow(
      expect.objectContaining({ code: "ERR_ENV_NAME" }) as Error,
    );
  });

  it("should refuse a name given by two files unless each file is exported on its own", () => {
    expect(() => checkNames([e("X", "a.yaml"), e("X", "b.yaml")], true)).toThrow(/two files/);
    expect(() => checkNames([e("X", "a.yaml"), e("X", "b.yaml")], false)).not.toThrow();
    expect(() => checkNames([e("X", "a.yaml"), e("X", "a.yaml")], false)).toThrow(/two values/);
  });
});

describe("helpers", () => {
  it("should fingerprint like Vault (hmac-sha256:<hex>)", () => {
    expect(fingerprint("00000000-0000-0000-0000-000000000000", "my-secret")).toBe(
      "hmac-sha256:be847d4d1786563846d0e123c80f99f96abf6f1f9d7fd90b14c76654ea157efd",
    );
  });

  it("should decode a JWT payload", () => {
    const part = Buffer.from(JSON.stringify({ aud: "hush-audit", run_id: "7" })).toString(
      "base64url",
    );
    expect(decodeJwtPayload(`e30.${part}.sig`)).toEqual({ aud: "hush-audit", run_id: "7" });
    expect(() => decodeJwtPayload("nodots")).toThrow();
  });
});

describe("appendAuditLog", () => {
  it("should create the log, chain to its last record, and cope with a missing final newline", async () => {
    const { appendAuditLog } = await import("../src/audit-writer.js");
    const { verifyChain } = await import("@hush/core");
    const { readFile: read } = await import("node:fs/promises");
    const ws = await mkdtemp(join(tmpdir(), "hush-auditlog-"));
    try {
      const path = join(ws, "deep/dir/audit.jsonl");
      const first = await appendAuditLog(path, { n: 1 }, undefined, [ws]);
      expect(first.seq).toBe(0);
      await writeFile(path, (await read(path, "utf8")).trimEnd());
      const second = await appendAuditLog(path, { n: 2 }, undefined, [ws]);
      expect(second.seq).toBe(1);
      const text = await read(path, "utf8");
      expect(verifyChain(text)).toMatchObject({ ok: true, records: 2 });
      expect(text.endsWith("\n")).toBe(true);
    } finally {
      await rm(ws, { recursive: true, force: true });
    }
  });
});
