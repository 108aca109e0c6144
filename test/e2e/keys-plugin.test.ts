// Hardware keys through age plugins, end to end with the built CLI and a fake plugin written for
// the tests (test/helpers/age-plugin-hushtest.mjs): recipient-v1 and identity-v1 against hush and
// against the age CLI, prompts relayed to the terminal, and plugins only ever from a safe PATH.
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
import { HUSH_BIN, REPO_ROOT, hushEnv, runHush } from "../helpers/hush.js";
import { hasPty, runOnPty } from "../helpers/pty.js";
import { bech32Encode, newKeys } from "../helpers/age-plugin-hushtest.mjs";

const PLUGIN = path.join(REPO_ROOT, "test/helpers/age-plugin-hushtest.mjs");
const haveAge = existsSync("/usr/bin/age");
if (!haveAge)
  console.warn(
    "keys-plugin: the age CLI cross-checks are skipped (install the Debian age package)",
  );
const pty = await hasPty();

/** The armored block of the first sops.age entry: its text as in the file, and its indent. */
function firstStanza(text: string): { raw: string; indent: string; armor: string } {
  const m = /( *)(-----BEGIN AGE ENCRYPTED FILE-----[^]*?-----END AGE ENCRYPTED FILE-----)/.exec(
    text,
  );
  const raw = m?.[2] ?? "";
  const armor = `${raw
    .split("\n")
    .map((l) => l.trim())
    .join("\n")}\n`;
  return { raw, indent: m?.[1] ?? "", armor };
}

