import type { Command } from "commander";
import type { Io, RunState } from "../io.js";

/** What `hush policy check` is given: its options. */
export interface PolicyCheckArgs {
  json?: boolean;
}

/** What `hush policy explain` is given: the path and its options. */
export interface PolicyExplainArgs extends PolicyCheckArgs {
  file: string;
}

const LAYOUT = `
The policy is .hush.yaml (or a sops .sops.yaml), the nearest one up to the repository root, or the
file --policy / HUSH_POLICY names:

  members:                 # people and machines, by name, with their age public key
    alice: age1…
  groups:                  # named sets of members (a group may name other groups)
    devs: [alice]
  rules:                   # the first rule whose path matches wins
    - path: "k8s/**/*secret*.yaml"        # a glob relative to the policy's folder
      recipients: [devs]                  # members, groups or age1… keys
      encrypted_regex: "^(data|stringData)$"
      max_age: 90d                        # report values older than this as overdue
  scan:
    ignore: []                            # globs the pre-commit guard skips

Rule options: recipients or key_groups (+ shamir_threshold), encrypted_regex, unencrypted_regex,
encrypted_suffix, unencrypted_suffix, encrypted_comment_regex, unencrypted_comment_regex,
mac_only_encrypted, max_age. .hush.yaml, .sops.yaml and .hushignore are never under a rule.`;

/** Declares `hush policy check` and `hush policy explain PATH`. */
export function register(program: Command, io: Io, state: RunState): void {
  const policy = program
    .command("policy")
    .description("check the policy, or explain which rule covers a file")
    .addHelpText(
      "after",
      `
Examples:
  $ hush policy check
  $ hush policy explain k8s/prod/api-secret.yaml
${LAYOUT}

Exit status:
  0  ok
  1  the policy has an error or a warning, no policy, or no rule covers the path
  2  usage error
`,
    );

  policy
    .command("check")
    .description(
      "read the policy and report every problem with its line: errors, and rules whose path can never match",
    )
    .option("--json", "print the result as one JSON object")
    .addHelpText(
      "after",
      `
Errors stop every command that reads the policy (hush names the line). Warnings are rules hush can
read but whose path can never match a file: an unclosed [ or {, an absolute path, a .. segment, a
backslash, or the same path as an earlier rule (the first match wins).

Examples:
  $ hush policy check
  $ hush policy check --json

Exit status:
  0  no error, no warning
  1  an error or a warning, or no policy found
  2  usage error`,
    )
    .action(async (opts: PolicyCheckArgs) => {
      state.exitCode = await policyCheckCommand(opts, io);
    });

  policy
    .command("explain")
    .description("which rule covers a file, who can read it, with which options, and why")
    .argument("<path>", "a file (it need not exist yet)")
    .option("--json", "print the result as one JSON object")
    .addHelpText(
      "after",
      `
The first rule whose path matches wins; explain names it, the rules before it that do not match
and the later ones that match too but are never used for this file.

Examples:
  $ hush policy explain k8s/prod/api-secret.yaml
  $ hush policy explain --json apps/web/.env

Exit status:
  0  a rule covers the path
  1  no rule covers it, or no policy found
  2  usage error`,
    )
    .action(async (file: string, opts: PolicyCheckArgs) => {
      state.exitCode = await policyExplainCommand({ ...opts, file }, io);
    });
}

/** Runs `hush policy check`; resolves to the exit code, throws a HushError for a failure. */
export async function policyCheckCommand(args: PolicyCheckArgs, io: Io): Promise<number> {
  const { createContext } = await import("../lib/context.js");
  const { describeFailure } = await import("@hush/core/errors");
  const core = await import("@hush/core");
  const ctx = createContext(io);
  let loaded;
  try {
    loaded = await ctx.policy();
  } catch (err) {
    const f = describeFailure(err);
    if (f.exitCode !== 1) throw err;
    if (args.json === true)
      io.stdout(`${JSON.stringify({ ok: false, error: f.message, warnings: [] }, null, 2)}\n`);
    else io.stdout(`error: ${f.message}\n`);
    return 1;
  }
  if (loaded === undefined) {
    const { HushError } = await import("@hush/core/errors");
    throw new HushError("ERR_COMMAND", "no policy found (.hush.yaml or .sops.yaml)", {
      hint: "run `hush init`",
    });
  }
  const file = ctx.show(loaded.file);
  const warnings = core.checkPolicy(loaded.policy);
  const { policy: p } = loaded;
  if (args.json === true) {
    io.stdout(
      `${JSON.stringify({ ok: warnings.length === 0, file, kind: p.kind, members: p.members.size, groups: p.groups.size, rules: p.rules.length, warnings }, null, 2)}\n`,
    );
  } else {
    for (const w of warnings)
      io.stdout(`${file}:${w.line}: warning: rule ${w.rule}: ${w.message}\n`);
    const counts = `${p.members.size} member${p.members.size === 1 ? "" : "s"}, ${p.groups.size} group${p.groups.size === 1 ? "" : "s"}, ${p.rules.length} rule${p.rules.length === 1 ? "" : "s"}`;
    io.stdout(
      warnings.length === 0
        ? `${file}: ok (${counts})\n`
        : `${file}: ${warnings.length} warning${warnings.length === 1 ? "" : "s"} (${counts})\n`,
    );
  }
  return warnings.length === 0 ? 0 : 1;
}

