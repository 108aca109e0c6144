// ssh keys as members and identities, end to end with the built CLI: a member is an ssh public key
// line, decrypt finds the private key the way sops does, a protected key asks on the terminal only
// when a file is wrapped for it, and the age CLI opens both ways what the other wrapped.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execFileSync } from "node:child_process";
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { generateIdentity } from "@hush/core";
import { HUSH_BIN, hushEnv, runHush } from "../helpers/hush.js";
import { hasPty, runOnPty } from "../helpers/pty.js";

const haveTools = existsSync("/usr/bin/ssh-keygen") && existsSync("/usr/bin/age");
if (!haveTools) console.warn("keys-ssh e2e skipped: needs ssh-keygen (openssh-client) and age");
const pty = await hasPty();

function sshKeygen(file: string, type: "ed25519" | "rsa", passphrase = ""): string {
  execFileSync("ssh-keygen", [
    "-q",
    "-t",
    type,
    ...(type === "rsa" ? ["-b", "2048"] : []),
    "-N",
    passphrase,
    "-C",
    `test-${type}`,
    "-f",
    file,
  ]);
  return readFileSync(`${file}.pub`, "utf8").trim();
}

/** The `enc` of the stanza for `recipient` (matched by key, comment ignored). */
function stanzaOf(text: string, recipient: string): string {
  const key = recipient.split(" ").slice(0, 2).join(" ");
  // sops writes each entry as `- enc: |` (the armored block, indented) then `recipient: …`.
  for (const m of text.matchAll(
    /- enc: \|\n((?:[ ]+-----BEGIN[^]*?-----END AGE ENCRYPTED FILE-----\n))[ ]+recipient: (.*)\n/g,
  )) {
    const [, block = "", recipient = ""] = m;
    if (recipient.split(" ").slice(0, 2).join(" ") === key)
      return block
        .split("\n")
        .map((l) => l.trim())
        .join("\n");
  }
  throw new Error(`no stanza for ${key.slice(0, 20)}`);
}

