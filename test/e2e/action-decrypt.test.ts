// The committed action bundle, run as the runner runs it (INPUT_* variables, fresh file-command
// files, stdout/stderr parsed for workflow commands) and checked with the runner emulation.
import { stat, writeFile, mkdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { createHmac } from "node:crypto";
import dotenv from "dotenv";
import { encrypt, verifyChain } from "@hush/core";
import { runStep, type StepResult } from "../helpers/runner-emu.js";
import {
  BUNDLE,
  EXPECTED_ENV,
  EXPECTED_PATHS,
  HAVE_NODE24,
  NODE24,
  PLAINTEXT,
  makeWorkspace,
  newKey,
  readText,
  runVariables,
  secretsOf,
  writeEncrypted,
} from "../helpers/action-fixtures.js";

let key: { identity: string; recipient: string };
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});
beforeAll(async () => {
  key = await newKey();
});

/** A workspace with `k8s/prod/app.enc.yaml` encrypted for `key`. */
async function workspace(): Promise<string> {
  const ws = await makeWorkspace();
  cleanups.push(ws.cleanup);
  await writeEncrypted(ws.dir, "k8s/prod/app.enc.yaml", PLAINTEXT, [key.recipient]);
  return ws.dir;
}

function step(
  ws: string,
  inputs: Record<string, string>,
  extra: { env?: Record<string, string>; node?: string } = {},
): Promise<StepResult> {
  return runStep(BUNDLE, {
    cwd: ws,
    inputs: {
      "age-key": key.identity,
      files: "k8s/**/*.yaml",
      export: "env",
      "fail-on-audit-error": "true",
      ...inputs,
    },
    env: { ...runVariables(ws), ...extra.env },
    ...(extra.node === undefined ? {} : { node: extra.node }),
  });
}

/** The parts of an audit record the tests look into. */
interface AuditRecord {
  [field: string]: unknown;
  values: { path: string; fingerprint?: string }[];
}

const errors = (r: StepResult): string[] =>
  r.commands.filter((c) => c.name === "error").map((c) => c.data);

/** Every value and line registered as a secret, and none of them (or the key) anywhere in what the runner shows. */
function expectMasked(r: StepResult, values: Iterable<string>): void {
  const shown = [...r.log, r.summary].join("\n");
  for (const s of [...secretsOf(values), key.identity]) {
    expect(r.masker.originals.has(s), `registered: ${JSON.stringify(s)}`).toBe(true);
    expect(shown.includes(s), `shown: ${JSON.stringify(s)}`).toBe(false);
  }
  // Nothing was printed before its mask: no raw line other than the mask commands holds a value.
  const rawLines = r.raw.split("\n").filter((l) => !l.startsWith("::add-mask::"));
  for (const s of secretsOf(values))
    expect(
      rawLines.some((l) => l.includes(s)),
      JSON.stringify(s),
    ).toBe(false);
}

/** A failed step: a failing exit, exactly one ::error:: line with the code, nothing exported. */
function expectFailed(r: StepResult, code: string): void {
  expect(r.status).toBe(1);
  const errs = errors(r);
  expect(errs).toHaveLength(1);
  expect(errs[0]).toMatch(new RegExp(`^${code}: `));
  expect(r.env).toEqual({});
  expect(r.outputs.files).toBeUndefined();
  expect(r.outputs.paths).toBeUndefined();
  expect(r.fileCommandErrors).toEqual([]);
}

