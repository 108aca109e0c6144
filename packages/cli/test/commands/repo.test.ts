// init, status, policy, hook and exec called in process over real temp repos and age keys (the
// built binary: test/e2e/cli-init, cli-basics, cli-exec, integrity-policy, guard-commit tests).
import { readFile, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createRepo, type TestRepo } from "../../../../test/helpers/git.js";
import { createKeyedRepo } from "../../../../test/helpers/keyed-repo.js";
import { runIn, type World } from "../../../../test/helpers/in-process.js";
import { initCommand } from "../../src/commands/init.js";
import { statusCommand } from "../../src/commands/status.js";
import { policyCheckCommand, policyExplainCommand } from "../../src/commands/policy.js";
import { hookInstallCommand, hookUninstallCommand } from "../../src/commands/hook.js";
import { execCommand } from "../../src/commands/exec.js";
import { encryptCommand } from "../../src/commands/encrypt.js";

let repo: TestRepo | undefined;
afterEach(async () => {
  await repo?.cleanup();
  repo = undefined;
});

const worldOf = (r: TestRepo): World => ({ cwd: r.dir, env: r.env });

/** A keyed repo with `rel` written from `plain` and encrypted in place. */
async function withEncrypted(rel: string, plain: string, rules?: string) {
  const r = await createKeyedRepo(rules);
  repo = r;
  const file = await r.write(rel, plain);
  const enc = await runIn(encryptCommand, { files: [rel], inPlace: true }, worldOf(r));
  expect(enc.exit, enc.stderr).toBe(0);
  return { repo: r, world: worldOf(r), file };
}

describe("init", () => {
  it("should create an identity and a policy naming its public key", async () => {
    repo = await createRepo();
    const r = await runIn(initCommand, { json: true, name: "alice" }, worldOf(repo));
    expect(r.exit, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { publicKey: string; identityFile: string };
    expect(out.identityFile).toBe(path.join(repo.home, ".config/sops/age/keys.txt"));
    expect((await stat(out.identityFile)).mode & 0o777).toBe(0o600);
    const policy = await readFile(path.join(repo.dir, ".hush.yaml"), "utf8");
    expect(policy).toContain(`alice: ${out.publicKey}`);
    const check = await runIn(policyCheckCommand, {}, worldOf(repo));
    expect(check.exit, check.stdout).toBe(0);
  });

  it("should refuse to replace an existing .hush.yaml (ERR_COMMAND)", async () => {
    repo = await createRepo();
    await repo.write(".hush.yaml", "rules: []\n");
    const r = await runIn(initCommand, {}, worldOf(repo));
    expect(r).toMatchObject({ exit: 1, code: "ERR_COMMAND", stdout: "" });
    expect(await readFile(path.join(repo.dir, ".hush.yaml"), "utf8")).toBe("rules: []\n");
  });
});

describe("status", () => {
  it("should report a good MAC and exit 0", async () => {
    const { world } = await withEncrypted("app.secret.yaml", "a: 1\n");
    const r = await runIn(statusCommand, { paths: [], json: true }, world);
    expect(r.exit, r.stderr).toBe(0);
    const files = (JSON.parse(r.stdout) as { files: { path: string; mac: string }[] }).files;
    expect(files).toEqual([expect.objectContaining({ path: "app.secret.yaml", mac: "ok" })]);
  });

  it("should exit 1 on a MAC mismatch and on a plaintext file a rule covers", async () => {
    const { world, file, repo } = await withEncrypted("app.secret.yaml", "a: 1\nb: 2\n");
    const lines = (await readFile(file, "utf8")).split("\n");
    await writeFile(file, lines.filter((l) => !l.startsWith("b: ENC[")).join("\n"));
    await repo.write("plain.yaml", "c: 3\n");
    const r = await runIn(statusCommand, { paths: [] }, world);
    expect(r.exit).toBe(1);
    expect(r.stdout).toMatch(/^app\.secret\.yaml .* MISMATCH/m);
    expect(r.stdout).toMatch(/^plain\.yaml .* NOT ENCRYPTED/m);
  });
});

describe("policy", () => {
  it("should explain which rule covers a path, and fail for a path none covers", async () => {
    repo = await createKeyedRepo('  - path: "secrets/**"\n    recipients: [me]\n');
    const world = worldOf(repo);
    const r = await runIn(policyExplainCommand, { file: "secrets/db.yaml", json: true }, world);
    expect(r.exit, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ path: "secrets/db.yaml", rule: { number: 1 } });
    const none = await runIn(policyExplainCommand, { file: "other.yaml" }, world);
    expect(none).toMatchObject({ exit: 1, code: "ERR_COMMAND" });
  });

  it("should fail policy check when there is no policy (ERR_COMMAND)", async () => {
    repo = await createRepo();
    const r = await runIn(policyCheckCommand, {}, worldOf(repo));
    expect(r).toMatchObject({ exit: 1, code: "ERR_COMMAND" });
  });
});

