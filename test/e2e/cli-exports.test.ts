// The one export mapping through the built CLI: `hush decrypt --format dotenv|k8s-secret` and
// `hush exec` give the same names and exact values as the action, a Secret manifest stays itself,
// and no export carries a comment, a reserved name or a value its readers would get wrong.
import { existsSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRepo, type TestRepo } from "../helpers/git.js";
import { readBash, readDotenv } from "../helpers/dotenv-readers.js";

const MANIFEST = [
  "apiVersion: v1",
  "kind: Secret",
  "metadata:",
  "  name: api-credentials",
  "  namespace: production",
  "  labels:",
  "    app: api",
  "type: Opaque",
  "stringData:",
  "  # previous password was hunter2-old",
  "  DB_PASSWORD: pw-now",
  "  PORT: 5432",
  "data:",
  `  API_KEY: ${Buffer.from("apikey-1").toString("base64")}`,
  "",
].join("\n");

describe("hush exports", () => {
  let repo: TestRepo;
  beforeAll(async () => {
    repo = await createRepo();
    expect((await repo.hush(["init", "--name", "me"])).code).toBe(0);
    await repo.write("api.secret.yaml", MANIFEST);
    await repo.write(
      "app.secret.yaml",
      "# a comment: old token tok-old\ndb:\n  password: pw\n  port: 5432\nbig: 9007199254740993\ndebug: true\n",
    );
    for (const f of ["api.secret.yaml", "app.secret.yaml"]) {
      expect((await repo.hush(["encrypt", "-i", f])).code).toBe(0);
    }
  });
  afterAll(async () => {
    await repo.cleanup();
  });

  const printEnv = [process.execPath, "-e", "process.stdout.write(JSON.stringify(process.env))"];

  it("should keep a Secret manifest itself with --format k8s-secret: no comment, no new Secret", async () => {
    const r = await repo.hush(["decrypt", "--format", "k8s-secret", "api.secret.yaml"]);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain("hunter2");
    expect(r.stdout).toBe(
      [
        "apiVersion: v1",
        "kind: Secret",
        "metadata:",
        "  name: api-credentials",
        "  namespace: production",
        "  labels:",
        "    app: api",
        "type: Opaque",
        "data:",
        `  API_KEY: ${Buffer.from("apikey-1").toString("base64")}`,
        "stringData:",
        "  DB_PASSWORD: pw-now",
        '  PORT: "5432"',
        "",
      ].join("\n"),
    );
  });

  it("should name a new Secret after the file and keep numbers' exact text", async () => {
    const r = await repo.hush(["decrypt", "--format", "k8s-secret", "app.secret.yaml"]);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain("tok-old");
    expect(r.stdout).toBe(
      [
        "apiVersion: v1",
        "kind: Secret",
        "metadata:",
        "  name: app",
        "type: Opaque",
        "stringData:",
        "  db_password: pw",
        '  db_port: "5432"',
        '  big: "9007199254740993"',
        '  debug: "true"',
        "",
      ].join("\n"),
    );
  });

  it("should export a manifest's own keys with hush exec: data decoded, nothing of its metadata", async () => {
    const r = await repo.hush(["exec", "api.secret.yaml", "--", ...printEnv]);
    expect(r.code).toBe(0);
    const env = JSON.parse(r.stdout) as Record<string, string>;
    expect(env).toMatchObject({ DB_PASSWORD: "pw-now", PORT: "5432", API_KEY: "apikey-1" });
    for (const k of Object.keys(env)) {
      expect(k).not.toMatch(/^(apiVersion|kind|type|metadata_|stringData_|data_)/);
    }
    expect(r.stdout).not.toContain("hunter2");
  });

  it("should give exec the exact text of a number", async () => {
    const r = await repo.hush(["exec", "app.secret.yaml", "--", ...printEnv]);
    expect(JSON.parse(r.stdout)).toMatchObject({
      big: "9007199254740993",
      db_port: "5432",
      debug: "true",
    });
  });

  it("should refuse reserved names in exec unless --allow-names opens an open family", async () => {
    await repo.write("tools.secret.yaml", "TF_LOG: debug\nOK: yes-1\n");
    await repo.write("loader.secret.yaml", "LD_PRELOAD: /tmp/x.so\n");
    for (const f of ["tools.secret.yaml", "loader.secret.yaml"]) {
      expect((await repo.hush(["encrypt", "-i", f])).code).toBe(0);
    }
    const marker = path.join(repo.home, "ran");
    const touch = [
      process.execPath,
      "-e",
      `require("fs").writeFileSync(${JSON.stringify(marker)}, "x")`,
    ];
    const refused = await repo.hush(["exec", "tools.secret.yaml", "--", ...touch]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('"TF_LOG"');
    expect(existsSync(marker)).toBe(false);
    const opened = await repo.hush([
      "exec",
      "--allow-names",
      "TF_LOG",
      "tools.secret.yaml",
      "--",
      ...printEnv,
    ]);
    expect(opened.code).toBe(0);
    expect(JSON.parse(opened.stdout)).toMatchObject({ TF_LOG: "debug", OK: "yes-1" });
    const locked = await repo.hush([
      "exec",
      "--allow-names",
      ".*",
      "loader.secret.yaml",
      "--",
      ...touch,
    ]);
    expect(locked.code).toBe(1);
    expect(locked.stderr).toContain('"LD_PRELOAD"');
    expect(existsSync(marker)).toBe(false);
  });

  it("should write --format dotenv that bash and dotenv read back exactly, and refuse a line break", async () => {
    const values = { SUBST: "$(touch pwned)", QUOTE: "it's", HASH: "a#b # c", TICK: "`id`" };
    await repo.write("hostile.secret.json", JSON.stringify(values));
    expect((await repo.hush(["encrypt", "-i", "hostile.secret.json"])).code).toBe(0);
    const r = await repo.hush(["decrypt", "--format", "dotenv", "hostile.secret.json"]);
    expect(r.code).toBe(0);
    const file = path.join(repo.home, "hostile.env");
    await writeFile(file, r.stdout);
    expect(readDotenv(r.stdout)).toEqual(values);
    expect(readBash(file, Object.keys(values))).toEqual(values);
    expect(existsSync(path.join(repo.dir, "pwned"))).toBe(false);

    await repo.write("multi.secret.yaml", "KEY: |\n  line one\n  line two\n");
    expect((await repo.hush(["encrypt", "-i", "multi.secret.yaml"])).code).toBe(0);
    const multi = await repo.hush(["decrypt", "--format", "dotenv", "multi.secret.yaml"]);
    expect(multi.code).toBe(1);
    expect(multi.stdout).toBe("");
    expect(multi.stderr).toMatch(/^hush: cannot write KEY to a dotenv export/);
    expect(multi.stderr).not.toContain("line one");
  });
});