describe("action: decrypt and export to env", () => {
  it("should mask every value and line, export them intact, and set the outputs", async () => {
    const ws = await workspace();
    const r = await step(ws, { "audit-log": ".hush/audit.jsonl" });
    expect(errors(r)).toEqual([]);
    expect(r.status).toBe(0);
    expect(r.fileCommandErrors).toEqual([]);
    expect(r.env).toEqual(EXPECTED_ENV);
    expect(r.state).toEqual({}); // never a secret in GITHUB_STATE: it is logged and passed to post
    expect(JSON.parse(r.outputs.files!)).toEqual(["k8s/prod/app.enc.yaml"]);
    expect(JSON.parse(r.outputs.paths!)).toEqual(EXPECTED_PATHS);
    expect(r.outputs["audit-hash"]).toMatch(/^[0-9a-f]{64}$/);
    expectMasked(r, Object.values(EXPECTED_ENV));
    // The masks come first: every value's ::add-mask:: precedes the first line the action shows.
    const rawLines = r.raw.split("\n");
    const lastMask = rawLines.findLastIndex((l) => l.startsWith("::add-mask::"));
    const firstShown = rawLines.findIndex((l) => l !== "" && !l.startsWith("::add-mask::"));
    expect(lastMask).toBeLessThan(firstShown);
    expect(r.summary).toContain("k8s/prod/app.enc.yaml");
    expect(r.summary).toContain(r.outputs["audit-hash"]);
    expect(r.summary).not.toContain("***");
  });

  it("should write an audit record naming the run, files, paths and recipient but no value", async () => {
    const ws = await workspace();
    const salt = "salt-3f9c1b7e-audit";
    const r = await step(ws, { "audit-log": ".hush/audit.jsonl", "audit-salt": salt });
    expect(r.status).toBe(0);
    const text = await readText(join(ws, ".hush/audit.jsonl"));
    for (const s of secretsOf(Object.values(EXPECTED_ENV)).filter((s) => s.length >= 6))
      expect(text).not.toContain(s);
    expect(text).not.toContain(salt);
    const record = JSON.parse(text.trim()) as AuditRecord;
    expect(record).toMatchObject({
      seq: 0,
      outcome: "success",
      error: null,
      repository: "octo-org/deploy",
      repository_id: "74",
      sha: "0123456789abcdef0123456789abcdef01234567",
      ref: "refs/heads/main",
      workflow: "deploy",
      workflow_ref: "octo-org/deploy/.github/workflows/deploy.yml@refs/heads/main",
      run_id: "9001",
      run_number: "42",
      run_attempt: "1",
      job: "deploy",
      event_name: "push",
      actor: "octocat",
      actor_id: "12",
      triggering_actor: "octocat",
      runner: { name: "GitHub Actions 7", os: "Linux", environment: "github-hosted" },
      recipients: [key.recipient],
      hash: r.outputs["audit-hash"],
      attribution: { source: "none" },
    });
    expect(record.files).toEqual([
      expect.objectContaining({ file: "k8s/prod/app.enc.yaml", recipient: key.recipient }),
    ]);
    expect(record.values.map((v) => v.path)).toEqual(EXPECTED_PATHS);
    const byPath = Object.fromEntries(record.values.map((v) => [v.path, v.fingerprint]));
    expect(byPath["api.token"]).toBe(
      `hmac-sha256:${createHmac("sha256", salt).update(EXPECTED_ENV.api_token!).digest("hex")}`,
    );
    expect(verifyChain(text).ok).toBe(true);

    const again = await step(ws, { "audit-log": ".hush/audit.jsonl" });
    expect(again.status).toBe(0);
    const two = await readText(join(ws, ".hush/audit.jsonl"));
    expect(verifyChain(two)).toMatchObject({ ok: true, records: 2 });
    expect(JSON.parse(two.trim().split("\n")[1]!)).toMatchObject({ seq: 1, prev: record.hash });
  });

  it("should put the prefix in front of every name", async () => {
    const ws = await workspace();
    const r = await step(ws, { prefix: "APP_" });
    expect(r.status).toBe(0);
    expect(Object.keys(r.env).sort()).toEqual(
      Object.keys(EXPECTED_ENV)
        .map((k) => `APP_${k}`)
        .sort(),
    );
    expect(r.env.APP_tls_key).toBe(EXPECTED_ENV.tls_key);
  });
});