describe.skipIf(!haveTools)("ssh keys as members and identities", () => {
  let dir: string;
  let home: string;
  let repo: string;
  let edPub: string;
  let rsaPub: string;
  let protectedPub: string;
  let age: { identity: string; recipient: string };
  const env = (extra: Record<string, string | undefined> = {}): Record<string, string> =>
    hushEnv(home, extra);

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), "hush-ssh-"));
    home = path.join(dir, "home");
    repo = path.join(dir, "repo");
    mkdirSync(path.join(home, ".ssh"), { recursive: true, mode: 0o700 });
    mkdirSync(path.join(home, "tmp"), { recursive: true });
    mkdirSync(repo);
    execFileSync("git", ["init", "-q"], { cwd: repo });
    edPub = sshKeygen(path.join(home, ".ssh", "id_ed25519"), "ed25519");
    rsaPub = sshKeygen(path.join(dir, "rsa"), "rsa");
    protectedPub = sshKeygen(path.join(dir, "protected"), "ed25519", "correct horse");
    age = await generateIdentity();
    writeFileSync(
      path.join(repo, ".hush.yaml"),
      `members:\n  alice: ${edPub}\n  bob: "${rsaPub}"\n  carol: [${protectedPub}]\n  dave: ${age.recipient}\n` +
        `rules:\n  - path: "team.secret.yaml"\n    recipients: [alice, bob, dave]\n  - path: "carol.secret.yaml"\n    recipients: [carol, dave]\n`,
    );
    writeFileSync(path.join(repo, "team.secret.yaml"), "db:\n  password: hunter2\n");
    writeFileSync(path.join(repo, "carol.secret.yaml"), "token: carols-value\n");
    for (const f of ["team.secret.yaml", "carol.secret.yaml"]) {
      const r = await runHush(["encrypt", "-i", f], { cwd: repo, env: env() });
      expect(r.stderr).toBe("recipients from .hush.yaml\n");
      expect(r.code).toBe(0);
    }
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("should decrypt with ~/.ssh/id_ed25519, SOPS_AGE_SSH_PRIVATE_KEY_FILE and --identity", async () => {
    const byDefault = await runHush(["get", "team.secret.yaml", "db.password"], {
      cwd: repo,
      env: env(),
    });
    expect(byDefault.stdout).toBe("hunter2\n");
    const nobodyHome = path.join(dir, "nobody");
    mkdirSync(path.join(nobodyHome, "tmp"), { recursive: true });
    const byEnv = await runHush(["get", "team.secret.yaml", "db.password"], {
      cwd: repo,
      env: hushEnv(nobodyHome, { SOPS_AGE_SSH_PRIVATE_KEY_FILE: path.join(dir, "rsa") }),
    });
    expect(byEnv.stdout).toBe("hunter2\n");
    const byFlag = await runHush(
      ["get", "--identity", path.join(dir, "rsa"), "team.secret.yaml", "db.password"],
      {
        cwd: repo,
        env: hushEnv(nobodyHome),
      },
    );
    expect(byFlag.stdout).toBe("hunter2\n");
    const none = await runHush(["get", "team.secret.yaml", "db.password"], {
      cwd: repo,
      env: hushEnv(nobodyHome),
    });
    expect(none.code).toBe(1);
  });

  it("should write stanzas that `age -d -i <ssh key>` opens, for ed25519 and rsa", () => {
    const text = readFileSync(path.join(repo, "team.secret.yaml"), "utf8");
    const keys = [
      [edPub, path.join(home, ".ssh", "id_ed25519")],
      [rsaPub, path.join(dir, "rsa")],
    ] as const;
    const dataKeys = keys.map(([pub, key]) => {
      const encFile = path.join(dir, "stanza.age");
      writeFileSync(encFile, stanzaOf(text, pub));
      return execFileSync("age", ["-d", "-i", key, encFile]);
    });
    expect(dataKeys[0]?.length).toBe(32);
    expect(dataKeys[0]?.equals(dataKeys[1] ?? Buffer.alloc(0))).toBe(true);
    // The stanza recipient is the key without its comment: what hush compares.
    expect(text).toContain(`recipient: ${edPub.split(" ").slice(0, 2).join(" ")}\n`);
  });

  it("should open a data key that `age -R <ssh public key>` wrapped", async () => {
    const file = path.join(repo, "team.secret.yaml");
    const text = readFileSync(file, "utf8");
    // The data key, read with dave's age identity through the age CLI itself.
    const daveKey = path.join(dir, "dave.txt");
    writeFileSync(daveKey, `${age.identity}\n`, { mode: 0o600 });
    const encFile = path.join(dir, "dave.age");
    writeFileSync(encFile, stanzaOf(text, age.recipient));
    const dataKey = execFileSync("age", ["-d", "-i", daveKey, encFile]);
    for (const [pub, key] of [
      [edPub, path.join(home, ".ssh", "id_ed25519")],
      [rsaPub, path.join(dir, "rsa")],
    ] as const) {
      const pubFile = path.join(dir, "r.pub");
      writeFileSync(pubFile, `${pub}\n`);
      const fromAge = execFileSync("age", ["-a", "-R", pubFile], { input: dataKey }).toString(
        "utf8",
      );
      const old = stanzaOf(text, pub);
      const indent = (b: string): string => b.trimEnd().split("\n").join("\n        ");
      const swapped = text.replace(indent(old), indent(fromAge));
      expect(swapped).not.toBe(text);
      const copy = path.join(repo, "swapped.yaml");
      writeFileSync(copy, swapped);
      const nobody = path.join(dir, "nobody2");
      mkdirSync(path.join(nobody, "tmp"), { recursive: true });
      const r = await runHush(["get", "--identity", key, "swapped.yaml", "db.password"], {
        cwd: repo,
        env: hushEnv(nobody),
      });
      expect(r.stderr).toBe("");
      expect(r.stdout).toBe("hunter2\n");
    }
  });

  it.skipIf(!pty)(
    "should ask for a protected ssh key's passphrase on the terminal, once, only when needed",
    async () => {
      const key = path.join(dir, "protected");
      const argv = [process.execPath, HUSH_BIN, "decrypt", "--identity", key, "carol.secret.yaml"];
      const ok = await runOnPty(argv, {
        cwd: repo,
        env: env(),
        answers: [{ expect: "passphrase", send: "correct horse" }],
      });
      expect(ok.output).toContain("carols-value");
      expect(ok.output.match(/Enter passphrase/g)?.length).toBe(1);
      expect(ok.output).not.toContain("correct horse");
      expect(ok.code).toBe(0);

      const wrong = await runOnPty(argv, {
        cwd: repo,
        env: env(),
        answers: [{ expect: "passphrase", send: "wrong" }],
      });
      expect(wrong.code).toBe(1);
      expect(wrong.output).toMatch(/hush: wrong passphrase for .*protected/);
      expect(wrong.output).not.toContain("carols-value");
      expect(wrong.output).not.toMatch(/\n\s+at /);

      // A file wrapped for other keys never asks: alice's key opens it, the protected key stays shut.
      const other = await runOnPty(
        [process.execPath, HUSH_BIN, "get", "team.secret.yaml", "db.password"],
        { cwd: repo, env: env({ SOPS_AGE_SSH_PRIVATE_KEY_FILE: key }) },
      );
      expect(other.output).toContain("hunter2");
      expect(other.output).not.toContain("passphrase");
    },
  );

  it("should refuse a protected key with no terminal to ask on, in one line", async () => {
    const r = await runHush(
      ["decrypt", "--identity", path.join(dir, "protected"), "carol.secret.yaml"],
      {
        cwd: repo,
        env: env(),
      },
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^hush: .*(terminal|passphrase).*\nhint: /);
    expect(r.stdout).toBe("");
  });

  it("should refuse an ssh key file others can write (they would choose the key)", async () => {
    const key = path.join(dir, "rsa");
    chmodSync(key, 0o620);
    try {
      const r = await runHush(["get", "--identity", key, "team.secret.yaml", "db.password"], {
        cwd: repo,
        env: env(),
      });
      expect(r.code).toBe(1);
      expect(r.stderr).toContain("can be written by its group");
      expect(r.stdout).toBe("");
    } finally {
      chmodSync(key, 0o600);
    }
  });

  it("should name each member's key kind in hush access and hush report", async () => {
    const access = await runHush(["access", "--json"], { cwd: repo, env: env() });
    const members = (
      JSON.parse(access.stdout) as { members: { name: string; keys: { kind: string }[] }[] }
    ).members;
    expect(members.map((m) => [m.name, m.keys.map((k) => k.kind)])).toEqual([
      ["alice", ["ssh-ed25519"]],
      ["bob", ["ssh-rsa"]],
      ["carol", ["ssh-ed25519"]],
      ["dave", ["age"]],
    ]);
    const text = await runHush(["access"], { cwd: repo, env: env() });
    expect(text.stdout).toContain("bob: ssh-rsa");
    const report = await runHush(["report"], { cwd: repo, env: env() });
    expect(report.stdout).toContain("| alice | ssh-ed25519 |");
  });
});
