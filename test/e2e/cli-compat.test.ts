/**
 * sops compatibility from the outside: files written by `hush encrypt` open with the independent
 * `sops-age` package, and `hush decrypt` reads every real sops fixture in ../shared/sops-fixtures.
 */
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { decryptSops } from "sops-age";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRepo, type TestRepo } from "../helpers/git.js";
import { SHARED } from "../helpers/hush.js";

describe("hush encrypt → sops-age", () => {
  let repo: TestRepo;
  let identity: string;
  let recipient: string;
  beforeAll(async () => {
    repo = await createRepo();
    const r = await repo.hush(["keygen"]);
    identity = /^AGE-SECRET-KEY-1\S+$/m.exec(r.stdout)?.[0] ?? "";
    recipient = /Public key: (\S+)/.exec(r.stderr)?.[1] ?? "";
  });
  afterAll(async () => {
    await repo.cleanup();
  });

  const cases: [string, string, "yaml" | "json" | "env", Record<string, unknown>][] = [
    [
      "app.yaml",
      "db:\n  password: hunter2\n  port: 5432\nlist:\n  - a\n  - b\nflag: true\n",
      "yaml",
      { db: { password: "hunter2", port: 5432 }, list: ["a", "b"], flag: true },
    ],
    [
      "app.json",
      '{\n  "token": "abc",\n  "nested": { "n": 1.5 }\n}\n',
      "json",
      { token: "abc", nested: { n: 1.5 } },
    ],
    [
      "app.env",
      "API_TOKEN=abc123\nDB_URL=postgres://u:p@h/db\n",
      "env",
      { API_TOKEN: "abc123", DB_URL: "postgres://u:p@h/db" },
    ],
  ];

  it.each(cases)(
    "should write %s so that sops-age decrypts it",
    async (name, plain, fileType, expected) => {
      await repo.write(name, plain);
      const r = await repo.hush(["encrypt", "--age", recipient, name]);
      expect(r.stderr).toBe("");
      expect(r.code).toBe(0);
      expect(r.stdout).not.toContain("hunter2");
      const decrypted = (await decryptSops(r.stdout, { fileType, secretKey: identity })) as Record<
        string,
        unknown
      >;
      expect(decrypted).toEqual(expected);
    },
  );
});

const FIXTURES = path.join(SHARED, "sops-fixtures");
const haveFixtures = existsSync(FIXTURES);
if (!haveFixtures) console.warn(`skipping sops fixture tests: ${FIXTURES} is absent`);

describe.skipIf(!haveFixtures)("hush decrypt of real sops files", () => {
  let repo: TestRepo;
  beforeAll(async () => {
    repo = await createRepo();
  });
  afterAll(async () => {
    await repo.cleanup();
  });

  const sopsKeys = path.join(FIXTURES, "getsops-sops-pr1031", "keys.txt");
  const humphdKey = path.join(FIXTURES, "humphd-sops-age", "key.txt");
  const cases: [string, string, (out: string) => void][] = [
    [
      "getsops-sops-pr1031/example.yaml",
      sopsKeys,
      (o) => expect(o).toContain("t00m4nys3cr3tzupdated"),
    ],
    [
      "getsops-sops-pr1031/example.json",
      sopsKeys,
      (o) =>
        expect(JSON.parse(o)).toMatchObject({ firstName: "John", age: 25.4, anEmptyValue: "" }),
    ],
    ["getsops-sops-pr1031/example.ini", sopsKeys, (o) => expect(o).toMatch(/firstName\s*=\s*John/)],
    [
      "getsops-sops-pr1031/example.txt",
      sopsKeys,
      (o) =>
        expect(o).toBe(
          "Welcome to SOPS!\n\nSOPS is a manager of encrypted files designed to help distribute secrets.\nCheck it out, it's on github: https://github.com/mozilla/sops\n\n",
        ),
    ],
    [
      "humphd-sops-age/secret.enc.env",
      humphdKey,
      (o) => expect(o).toMatch(/^secret=this is a secret$/m),
    ],
  ];

  it.each(cases)("should decrypt %s", async (rel, key, check) => {
    const r = await repo.hush(["decrypt", path.join(FIXTURES, rel)], {
      env: { SOPS_AGE_KEY_FILE: key },
    });
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    check(r.stdout);
  });

  it("should decrypt humphd-sops-age/secret.enc.json to its published plaintext", async () => {
    const r = await repo.hush(["decrypt", path.join(FIXTURES, "humphd-sops-age/secret.enc.json")], {
      env: { SOPS_AGE_KEY_FILE: humphdKey },
    });
    expect(r.code).toBe(0);
    const expected = JSON.parse(
      await readFile(path.join(FIXTURES, "humphd-sops-age/secret.json"), "utf8"),
    ) as unknown;
    expect(JSON.parse(r.stdout)).toEqual(expected);
  });

  it("should extract one value with sops syntax and with a dot path", async () => {
    const file = path.join(FIXTURES, "getsops-sops-pr1031/example.yaml");
    const env = { SOPS_AGE_KEY_FILE: sopsKeys };
    const a = await repo.hush(["decrypt", "--extract", '["app2"]["db"]["password"]', file], {
      env,
    });
    expect(a.stdout).toBe("c4r1b0u");
    const b = await repo.hush(["decrypt", "--path", "app2.db.password", file], { env });
    expect(b.stdout).toBe("c4r1b0u");
  });

  it("should export a Kubernetes Secret with stringData", async () => {
    const r = await repo.hush(
      [
        "decrypt",
        "--format",
        "k8s-secret",
        "--namespace",
        "prod",
        path.join(FIXTURES, "humphd-sops-age/secret.enc.env"),
      ],
      {
        env: { SOPS_AGE_KEY_FILE: humphdKey },
      },
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("kind: Secret");
    expect(r.stdout).toContain("stringData:");
    expect(r.stdout).toContain("namespace: prod");
  });

  it("should use only the --identity files when given (repeatable)", async () => {
    const file = path.join(FIXTURES, "humphd-sops-age/secret.enc.json");
    const env = { SOPS_AGE_KEY_FILE: humphdKey };
    const wrongOnly = await repo.hush(["decrypt", "--identity", sopsKeys, file], { env });
    expect(wrongOnly.code).toBe(1);
    const both = await repo.hush([
      "decrypt",
      "--identity",
      sopsKeys,
      "--identity",
      humphdKey,
      "--path",
      "secret",
      file,
    ]);
    expect(both.code).toBe(0);
    expect(both.stdout).toBe("this is a secret");
  });

  it("should fail with exit 1 and no plaintext for the wrong key", async () => {
    const r = await repo.hush(["decrypt", path.join(FIXTURES, "humphd-sops-age/secret.enc.json")], {
      env: { SOPS_AGE_KEY_FILE: sopsKeys },
    });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/^hush: /);
    expect(r.stderr).not.toContain("this is a secret");
  });
});
