// encrypt, decrypt, get, set, unset and edit called in process: a real repo and real age keys, no
// binary spawned (test/e2e/cli-*.test.ts run the same paths through the built `hush`).
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { formatIdentityFile, generateIdentity } from "@hush/core";
import { createKeyedRepo, type KeyedRepo } from "../../../../test/helpers/keyed-repo.js";
import { runIn, type World } from "../../../../test/helpers/in-process.js";
import { encryptCommand } from "../../src/commands/encrypt.js";
import { decryptCommand } from "../../src/commands/decrypt.js";
import { getCommand } from "../../src/commands/get.js";
import { setCommand } from "../../src/commands/set.js";
import { unsetCommand } from "../../src/commands/unset.js";
import { editCommand } from "../../src/commands/edit.js";

// Built at run time: the repo's own guard refuses a literal that looks like a credential.
const VALUE = ["hunter2", "in", "process"].join("-");
const PLAIN = `db:\n  password: ${VALUE}\n  port: 5432\n`;

let repo: KeyedRepo | undefined;
afterEach(async () => {
  await repo?.cleanup();
  repo = undefined;
});

async function setup(): Promise<{ repo: KeyedRepo; world: World; file: string }> {
  repo = await createKeyedRepo();
  const file = await repo.write("app.secret.yaml", PLAIN);
  return { repo, world: { cwd: repo.dir, env: repo.env }, file };
}

/** Encrypts app.secret.yaml in place through the command under test. */
async function encrypted(): Promise<{ repo: KeyedRepo; world: World; file: string }> {
  const s = await setup();
  const r = await runIn(encryptCommand, { files: ["app.secret.yaml"], inPlace: true }, s.world);
  expect(r.exit, r.stderr).toBe(0);
  return s;
}

/** An identity file for a key the policy does not name: the attacker's. */
async function strangerKey(dir: string): Promise<string> {
  const k = await generateIdentity();
  const file = path.join(dir, "stranger.txt");
  await writeFile(file, formatIdentityFile(k.identity, k.recipient, new Date()), { mode: 0o600 });
  return file;
}

describe("encrypt", () => {
  it("should encrypt in place for the rule's recipient, leaving no value in clear", async () => {
    const { file, repo } = await encrypted();
    const text = await readFile(file, "utf8");
    expect(text).not.toContain(VALUE);
    expect(text).toContain("ENC[AES256_GCM,");
    expect(text).toContain(repo.me.recipient);
  });

  it("should refuse an encrypted file with ERR_ALREADY_ENCRYPTED and leave it as it was", async () => {
    const { file, world } = await encrypted();
    const before = await readFile(file, "utf8");
    const r = await runIn(encryptCommand, { files: ["app.secret.yaml"], inPlace: true }, world);
    expect(r).toMatchObject({ exit: 1, code: "ERR_ALREADY_ENCRYPTED" });
    expect(r.stderr).toMatch(/^hush: .+\nhint: .+\n$/m);
    expect(await readFile(file, "utf8")).toBe(before);
  });

  it("should refuse --output with two files as a usage error (exit 2)", async () => {
    const { world } = await setup();
    const r = await runIn(encryptCommand, { files: ["a.yaml", "b.yaml"], output: "x" }, world);
    expect(r).toMatchObject({ exit: 2, code: "ERR_USAGE" });
  });
});

describe("decrypt", () => {
  it("should print the plaintext exactly", async () => {
    const { world } = await encrypted();
    const r = await runIn(decryptCommand, { files: ["app.secret.yaml"] }, world);
    expect(r).toMatchObject({ exit: 0, stdout: PLAIN });
  });

  it("should export dotenv lines with --format dotenv", async () => {
    const { world } = await encrypted();
    const r = await runIn(decryptCommand, { files: ["app.secret.yaml"], format: "dotenv" }, world);
    expect(r.exit, r.stderr).toBe(0);
    expect(r.stdout).toBe(`db_password='${VALUE}'\ndb_port='5432'\n`);
  });

  it("should refuse a key the file is not encrypted for with ERR_NO_IDENTITY", async () => {
    const { world, repo } = await encrypted();
    const stranger = await strangerKey(repo.home);
    const r = await runIn(
      decryptCommand,
      { files: ["app.secret.yaml"], identity: [stranger] },
      world,
    );
    expect(r).toMatchObject({ exit: 1, code: "ERR_NO_IDENTITY", stdout: "" });
  });

  it("should refuse a file a value was removed from with ERR_MAC and print nothing", async () => {
    const { world, file } = await encrypted();
    // The attacker has no key but can write the file: dropping a value leaves every other one
    // decryptable, so only the MAC tells.
    const lines = (await readFile(file, "utf8")).split("\n");
    await writeFile(file, lines.filter((l) => !l.includes("port: ENC[")).join("\n"));
    const r = await runIn(decryptCommand, { files: ["app.secret.yaml"] }, world);
    expect(r).toMatchObject({ exit: 1, code: "ERR_MAC", stdout: "" });
  });
});