/** Runs `hush policy explain`; resolves to the exit code, throws a HushError for a failure. */
export async function policyExplainCommand(args: PolicyExplainArgs, io: Io): Promise<number> {
  const { file } = args;
  const { createContext, relPosix } = await import("../lib/context.js");
  const { HushError } = await import("@hush/core/errors");
  const core = await import("@hush/core");
  const ctx = createContext(io);
  const loaded = await ctx.policy();
  if (loaded === undefined)
    throw new HushError("ERR_COMMAND", "no policy found (.hush.yaml or .sops.yaml)", {
      hint: "run `hush init`",
    });
  const abs = ctx.abs(file);
  const rel = relPosix(loaded.root, abs);
  const source = ctx.show(loaded.file);
  const { policy: p } = loaded;
  const outside = rel === ".." || rel.startsWith("../");
  const resolved = outside ? undefined : core.resolveRule(p, rel);
  const laterMatches = p.rules
    .map((r, i) => ({ r, i }))
    .filter(({ r, i }) => resolved !== undefined && i > resolved.index && core.ruleMatches(r, rel))
    .map(({ i }) => i + 1);
  const why = outside
    ? `${rel} is outside the policy's folder`
    : core.isPolicyFile(rel)
      ? `${rel} is hush's own configuration, never under a rule`
      : resolved === undefined
        ? `none of the ${p.rules.length} rules matches ${rel}`
        : resolved.index === 0
          ? "the first rule matches"
          : `rule${resolved.index === 1 ? "" : "s"} 1${resolved.index > 1 ? `–${resolved.index}` : ""} do${resolved.index === 1 ? "es" : ""} not match`;
  if (resolved === undefined) {
    if (args.json === true) {
      io.stdout(`${JSON.stringify({ path: rel, policy: source, rule: null, why }, null, 2)}\n`);
      return 1;
    }
    throw new HushError("ERR_COMMAND", `no rule covers ${ctx.show(abs)}: ${why}`, {
      hint: `add a rule to ${source} (\`hush policy --help\` shows the layout)`,
    });
  }
  const { rule } = resolved;
  const { ruleOptionList } = await import("../lib/policytext.js");
  const options = ruleOptionList(rule.rules, rule.maxAgeMs);
  const names = (keys: readonly string[]): string[] => keys.map((k) => core.memberName(p, k) ?? k);
  if (args.json === true) {
    io.stdout(
      `${JSON.stringify(
        {
          path: rel,
          policy: source,
          rule: {
            number: resolved.index + 1,
            line: rule.line,
            path: rule.path ?? null,
            pathRegex: rule.pathRegex ?? null,
          },
          readers: resolved.readers,
          groups: resolved.groups,
          recipients: resolved.recipients,
          keyGroups: resolved.keyGroups ?? null,
          shamirThreshold: resolved.shamirThreshold ?? null,
          options,
          why,
          alsoMatches: laterMatches,
        },
        null,
        2,
      )}\n`,
    );
    return 0;
  }
  const match =
    rule.path !== undefined ? `path "${rule.path}"` : `path_regex "${rule.pathRegex ?? ""}"`;
  const lines = [
    `${rel}`,
    `  rule:        ${resolved.index + 1} of ${p.rules.length} (${source}:${rule.line}) ${match}`,
    `  why:         ${why}; the first rule that matches wins`,
  ];
  if (resolved.keyGroups !== undefined) {
    resolved.keyGroups.forEach((g, i) =>
      lines.push(`  key group ${i + 1}: ${names(g).join(", ")}`),
    );
    lines.push(
      `  threshold:   ${resolved.shamirThreshold ?? resolved.keyGroups.length} of ${resolved.keyGroups.length} key groups`,
    );
  } else {
    lines.push(`  readers:     ${names(resolved.recipients).join(", ")}`);
    if (resolved.groups.length > 0) lines.push(`  via groups:  ${resolved.groups.join(", ")}`);
  }
  lines.push(
    `  options:     ${options.length === 0 ? "none (every value encrypted)" : options.join("; ")}`,
  );
  if (laterMatches.length > 0)
    lines.push(
      `  also match:  rule${laterMatches.length === 1 ? "" : "s"} ${laterMatches.join(", ")} (not used for this file)`,
    );
  io.stdout(`${lines.join("\n")}\n`);
  return 0;
}