describe("hook", () => {
  it("should install a hook that runs the guard with this node, and uninstall it", async () => {
    repo = await createRepo();
    const world = worldOf(repo);
    const hookFile = path.join(repo.dir, ".git/hooks/pre-commit");
    const r = await runIn(hookInstallCommand, {}, world);
    expect(r).toMatchObject({
      exit: 0,
      stdout: "installed the hush guard: .git/hooks/pre-commit\n",
    });
    const script = await readFile(hookFile, "utf8");
    expect(script).toContain("# hush-guard:");
    expect(script).toContain(process.execPath);
    expect((await stat(hookFile)).mode & 0o111).not.toBe(0);
    const un = await runIn(hookUninstallCommand, {}, world);
    expect(un.exit).toBe(0);
    await expect(stat(hookFile)).rejects.toThrow();
  });

  it("should leave a foreign hook alone without --force (ERR_COMMAND)", async () => {
    repo = await createRepo();
    const hookFile = await repo.write(".git/hooks/pre-commit", "#!/bin/sh\necho mine\n");
    const r = await runIn(hookInstallCommand, {}, worldOf(repo));
    expect(r).toMatchObject({ exit: 1, code: "ERR_COMMAND" });
    expect(await readFile(hookFile, "utf8")).toBe("#!/bin/sh\necho mine\n");
  });
});

describe("exec", () => {
  it("should run the program with the values and pass its exit status through", async () => {
    const { world, repo } = await withEncrypted("app.secret.yaml", "db:\n  user: svc\n");
    const out = path.join(repo.dir, "seen.txt");
    const r = await runIn(
      execCommand,
      {
        files: ["app.secret.yaml"],
        command: ["sh", "-c", 'printf %s "$db_user" > "$0"; exit 7', out],
      },
      world,
    );
    expect(r.exit).toBe(7);
    expect(await readFile(out, "utf8")).toBe("svc");
  });

  it("should refuse a value named like a variable that runs code (ERR_ENV_NAME), program not run", async () => {
    const { world, repo } = await withEncrypted("app.secret.yaml", "LD_PRELOAD: /tmp/x.so\n");
    const out = path.join(repo.dir, "ran.txt");
    const r = await runIn(
      execCommand,
      { files: ["app.secret.yaml"], command: ["sh", "-c", ': > "$0"', out] },
      world,
    );
    expect(r).toMatchObject({ exit: 1, code: "ERR_ENV_NAME" });
    await expect(stat(out)).rejects.toThrow();
  });

  it("should refuse a missing command as a usage error", async () => {
    const { world } = await withEncrypted("app.secret.yaml", "a: 1\n");
    const r = await runIn(execCommand, { files: ["app.secret.yaml"], command: [] }, world);
    expect(r).toMatchObject({ exit: 2, code: "ERR_USAGE" });
  });
});