describe("action: other exports", () => {
  it("should write one 0600 file per value for export files", async () => {
    const ws = await workspace();
    const r = await step(ws, { export: "files", "output-dir": "out/secrets" });
    expect(r.status).toBe(0);
    expect(r.env).toEqual({});
    for (const [name, value] of Object.entries(EXPECTED_ENV)) {
      const path = join(ws, "out/secrets", name);
      expect(await readText(path)).toBe(value);
      expect((await stat(path)).mode & 0o777).toBe(0o600);
    }
    expect(r.outputs["export-path"]).toBe(join(ws, "out/secrets"));
    expectMasked(r, Object.values(EXPECTED_ENV));
  });

  it("should write a 0600 dotenv file for export dotenv", async () => {
    const ws = await makeWorkspace();
    cleanups.push(ws.cleanup);
    const single = Object.fromEntries(
      Object.entries(EXPECTED_ENV).filter(([, v]) => !v.includes("\n")),
    );
    await writeEncrypted(ws.dir, "k8s/app.json", JSON.stringify(single), [key.recipient]);
    const r = await step(ws.dir, {
      export: "dotenv",
      "dotenv-path": "out/.env",
      files: "k8s/*.json",
    });
    expect(errors(r)).toEqual([]);
    expect(r.status).toBe(0);
    expect(r.env).toEqual({});
    const path = join(ws.dir, "out/.env");
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect(dotenv.parse(await readText(path))).toEqual(single);
    expect(r.outputs["export-path"]).toBe(path);
  });

  it("should write a Secret manifest per file for export k8s-secret", async () => {
    const ws = await workspace();
    const r = await step(ws, { export: "k8s-secret", "output-dir": "out/k8s" });
    expect(r.status).toBe(0);
    const manifest = await readText(join(ws, "out/k8s/app.yaml"));
    expect((await stat(join(ws, "out/k8s/app.yaml"))).mode & 0o777).toBe(0o600);
    expect(manifest).toMatch(/^kind: Secret$/m);
    expect(manifest).toMatch(/^ {2}name: app$/m);
    expect(manifest).toMatch(/^stringData:$/m);
    for (const [name, value] of Object.entries(EXPECTED_ENV)) {
      expect(manifest).toMatch(new RegExp(`^ {2}${name}:`, "m"));
      for (const line of value.split("\n").filter((l) => l !== ""))
        expect(manifest).toContain(line.slice(0, 12));
    }
  });

  it("should write a Secret manifest back decrypted, masking only what was encrypted", async () => {
    const ws = await makeWorkspace();
    cleanups.push(ws.cleanup);
    const manifest = [
      "apiVersion: v1",
      "kind: Secret",
      "metadata:",
      "  name: api-credentials",
      "  namespace: production",
      "type: Opaque",
      "stringData:",
      "  DB_PASSWORD: pw-8c1d2e3f4a5b",
      "  tls.crt: cert-0b9a8c7d6e5f", // not an environment name: fine in a manifest
      "data:",
      `  API_KEY: ${Buffer.from("apikey-5e6f7a8b9c0d").toString("base64")}`,
      "",
    ].join("\n");
    await mkdir(join(ws.dir, "k8s/prod"), { recursive: true });
    await writeFile(
      join(ws.dir, "k8s/prod/api.yaml"),
      await encrypt(manifest, {
        format: "yaml",
        recipients: [key.recipient],
        rules: { encryptedRegex: "^(data|stringData)$" },
      }),
    );
    const r = await step(ws.dir, { export: "k8s-secret", "output-dir": "out" });
    expect(errors(r)).toEqual([]);
    expect(r.status).toBe(0);
    // Named after the Secret it holds.
    const written = await readText(join(ws.dir, "out/api-credentials.yaml"));
    expect(written).toContain("kind: Secret");
    expect(written).toContain("name: api-credentials");
    expect(written).toContain("DB_PASSWORD: pw-8c1d2e3f4a5b");
    expect(written).toContain("tls.crt: cert-0b9a8c7d6e5f");
    expect(written).not.toContain("ENC[");
    expect(written).not.toContain("sops:");
    expect(r.masker.originals.has("pw-8c1d2e3f4a5b")).toBe(true);
    expect(r.masker.originals.has("apikey-5e6f7a8b9c0d"), "decoded data value").toBe(true);
    for (const clear of ["v1", "Secret", "production", "api-credentials", "Opaque"]) {
      expect(r.masker.originals.has(clear), clear).toBe(false);
    }
  });

  it("should export a Secret manifest to env by its own keys, data decoded, metadata left out", async () => {
    const ws = await makeWorkspace();
    cleanups.push(ws.cleanup);
    const manifest = [
      "apiVersion: v1",
      "kind: Secret",
      "metadata:",
      "  name: api-credentials",
      "type: Opaque",
      "stringData:",
      "  DB_PASSWORD: pw-77aa11bb22cc",
      "data:",
      `  API_KEY: ${Buffer.from("apikey-33dd44ee55ff").toString("base64")}`,
      "",
    ].join("\n");
    await mkdir(join(ws.dir, "k8s/prod"), { recursive: true });
    await writeFile(
      join(ws.dir, "k8s/prod/api.yaml"),
      await encrypt(manifest, {
        format: "yaml",
        recipients: [key.recipient],
        rules: { encryptedRegex: "^(data|stringData)$" },
      }),
    );
    const r = await step(ws.dir, { export: "env" });
    expect(errors(r)).toEqual([]);
    expect(r.status).toBe(0);
    expect(r.env).toEqual({ DB_PASSWORD: "pw-77aa11bb22cc", API_KEY: "apikey-33dd44ee55ff" });
    expect(r.masker.originals.has("apikey-33dd44ee55ff")).toBe(true);
  });

  it("should export nothing for export none but still set the outputs", async () => {
    const ws = await workspace();
    const r = await step(ws, { export: "none" });
    expect(r.status).toBe(0);
    expect(r.env).toEqual({});
    expect(JSON.parse(r.outputs.paths!)).toEqual(EXPECTED_PATHS);
    expectMasked(r, Object.values(EXPECTED_ENV));
  });
});

