import type { Command } from "commander";
import type * as Core from "@hush/core";
import type { IdentityInput, Policy } from "@hush/core";
import type { Io, RunState } from "../io.js";
import { collect } from "../lib/context.js";

/** What `hush init` is given: its options. */
export interface InitArgs {
  fromSops?: boolean;
  /** False with --no-hooks: the next steps leave out `hush hook install`. */
  hooks?: boolean;
  name?: string;
  json?: boolean;
  identity?: string[];
  passphrase?: boolean;
}

/** Declares `hush init`: policy file, identity, next steps. */
export function register(program: Command, io: Io, state: RunState): void {
  program
    .command("init")
    .description("write a commented .hush.yaml and create your age identity when you have none")
    .option("--from-sops", "convert an existing .sops.yaml into the equivalent .hush.yaml")
    .option("--no-hooks", "do not suggest installing the pre-commit guard")
    .option("--name <member>", "your member name in .hush.yaml (default: from git user.name)")
    .option("--json", "machine-readable result")
    .option("--identity <file>", "use this identity file instead of the default ones", collect)
    .option("--passphrase", "protect a new identity with a passphrase (asked on the terminal)")
    .addHelpText(
      "after",
      `
Examples:
  $ hush init                   # new repo: .hush.yaml + ~/.config/sops/age/keys.txt if missing
  $ hush init --from-sops       # repo with .sops.yaml: write the equivalent .hush.yaml

Your key: an existing identity is used (an age keys file, else ~/.ssh/id_ed25519 or ~/.ssh/id_rsa:
a member may be an ssh public key line). Without one, a new age identity is written; --passphrase
protects it (asked on every command that needs it). Hardware keys work through age plugins
(age1yubikey1…), and \`hush member add NAME --github USER\` adds a teammate by their published ssh
keys. An existing identity is never overwritten. With a .sops.yaml and no --from-sops, hush keeps
using .sops.yaml as it is and writes nothing.

Exit status:
  0  initialised (or nothing to do)
  1  .hush.yaml exists already, or a file cannot be written
  2  usage error`,
    )
    .action(async (opts: InitArgs) => {
      state.exitCode = await initCommand(opts, io);
    });
}

/** Runs `hush init`; resolves to the exit code, throws a HushError for a failure. */
export async function initCommand(args: InitArgs, io: Io): Promise<number> {
  const path = await import("node:path");
  const { writeFile, readFile } = await import("node:fs/promises");
  const { HushError } = await import("@hush/core/errors");
  const { gitTopLevel } = await import("../lib/context.js");
  const { exists } = await import("../lib/files.js");
  const core = await import("@hush/core");
  const node = await import("@hush/core/node");
  const root = (await gitTopLevel(io.cwd)) ?? io.cwd;
  const policyFile = path.join(root, ".hush.yaml");
  const sopsFile = path.join(root, ".sops.yaml");
  if (await exists(policyFile)) {
    throw new HushError("ERR_COMMAND", `.hush.yaml exists already (${policyFile})`, {
      hint: "edit it, then run `hush rekey --check`",
    });
  }

  const files = (args.identity ?? []).map((f) => path.resolve(io.cwd, f));
  const { askerOf } = await import("../lib/terminal.js");
  const ask = askerOf(io);
  const found = await node.findIdentities({
    env: io.env,
    ...(files.length > 0 ? { files } : {}),
    ask: (prompt) => ask(prompt),
  });
  let identityFile: string | undefined;
  let recipient: string | undefined;
  let kind = "age";
  let created = false;
  for (const f of found) {
    recipient = await recipientOf(core, f.identity);
    if (recipient === undefined) continue;
    identityFile = f.source;
    kind = core.recipientKind(recipient) ?? "age";
    break;
  }
  if (recipient === undefined) {
    const { writeNewIdentityFile } = await import("../lib/identityfile.js");
    identityFile = node.defaultIdentityFile(io.env);
    const generated = await core.generateIdentity();
    let text = core.formatIdentityFile(generated.identity, generated.recipient, new Date());
    if (args.passphrase === true) {
      const { askNewPassphrase } = await import("../lib/identityfile.js");
      text = await core.protectIdentityFile(text, await askNewPassphrase(ask));
      kind = "age, passphrase-protected";
    }
    await writeNewIdentityFile(identityFile, text);
    recipient = generated.recipient;
    created = true;
  }

  const { memberSlug, starterPolicy, policyFromSops } = await import("../lib/policytext.js");
  const hasSops = await exists(sopsFile);
  let wrote: string | undefined;
  const mismatches: string[] = [];
  /** The policy now in force, for a next step that names a file one of its rules covers. */
  let inForce: Policy | undefined;
  if (hasSops && args.fromSops !== true) {
    wrote = undefined;
  } else {
    let text: string;
    if (args.fromSops === true) {
      if (!hasSops)
        throw new HushError("ERR_COMMAND", `no .sops.yaml in ${root}`, {
          hint: "run `hush init` without --from-sops",
        });
      const sopsPolicy = core.parseSopsConfig(await readFile(sopsFile, "utf8"), sopsFile);
      text = policyFromSops(sopsPolicy);
      // Globs are a translation of regexes: prove they pick the same rule for every file here.
      const converted = core.parsePolicy(text, policyFile);
      inForce = converted;
      const { listFiles } = await import("../lib/repo.js");
      const { relPosix } = await import("../lib/context.js");
      for (const abs of await listFiles(root)) {
        const rel = relPosix(root, abs);
        const a = core.resolveRule(sopsPolicy, rel)?.index;
        const b = core.resolveRule(converted, rel)?.index;
        if (a !== b)
          mismatches.push(
            `${rel}: .sops.yaml rule ${a === undefined ? "none" : a + 1}, .hush.yaml rule ${b === undefined ? "none" : b + 1}`,
          );
      }
    } else {
      const name = args.name ?? memberSlug(await gitUserName(root, io));
      text = starterPolicy(memberSlug(name), recipient);
      inForce = core.parsePolicy(text, policyFile);
    }
    core.parsePolicy(text, policyFile); // never leave behind a policy hush itself cannot read
    try {
      await writeFile(policyFile, text, { flag: "wx", mode: 0o644 });
    } catch (err) {
      const { describeFailure } = await import("@hush/core/errors");
      const f = describeFailure(err);
      throw new HushError(f.code, f.message, { hint: f.hint });
    }
    wrote = policyFile;
  }

  if (args.json === true) {
    io.stdout(
      `${JSON.stringify({ publicKey: recipient, identityFile, identityCreated: created, policyFile: wrote ?? null, sopsConfig: hasSops ? sopsFile : null, ruleMismatches: mismatches }, null, 2)}\n`,
    );
    return 0;
  }
  await printInit(io, core, {
    identityFile,
    recipient,
    kind,
    created,
    wrote,
    mismatches,
    hasSops,
    sopsFile,
    root,
    inForce,
    hooks: args.hooks !== false,
  });
  return 0;
}

