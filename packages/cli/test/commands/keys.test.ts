// keygen, rekey and rotate called in process over a real repo and real age keys (the built binary:
// test/e2e/cli-rekey.test.ts, integrity-rotation.test.ts, keys-*.test.ts).
import { readFile, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { formatIdentityFile, generateIdentity, identityToRecipient } from "@hush/core";
import { createKeyedRepo, type KeyedRepo } from "../../../../test/helpers/keyed-repo.js";
import { runIn, type World } from "../../../../test/helpers/in-process.js";
import { keygenCommand } from "../../src/commands/keygen.js";
import { rekeyCommand } from "../../src/commands/rekey.js";
import { rotateCommand } from "../../src/commands/rotate.js";
import { encryptCommand } from "../../src/commands/encrypt.js";
import { getCommand } from "../../src/commands/get.js";

let repo: KeyedRepo | undefined;
afterEach(async () => {
  await repo?.cleanup();
  repo = undefined;
});

/** A repo with app.secret.yaml encrypted for `me`. */
async function encrypted(): Promise<{ repo: KeyedRepo; world: World; file: string }> {
  repo = await createKeyedRepo();
  const file = await repo.write("app.secret.yaml", "token: tok-in-process\n");
  const world: World = { cwd: repo.dir, env: repo.env };
  const r = await runIn(encryptCommand, { files: ["app.secret.yaml"], inPlace: true }, world);
  expect(r.exit, r.stderr).toBe(0);
  return { repo, world, file };
}

/** A second key in an identity file of its own. */
async function keyFile(dir: string, name: string): Promise<{ file: string; recipient: string }> {
  const k = await generateIdentity();
  const file = path.join(dir, `${name}.txt`);
  await writeFile(file, formatIdentityFile(k.identity, k.recipient, new Date()), { mode: 0o600 });
  return { file, recipient: k.recipient };
}

describe("keygen", () => {
  it("should write a 0600 identity whose public key it prints", async () => {
    repo = await createKeyedRepo();
    const world: World = { cwd: repo.dir, env: repo.env };
    const r = await runIn(keygenCommand, { output: "new.txt" }, world);
    expect(r.exit, r.stderr).toBe(0);
    const file = path.join(repo.dir, "new.txt");
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const identity = (await readFile(file, "utf8")).split("\n").find((l) => l.startsWith("AGE-"));
    expect(identity).toBeDefined();
    expect(r.stderr).toBe(`Public key: ${await identityToRecipient(identity as string)}\n`);
    expect(r.stdout).toBe("");
  });

  it("should never overwrite an existing file", async () => {
    repo = await createKeyedRepo();
    const world: World = { cwd: repo.dir, env: repo.env };
    await writeFile(path.join(repo.dir, "taken.txt"), "mine\n");
    const r = await runIn(keygenCommand, { output: "taken.txt" }, world);
    expect(r).toMatchObject({ exit: 1, code: "ERR_COMMAND" });
    expect(r.stderr).toMatch(/^hush: .+\nhint: .+\n$/);
    expect(await readFile(path.join(repo.dir, "taken.txt"), "utf8")).toBe("mine\n");
  });
});

describe("rekey", () => {
  it("should find a file behind the policy with --check, then re-wrap it for the new member", async () => {
    const { repo, world, file } = await encrypted();
    const bob = await keyFile(repo.home, "bob");
    await repo.write(
      ".hush.yaml",
      `members:\n  me: ${repo.me.recipient}\n  bob: ${bob.recipient}\nrules:\n  - path: "**"\n    recipients: [me, bob]\n`,
    );
    const check = await runIn(rekeyCommand, { files: [], all: true, check: true }, world);
    expect(check).toMatchObject({ exit: 1, stdout: "app.secret.yaml\n" });
    const before = await readFile(file, "utf8");
    expect(before).not.toContain(bob.recipient);

    const rekey = await runIn(rekeyCommand, { files: [], all: true, threads: "0" }, world);
    expect(rekey).toMatchObject({ exit: 0, stdout: "rekeyed app.secret.yaml\n" });
    expect(await readFile(file, "utf8")).toContain(bob.recipient);
    const asBob = await runIn(
      getCommand,
      { file: "app.secret.yaml", keyPathText: "token", identity: [bob.file] },
      world,
    );
    expect(asBob).toMatchObject({ exit: 0, stdout: "tok-in-process\n" });
    const again = await runIn(rekeyCommand, { files: [], all: true, check: true }, world);
    expect(again.exit).toBe(0);
  });

  it("should fail when no key opens the file, leaving it as it was", async () => {
    const { repo, world, file } = await encrypted();
    const bob = await keyFile(repo.home, "bob");
    await repo.write(
      ".hush.yaml",
      `members:\n  me: ${repo.me.recipient}\n  bob: ${bob.recipient}\nrules:\n  - path: "**"\n    recipients: [me, bob]\n`,
    );
    const before = await readFile(file, "utf8");
    // bob is named by the policy but cannot open a file not yet wrapped for him.
    const r = await runIn(
      rekeyCommand,
      { files: ["app.secret.yaml"], identity: [bob.file], threads: "0" },
      world,
    );
    expect(r.exit).toBe(1);
    expect(r.stderr).toMatch(/^hush: .+ \(app\.secret\.yaml\)$/m);
    expect(await readFile(file, "utf8")).toBe(before);
  });
});

describe("rotate", () => {
  it("should give the file a new data key and keep its values", async () => {
    const { world, file } = await encrypted();
    const before = await readFile(file, "utf8");
    const r = await runIn(rotateCommand, { files: ["app.secret.yaml"], threads: "0" }, world);
    expect(r.exit, r.stderr).toBe(0);
    const after = await readFile(file, "utf8");
    const enc = (t: string): string | undefined => /token: (ENC\[[^\]]+\])/.exec(t)?.[1];
    expect(enc(after)).toBeDefined();
    expect(enc(after)).not.toBe(enc(before));
    const got = await runIn(getCommand, { file: "app.secret.yaml", keyPathText: "token" }, world);
    expect(got.stdout).toBe("tok-in-process\n");
  });

  it("should refuse --overdue with FILEs (ERR_USAGE, exit 2)", async () => {
    const { world } = await encrypted();
    const r = await runIn(rotateCommand, { files: ["app.secret.yaml"], overdue: true }, world);
    expect(r).toMatchObject({ exit: 2, code: "ERR_USAGE" });
  });

  it("should fail when no key opens the file, leaving it as it was", async () => {
    const { repo, world, file } = await encrypted();
    const stranger = await keyFile(repo.home, "stranger");
    const before = await readFile(file, "utf8");
    const r = await runIn(
      rotateCommand,
      { files: ["app.secret.yaml"], identity: [stranger.file], threads: "0" },
      world,
    );
    expect(r.exit).toBe(1);
    expect(r.stderr).toMatch(/^hush: .+ \(app\.secret\.yaml\)$/m);
    expect(await readFile(file, "utf8")).toBe(before);
  });
});