describe("action: names that could inject variables are refused", () => {
  it.each([
    ["an =", { "SAFE=x": "v1-7f3a9c" }, "SAFE=x"],
    ["a newline", { "A\nBASH_ENV": "v2-7f3a9c" }, "A\nBASH_ENV"],
    ["GITHUB_*", { GITHUB_TOKEN: "v3-7f3a9c" }, "GITHUB_TOKEN"],
    ["RUNNER_*", { RUNNER_TEMP: "v3-7f3a9c" }, "RUNNER_TEMP"],
    ["BASH_ENV", { BASH_ENV: "/tmp/evil-7f3a9c.sh" }, "BASH_ENV"],
    ["LD_*", { LD_PRELOAD: "/tmp/evil-7f3a9c.so" }, "LD_PRELOAD"],
    ["NODE_OPTIONS", { NODE_OPTIONS: "--require=/tmp/evil-7f3a9c" }, "NODE_OPTIONS"],
    ["PATH", { PATH: "/tmp/evil-7f3a9c" }, "PATH"],
  ])(
    "should refuse a key with %s, export nothing and still mask the value",
    async (_label, data, shown) => {
      const ws = await makeWorkspace();
      cleanups.push(ws.cleanup);
      await writeEncrypted(
        ws.dir,
        "secrets.json",
        JSON.stringify({ ok_name: "fine-7f3a9c", ...data }),
        [key.recipient],
      );
      const r = await step(ws.dir, { files: "secrets.json" });
      expectFailed(r, "ERR_ENV_NAME");
      expect(errors(r)[0]).toContain(JSON.stringify(shown).slice(1, -1));
      expectMasked(r, [...Object.values(data), "fine-7f3a9c"]);
    },
  );
});