describe("get", () => {
  it("should print one value, and JSON with --json", async () => {
    const { world } = await encrypted();
    const file = "app.secret.yaml";
    const one = await runIn(getCommand, { file, keyPathText: "db.password" }, world);
    expect(one).toMatchObject({ exit: 0, stdout: `${VALUE}\n` });
    const json = await runIn(getCommand, { file, keyPathText: "db", json: true }, world);
    expect(JSON.parse(json.stdout)).toEqual({ password: VALUE, port: 5432 });
  });

  it("should fail with ERR_PATH for a path the file does not hold", async () => {
    const { world } = await encrypted();
    const r = await runIn(getCommand, { file: "app.secret.yaml", keyPathText: "db.user" }, world);
    expect(r).toMatchObject({ exit: 1, code: "ERR_PATH", stdout: "" });
  });
});

describe("set and unset", () => {
  it("should set a value from stdin and remove it again, other values untouched", async () => {
    const { world } = await encrypted();
    const file = "app.secret.yaml";
    const set = await runIn(
      setCommand,
      { file, keyPathText: "db.token" },
      { ...world, stdin: "tok-from-stdin\n" },
    );
    expect(set.exit, set.stderr).toBe(0);
    expect(set.stderr).toBe("set db.token in app.secret.yaml\n");
    const got = await runIn(getCommand, { file, keyPathText: "db.token" }, world);
    expect(got.stdout).toBe("tok-from-stdin\n");
    const unset = await runIn(unsetCommand, { file, keyPathText: "db.token" }, world);
    expect(unset).toMatchObject({ exit: 0, stderr: "removed db.token from app.secret.yaml\n" });
    const all = await runIn(decryptCommand, { files: [file] }, world);
    expect(all.stdout).toBe(PLAIN);
  });

  it("should create a missing file under its rule with a generated value", async () => {
    const { world, repo } = await setup();
    const r = await runIn(
      setCommand,
      {
        file: "new/x.secret.yaml",
        keyPathText: "k",
        generate: true,
        show: true,
        length: "40",
        charset: "hex",
      },
      world,
    );
    expect(r.exit, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^[0-9a-f]{40}\n$/);
    const text = await readFile(path.join(repo.dir, "new/x.secret.yaml"), "utf8");
    expect(text).not.toContain(r.stdout.trim());
    const got = await runIn(getCommand, { file: "new/x.secret.yaml", keyPathText: "k" }, world);
    expect(got.stdout).toBe(r.stdout);
  });

  it("should refuse --generate with a VALUE (ERR_USAGE) and write nothing", async () => {
    const { world, file } = await encrypted();
    const before = await readFile(file, "utf8");
    const r = await runIn(
      setCommand,
      {
        file: "app.secret.yaml",
        keyPathText: "k",
        valueArg: "v",
        generate: true,
      },
      world,
    );
    expect(r).toMatchObject({ exit: 2, code: "ERR_USAGE" });
    expect(await readFile(file, "utf8")).toBe(before);
  });

  it("should refuse to unset a missing path with ERR_PATH, file intact", async () => {
    const { world, file } = await encrypted();
    const before = await readFile(file, "utf8");
    const r = await runIn(unsetCommand, { file: "app.secret.yaml", keyPathText: "nope" }, world);
    expect(r).toMatchObject({ exit: 1, code: "ERR_PATH" });
    expect(await readFile(file, "utf8")).toBe(before);
  });
});

describe("edit", () => {
  it("should re-encrypt what the editor changed", async () => {
    const { world, file } = await encrypted();
    const editor = { EDITOR: "sed -i s/5432/6543/" };
    const r = await runIn(
      editCommand,
      { file: "app.secret.yaml" },
      { ...world, env: { ...world.env, ...editor } },
    );
    expect(r).toMatchObject({ exit: 0, stderr: "saved app.secret.yaml\n" });
    expect(await readFile(file, "utf8")).not.toContain("6543");
    const got = await runIn(getCommand, { file: "app.secret.yaml", keyPathText: "db.port" }, world);
    expect(got.stdout).toBe("6543\n");
  });

  it("should leave the file unchanged when the editor fails (ERR_COMMAND)", async () => {
    const { world, file } = await encrypted();
    const before = await readFile(file, "utf8");
    const r = await runIn(
      editCommand,
      { file: "app.secret.yaml" },
      { ...world, env: { ...world.env, EDITOR: "false" } },
    );
    expect(r).toMatchObject({ exit: 1, code: "ERR_COMMAND" });
    expect(r.stderr).toContain("left unchanged");
    expect(await readFile(file, "utf8")).toBe(before);
  });
});
