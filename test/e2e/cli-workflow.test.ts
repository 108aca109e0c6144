/**
 * The life of a secrets repo with the built binary: init → keygen → encrypt → edit → set/get/
 * unset → rekey after a team change → rotate → exec → status. Each step starts from a repository
 * built for it (its own keys, policy and commits), so any step runs alone and in any order.
 */
import { mkdir, readdir, readFile, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createRepo, type TestRepo } from "../helpers/git.js";

const PLAIN = `# app secrets
db:
  user: app
  password: hunter2
api:
  token: abc123
port: 5432
`;

function policy(members: Record<string, string>, devs: string[]): string {
  return `members:
${Object.entries(members)
  .map(([n, k]) => `  ${n}: ${k}`)
  .join("\n")}
groups:
  devs: [${devs.join(", ")}]
rules:
  - path: "**/*.secret.{yaml,yml,json,env}"
    recipients: [devs]
`;
}

const FILE = "secrets/app.secret.yaml";

describe("hush workflow (built binary, temp git repo)", () => {
  let repo: TestRepo;
  let alice: string;
  let bob: string;
  let carol: string;
  const keyFile = (name: string): string => path.join(repo.home, `${name}.key`);
  const as = (name: string): Record<string, string> => ({
    SOPS_AGE_KEY_FILE: keyFile(name),
    XDG_CONFIG_HOME: path.join(repo.home, "none"),
  });

  /** A fresh repository for this test alone (checked for leftovers and removed after it). */
  const fresh = async (): Promise<void> => {
    repo = await createRepo();
  };
  afterEach(async () => {
    // No step leaves plaintext in the private temp folder.
    expect(await readdir(repo.tmp)).toEqual([]);
    await repo.cleanup();
  });

  const keygen = async (name: string): Promise<string> => {
    const r = await repo.hush(["keygen", "-o", keyFile(name)]);
    expect(r.code).toBe(0);
    return /Public key: (age1[0-9a-z]+)/.exec(r.stderr)?.[1] ?? "";
  };

  /** alice (also the default identity), bob and carol; a policy for alice and bob, committed. */
  const team = async (): Promise<void> => {
    await fresh();
    [alice, bob, carol] = [await keygen("alice"), await keygen("bob"), await keygen("carol")];
    const defaultKey = path.join(repo.home, ".config", "sops", "age", "keys.txt");
    await mkdir(path.dirname(defaultKey), { recursive: true });
    await writeFile(defaultKey, await readFile(keyFile("alice"), "utf8"), { mode: 0o600 });
    await repo.write(".hush.yaml", policy({ alice, bob }, ["alice", "bob"]));
    await repo.git("add", ".");
    await repo.git("commit", "-q", "-m", "policy");
  };

  /** The team, with FILE encrypted for alice and bob and committed. */
  const encrypted = async (): Promise<void> => {
    await team();
    await repo.write(FILE, PLAIN);
    expect((await repo.hush(["encrypt", "-i", FILE])).code).toBe(0);
    await repo.git("add", ".");
    await repo.git("commit", "-q", "-m", "secrets");
  };

  it("should init: write .hush.yaml, create an identity at the default place, print the public key", async () => {
    await fresh();
    const r = await repo.hush(["init", "--name", "alice"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const idFile = path.join(repo.home, ".config", "sops", "age", "keys.txt");
    expect((await stat(idFile)).mode & 0o777).toBe(0o600);
    alice = /public key: (age1[0-9a-z]+)/.exec(await readFile(idFile, "utf8"))?.[1] ?? "";
    expect(alice).toMatch(/^age1/);
    expect(r.stdout).toContain(alice);
    expect(r.stdout).toContain("hush hook install");
    const text = await readFile(path.join(repo.dir, ".hush.yaml"), "utf8");
    expect(text).toContain(`alice: ${alice}`);
    expect(text).toMatch(/^# /m);
    // Never overwrites: a second init fails and keeps both files.
    const again = await repo.hush(["init"]);
    expect(again.code).toBe(1);
    expect(await readFile(path.join(repo.dir, ".hush.yaml"), "utf8")).toBe(text);
  });

  it("should keygen identities for bob and carol", async () => {
    await fresh();
    for (const name of ["bob", "carol"]) {
      const pub = await keygen(name);
      expect(pub).toMatch(/^age1/);
      expect((await stat(keyFile(name))).mode & 0o777).toBe(0o600);
      expect(await readFile(keyFile(name), "utf8")).toContain(`public key: ${pub}`);
    }
  });

  it("should encrypt in place with the rule's recipients and decrypt for each member", async () => {
    await team();
    await repo.write(FILE, PLAIN);
    const r = await repo.hush(["encrypt", "-i", FILE]);
    // The one line on stderr names the policy that chose the recipients.
    expect(r.stderr).toBe("recipients from .hush.yaml\n");
    expect(r.code).toBe(0);
    const enc = await readFile(path.join(repo.dir, FILE), "utf8");
    expect(enc).not.toContain("hunter2");
    expect(enc).toContain("ENC[AES256_GCM,");
    expect(enc).toContain(alice);
    expect(enc).toContain(bob);
    for (const who of ["alice", "bob"]) {
      const d = await repo.hush(["decrypt", FILE], { env: as(who) });
      expect(d.code).toBe(0);
      expect(d.stdout).toBe(PLAIN);
    }
    const twice = await repo.hush(["encrypt", "-i", FILE]);
    expect(twice.code).toBe(1);
    expect(twice.stderr).toContain("hint:");
    expect(await readFile(path.join(repo.dir, FILE), "utf8")).toBe(enc);
  });

  it("should edit one value with a scripted $EDITOR and change only that line, mac and lastmodified", async () => {
    await encrypted();
    const script = path.join(repo.home, "editor.mjs");
    await writeFile(
      script,
      `import fs from "node:fs"; const f = process.argv[2]; fs.writeFileSync(f, fs.readFileSync(f, "utf8").replace("password: hunter2", "password: swordfish"));\n`,
    );
    const r = await repo.hush(["edit", FILE], {
      env: { EDITOR: `"${process.execPath}" "${script}"` },
    });
    expect(r.code).toBe(0);
    const diff = await repo.git("diff", "-U0", "--", FILE);
    const changed = diff.split("\n").filter((l) => /^[-+](?![-+]{2} )/.test(l));
    for (const l of changed)
      expect(l).toMatch(/^[-+]\s*(password: ENC\[|mac: ENC\[|lastmodified: )/);
    // The value and the MAC always change; lastmodified has one-second resolution, so it stays
    // the same line when the encrypt above ran within the same second.
    const kinds = (sign: string): string[] =>
      changed
        .filter((l) => l.startsWith(sign))
        .map((l) => /(password|mac|lastmodified)/.exec(l)?.[1] ?? "?")
        .sort();
    for (const sign of ["-", "+"]) {
      expect(kinds(sign)).toEqual(expect.arrayContaining(["mac", "password"]));
      expect(kinds(sign).length).toBeLessThanOrEqual(3);
    }
    const numstat = (await repo.git("diff", "--numstat", "--", FILE)).trim();
    expect(numstat).toMatch(new RegExp(`^([23])\t\\1\t${FILE.replace(/[.]/g, "\\.")}$`));
    expect((await repo.hush(["get", FILE, "db.password"])).stdout).toBe("swordfish\n");
    expect(await readFile(path.join(repo.dir, FILE), "utf8")).not.toContain("swordfish");
  });

  it("should set from stdin, generate without printing, get and unset", async () => {
    await encrypted();
    const s = await repo.hush(["set", FILE, "api.token"], { input: "tok-from-stdin\n" });
    expect(s.code).toBe(0);
    expect(s.stdout + s.stderr).not.toContain("tok-from-stdin");
    expect((await repo.hush(["get", FILE, "api.token"])).stdout).toBe("tok-from-stdin\n");

    const g = await repo.hush(["set", "--generate", "--length", "40", FILE, "session.key"]);
    expect(g.code).toBe(0);
    const generated = (await repo.hush(["get", FILE, "session.key"])).stdout.trim();
    expect(generated).toMatch(/^[A-Za-z0-9]{40}$/);
    expect(g.stdout + g.stderr).not.toContain(generated);

    const shown = await repo.hush([
      "set",
      "--generate",
      "--charset",
      "hex",
      "--length",
      "16",
      "--show",
      FILE,
      "session.hex",
    ]);
    expect(shown.stdout).toMatch(/^[0-9a-f]{16}\n$/);
    expect((await repo.hush(["get", FILE, "session.hex"])).stdout).toBe(shown.stdout);
    expect((await repo.hush(["unset", FILE, "session.hex"])).code).toBe(0);

    const u = await repo.hush(["unset", FILE, "session.key"]);
    expect(u.code).toBe(0);
    const gone = await repo.hush(["get", FILE, "session.key"]);
    expect(gone.code).toBe(1);
    expect(gone.stderr).toMatch(/^hush: /);

    const json = await repo.hush(["get", "--json", FILE, "db"]);
    expect(JSON.parse(json.stdout)).toEqual({ user: "app", password: "hunter2" });
  });

  it("should rekey after adding carol and removing bob, then rotate so bob's key no longer opens it", async () => {
    await encrypted();
    await repo.write(".hush.yaml", policy({ alice, carol }, ["alice", "carol"]));
    const check = await repo.hush(["rekey", "--check"]);
    expect(check.code).toBe(1);
    expect(check.stdout).toContain(FILE);
    const before = await readFile(path.join(repo.dir, FILE), "utf8");

    const rk = await repo.hush(["rekey", "--all"]);
    expect(rk.code).toBe(0);
    const after = await readFile(path.join(repo.dir, FILE), "utf8");
    expect(after).toContain(carol);
    expect(after).not.toContain(bob);
    // rekey leaves the values alone.
    const values = (t: string): string[] =>
      t.split("\n").filter((l) => l.includes("ENC[") && !l.includes("mac:"));
    expect(values(after)).toEqual(values(before));
    expect((await repo.hush(["rekey", "--check"])).code).toBe(0);
    expect((await repo.hush(["decrypt", FILE], { env: as("carol") })).code).toBe(0);

    const rot = await repo.hush(["rotate", "--all"]);
    expect(rot.code).toBe(0);
    const rotated = await readFile(path.join(repo.dir, FILE), "utf8");
    expect(values(rotated)).not.toEqual(values(after));
    const asBob = await repo.hush(["decrypt", FILE], { env: as("bob") });
    expect(asBob.code).toBe(1);
    expect(asBob.stdout).toBe("");
    for (const who of ["alice", "carol"]) {
      const d = await repo.hush(["get", FILE, "db.password"], { env: as(who) });
      expect(d.code).toBe(0);
      expect(d.stdout).toBe("hunter2\n");
    }
  });

  it("should exec a command with the values in its environment and pass its exit code through", async () => {
    await encrypted();
    const r = await repo.hush([
      "exec",
      FILE,
      "--",
      process.execPath,
      "-e",
      "process.stdout.write(process.env.db_password + ':' + process.env.port)",
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("hunter2:5432");
    const code = await repo.hush(["exec", FILE, "--", process.execPath, "-e", "process.exit(7)"]);
    expect(code.code).toBe(7);
  });

  it("should exec --file with a 0600 temp file that is removed afterwards", async () => {
    await encrypted();
    const probe = `const fs=require("fs");const p=process.argv[1];process.stdout.write(JSON.stringify({p,env:process.env.HUSH_FILE,mode:fs.statSync(p).mode&0o777,text:fs.readFileSync(p,"utf8")}))`;
    const r = await repo.hush(["exec", "--file", FILE, "--", process.execPath, "-e", probe, "{}"]);
    expect(r.code).toBe(0);
    const seen = JSON.parse(r.stdout) as { p: string; env: string; mode: number; text: string };
    expect(seen.env).toBe(seen.p);
    expect(seen.mode).toBe(0o600);
    expect(seen.text).toContain("password: hunter2");
    await expect(stat(seen.p)).rejects.toThrow();
  });

  it("should report status: recipients by name, MAC ok, no drift; then a plaintext file a rule covers", async () => {
    await encrypted();
    const ok = await repo.hush(["status", "--json"]);
    expect(ok.code).toBe(0);
    const data = JSON.parse(ok.stdout) as {
      files: {
        path: string;
        format: string;
        mac: string;
        drift: unknown;
        recipients: { member: string | null }[];
      }[];
      unencrypted: { path: string }[];
    };
    const f = data.files.find((x) => x.path === FILE);
    expect(f?.format).toBe("yaml");
    expect(f?.mac).toBe("ok");
    expect(f?.drift).toBeNull();
    expect(f?.recipients.map((x) => x.member).sort()).toEqual(["alice", "bob"]);

    await repo.write("secrets/leak.secret.env", "TOKEN=plaintext\n");
    const bad = await repo.hush(["status"]);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain("secrets/leak.secret.env");
    expect(bad.stdout).toContain("NOT ENCRYPTED");
    expect(bad.stdout).not.toContain("plaintext");
  });
});