describe("age plugins (a fake hardware key)", () => {
  let dir: string;
  let home: string;
  let repo: string;
  let bin: string;
  let keys: { recipient: string; identity: string };
  let idFile: string;
  const env = (extra: Record<string, string | undefined> = {}): Record<string, string> =>
    hushEnv(home, { PATH: `${bin}:${process.env["PATH"] ?? ""}`, ...extra });

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), "hush-plugin-"));
    home = path.join(dir, "home");
    repo = path.join(dir, "repo");
    bin = path.join(dir, "bin");
    mkdirSync(path.join(home, "tmp"), { recursive: true });
    mkdirSync(repo);
    mkdirSync(bin, { mode: 0o700 });
    execFileSync("git", ["init", "-q"], { cwd: repo });
    writeFileSync(
      path.join(bin, "age-plugin-hushtest"),
      `#!/bin/sh\nexec "${process.execPath}" "${PLUGIN}" "$@"\n`,
      { mode: 0o755 },
    );
    keys = newKeys();
    idFile = path.join(dir, "yubikey.txt");
    writeFileSync(
      idFile,
      `# a plugin identity names the key, it holds no secret of its own here\n${keys.identity}\n`,
      { mode: 0o600 },
    );
    writeFileSync(
      path.join(repo, ".hush.yaml"),
      `members:\n  yk: ${keys.recipient}\nrules:\n  - path: "*.secret.yaml"\n    recipients: [yk]\n`,
    );
    writeFileSync(path.join(repo, "a.secret.yaml"), "A: one\n");
    const r = await runHush(["encrypt", "-i", "a.secret.yaml"], { cwd: repo, env: env() });
    expect(r.stderr).toBe("recipients from .hush.yaml\n");
    expect(r.code).toBe(0);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("should wrap with the plugin (recipient-v1) and open with it (identity-v1)", async () => {
    const text = readFileSync(path.join(repo, "a.secret.yaml"), "utf8");
    expect(text).toContain(`recipient: ${keys.recipient}`);
    const r = await runHush(["get", "--identity", idFile, "a.secret.yaml", "A"], {
      cwd: repo,
      env: env(),
    });
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe("one\n");
    const access = await runHush(["access"], { cwd: repo, env: env() });
    expect(access.stdout).toContain("yk: plugin:hushtest");
  });

  it.skipIf(!haveAge)(
    "should agree with the age CLI both ways through the same plugin",
    async () => {
      const file = path.join(repo, "a.secret.yaml");
      const text = readFileSync(file, "utf8");
      const stanza = path.join(dir, "s.age");
      const first = firstStanza(text);
      writeFileSync(stanza, first.armor);
      const dataKey = execFileSync("age", ["-d", "-i", idFile, stanza], { env: env() });
      expect(dataKey.length).toBe(32);
      const fromAge = execFileSync("age", ["-a", "-r", keys.recipient], {
        input: dataKey,
        env: env(),
      }).toString("utf8");
      const swapped = text.replace(
        first.raw,
        fromAge.trimEnd().split("\n").join(`\n${first.indent}`),
      );
      writeFileSync(path.join(repo, "swapped.yaml"), swapped);
      expect(readFileSync(path.join(repo, "swapped.yaml"), "utf8")).not.toBe(text);
      const r = await runHush(["get", "--identity", idFile, "swapped.yaml", "A"], {
        cwd: repo,
        env: env(),
      });
      expect(r.stderr).toBe("");
      expect(r.stdout).toBe("one\n");
    },
  );

  it.skipIf(!pty)(
    "should relay the plugin's message and PIN question to the terminal",
    async () => {
      const pin = ["12", "34", "56"].join("");
      const argv = [process.execPath, HUSH_BIN, "get", "--identity", idFile, "a.secret.yaml", "A"];
      const ok = await runOnPty(argv, {
        cwd: repo,
        env: env({ HUSHTEST_PIN: pin }),
        answers: [{ expect: "PIN", send: pin }],
      });
      expect(ok.output).toContain("touch your hushtest key");
      expect(ok.output).toContain("one");
      expect(ok.output).not.toContain(pin);
      expect(ok.code).toBe(0);
      const wrong = await runOnPty(argv, {
        cwd: repo,
        env: env({ HUSHTEST_PIN: pin }),
        answers: [{ expect: "PIN", send: "0000" }],
      });
      expect(wrong.code).toBe(1);
      expect(wrong.output).toMatch(/hush: age plugin hushtest: wrong PIN/);
      expect(wrong.output).not.toMatch(/\n\s+at /);
    },
  );

  it("should never run a plugin from the working folder, the repository or a writable place", async () => {
    const marker = path.join(dir, "planted-ran");
    const planted = `#!/bin/sh\ntouch "${marker}"\nexit 1\n`;
    // A relative PATH entry ("." here) means the working folder: the repository picks the program.
    writeFileSync(path.join(repo, "age-plugin-hushtest"), planted, { mode: 0o755 });
    const dot = await runHush(["get", "--identity", idFile, "a.secret.yaml", "A"], {
      cwd: repo,
      env: hushEnv(home, { PATH: `.:${path.dirname(process.execPath)}:/usr/bin:/bin` }),
    });
    expect(dot.code).toBe(1);
    expect(dot.stderr).toContain("not found on PATH");
    // An absolute PATH entry inside the repository (direnv's PATH_add bin) is refused too.
    mkdirSync(path.join(repo, "bin"));
    writeFileSync(path.join(repo, "bin", "age-plugin-hushtest"), planted, { mode: 0o755 });
    const inRepo = await runHush(["get", "--identity", idFile, "a.secret.yaml", "A"], {
      cwd: repo,
      env: hushEnv(home, {
        PATH: `${path.join(repo, "bin")}:${path.dirname(process.execPath)}:/usr/bin:/bin`,
      }),
    });
    expect(inRepo.code).toBe(1);
    expect(inRepo.stderr).toContain("which the repository controls");
    // A plugin another user could replace is refused.
    chmodSync(path.join(bin, "age-plugin-hushtest"), 0o775);
    try {
      const writable = await runHush(["get", "--identity", idFile, "a.secret.yaml", "A"], {
        cwd: repo,
        env: env(),
      });
      expect(writable.code).toBe(1);
      expect(writable.stderr).toContain("can be written by others");
    } finally {
      chmodSync(path.join(bin, "age-plugin-hushtest"), 0o755);
    }
    expect(existsSync(marker)).toBe(false);
  });

  it("should refuse a plugin recipient whose name is a path, without running anything", async () => {
    const marker = path.join(dir, "path-ran");
    mkdirSync(path.join(repo, "x"), { recursive: true });
    writeFileSync(path.join(repo, "x", "age-plugin-evil"), `#!/bin/sh\ntouch "${marker}"\n`, {
      mode: 0o755,
    });
    const evil = bech32Encode("age1../x/evil", Buffer.alloc(32, 7));
    const policy = path.join(repo, ".hush.yaml");
    const saved = readFileSync(policy, "utf8");
    writeFileSync(
      policy,
      `members:\n  evil: ${evil}\nrules:\n  - path: "*.secret.yaml"\n    recipients: [evil]\n`,
    );
    try {
      writeFileSync(path.join(repo, "b.secret.yaml"), "B: two\n");
      const r = await runHush(["encrypt", "-i", "b.secret.yaml"], { cwd: repo, env: env() });
      expect(r.code).toBe(1);
      expect(r.stderr).toContain("malformed key");
      expect(readFileSync(path.join(repo, "b.secret.yaml"), "utf8")).toBe("B: two\n");
    } finally {
      writeFileSync(policy, saved);
    }
    expect(existsSync(marker)).toBe(false);
  });
});
