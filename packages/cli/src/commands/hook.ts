import type { Command } from "commander";
import { type Io, type RunState } from "../io.js";
import { HushError } from "@hush/core/errors";

/** First line after the shebang of every hook hush writes: how uninstall and reinstall recognise it. */
const MARKER = "# hush-guard:";
const HUSKY_LINE = "hush-pre-commit";

/** What `hush hook install` is given: its options. */
export interface HookInstallArgs {
  husky?: boolean;
  force?: boolean;
}

/** What `hush hook uninstall` is given: its option. */
export interface HookUninstallArgs {
  husky?: boolean;
}

const shq = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

/**
 * The plain hook script: the project's own guard when installed, else the one installed with this
 * hush. A branch can commit files under node_modules/ (ignored or not, `git add -f`), so nothing
 * is run from there while git tracks anything in it: the project's bin is skipped, and a guard
 * that was itself installed there blocks the commit with a reason.
 */
function hookScript(guardBin: string, nodePath: string): string {
  return `#!/bin/sh
${MARKER} blocks plaintext secrets and unencrypted policy files (written by \`hush hook install\`; remove with \`hush hook uninstall\`)
tracked=$(git ls-files -- node_modules | head -n 1)
if [ -z "$tracked" ] && [ -x ./node_modules/.bin/hush-pre-commit ]; then exec ./node_modules/.bin/hush-pre-commit; fi
GUARD=${shq(guardBin)}
case "$GUARD" in
  "$(pwd -P)"/node_modules/*) if [ -n "$tracked" ]; then
    echo "hush guard: git tracks files under node_modules/, so the guard installed there is not run and the commit is blocked; untrack them (git rm -r --cached node_modules) or install hush globally and run hush hook install again" >&2
    exit 2
  fi ;;
esac
NODE=$(command -v node || echo ${shq(nodePath)})
if [ -f "$GUARD" ]; then exec "$NODE" "$GUARD"; fi
echo "hush guard: hush-pre-commit was not found, so the commit is blocked; reinstall it with: hush hook install" >&2
exit 2
`;
}

async function locate(
  io: Io,
): Promise<{ root: string; hooksDir: string; hooksPath: string | undefined }> {
  const path = await import("node:path");
  const { git } = await import("../team/git-exec.js");
  try {
    const root = (await git(io.cwd, ["rev-parse", "--show-toplevel"])).trim();
    const hooksDir = path.resolve(
      io.cwd,
      (await git(io.cwd, ["rev-parse", "--git-path", "hooks"])).trim(),
    );
    const configured = (
      await git(io.cwd, ["config", "--get", "core.hooksPath"], { allowFail: true })
    ).trim();
    return { root, hooksDir, hooksPath: configured === "" ? undefined : configured };
  } catch {
    throw new HushError("ERR_COMMAND", `not a git repository (${io.cwd})`, {
      hint: "run hush hook install inside a git checkout (git init first)",
    });
  }
}

async function installHusky(io: Io, root: string): Promise<void> {
  const fs = await import("node:fs/promises");
  const path = await import("node:path");
  const file = path.join(root, ".husky", "pre-commit");
  const text = await fs.readFile(file, "utf8").catch(() => "");
  if (text.split("\n").some((l) => l.trim() === HUSKY_LINE || l.includes("hush-pre-commit"))) {
    io.stdout(`hush guard already in ${path.relative(root, file)}\n`);
    return;
  }
  await fs.mkdir(path.dirname(file), { recursive: true });
  const next = `${text}${text === "" || text.endsWith("\n") ? "" : "\n"}${HUSKY_LINE}\n`;
  await fs.writeFile(file, next, { mode: 0o755 });
  io.stdout(`hush guard added to ${path.relative(root, file)} (husky runs it on every commit)\n`);
}

async function uninstallHusky(io: Io, root: string): Promise<void> {
  const fs = await import("node:fs/promises");
  const path = await import("node:path");
  const file = path.join(root, ".husky", "pre-commit");
  let text: string;
  try {
    text = await fs.readFile(file, "utf8");
  } catch {
    io.stdout("no husky pre-commit hook: nothing to remove\n");
    return;
  }
  const kept = text.split("\n").filter((l) => !l.includes("hush-pre-commit"));
  if (kept.length === text.split("\n").length) {
    io.stdout(`the hush guard is not in ${path.relative(root, file)}: nothing to remove\n`);
    return;
  }
  if (kept.join("").trim() === "") await fs.rm(file);
  else await fs.writeFile(file, kept.join("\n"));
  io.stdout(`hush guard removed from ${path.relative(root, file)}\n`);
}