describe("action: failures are clear and export nothing", () => {
  it("should fail with a wrong key", async () => {
    const ws = await workspace();
    const other = await newKey();
    const r = await step(ws, { "age-key": other.identity, "audit-log": "audit.jsonl" });
    expectFailed(r, "ERR_NO_IDENTITY");
    expect(errors(r)[0]).toContain("k8s/prod/app.enc.yaml");
    expect(r.log.join("\n")).not.toContain(other.identity);
    // The failed attempt is audited too.
    const record = JSON.parse((await readText(join(ws, "audit.jsonl"))).trim()) as AuditRecord;
    expect(record).toMatchObject({
      outcome: "failure",
      error: { code: "ERR_NO_IDENTITY" },
      files: [{ decrypted: false }],
    });
  });

  const flipFirstDataChar = (text: string, key: string): string =>
    text.replace(
      new RegExp(`(${key}: '?ENC\\[AES256_GCM,data:)(.)`),
      (_m, head: string, c: string) => head + (c === "A" ? "B" : "A"),
    );
  const swapValues = (text: string, a: string, b: string): string => {
    const re = (k: string): RegExp => new RegExp(`^(\\s*${k}: '?)(ENC\\[[^\\]]*\\])`, "m");
    const va = re(a).exec(text)![2]!;
    const vb = re(b).exec(text)![2]!;
    return text.replace(re(a), `$1${vb}`).replace(re(b), (_m, head: string) => head + va);
  };
  it.each([
    [
      "a value put back in clear",
      (t: string) => t.replace(/replicas: '?ENC\[[^\]]*\]'?/, "replicas: 31337"),
      "ERR_VALUE",
    ],
    ["a value removed", (t: string) => t.replace(/^replicas: .*\n/m, ""), "ERR_MAC"],
    ["a flipped ciphertext byte", (t: string) => flipFirstDataChar(t, "db_password"), "ERR_VALUE"],
    [
      "two encrypted values swapped",
      (t: string) => swapValues(t, "db_password", "replicas"),
      "ERR_VALUE",
    ],
  ])("should fail on a tampered file: %s", async (_label, tamper, code) => {
    const ws = await workspace();
    const path = join(ws, "k8s/prod/app.enc.yaml");
    const text = await readText(path);
    const tampered = tamper(text);
    expect(tampered).not.toBe(text);
    await writeFile(path, tampered);
    const r = await step(ws, {});
    expectFailed(r, code);
    expect(errors(r)[0]).toContain("k8s/prod/app.enc.yaml");
  });

  it("should fail when no file matches", async () => {
    const ws = await workspace();
    const r = await step(ws, { files: "deploy/**/*.yaml" });
    expectFailed(r, "ERR_NO_MATCH");
  });

  it.each([
    ["an unknown export", { export: "shell" }],
    ["a non-boolean fail-on-audit-error", { "fail-on-audit-error": "maybe" }],
    ["an empty age-key", { "age-key": "" }],
    ["an empty files", { files: "" }],
  ])("should fail on %s", async (_label, inputs) => {
    const ws = await workspace();
    const r = await step(ws, inputs);
    expectFailed(r, "ERR_INPUT");
  });

  it("should fail on an identity that is not one", async () => {
    const ws = await workspace();
    const r = await step(ws, { "age-key": "AGE-SECRET-KEY-1NOTAKEY" });
    expectFailed(r, "ERR_KEY");
    expect(r.log.join("\n")).not.toContain("AGE-SECRET-KEY-1NOTAKEY");
  });

  it("should fail before exporting anything when the audit log cannot be written", async () => {
    const ws = await workspace();
    await writeFile(join(ws, "blocker"), "a file, not a folder\n");
    const r = await step(ws, { "audit-log": "blocker/audit.jsonl" });
    expectFailed(r, "ERR_AUDIT");
    expect(r.outputs["audit-hash"]).toBeUndefined();
    // The values were decrypted, so they were masked all the same.
    expectMasked(r, Object.values(EXPECTED_ENV));
  });

  it("should warn and export when the audit log cannot be written and fail-on-audit-error is false", async () => {
    const ws = await workspace();
    await writeFile(join(ws, "blocker"), "a file, not a folder\n");
    const r = await step(ws, {
      "audit-log": "blocker/audit.jsonl",
      "fail-on-audit-error": "false",
    });
    expect(r.status).toBe(0);
    expect(r.commands.some((c) => c.name === "warning" && c.data.startsWith("ERR_AUDIT"))).toBe(
      true,
    );
    expect(r.env).toEqual(EXPECTED_ENV);
  });

  it("should refuse to extend an audit log whose last line is not a record", async () => {
    const ws = await workspace();
    await mkdir(join(ws, ".hush"));
    await writeFile(join(ws, ".hush/audit.jsonl"), "not a record\n");
    const r = await step(ws, { "audit-log": ".hush/audit.jsonl" });
    expectFailed(r, "ERR_AUDIT");
    expect(await readFile(join(ws, ".hush/audit.jsonl"), "utf8")).toBe("not a record\n");
  });
});

describe.skipIf(!HAVE_NODE24)("action: the bundle under Node 24", () => {
  it("should run and export the same values under node24", async () => {
    const ws = await workspace();
    const r = await step(ws, { "audit-log": "audit.jsonl" }, { node: NODE24 });
    expect(errors(r)).toEqual([]);
    expect(r.status).toBe(0);
    expect(r.env).toEqual(EXPECTED_ENV);
    expectMasked(r, Object.values(EXPECTED_ENV));
  });
});
if (!HAVE_NODE24) {
  console.warn(
    `skipping the Node 24 run of the action: ${NODE24} is absent (run bash scripts/install-node.sh 24)`,
  );
}
