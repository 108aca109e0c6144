/**
 * The guard on encrypted files: what they leave in clear is scanned like any text, their MAC is
 * checked for shape without a key, and every file `hush encrypt` writes passes. Real commits through
 * the hook that `hush hook install` writes, running the BUILT guard and CLI.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { makeRepo, type TempRepo } from "../helpers/guard-repo.js";
import { plantedTokens } from "../helpers/tokens.js";
import type * as CoreModule from "@hush/core";

type Core = typeof CoreModule;
let core: Core;
let alice: { identity: string; recipient: string };

beforeAll(async () => {
  core = await import("@hush/core");
  alice = await core.generateIdentity();
});

let repo: TempRepo | undefined;
afterEach(() => {
  repo?.cleanup();
  repo = undefined;
});

/** A repo with the guard installed and a first commit; `policy` is committed alone first. */
function setup(policy?: string, env: Record<string, string> = {}): TempRepo {
  repo = makeRepo(env);
  const install = repo.hush("hook", "install");
  expect(install.code, install.stderr).toBe(0);
  if (policy !== undefined) {
    repo.write(".hush.yaml", policy);
    const p = repo.commit("policy", ".hush.yaml");
    expect(p.code, p.stderr).toBe(0);
  }
  repo.write("README.md", "# test repo\n");
  expect(repo.commit("init", "README.md").code).toBe(0);
  return repo;
}

const k8sPolicy = (): string =>
  [
    "members:",
    `  alice: ${alice.recipient}`,
    "rules:",
    '  - path: "k8s/**"',
    "    recipients: [alice]",
    '    encrypted_regex: "^(data|stringData)$"',
    "",
  ].join("\n");

const token = (): string => plantedTokens()["github-pat"]!.replace(/^token: /, "");

describe("guard: values an encrypted file leaves in clear", () => {
  it("should block a token in metadata.annotations of a Secret encrypted under ^(data|stringData)$", async () => {
    const r = setup(k8sPolicy());
    const secret = [
      "apiVersion: v1",
      "kind: Secret",
      "metadata:",
      "  name: api",
      "  annotations:",
      `    ci/token: ${token()}`,
      "stringData:",
      "  password: hunter2-for-tests",
      "",
    ].join("\n");
    r.write(
      "k8s/api-secret.yaml",
      await core.encrypt(secret, {
        format: "yaml",
        recipients: [alice.recipient],
        rules: { encryptedRegex: "^(data|stringData)$" },
      }),
    );
    const c = r.commit("secret", "k8s/api-secret.yaml");
    expect(c.code, c.stderr).toBe(1);
    expect(c.stderr).toContain("k8s/api-secret.yaml:6");
    expect(c.stderr).toMatch(/github-/);
    expect(c.stderr).not.toContain(token().slice(-12));
  });

  it("should block a token in a clear comment, in an _unencrypted value and in a value dressed as ENC[", async () => {
    const r = setup();
    const t = token();
    const cases: Record<string, string> = {
      "a.yaml": `db:\n  user: app\n  password: s3cr3t-for-tests\n`,
      "b.yaml": `public_unencrypted: ${t}\npassword: s3cr3t-for-tests\n`,
      "c.yaml": `note_unencrypted: "ENC[ ${t}"\npassword: s3cr3t-for-tests\n`,
    };
    for (const [file, text] of Object.entries(cases)) {
      let sealed = await core.encrypt(text, { format: "yaml", recipients: [alice.recipient] });
      // A clear comment added after encryption (sops keeps such comments as they are).
      if (file === "a.yaml") sealed = `# rotate me: ${t}\n${sealed}`;
      r.write(file, sealed);
    }
    r.git("add", ...Object.keys(cases));
    const out = r.guard("--json");
    expect(out.code).toBe(1);
    const found = (JSON.parse(out.stdout) as { findings: { path: string; line: number }[] })
      .findings;
    expect(found.map((f) => `${f.path}:${f.line}`).sort()).toEqual([
      "a.yaml:1",
      "b.yaml:1",
      "c.yaml:1",
    ]);
  });

  it("should read a sops: block that is not sops metadata, and unknown keys of a real one", async () => {
    const r = setup();
    const t = token();
    // A plain file (helm values, say) with a top-level `sops:` key is no sops file.
    r.write("values.yaml", `image: app\nsops:\n  token: ${t}\n`);
    // A key sops does not know, slipped into a real sops block.
    const sealed = await core.encrypt("password: s3cr3t-for-tests\n", {
      format: "yaml",
      recipients: [alice.recipient],
    });
    r.write("enc.yaml", sealed.replace(/^sops:\n/m, `sops:\n    note: ${t}\n`));
    r.git("add", "values.yaml", "enc.yaml");
    const out = r.guard("--json");
    expect(out.code).toBe(1);
    const found = (JSON.parse(out.stdout) as { findings: { path: string; line: number }[] })
      .findings;
    expect(found.map((f) => f.path).sort()).toEqual(["enc.yaml", "values.yaml"]);
  });

  it("should never read an ENC value as a secret, and report only lines the commit adds", async () => {
    const r = setup(k8sPolicy());
    const manifest = (note: string): string =>
      `metadata:\n  name: api\n  annotations:\n    note: ${note}\ndata:\n  token: ${Buffer.from(token()).toString("base64")}\n`;
    const sealed = await core.encrypt(manifest("first"), {
      format: "yaml",
      recipients: [alice.recipient],
      rules: { encryptedRegex: "^(data|stringData)$" },
    });
    r.write("k8s/s.yaml", sealed);
    const ok = r.commit("sealed", "k8s/s.yaml");
    expect(ok.code, ok.stderr).toBe(0);
    // A token committed before (bypassing the guard) is not reported again on an unrelated edit.
    r.write("k8s/s.yaml", sealed.replace("note: first", `note: ${token()}`));
    r.git("add", "k8s/s.yaml");
    expect(r.git("commit", "-q", "--no-verify", "-m", "leak").code).toBe(0);
    r.write(
      "k8s/s.yaml",
      readFileSync(path.join(r.dir, "k8s/s.yaml"), "utf8").replace("name: api", "name: api2"),
    );
    const edit = r.commit("rename", "k8s/s.yaml");
    expect(edit.code, edit.stderr).toBe(0);
  });
});

