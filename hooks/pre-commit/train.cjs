// Build step (build.mjs runs it as `node train.cjs <dist/bundle>`): load the bundled guard the way
// bin/hush-pre-commit.js does, run it on the commits a team makes (plain files with a credential, a
// policy seen for the first time and again, an encrypted file under a rule, a plaintext one) in a
// throwaway repository, and keep the compiled code as the bundle's code cache.
"use strict";
const { execFileSync } = require("node:child_process");
const crypto = require("node:crypto");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");

const outdir = path.resolve(process.argv[2] ?? "dist/bundle");
const { loadBundle } = require(path.join(outdir, "code-cache.cjs"));

async function main() {
  const bundle = loadBundle(path.join(outdir, "guard.cjs"), { saveOnExit: false });
  const { run } = bundle.exports;
  const repo = fs.mkdtempSync(path.join(os.tmpdir(), "hush-train-guard-"));
  try {
    const env = { HOME: repo, PATH: process.env.PATH, GIT_CONFIG_NOSYSTEM: "1", NO_COLOR: "1" };
    const git = (...args) => execFileSync("git", args, { cwd: repo, env, stdio: "ignore" });
    const write = (rel, text) => {
      fs.mkdirSync(path.dirname(path.join(repo, rel)), { recursive: true });
      fs.writeFileSync(path.join(repo, rel), text);
    };
    const guard = async (expected, extraEnv = {}) => {
      let err = "";
      const code = await run([], {
        stdout: () => {},
        stderr: (s) => void (err += s),
        env: { ...env, ...extraEnv },
        cwd: repo,
        isTTY: false,
      });
      if (code !== expected) throw new Error(`guard exited ${code}, expected ${expected}: ${err}`);
    };
    git("init", "-q", "-b", "main");
    git("config", "user.email", "train@example.com");
    git("config", "user.name", "train");

    // Made with core's own (unbundled) modules: outside the bundle's script, so not in its cache.
    const core = await import("@hush/core");
    const me = await core.generateIdentity();
    fs.writeFileSync(path.join(repo, "key.txt"), `${me.identity}\n`, { mode: 0o600 });
    write(
      ".hush.yaml",
      `members:\n  me: ${me.recipient}\nrules:\n  - path: "secrets/**"\n    recipients: [me]\n`,
    );
    const source = (i) =>
      Array.from(
        { length: 200 },
        (_, j) => `export const value${j} = compute(${i}, ${j}); // line ${j}`,
      ).join("\n") + "\n";
    for (let i = 0; i < 5; i++) write(`src/file${i}.ts`, source(i));
    // A credential made up at run time, so this file holds none.
    const base32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    const token = `AKIA${Array.from(crypto.randomBytes(16), (b) => base32[b % 32]).join("")}`;
    write("src/config.ts", `export const awsKey = "${token}";\n`);
    git("add", ".hush.yaml", "src");
    await guard(1); // a credential, and a policy seen for the first time
    git("rm", "-q", "--cached", "src/config.ts");
    await guard(0); // the policy's answers now come from its cache
    write(
      "secrets/app.yaml",
      await core.encrypt("db:\n  password: pw\n", { format: "yaml", recipients: [me.recipient] }),
    );
    git("add", "secrets/app.yaml");
    await guard(0, { SOPS_AGE_KEY_FILE: path.join(repo, "key.txt") }); // MAC verified
    await guard(0); // no key: structure and recipients only
    write("secrets/plain.yaml", "db:\n  password: pw\n");
    git("add", "secrets/plain.yaml");
    await guard(1); // plaintext under a rule
    bundle.save();
  } finally {
    fs.rmSync(repo, { recursive: true, force: true });
  }
}

main().catch((err) => {
  process.stderr.write(`train: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