/** Declares `hush hook install|uninstall`. */
export function register(program: Command, io: Io, state: RunState): void {
  const hook = program
    .command("hook")
    .description("install or remove the pre-commit guard")
    .addHelpText(
      "after",
      `
Three ways to run the guard on every commit:
  $ hush hook install            # .git/hooks/pre-commit (or core.hooksPath when set)
  $ hush hook install --husky    # a line in .husky/pre-commit, for repos that use husky
  pre-commit framework:          # .pre-commit-config.yaml: repo: <hush repo>, hooks: [{id: hush-guard}]

Exit status:
  0  done (or nothing to do)
  1  a foreign hook is in the way (see --force), or not a git repository
  2  usage error`,
    );

  hook
    .command("install")
    .description("write a pre-commit hook that runs the hush guard")
    .option("--husky", "add the guard to .husky/pre-commit instead")
    .option(
      "--force",
      "replace a pre-commit hook that hush did not write (kept as pre-commit.hush-backup)",
    )
    .addHelpText(
      "after",
      `
Examples:
  $ hush hook install
  $ hush hook install --force    # replace an existing hook (a backup is kept)
  $ hush hook install --husky

The hook runs ./node_modules/.bin/hush-pre-commit when the project has it (and git tracks nothing
under node_modules/), else the guard installed with this hush. It blocks the commit on findings (exit 1) and when it cannot run (exit 2).

Exit status:
  0  installed (or already installed)
  1  a hook that hush did not write is in the way (use --force), or not a git repository`,
    )
    .action(async (opts: HookInstallArgs) => {
      state.exitCode = await hookInstallCommand(opts, io);
    });

  hook
    .command("uninstall")
    .description("remove the hook that hush hook install wrote")
    .option("--husky", "remove the guard's line from .husky/pre-commit instead")
    .addHelpText(
      "after",
      `
Examples:
  $ hush hook uninstall
  $ hush hook uninstall --husky

A hook that hush did not write is left alone; a backup made by install --force is restored.

Exit status:
  0  removed (or nothing to remove)
  1  not a git repository`,
    )
    .action(async (opts: HookUninstallArgs) => {
      state.exitCode = await hookUninstallCommand(opts, io);
    });
}

/** Runs `hush hook install`; resolves to the exit code, throws a HushError for a failure. */
export async function hookInstallCommand(args: HookInstallArgs, io: Io): Promise<number> {
  const { root, hooksDir, hooksPath } = await locate(io);
  if (args.husky === true) {
    await installHusky(io, root);
    return 0;
  }
  const path = await import("node:path");
  const fs = await import("node:fs/promises");
  if (hooksPath !== undefined && /(^|[\\/])\.husky[\\/]_[\\/]?$/.test(hooksPath)) {
    throw new HushError(
      "ERR_COMMAND",
      `this repository runs its hooks through husky (core.hooksPath=${hooksPath})`,
      { hint: "use hush hook install --husky" },
    );
  }
  // The guard shipped inside this package (dist/guard, see build.mjs): found the same way in
  // the repository and in an installed copy, with no package lookup.
  const { fileURLToPath } = await import("node:url");
  const guardBin = fileURLToPath(new URL("../guard/bin/hush-pre-commit.js", import.meta.url));
  const file = path.join(hooksDir, "pre-commit");
  let existing: string | undefined;
  try {
    existing = await fs.readFile(file, "utf8");
  } catch {
    existing = undefined;
  }
  const ours = existing?.includes(MARKER) === true;
  const shown = path.relative(root, file) || file;
  if (existing !== undefined && !ours) {
    if (args.force !== true) {
      throw new HushError(
        "ERR_COMMAND",
        `a pre-commit hook that hush did not write exists (${shown})`,
        {
          hint: "add hush-pre-commit to it by hand, or pass --force to replace it (a backup is kept)",
        },
      );
    }
    await fs.rename(file, `${file}.hush-backup`);
    io.stderr(`kept the old hook as ${shown}.hush-backup\n`);
  }
  await fs.mkdir(hooksDir, { recursive: true });
  const tmp = `${file}.hush-tmp-${Date.now().toString(36)}`;
  await fs.writeFile(tmp, hookScript(guardBin, io.execPath), { mode: 0o755 });
  await fs.chmod(tmp, 0o755);
  await fs.rename(tmp, file);
  io.stdout(`${ours ? "updated" : "installed"} the hush guard: ${shown}\n`);
  return 0;
}

/** Runs `hush hook uninstall`; resolves to the exit code, throws a HushError for a failure. */
export async function hookUninstallCommand(args: HookUninstallArgs, io: Io): Promise<number> {
  const { root, hooksDir } = await locate(io);
  if (args.husky === true) {
    await uninstallHusky(io, root);
    return 0;
  }
  const path = await import("node:path");
  const fs = await import("node:fs/promises");
  const file = path.join(hooksDir, "pre-commit");
  const shown = path.relative(root, file) || file;
  let existing: string | undefined;
  try {
    existing = await fs.readFile(file, "utf8");
  } catch {
    existing = undefined;
  }
  if (existing === undefined || !existing.includes(MARKER)) {
    io.stdout(
      existing === undefined
        ? "no pre-commit hook: nothing to remove\n"
        : `${shown} was not written by hush: left alone\n`,
    );
    return 0;
  }
  await fs.rm(file);
  try {
    await fs.rename(`${file}.hush-backup`, file);
    io.stdout(`removed the hush guard; restored the previous hook (${shown})\n`);
  } catch {
    io.stdout(`removed the hush guard (${shown})\n`);
  }
  return 0;
}
