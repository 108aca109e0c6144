import type { Command } from "commander";
import type { Io, RunState } from "../io.js";
import { collect } from "../lib/context.js";

interface StatusOptions {
  json?: boolean;
  identity?: string[];
}

/** What `hush status` is given: its positionals and options. */
export interface StatusArgs extends StatusOptions {
  paths: string[];
}

/** "options": the file's sops options differ from the ones its rule pins (refused unread). */
type MacState = "ok" | "bad" | "no-key" | "options" | "error";

/** Declares `hush status [PATH…]`: every encrypted file and what is wrong with it. */
export function register(program: Command, io: Io, state: RunState): void {
  program
    .command("status")
    .description(
      "every encrypted file: format, recipients, MAC, policy drift, plaintext files a rule covers, overdue values",
    )
    .argument("[path...]", "limit to these files or folders (default: the whole repo)")
    .option("--json", "machine-readable output")
    .option("--identity <file>", "age identity file (repeatable; only these are used)", collect)
    .addHelpText(
      "after",
      `
Examples:
  $ hush status
  $ hush status k8s/prod
  $ hush status --json | jq '.files[] | select(.drift != null)'

The MAC is checked when one of your identities opens the file ("no key" otherwise).
"OPTIONS DIFFER": the file's sops options (suffixes, regexes, mac_only_encrypted) are not the
ones its .hush.yaml rule pins; hush refuses to read it (the sops block is not under the MAC).
Recipients are shown by member name from .hush.yaml (raw keys when unknown).

Exit status:
  0  nothing to report
  1  a MAC mismatch, options that differ from the rule, policy drift, a plaintext file a rule covers, an overdue value, or a file
     not rotated since someone lost access to it
  2  usage error`,
    )
    .action(async (paths: string[], opts: StatusOptions) => {
      state.exitCode = await statusCommand({ ...opts, paths }, io);
    });
}

/** Runs `hush status`; resolves to the exit code, throws a HushError for a failure. */
export async function statusCommand(args: StatusArgs, io: Io): Promise<number> {
  const report = await statusReport(args, io);
  const { files, unencrypted, overdue, stale } = report;
  const exitCode = report.problems ? 1 : 0;
  if (args.json === true) {
    const overdueJson = overdue.map((o) => ({
      ...o,
      lastChanged: o.lastChanged.toISOString(),
    }));
    io.stdout(
      `${JSON.stringify({ root: report.root, policy: report.policy, files, unencrypted, overdue: overdueJson, staleReaders: stale }, null, 2)}\n`,
    );
    return exitCode;
  }
  await printStatus(io, report);
  return exitCode;
}

/** The report as tables, for a person. */
async function printStatus(
  io: Io,
  report: Awaited<ReturnType<typeof statusReport>>,
): Promise<void> {
  const { files, unencrypted, overdue, stale } = report;
  const { paint, table } = await import("../lib/format.js");
  const p = paint(io);
  if (files.length === 0 && unencrypted.length === 0) {
    io.stdout("no encrypted files found\n");
    return;
  }
  const macText = (m: MacState): string =>
    m === "ok"
      ? p.green("ok")
      : m === "no-key"
        ? p.dim("no key")
        : p.red(m === "bad" ? "MISMATCH" : m === "options" ? "OPTIONS DIFFER" : "unreadable");
  const rows: string[][] = [["FILE", "FORMAT", "RECIPIENTS", "MAC", "POLICY"].map(p.bold)];
  for (const f of files) {
    const policyText =
      f.rule === null
        ? p.dim("no rule")
        : f.drift === null
          ? p.green("ok")
          : p.yellow(
              `drift: ${[...f.drift.missing.map((m) => `+${m}`), ...f.drift.extra.map((m) => `-${m}`)].join(" ")} (run hush ${f.drift.fix}${f.drift.fix === "rotate" ? ": a reader the policy does not name may hold the data key" : ""})`,
            );
    rows.push([
      f.path,
      f.format,
      f.recipients.map((r) => r.member ?? shortKey(r.key)).join(", "),
      macText(f.mac),
      policyText,
    ]);
  }
  for (const u of unencrypted)
    rows.push([u.path, "-", "-", "-", p.red(`NOT ENCRYPTED (rule at line ${u.rule})`)]);
  io.stdout(table(rows));
  if (overdue.length > 0) {
    io.stdout(
      `\n${p.bold("overdue for rotation")} (give each a new value: hush set/edit; a new data key alone does not count):\n`,
    );
    const days = (ms: number): string => `${Math.floor(ms / 86_400_000)}d`;
    io.stdout(
      table(
        overdue.map((o) => [
          o.file,
          o.keyPath,
          `${days(o.ageMs)} old`,
          `max ${days(o.maxAgeMs)}`,
          reencryptedText(o.reencrypted ?? null),
        ]),
      ),
    );
  }
  if (stale.length > 0) {
    io.stdout(
      `\n${p.bold("not rotated since a reader lost access")} (they may have kept the data key and know the values: change the values, then hush rotate FILE):\n`,
    );
    io.stdout(
      table(
        stale.map((s) => [
          s.file,
          s.member ?? shortKey(s.recipient),
          `last could read at ${s.lastCommit.slice(0, 8)} (${s.lastDate.slice(0, 10)})`,
          reencryptedText(s.reencrypted),
        ]),
      ),
    );
  }
}

