#!/usr/bin/env node
// `pnpm demo`: walks the example GitOps repo (examples/) end to end in a temp copy, printing each step
// as a user would see it. Every step checks that hush behaved as shown; the first surprise stops the
// demo with exit 1. Uses the built binaries: packages/cli/bin/hush.js and actions/decrypt/dist/index.js.
import { spawnSync } from "node:child_process";
import {
  cpSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
  chmodSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const hushBin = join(root, "packages/cli/bin/hush.js");
const actionBundle = join(root, "actions/decrypt/dist/index.js");
for (const f of [hushBin, join(root, "packages/cli/dist/run.js"), actionBundle]) {
  if (!existsSync(f)) fail(`${f} is missing: run \`pnpm build\` first (pnpm demo does)`);
}

const tty = process.stdout.isTTY && !process.env.NO_COLOR;
const paint = (code, s) => (tty ? `\x1b[${code}m${s}\x1b[0m` : s);
const bold = (s) => paint("1", s);
const dim = (s) => paint("2", s);
const green = (s) => paint("32", s);
const red = (s) => paint("31", s);

const work = mkdtempSync(join(tmpdir(), "hush-demo-"));
const repo = join(work, "gitops");
const home = join(work, "home"); // no real key of the user is ever read
let stepNo = 0;

function fail(message) {
  console.error(red(`demo failed: ${message}`));
  process.exit(1);
}
function step(title) {
  stepNo += 1;
  console.log(`\n${bold(`${stepNo}. ${title}`)}`);
}
function say(text) {
  console.log(dim(text));
}
function indent(text, max = 40) {
  const lines = text.replace(/\n$/, "").split("\n");
  const shown =
    lines.length > max ? [...lines.slice(0, max), `… (${lines.length - max} more lines)`] : lines;
  return shown.map((l) => `    ${l}`).join("\n");
}
function env(extra = {}) {
  const e = { ...process.env, HOME: home, XDG_CONFIG_HOME: join(home, ".config"), NO_COLOR: "1" };
  for (const k of [
    "SOPS_AGE_KEY",
    "SOPS_AGE_KEY_FILE",
    "SOPS_AGE_KEY_CMD",
    "HUSH_AGE_KEY",
    "HUSH_AGE_KEY_FILE",
    "GIT_DIR",
    "GIT_INDEX_FILE",
  ])
    delete e[k];
  e.GIT_AUTHOR_NAME = e.GIT_COMMITTER_NAME = "Alice Demo";
  e.GIT_AUTHOR_EMAIL = e.GIT_COMMITTER_EMAIL = "alice@example.com";
  return { ...e, ...extra };
}
/** Run a command in the repo, show it and its output, check its exit code. */
function sh(display, cmd, args, { expect = 0, env: extra = {}, show = true, input } = {}) {
  const r = spawnSync(cmd, args, { cwd: repo, env: env(extra), encoding: "utf8", input });
  const out = `${r.stdout ?? ""}${r.stderr ?? ""}`;
  if (show) {
    console.log(`  $ ${display}`);
    if (out.trim() !== "") console.log(indent(out));
  }
  if (r.status !== expect) fail(`\`${display}\` exited ${r.status}, expected ${expect}\n${out}`);
  return { out, stdout: r.stdout ?? "", stderr: r.stderr ?? "" };
}
const hush = (args, opts = {}) =>
  sh(`hush ${args.join(" ")}`, process.execPath, [hushBin, ...args], opts);
const git = (args, opts = {}) => sh(`git ${args.join(" ")}`, "git", args, opts);
const as = (member) => ({ HUSH_AGE_KEY_FILE: join(repo, "keys", `${member}.txt`) });
function check(cond, what) {
  if (!cond) fail(what);
  console.log(`  ${green("✓")} ${what}`);
}

try {
  console.log(bold("hush demo: the example GitOps repo (examples/), in a temp copy"));
  say(`  working in ${repo}`);
  cpSync(join(root, "examples"), repo, { recursive: true });
  git(["init", "-q", "-b", "main"], { show: false });
  git(["add", "-A"], { show: false });
  git(["commit", "-q", "-m", "GitOps repo with encrypted secrets"], { show: false });

  step("Keys: every person and machine has an age identity; the policy names them");
  say(
    "  The demo keys live in keys/ (public on purpose). A newcomer makes one with `hush keygen`:",
  );
  const kg = hush(["keygen", "-o", join(home, "carol.txt")]);
  const carolKey = /age1[0-9a-z]{58}/.exec(kg.out)?.[0];
  check(carolKey !== undefined, "keygen printed the new public key");
  check(
    readFileSync(join(home, "carol.txt")).length > 0 &&
      spawnSync("stat", ["-c", "%a", join(home, "carol.txt")], {
        encoding: "utf8",
      }).stdout.trim() === "600",
    "the identity file is private (0600)",
  );
  hush(["access"], { env: as("alice") });

  step("Decrypt: least privilege by path");
  const prod = hush(["decrypt", "k8s/prod/api-secret.yaml"], { env: as("alice") });
  check(
    prod.stdout.includes("SESSION_SECRET: 6b1f0e5d2c9a8b7f4e3d2c1b0a9f8e7d"),
    "alice (platform) reads the production Secret, comments back in place",
  );
  const denied = hush(["decrypt", "k8s/prod/api-secret.yaml"], { env: as("bob"), expect: 1 });
  check(
    !denied.out.includes("6b1f0e5d") && /^hush: /m.test(denied.out),
    "bob (a developer) cannot: one-line error, no secret",
  );
  hush(["get", "k8s/dev/api-secret.yaml", "stringData.DATABASE_URL"], { env: as("bob") });

  step("Edit: only the changed value gets a new ciphertext");
  const editor = join(work, "editor.mjs");
  writeFileSync(
    editor,
    `import { readFileSync, writeFileSync } from "node:fs";\nconst f = process.argv[2];\nwriteFileSync(f, readFileSync(f, "utf8").replace(/SESSION_SECRET: .*/, "SESSION_SECRET: dev-session-rotated-2026"));\n`,
  );
  hush(["edit", "k8s/dev/api-secret.yaml"], {
    env: { ...as("bob"), EDITOR: `${JSON.stringify(process.execPath)} ${JSON.stringify(editor)}` },
  });
  const numstat = git(["diff", "--numstat"]).stdout.trim();
  check(
    numstat === "3\t3\tk8s/dev/api-secret.yaml",
    "git diff: 3 lines changed — SESSION_SECRET, mac and lastmodified",
  );
  git(["commit", "-q", "-am", "Rotate the dev session secret"], { show: false });

  step("The guard: a plaintext secret never reaches history");
  hush(["hook", "install"]);
  writeFileSync(
    join(repo, "k8s/dev/worker-secret.yaml"),
    "apiVersion: v1\nkind: Secret\nmetadata:\n  name: worker\ntype: Opaque\nstringData:\n  QUEUE_PASSWORD: q-d3m0-pa55w0rd-7731\n",
  );
  // A token in application code, built here so this demo's own source holds no live-looking token.
  const token = "ghp_" + "R7s2kLm9Qx4vTb8nWc1ZyH6dJf3pAe5uGo0i".slice(0, 36);
  writeFileSync(join(repo, "apps/web/config.js"), `export const github = { token: "${token}" };\n`);
  git(["add", "k8s/dev/worker-secret.yaml", "apps/web/config.js"], { show: false });
  const blocked = git(["commit", "-m", "Add the worker"], { expect: 1 });
  check(
    blocked.out.includes("k8s/dev/worker-secret.yaml"),
    "blocked: a file under a policy rule is staged in plaintext",
  );
  check(
    !blocked.out.includes("q-d3m0-pa55w0rd-7731") && !blocked.out.includes(token),
    "the guard's findings are redacted",
  );
  say("  Fix: encrypt the manifest, move the token out of the code.");
  hush(["encrypt", "-i", "k8s/dev/worker-secret.yaml"]);
  git(["rm", "-q", "--cached", "apps/web/config.js"], { show: false });
  rmSync(join(repo, "apps/web/config.js"));
  git(["add", "k8s/dev/worker-secret.yaml"], { show: false });
  git(["commit", "-m", "Add the worker"]);
  check(
    git(["show", "HEAD:k8s/dev/worker-secret.yaml"], { show: false }).stdout.includes(
      "QUEUE_PASSWORD: ENC[AES256_GCM,",
    ),
    "committed encrypted; keys stay readable",
  );

  step("Team change: bob leaves, carol joins");
  const policyPath = join(repo, ".hush.yaml");
  let policy = readFileSync(policyPath, "utf8");
  policy = policy
    .replace(/^  bob: .*\n/m, `  carol: ${carolKey}   # app developer (joined)\n`)
    .replace("devs: [alice, bob]", "devs: [alice, carol]");
  writeFileSync(policyPath, policy);
  say("  .hush.yaml: bob removed from members and devs, carol added.");
  const stale = hush(["rekey", "--check"], { expect: 1 });
  check(
    stale.out.includes("k8s/dev/api-secret.yaml") &&
      !stale.out.includes("k8s/prod/api-secret.yaml"),
    "rekey --check lists exactly the files bob could read",
  );
  hush(["rekey", "--all"], { env: as("alice") });
  say("  bob may have kept the old data keys: rotate what he could read.");
  hush(
    [
      "rotate",
      "k8s/dev/api-secret.yaml",
      "k8s/dev/worker-secret.yaml",
      "apps/web/.env",
      "helm/api/values.secret.yaml",
    ],
    { env: as("alice") },
  );
  hush(["rekey", "--check"]);
  hush(["decrypt", "apps/web/.env"], { env: as("bob"), expect: 1, show: false });
  check(true, "bob's key no longer opens any file he could read");
  const carolReads = hush(["get", "apps/web/.env", "COOKIE_SECRET"], {
    env: { HUSH_AGE_KEY_FILE: join(home, "carol.txt") },
    show: false,
  });
  check(
    carolReads.stdout.trim() === "c00k1e-s3cr3t-d3m0-0nly",
    "carol's new key reads the dev secrets",
  );
  git(["commit", "-q", "-am", "Off-board bob, on-board carol; rekey and rotate"], { show: false });

  step("Deploy: the GitHub Action decrypts, masks every value and writes an audit record");
  const runner = join(work, "runner");
  const files = {
    GITHUB_ENV: "env",
    GITHUB_OUTPUT: "output",
    GITHUB_STEP_SUMMARY: "summary",
    GITHUB_STATE: "state",
    GITHUB_PATH: "path",
  };
  spawnSync("mkdir", ["-p", runner]);
  const fileEnv = {};
  for (const [k, v] of Object.entries(files)) {
    fileEnv[k] = join(runner, v);
    writeFileSync(fileEnv[k], "");
  }
  const head = git(["rev-parse", "HEAD"], { show: false }).stdout.trim();
  const actionEnv = {
    ...fileEnv,
    GITHUB_ACTIONS: "true",
    GITHUB_WORKSPACE: repo,
    RUNNER_TEMP: runner,
    GITHUB_REPOSITORY: "example/gitops",
    GITHUB_REPOSITORY_ID: "123456",
    GITHUB_SHA: head,
    GITHUB_REF: "refs/heads/main",
    GITHUB_WORKFLOW: "deploy",
    GITHUB_WORKFLOW_REF: "example/gitops/.github/workflows/deploy.yml@refs/heads/main",
    GITHUB_RUN_ID: "42",
    GITHUB_RUN_NUMBER: "7",
    GITHUB_RUN_ATTEMPT: "1",
    GITHUB_JOB: "deploy",
    GITHUB_EVENT_NAME: "push",
    GITHUB_ACTOR: "alice",
    GITHUB_ACTOR_ID: "1001",
    GITHUB_TRIGGERING_ACTOR: "alice",
    RUNNER_NAME: "demo-runner",
    RUNNER_OS: "Linux",
    RUNNER_ENVIRONMENT: "github-hosted",
    "INPUT_AGE-KEY": readFileSync(join(repo, "keys/deploy-prod.txt"), "utf8"),
    INPUT_FILES: "k8s/prod/**/*.yaml",
    INPUT_EXPORT: "env",
    INPUT_PREFIX: "",
    "INPUT_AUDIT-LOG": ".hush/audit.jsonl",
    "INPUT_FAIL-ON-AUDIT-ERROR": "true",
    "INPUT_DOTENV-PATH": "",
    "INPUT_OUTPUT-DIR": "",
    "INPUT_AUDIT-BRANCH": "",
    "INPUT_AUDIT-SALT": "",
  };
  const deploy = sh(
    "node actions/decrypt/dist/index.js   # as the runner starts it, key = deploy-prod",
    process.execPath,
    [actionBundle],
    { env: actionEnv },
  );
  const masks = [...deploy.stdout.matchAll(/^::add-mask::(.*)$/gm)].map((m) => m[1]);
  check(
    masks.includes("6b1f0e5d2c9a8b7f4e3d2c1b0a9f8e7d"),
    "every value was registered with ::add-mask:: before use",
  );
  const envFile = readFileSync(fileEnv.GITHUB_ENV, "utf8");
  check(
    /^SESSION_SECRET<</m.test(envFile) &&
      !/^kind<</m.test(envFile) &&
      envFile.includes("6b1f0e5d2c9a8b7f4e3d2c1b0a9f8e7d"),
    "SESSION_SECRET exported to later steps by its own name (the manifest's kind/metadata are not)",
  );
  const auditLog = join(repo, ".hush/audit.jsonl");
  const record = JSON.parse(readFileSync(auditLog, "utf8").trim().split("\n").at(-1));
  console.log(
    indent(
      JSON.stringify(
        {
          time: record.time,
          commit: record.commit ?? record.sha,
          files: record.files,
          recipient: record.recipient,
          outcome: record.outcome,
          prev: record.prev,
          hash: record.hash,
        },
        null,
        2,
      ),
    ),
  );
  check(
    !readFileSync(auditLog, "utf8").includes("6b1f0e5d"),
    "the audit record names files and paths, never values",
  );
  sh(
    "node actions/decrypt/dist/index.js   # a second deploy appends to the chain",
    process.execPath,
    [actionBundle],
    { env: actionEnv, show: false },
  );
  hush(["audit", "verify", ".hush/audit.jsonl"]);
  const lines = readFileSync(auditLog, "utf8").split("\n");
  lines[0] = lines[0].replace('"outcome":"success"', '"outcome":"failure"');
  writeFileSync(auditLog, lines.join("\n"));
  say("  Someone edits the first record by hand…");
  hush(["audit", "verify", ".hush/audit.jsonl"], { expect: 1 });
  check(true, "the hash chain shows the edit");

  console.log(`\n${green(bold("demo complete: every step behaved as shown"))}`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
