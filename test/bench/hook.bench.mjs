// The whole pre-commit hook as a process (node startup + git plumbing + checks), on a commit of
// 10 files / 200 KB of ordinary source in a repo with a .hush.yaml, side by side with `node -e ''`.
// Uses the BUILT guard (hooks/pre-commit/bin → dist). Run alone: node test/bench/run.mjs hook
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import os, { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { median, NODE } from "./measure.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "../..");
const GUARD = join(root, "hooks/pre-commit/bin/hush-pre-commit.js");
const RUNS = 15;
const WARMUP = 3;

const TIME = "/usr/bin/time";

/** CPU time (user+sys, git children included) of one run, in ms, when GNU time is installed. */
function cpuMs(args, opts) {
  if (!existsSync(TIME)) return NaN;
  const r = spawnSync(TIME, ["-f", "cpu %U %S", NODE, ...args], {
    ...opts,
    encoding: "utf8",
  });
  const m = /cpu ([\d.]+) ([\d.]+)\s*$/.exec(r.stderr ?? "");
  return m ? (Number(m[1]) + Number(m[2])) * 1000 : NaN;
}

function medianCpu(args, opts) {
  return median(Array.from({ length: 7 }, () => cpuMs(args, opts)));
}

function wall(cmd, args, opts) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { ...opts, encoding: "utf8" });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.error) throw r.error;
  return { ms, code: r.status, stderr: r.stderr };
}

function measure(cmd, args, opts, expectCode, before = () => {}) {
  for (let i = 0; i < WARMUP; i++) {
    before();
    wall(cmd, args, opts);
  }
  const times = [];
  for (let i = 0; i < RUNS; i++) {
    before();
    const r = wall(cmd, args, opts);
    if (expectCode !== undefined && r.code !== expectCode)
      throw new Error(`${args.join(" ")} exited ${r.code}: ${r.stderr.slice(0, 300)}`);
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

function makeRepo(base, name, env) {
  const repo = join(base, name);
  mkdirSync(repo);
  const git = (...args) => {
    const r = spawnSync("git", args, { cwd: repo, env, encoding: "utf8" });
    if (r.status !== 0) throw new Error(`git ${args.join(" ")}: ${r.stderr}`);
  };
  git("init", "-q", "-b", "main");
  return { repo, git };
}

/** Stage 10 source files of ~20 KB each; returns the bytes staged. */
function stageSources(repo, git, count = 10) {
  let bytes = 0;
  mkdirSync(join(repo, "src"), { recursive: true });
  for (let n = 0; n < count; n++) {
    const text = sourceFile(n);
    bytes += Buffer.byteLength(text);
    writeFileSync(join(repo, "src", `module${n}.ts`), text);
  }
  git("add", "src");
  return bytes;
}

export default async function bench() {
  const core = await import(pathToFileURL(join(root, "packages/core/dist/index.js")).href);
  const alice = await core.generateIdentity();
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
  try {
    const rows = [];
    const node = measure(NODE, ["-e", ""], { cwd: base, env }, 0);
    const nodeCpu = medianCpu(["-e", ""], { cwd: base, env });
    const load = os.loadavg()[0].toFixed(1);
    let cpu = NaN;
    const row = (operation, ms, notes) => ({
      operation,
      hush: ms,
      unit: "ms",
      reference: { name: "node -e ''", value: node },
      target: "< 150 ms wall",
      met: ms < 150,
      notes:
        `${notes}; hook minus bare node startup: ${(ms - node).toFixed(1)} ms wall` +
        (Number.isFinite(cpu)
          ? `; CPU (user+sys incl. git) ${cpu.toFixed(0)} ms vs node -e '' ${nodeCpu.toFixed(0)} ms`
          : "") +
        `; load average ${load} on ${os.cpus().length} cores`,
    });

    // 1. A repository without a policy: git plumbing + detector only.
    const plain = makeRepo(base, "plain", env);
    const bytes = stageSources(plain.repo, plain.git);
    const kb = Math.round(bytes / 1024);
    cpu = medianCpu([GUARD], { cwd: plain.repo, env });
    rows.push(
      row(
        `whole hook, 10 files / ${kb} KB staged, no policy (median of ${RUNS})`,
        measure(NODE, [GUARD], { cwd: plain.repo, env }, 0),
        "detector only",
      ),
    );

    // 2. A hush repository: .hush.yaml parsed, no covered file staged.
    const hush = makeRepo(base, "hush", env);
    writeFileSync(
      join(hush.repo, ".hush.yaml"),
      `members:\n  alice: ${alice.recipient}\nrules:\n  - path: "secrets/**"\n    recipients: [alice]\n`,
    );
    hush.git("add", ".hush.yaml");
    hush.git("commit", "-q", "--no-verify", "-m", "init");
    stageSources(hush.repo, hush.git);
    const attempt = (operation, fn, notes) => {
      try {
        rows.push(row(operation, fn(), notes));
      } catch (err) {
        rows.push({
          operation,
          hush: NaN,
          unit: "ms",
          target: "< 150 ms wall",
          met: false,
          notes: String(err.message ?? err).split("\n")[0],
        });
      }
    };
    const dropCache = () =>
      rmSync(join(hush.repo, ".git", "hush-guard-policy.json"), { force: true });
    cpu = NaN;
    attempt(
      `whole hook, 10 files / ${kb} KB staged, with .hush.yaml, first commit of these paths (median of ${RUNS})`,
      () => measure(NODE, [GUARD], { cwd: hush.repo, env }, 0, dropCache),
      "policy parsed (yaml loaded)",
    );
    cpu = medianCpu([GUARD], { cwd: hush.repo, env });
    attempt(
      `whole hook, 10 files / ${kb} KB staged, with .hush.yaml, paths seen before (median of ${RUNS})`,
      () => measure(NODE, [GUARD], { cwd: hush.repo, env }, 0),
      "policy answers from .git/hush-guard-policy.json (no yaml)",
    );

    // 3. The same plus one encrypted file under the rule: sops structure and recipients checked (age/yaml loaded).
    mkdirSync(join(hush.repo, "secrets"), { recursive: true });
    writeFileSync(
      join(hush.repo, "secrets", "app.yaml"),
      await core.encrypt("db:\n  password: x\n", { format: "yaml", recipients: [alice.recipient] }),
    );
    hush.git("add", "secrets");
    cpu = medianCpu([GUARD], { cwd: hush.repo, env });
    attempt(
      `whole hook, 10 files + 1 encrypted file under a rule (median of ${RUNS})`,
      () => measure(NODE, [GUARD], { cwd: hush.repo, env }, 0),
      "core with age/yaml loaded, MAC unchecked (no key)",
    );
    return rows;
  } finally {
    rmSync(base, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  console.log(await bench());
}