describe("guard: the MAC's shape is checked without a key", () => {
  it("should block an encrypted file whose mac is garbage, missing or the wrong size (hook and hush scan)", async () => {
    const r = setup();
    const sealed = await core.encrypt("password: s3cr3t-for-tests\n", {
      format: "yaml",
      recipients: [alice.recipient],
    });
    const variants: Record<string, string> = {
      "garbage.yaml": sealed.replace(/^ {4}mac: .*$/m, "    mac: garbage"),
      "missing.yaml": sealed.replace(/^ {4}mac: .*\n/m, ""),
      "short.yaml": sealed.replace(
        /(^ {4}mac: ENC\[AES256_GCM,data:)[^,]*/m,
        `$1${Buffer.alloc(64, 1).toString("base64")}`,
      ),
      "int.yaml": sealed.replace(/^( {4}mac: ENC\[.*),type:str\]$/m, "$1,type:int]"),
    };
    for (const [file, text] of Object.entries(variants)) {
      expect(text, file).not.toBe(sealed);
      r.write(file, text);
      const c = r.commit(file, file);
      expect(c.code, `${file}: ${c.stderr}`).toBe(1);
      expect(c.stderr).toContain("sops-malformed");
      expect(c.stderr).toContain("mac");
      const scan = r.hush("scan", file);
      expect(scan.code, file).toBe(1);
      expect(scan.stdout + scan.stderr).toContain("sops-malformed");
      r.git("reset", "-q");
    }
    r.write("sound.yaml", sealed);
    const c = r.commit("sound", "sound.yaml");
    expect(c.code, c.stderr).toBe(0);
  });
});

const MODES: Record<string, string[]> = {
  default: [],
  "unencrypted-suffix": ["--unencrypted-suffix", "_pub"],
  "encrypted-suffix": ["--encrypted-suffix", "_enc"],
  "encrypted-regex": ["--encrypted-regex", "^(data|password|PASSWORD)$"],
  "unencrypted-regex": ["--unencrypted-regex", "^(app|name|NAME)$"],
  "encrypted-comment-regex": ["--encrypted-comment-regex", "sops:enc"],
  "unencrypted-comment-regex": ["--unencrypted-comment-regex", "sops:clear"],
  "mac-only-encrypted": ["--mac-only-encrypted"],
};

/** Plaintexts with empty values, comments, nesting, every scalar type and suffixed keys. */
const PLAIN: Record<string, string> = {
  "app.yaml": [
    "# top comment",
    "app:",
    "  name: demo",
    '  empty: ""',
    "  port: 8080",
    "  on: true",
    "  token_enc: v1",
    "  public_unencrypted: shown",
    "  list:",
    "    - a",
    '    - ""',
    "# sops:enc",
    "data:",
    "  password: p4ss-word",
    "  blank: ''",
    "",
  ].join("\n"),
  "app.json":
    JSON.stringify({
      app: { name: "demo", empty: "", port: 8080, ratio: 0.5, token_enc: "v1", list: ["a", ""] },
      data: { password: "p4ss-word", blank: "" },
    }) + "\n",
  "app.env":
    "# sops:clear\nNAME=demo\nEMPTY=\nTOKEN_enc=v1\n# sops:enc\nPASSWORD=p4ss-word\nLAST=\n",
  "app.ini": "[app]\nname = demo\nempty =\ntoken_enc = v1\n[data]\npassword = p4ss-word\nblank =\n",
  "blob.bin": "just some bytes\n",
};

describe("guard: hush's own output passes its guard", () => {
  it("should pass every file hush encrypt writes, in every format and partial-encryption mode", () => {
    const r = setup();
    const recipient = alice.recipient;
    const all: string[] = [];
    for (const [mode, flags] of Object.entries(MODES)) {
      const files = Object.entries(PLAIN).map(([name, text]) => {
        const rel = `${mode}/${name}`;
        r.write(rel, text);
        return rel;
      });
      const enc = r.hush("encrypt", "-i", "--age", recipient, ...flags, ...files);
      expect(enc.code, `${mode}: ${enc.stderr}`).toBe(0);
      all.push(...files);
    }
    // Without a key the guard checks the structure; with one in HOME it verifies each MAC too.
    const scan = r.hush("scan", ...all);
    expect(scan.code, scan.stdout).toBe(0);
    expect(scan.stdout).toContain("MAC unchecked");
    const keys = path.join(r.env.XDG_CONFIG_HOME!, "sops/age/keys.txt");
    mkdirSync(path.dirname(keys), { recursive: true });
    writeFileSync(keys, `${alice.identity}\n`, { mode: 0o600 });
    const c = r.commit("hush output", ...all);
    expect(c.code, c.stderr).toBe(0);
    expect(c.stderr).not.toContain("MAC unchecked");
  });

  it("should never apply a rule to .hush.yaml, .sops.yaml or .hushignore, and refuse to encrypt them", async () => {
    repo = makeRepo();
    const r = repo;
    expect(r.hush("hook", "install").code).toBe(0);
    const policy = `members:\n  alice: ${alice.recipient}\nrules:\n  - path: "**"\n    recipients: [alice]\n`;
    r.write(".hush.yaml", policy);
    r.write(".sops.yaml", `creation_rules:\n  - age: ${alice.recipient}\n`);
    r.write(".hushignore", "# nothing yet\n");
    const c = r.commit("config", ".hush.yaml", ".sops.yaml", ".hushignore");
    expect(c.code, c.stderr).toBe(0);
    for (const f of [".hush.yaml", ".sops.yaml", ".hushignore"]) {
      const before = readFileSync(path.join(r.dir, f), "utf8");
      const enc = r.hush("encrypt", "-i", f);
      expect(enc.code, f).toBe(1);
      expect(enc.stderr).toMatch(/^hush: .*never encrypted/m);
      expect(enc.stderr).toMatch(/^hint: /m);
      expect(readFileSync(path.join(r.dir, f), "utf8")).toBe(before);
    }
    // Everything else is still covered by **.
    r.write("app.yaml", "password: s3cr3t-for-tests\n");
    const blocked = r.commit("plain", "app.yaml");
    expect(blocked.code).toBe(1);
    expect(blocked.stderr).toContain("policy-plaintext-file");
    r.write(
      "app.yaml",
      await core.encrypt("password: s3cr3t-for-tests\n", {
        format: "yaml",
        recipients: [alice.recipient],
      }),
    );
    expect(r.commit("sealed", "app.yaml").code).toBe(0);
  });
});