/** What `hush init` did, for {@link printInit}. */
interface InitOutcome {
  identityFile: string | undefined;
  recipient: string;
  kind: string;
  created: boolean;
  /** The policy file written, if any. */
  wrote: string | undefined;
  mismatches: readonly string[];
  hasSops: boolean;
  sopsFile: string;
  root: string;
  /** The policy now in force, when already parsed. */
  inForce: Policy | undefined;
  hooks: boolean;
}

/** What init did and the next steps, for a person. */
async function printInit(io: Io, core: typeof Core, o: InitOutcome): Promise<void> {
  const path = await import("node:path");
  const { readFile } = await import("node:fs/promises");
  const { identityFile, recipient, kind, created, wrote, mismatches, hasSops, sopsFile, root } = o;
  let { inForce } = o;
  const { paint } = await import("../lib/format.js");
  const p = paint(io);
  const lines: string[] = [];
  lines.push(
    created
      ? `created identity ${identityFile} (${kind}; keep it safe, it never leaves this machine)`
      : `using identity ${identityFile} (${kind})`,
  );
  lines.push(`your public key: ${p.bold(recipient)}`);
  if (wrote !== undefined) lines.push(`wrote ${path.relative(io.cwd, wrote) || wrote}`);
  if (mismatches.length > 0) {
    lines.push(
      p.yellow(`check these files: the converted globs pick another rule than .sops.yaml did:`),
    );
    for (const m of mismatches) lines.push(`  ${m}`);
  } else if (hasSops && wrote === undefined) {
    lines.push(
      `found .sops.yaml: hush uses its creation_rules as they are (run \`hush init --from-sops\` to switch to .hush.yaml)`,
    );
  } else if (hasSops) {
    lines.push("converted .sops.yaml: every file picks the same rule as before");
  }
  lines.push("", "Next steps:");
  lines.push(
    "  share your public key; teammates add theirs under members: and run `hush rekey --all`",
  );
  if (inForce === undefined && hasSops)
    inForce = core.parseSopsConfig(await readFile(sopsFile, "utf8"), sopsFile);
  const { examplePath } = await import("../lib/policytext.js");
  const { listFiles } = await import("../lib/repo.js");
  const { relPosix } = await import("../lib/context.js");
  const example =
    inForce === undefined
      ? undefined
      : examplePath(
          inForce,
          (await listFiles(root)).map((f) => relPosix(root, f)),
        );
  if (example !== undefined)
    lines.push(
      `  hush edit ${example.path}`.padEnd(41) +
        (example.existing ? " # edit it (a rule covers it)" : " # create an encrypted file"),
    );
  else lines.push("  hush policy explain PATH                # which rule covers a file");
  if (o.hooks)
    lines.push(
      "  hush hook install                       # block plaintext secrets at commit time",
    );
  lines.push("  hush git setup                          # readable diffs of encrypted files");
  io.stdout(`${lines.join("\n")}\n`);
}

/** The recipient an identity answers to, when it can be known (a plugin's cannot). */
async function recipientOf(
  core: typeof Core,
  identity: IdentityInput,
): Promise<string | undefined> {
  if (typeof identity === "string") {
    return core.pluginOfIdentity(identity) === undefined
      ? core.identityToRecipient(identity)
      : undefined;
  }
  if (identity.recipients[0] !== undefined) return identity.recipients[0];
  for (const inner of (await identity.unlock?.()) ?? []) {
    const r = await recipientOf(core, inner);
    if (r !== undefined) return r;
  }
  return undefined;
}

async function gitUserName(root: string, io: Io): Promise<string | undefined> {
  const { execFile } = await import("node:child_process");
  return new Promise((resolve) => {
    execFile("git", ["config", "user.name"], { cwd: root, env: io.env }, (err, stdout) =>
      resolve(err === null && stdout.trim() !== "" ? stdout.trim() : io.env["USER"]),
    );
  });
}