/** What `hush status` finds: every file's state, then the repository-wide findings. */
async function statusReport(args: StatusArgs, io: Io) {
  const { paths } = args;
  const { createContext } = await import("../lib/context.js");
  const { scanRepo, driftOf } = await import("../lib/repo.js");
  const { mapPool } = await import("../lib/pool.js");
  const { overdueValues, staleReaders, commandNow } = await import("../history.js");
  const core = await import("@hush/core");
  const ctx = createContext(io, args);
  const scan = await scanRepo(
    ctx,
    paths.map((p) => ctx.abs(p)),
  );
  const loaded = await ctx.policy();
  const identities = await ctx.identitiesIfAny().catch(() => [] as string[]);
  const name = (r: string): string =>
    loaded === undefined ? r : (core.memberName(loaded.policy, r) ?? r);

  const { progress } = await import("../lib/format.js");
  const bar = progress(io, "checking", scan.encrypted.length, { quiet: args.json === true });
  const macs = await mapPool(scan.encrypted, 4, async (f): Promise<MacState> => {
    try {
      return await macState(f);
    } finally {
      bar.tick();
    }
  });
  async function macState(f: (typeof scan.encrypted)[number]): Promise<MacState> {
    const pin = f.rule?.pinnedRules;
    // Checked without a key: the sops block is readable by anyone, and not under the MAC.
    if (
      pin !== undefined &&
      f.format !== "binary" &&
      core.optionsMismatch(f.inspection.rules, pin).length > 0
    )
      return "options";
    if (identities.length === 0) return "no-key";
    try {
      await core.decrypt(f.text, {
        format: f.format,
        identities,
        ...(pin === undefined ? {} : { pinnedRules: pin }),
      });
      return "ok";
    } catch (err) {
      if (core.isHushError(err) && err.code === "ERR_NO_IDENTITY") return "no-key";
      if (core.isHushError(err) && err.code === "ERR_POLICY_OPTIONS") return "options";
      if (core.isHushError(err) && err.code === "ERR_MAC") return "bad";
      return "error";
    }
  }
  const overdue = await overdueValues({
    root: scan.root,
    env: io.env,
    policy: io.policy,
    files: scan.encrypted.map((f) => f.rel),
    now: commandNow(io.env),
  });
  // Off-boarding: a former reader (named in an older commit's metadata, not granted now) of a
  // file that was never rotated since may still hold its data key.
  const stale = await staleReaders({
    root: scan.root,
    env: io.env,
    policy: io.policy,
    files: scan.encrypted.map((f) => f.rel),
  });
  bar.done();

  const files = scan.encrypted.map((f, i) => {
    const drift = driftOf(core, f);
    const r = macs[i];
    return {
      path: f.rel,
      format: f.format,
      recipients: f.inspection.keyGroups
        .flat()
        .map((key) => ({ key, member: name(key) === key ? null : name(key) })),
      mac: r?.ok === true ? r.value : "error",
      rule: f.rule === undefined ? null : f.rule.rule.line,
      drift:
        drift === undefined
          ? null
          : {
              missing: drift.missing.map(name),
              extra: drift.extra.map(name),
              fix: drift.fix,
            },
      lastmodified: f.inspection.lastmodified ?? null,
    };
  });
  const unencrypted = scan.unencrypted.map((u) => ({ path: u.rel, rule: u.rule.rule.line }));
  const problems =
    files.some(
      (f) => f.mac === "bad" || f.mac === "error" || f.mac === "options" || f.drift !== null,
    ) ||
    unencrypted.length > 0 ||
    overdue.length > 0 ||
    stale.length > 0;
  return {
    root: scan.root,
    policy: loaded?.file ?? null,
    files,
    unencrypted,
    overdue,
    stale,
    problems,
  };
}

/** What a re-encryption since says about the values. */
function reencryptedText(r: "unchanged" | "unknown" | null): string {
  return r === "unchanged"
    ? "re-encrypted since, values unchanged"
    : r === "unknown"
      ? "re-encrypted since, values unknown"
      : "";
}

function shortKey(key: string): string {
  return key.length > 16 ? `${key.slice(0, 10)}…${key.slice(-4)}` : key;
}
