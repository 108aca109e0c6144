// The whole pre-commit hook as a process (node startup + git plumbing + checks), on a commit of
// 10 files / 200 KB of ordinary source in a repo with a .hush.yaml, side by side with `node -e ''`.
// Uses the BUILT guard (hooks/pre-commit/bin → dist). Run alone: node test/bench/run.mjs hook
import { spawnSync } from "node:child_process";
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "../..");
const GUARD = join(root, "hooks/pre-commit/bin/hush-pre-commit.js");
const RUNS = 15;
const WARMUP = 3;

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function wall(cmd, args, opts) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { ...opts, encoding: "utf8" });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.error) throw r.error;
  return { ms, code: r.status, stderr: r.stderr };
}

function measure(cmd, args, opts, expectCode) {
  for (let i = 0; i < WARMUP; i++) wall(cmd, args, opts);
  const times = [];
  for (let i = 0; i < RUNS; i++) {
    const r = wall(cmd, args, opts);
    if (expectCode !== undefined && r.code !== expectCode) throw new Error(`${args.join(" ")} exited ${r.code}: ${r.stderr.slice(0, 300)}`);
    times.push(r.ms);
  }
  return median(times);
}

/** About 20 KB of ordinary TypeScript-like source, different per file. */
function sourceFile(n) {
  const lines = [];
  for (let i = 0; lines.join("\n").length < 20_000; i++) {
    lines.push(
      `export function handler${n}_${i}(request: Request, options: { retries: number; timeoutMs: number }): Promise<Response> {`,
      `  const url = new URL(request.url); // route ${i} of module ${n}`,
      `  if (url.pathname.startsWith("/api/v${i % 3}/")) return fetchWithRetry(url, options.retries, options.timeoutMs);`,
      `  return Promise.resolve(new Response(JSON.stringify({ ok: true, id: "${n}-${i}" }), { status: 200 }));`,
      "}",
      "",
    );
  }
  return lines.join("\n") + "\n";
}

export default async function bench() {
  const { generateIdentity } = await import(pathToFileURL(join(root, "packages/core/dist/index.js")).href);
  const alice = await generateIdentity();
  const base = mkdtempSync(join(tmpdir(), "hush-bench-hook-"));
  const env = {
    PATH: process.env.PATH ?? "",
    HOME: base,
    XDG_CONFIG_HOME: join(base, ".config"),
    GIT_CONFIG_NOSYSTEM: "1",
    GIT_AUTHOR_NAME: "b",
    GIT_AUTHOR_EMAIL: "b@hush.invalid",
    GIT_COMMITTER_NAME: "b",
    GIT_COMMITTER_EMAIL: "b@hush.invalid",
  };
  const repo = join(base, "repo");
  mkdirSync(repo);
  const git = (...args) => {
    const r = spawnSync("git", args, { cwd: repo, env, encoding: "utf8" });
    if (r.status !== 0) throw new Error(`git ${args.join(" ")}: ${r.stderr}`);
  };
  try {
    git("init", "-q", "-b", "main");
    writeFileSync(
      join(repo, ".hush.yaml"),
      `members:\n  alice: ${alice.recipient}\nrules:\n  - path: "secrets/**"\n    recipients: [alice]\n`,
    );
    git("add", ".hush.yaml");
    git("commit", "-q", "-m", "init");
    let bytes = 0;
    for (let n = 0; n < 10; n++) {
      const text = sourceFile(n);
      bytes += Buffer.byteLength(text);
      mkdirSync(join(repo, "src"), { recursive: true });
      writeFileSync(join(repo, "src", `module${n}.ts`), text);
    }
    git("add", "src");
    const opts = { cwd: repo, env };
    const node = measure(process.execPath, ["-e", ""], opts, 0);
    const hook = measure(process.execPath, [GUARD], opts, 0);
    const kb = Math.round(bytes / 1024);
    return [
      {
        operation: `whole hook as a process: 10 files / ${kb} KB staged (median of ${RUNS})`,
        hush: hook,
        unit: "ms",
        reference: { name: "node -e ''", value: node },
        target: "< 150 ms wall",
        met: hook < 150,
        notes: `hook minus bare node startup: ${(hook - node).toFixed(1)} ms`,
      },
    ];
  } finally {
    rmSync(base, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  console.log(await bench());
}
