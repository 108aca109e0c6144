// Shared set-up of the action's end-to-end tests: temp workspaces holding files encrypted with
// fresh keys, the run variables a runner sets, and where the committed bundle and Node 24 live.
import { existsSync } from "node:fs";
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { encrypt, generateIdentity, detectFormat } from "@hush/core";

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
/** The committed bundle, run exactly as the runner runs `main`. */
export const BUNDLE = join(ROOT, "actions/decrypt/dist/index.js");
/** Node 24 as installed by `bash scripts/install-node.sh 24` (HUSH_NODE_CACHE overrides the folder). */
export const NODE24 = join(
  process.env.HUSH_NODE_CACHE ?? join(ROOT, ".cache/node"),
  "24/node_modules/.bin/node",
);
export const HAVE_NODE24 = existsSync(NODE24);

/** What the runner sets for every step (GitHubContext allowlist + runner context), for a push to main. */
export function runVariables(workspace: string): Record<string, string> {
  return {
    GITHUB_WORKSPACE: workspace,
    GITHUB_SERVER_URL: "https://github.com",
    GITHUB_REPOSITORY: "octo-org/deploy",
    GITHUB_REPOSITORY_ID: "74",
    GITHUB_REPOSITORY_OWNER: "octo-org",
    GITHUB_SHA: "0123456789abcdef0123456789abcdef01234567",
    GITHUB_REF: "refs/heads/main",
    GITHUB_WORKFLOW: "deploy",
    GITHUB_WORKFLOW_REF: "octo-org/deploy/.github/workflows/deploy.yml@refs/heads/main",
    GITHUB_WORKFLOW_SHA: "0123456789abcdef0123456789abcdef01234567",
    GITHUB_RUN_ID: "9001",
    GITHUB_RUN_NUMBER: "42",
    GITHUB_RUN_ATTEMPT: "1",
    GITHUB_JOB: "deploy",
    GITHUB_EVENT_NAME: "push",
    GITHUB_ACTOR: "octocat",
    GITHUB_ACTOR_ID: "12",
    GITHUB_TRIGGERING_ACTOR: "octocat",
    GITHUB_ACTION: "__run",
    RUNNER_NAME: "GitHub Actions 7",
    RUNNER_OS: "Linux",
    RUNNER_ARCH: "X64",
    RUNNER_ENVIRONMENT: "github-hosted",
  };
}

/** The plaintext of the main test file and the values the action must export from it. */
export const PLAINTEXT = [
  `db_password: 's3cr3t-P@ss%0A"q"'`,
  "api:",
  "  token: tok_9f8e7d6c5b4a3f2e",
  "tls_key: |",
  "  -----BEGIN TEST KEY-----",
  "  MIIBOgIBAAJBAKj34GkxFhD90vcNLYLInFEX6Ppy1tPf",
  "  9Cnzj4p4WGeKLs1Pt8Qu+wQ=",
  "  -----END TEST KEY-----",
  "replicas: 31337",
  "",
].join("\n");
export const EXPECTED_ENV: Record<string, string> = {
  db_password: 's3cr3t-P@ss%0A"q"',
  api_token: "tok_9f8e7d6c5b4a3f2e",
  tls_key:
    "-----BEGIN TEST KEY-----\nMIIBOgIBAAJBAKj34GkxFhD90vcNLYLInFEX6Ppy1tPf\n9Cnzj4p4WGeKLs1Pt8Qu+wQ=\n-----END TEST KEY-----\n",
  replicas: "31337",
};
export const EXPECTED_PATHS = ["db_password", "api.token", "tls_key", "replicas"];

/** A private temp workspace; `cleanup` removes it. */
export async function makeWorkspace(): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), "hush-action-"));
  await chmod(dir, 0o700);
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** A fresh age key pair. */
export const newKey = (): Promise<{ identity: string; recipient: string }> => generateIdentity();

/** Encrypt `plaintext` for `recipients` into `workspace/rel` (format from the name). */
export async function writeEncrypted(
  workspace: string,
  rel: string,
  plaintext: string,
  recipients: string[],
): Promise<string> {
  const path = join(workspace, rel);
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, await encrypt(plaintext, { format: detectFormat(rel), recipients }));
  return path;
}

/** Every value and every non-empty trimmed line of a multi-line value: what must be masked. */
export function secretsOf(values: Iterable<string>): string[] {
  const out = new Set<string>();
  for (const v of values) {
    out.add(v);
    for (const line of v.split("\n")) if (line.trim() !== "") out.add(line.trim());
  }
  return [...out];
}

export const readText = (path: string): Promise<string> => readFile(path, "utf8");
