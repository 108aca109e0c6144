// `hush log` and `hush report` as whole processes on a generated repo: 200 commits touching 50
// encrypted files (10 values each; file 0 is touched by every commit). Uses the BUILT CLI and core.
// Run alone: node test/bench/run.mjs team
import { spawnSync } from "node:child_process";
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { median } from "./measure.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "../..");
const HUSH = join(root, "packages/cli/bin/hush.js");
const FILES = 50;
const COMMITS = 200;
const RUNS = 5;
const WARMUP = 1;

function sh(cmd, args, opts) {
  const r = spawnSync(cmd, args, { encoding: "utf8", maxBuffer: 1 << 28, ...opts });
  if (r.error) throw r.error;
  return r;
}

function measure(args, opts, okCodes) {
  const once = () => {
    const t0 = process.hrtime.bigint();
    const r = sh(process.execPath, [HUSH, ...args], opts);
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    if (!okCodes.includes(r.status))
      throw new Error(`hush ${args.join(" ")} exited ${r.status}: ${r.stderr.slice(0, 300)}`);
    return { ms, out: r.stdout };
  };
  for (let i = 0; i < WARMUP; i++) once();
  const runs = [];
  let out = "";
  for (let i = 0; i < RUNS; i++) {
    const r = once();
    runs.push(r.ms);
    out = r.out;
  }
  return { ms: median(runs), out };
}

/** CPU seconds (user + sys) of one run, through bash's `time` (undefined where bash is missing). */
function cpuSeconds(args, opts) {
  const quoted = [process.execPath, HUSH, ...args]
    .map((a) => `'${a.replace(/'/g, "'\\''")}'`)
    .join(" ");
  const r = spawnSync("bash", ["-c", `TIMEFORMAT='%U %S'; time { ${quoted} >/dev/null 2>&1; }`], {
    ...opts,
    encoding: "utf8",
  });
  const m = /([\d.]+) ([\d.]+)\s*$/.exec(r.stderr ?? "");
  return m === null ? undefined : Number(m[1]) + Number(m[2]);
}

async function generate(dir, env) {
  const core = await import(pathToFileURL(join(root, "packages/core/dist/index.js")).href);
  const { identity, recipient } = await core.generateIdentity();
  writeFileSync(join(dir, "..", "key.txt"), `${identity}\n`, { mode: 0o600 });
  writeFileSync(
    join(dir, ".hush.yaml"),
    `members:\n  alice: ${recipient}\nrules:\n  - path: "secrets/*.yaml"\n    recipients: [alice]\n    max_age: 90d\n`,
  );
  mkdirSync(join(dir, "secrets"));
  const name = (i) => `secrets/s${String(i).padStart(2, "0")}.yaml`;
  for (let i = 0; i < FILES; i++) {
    const plain =
      Array.from({ length: 10 }, (_, k) => `key${k}: value-${i}-${k}`).join("\n") + "\n";
    writeFileSync(
      join(dir, name(i)),
      await core.encrypt(plain, { format: "yaml", recipients: [recipient] }),
    );
  }
  const git = (args, when) =>
    sh("git", args, { cwd: dir, env: { ...env, GIT_AUTHOR_DATE: when, GIT_COMMITTER_DATE: when } });
  const at = (n) => new Date(Date.UTC(2026, 0, 1) + n * 3_600_000).toISOString();
  git(["init", "-q", "-b", "main"], at(0));
  git(["add", "-A"], at(0));
  git(["commit", "-qm", "initial"], at(0));
  const options = { format: "yaml", identities: [identity] };
  for (let c = 1; c < COMMITS; c++) {
    for (const i of new Set([0, c % FILES])) {
      const p = join(dir, name(i));
      const { text } = await core.setValue(
        readFileSync(p, "utf8"),
        [`key${c % 10}`],
        `v${c}`,
        options,
      );
      writeFileSync(p, text);
    }
    const r = git(["commit", "-qam", `change ${c}`], at(c));
    if (r.status !== 0) throw new Error(`git commit failed: ${r.stderr}`);
  }
}

export default async function bench() {
  const sandbox = mkdtempSync(join(tmpdir(), "hush-bench-team-"));
  const dir = join(sandbox, "repo");
  mkdirSync(dir);
  const env = {
    ...process.env,
    HOME: sandbox,
    XDG_CONFIG_HOME: join(sandbox, "config"),
    GIT_CONFIG_NOSYSTEM: "1",
    GIT_CONFIG_GLOBAL: join(sandbox, "gitconfig"),
    GIT_AUTHOR_NAME: "alice",
    GIT_AUTHOR_EMAIL: "alice@example.com",
    GIT_COMMITTER_NAME: "alice",
    GIT_COMMITTER_EMAIL: "alice@example.com",
    NO_COLOR: "1",
    HUSH_NOW: "2026-06-01T00:00:00Z",
  };
  for (const k of Object.keys(env)) if (/^(SOPS_|HUSH_AGE)/.test(k)) delete env[k];
  writeFileSync(join(sandbox, "gitconfig"), "[commit]\n\tgpgsign = false\n");
  try {
    const t0 = Date.now();
    await generate(dir, env);
    const genS = (Date.now() - t0) / 1000;
    const opts = { cwd: dir, env };
    const log = measure(["log", "secrets/s00.yaml", "--json"], opts, [0]);
    const logged = JSON.parse(log.out).commits.length;
    const report = measure(["report", "--format", "json"], opts, [0, 1]);
    const parsed = JSON.parse(report.out);
    const md = measure(["report"], opts, [0, 1]);
    const cpu = (args) => {
      const xs = [0, 1, 2].map(() => cpuSeconds(args, opts)).filter((x) => x !== undefined);
      return xs.length === 0 ? "" : `; CPU ${(median(xs) * 1000).toFixed(0)} ms (user+sys)`;
    };
    const logCpu = cpu(["log", "secrets/s00.yaml", "--json"]);
    const reportCpu = cpu(["report", "--format", "json"]);
    const notes = `generated ${COMMITS} commits × ${FILES} files in ${genS.toFixed(1)} s; median of ${RUNS}, whole processes; load average ${loadavg()[0]?.toFixed(1)} on this machine during the run`;
    return [
      {
        area: "team",
        operation: `hush log (file touched by ${logged} of ${COMMITS} commits)`,
        hush: log.ms,
        unit: "ms",
        target: "< 2000 ms",
        met: log.ms < 2000,
        notes: `${notes}${logCpu}`,
      },
      {
        area: "team",
        operation: `hush report --format json (${parsed.summary.encryptedFiles} files, ${parsed.summary.values} values)`,
        hush: report.ms,
        unit: "ms",
        target: "< 2000 ms",
        met: report.ms < 2000,
        notes: `wall time${reportCpu}`,
      },
      {
        area: "team",
        operation: "hush report (Markdown)",
        hush: md.ms,
        unit: "ms",
        target: "< 2000 ms",
        met: md.ms < 2000,
      },
    ];
  } finally {
    rmSync(sandbox, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  for (const row of await bench()) console.log(JSON.stringify(row));
}
