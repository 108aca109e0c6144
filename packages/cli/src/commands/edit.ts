import type { Command } from "commander";
import type * as CoreModule from "@hush/core";
import type { EncryptionRules } from "@hush/core";
import type { Io, RunState } from "../io.js";
import { collect, type Context } from "../lib/context.js";
import type { MergeOptions } from "../lib/edit-merge.js";
import {
  addEncryptionOptions,
  type EncryptionFlags,
  type EncryptionSpec,
} from "../lib/encryption.js";
import { formatList } from "@hush/core/sniff";

interface EditOptions extends EncryptionFlags {
  inputType?: string;
  identity?: string[];
}

/** What `hush edit` is given: its positionals and options. */
export interface EditArgs extends EditOptions {
  file: string;
}

type Core = typeof CoreModule;

/** How often invalid content reopens the editor before hush gives up. */
const MAX_REOPEN = 3;
const HEADER = "# hush: ";

/** Declares `hush edit FILE`: decrypt to a private temp copy, edit, re-encrypt only what changed. */
export function register(program: Command, io: Io, state: RunState): void {
  const cmd = program
    .command("edit")
    .description(
      "edit an encrypted file in $SOPS_EDITOR/$VISUAL/$EDITOR; only changed values are re-encrypted",
    )
    .argument("<file>", "encrypted file (a new path is created under its policy rule)")
    .option("--input-type <format>", `${formatList()} (default: from the file name)`)
    .option("--identity <file>", "age identity file (repeatable; only these are used)", collect);
  addEncryptionOptions(cmd).addHelpText(
    "after",
    `
Examples:
  $ hush edit secrets/app.secret.yaml
  $ EDITOR="code --wait" hush edit secrets/app.secret.yaml
  $ hush edit secrets/new.secret.yaml        # creates it; recipients from its rule

The plaintext lives only in a 0600 file in a 0700 folder hush-edit-<pid>-<random> in
$XDG_RUNTIME_DIR (when it is a folder of yours nobody else can enter) or the temp folder, removed
on success, failure and Ctrl-C; after a kill -9, the next hush edit or exec --file removes it. Invalid content reopens the editor with the error at the top (saving it unchanged gives up).
Saving without changes writes nothing.

Exit status:
  0  saved, or nothing to save
  1  editor failed, content still invalid, no matching identity, MAC mismatch, read-only file
  2  usage error
  130/143  interrupted (SIGINT/SIGTERM); the file is left unchanged`,
  );
  cmd.action(async (file: string, opts: EditOptions) => {
    state.exitCode = await editCommand({ ...opts, file }, io);
  });
}

/** Runs `hush edit`; resolves to the exit code, throws a HushError for a failure. */
export async function editCommand(args: EditArgs, io: Io): Promise<number> {
  const { file } = args;
  const { HushError } = await import("@hush/core/errors");
  const { createContext } = await import("../lib/context.js");
  const { readText, formatOf, exists, assertWritable } = await import("../lib/files.js");
  const { runEditor, SIGNAL_NUMBERS } = await import("../lib/editor.js");
  const { readFile, writeFile } = await import("node:fs/promises");
  const path = await import("node:path");
  const core = await import("@hush/core");
  const { plaintextTempDir } = await import("@hush/core/node");
  const ctx = createContext(io, args);
  const abs = ctx.abs(file);
  const format = await formatOf(abs, args.inputType);
  const isNew = !(await exists(abs));

  // Everything that can fail before the editor opens does, so nobody types into a doomed session.
  let original = "";
  // Binary files are edited as their exact bytes (never decoded as UTF-8).
  let plain: string | Uint8Array = "";
  let spec: EncryptionSpec | undefined;
  let pin: { pinnedRules?: EncryptionRules } = {};
  if (isNew) {
    const { encryptionFor } = await import("../lib/encryption.js");
    spec = await encryptionFor(ctx, abs, args);
  } else {
    await assertWritable(abs);
    original = await readText(abs);
    pin = await ctx.pin(abs);
    const r = await core.decrypt(original, {
      format,
      identities: await ctx.identities(),
      ...pin,
    });
    plain = r.bytes ?? r.text;
  }

  let interrupted: NodeJS.Signals | undefined;
  let child: { kill: (signal: NodeJS.Signals) => boolean } | undefined;
  const unsubscribe =
    io.onSignal?.((signal) => {
      interrupted = signal;
      child?.kill(signal);
    }) ?? (() => undefined);
  const tmp = await plaintextTempDir("edit", io.env);
  try {
    const tmpFile = path.join(tmp.dir, path.basename(abs));
    await writeFile(tmpFile, plain, { mode: 0o600, flag: "wx" });
    let shown: string | Uint8Array = plain;
    for (let attempt = 0; ; attempt++) {
      const exit = await runEditor(io, tmpFile, (c) => (child = c));
      // A terminal's Ctrl-C reaches the editor too; editors like vim ignore it and carry on, so
      // SIGINT aborts only when the editor did not finish cleanly. SIGTERM/SIGHUP always abort.
      if (interrupted !== undefined && (interrupted !== "SIGINT" || exit.code !== 0)) {
        throw new HushError("ERR_COMMAND", `interrupted; ${ctx.show(abs)} left unchanged`, {
          exitCode: 128 + (SIGNAL_NUMBERS[interrupted] ?? 2),
        });
      }
      if (exit.code !== 0) {
        throw new HushError(
          "ERR_COMMAND",
          `editor ${exit.signal !== null ? `killed by ${exit.signal}` : `exited with status ${String(exit.code)}`}; ${ctx.show(abs)} left unchanged`,
          {
            hint: 'check $SOPS_EDITOR/$VISUAL/$EDITOR (a GUI editor needs its wait flag, e.g. "code --wait")',
          },
        );
      }
      const edited: string | Uint8Array =
        format === "binary"
          ? new Uint8Array(await readFile(tmpFile))
          : stripHeader(await readFile(tmpFile, "utf8"));
      if (sameContent(edited, shown)) {
        if (attempt === 0) {
          io.stderr(`no changes; ${ctx.show(abs)} not written\n`);
          return 0;
        }
        throw new HushError(
          "ERR_COMMAND",
          `content still invalid; ${ctx.show(abs)} left unchanged`,
          { hint: "run hush edit again and fix the error shown at the top" },
        );
      }
      let next: string;
      try {
        next = isNew
          ? await core.encrypt(edited, { format, ...(spec ?? {}) })
          : (
              await core.update(original, edited, {
                format,
                identities: await ctx.identities(),
                ...pin,
              })
            ).text;
      } catch (err) {
        const reopen =
          core.isHushError(err) && (err.code === "ERR_FORMAT" || err.code === "ERR_PATH");
        if (!reopen || attempt + 1 >= MAX_REOPEN) {
          if (reopen)
            throw new HushError(
              "ERR_COMMAND",
              `content still invalid after ${MAX_REOPEN} tries; ${ctx.show(abs)} left unchanged`,
              { hint: "run hush edit again" },
            );
          throw err;
        }
        io.stderr(`hush: ${err.message}; reopening the editor\n`);
        await writeFile(
          tmpFile,
          typeof edited === "string" ? header(err.message) + edited : edited,
          { mode: 0o600 },
        );
        shown = edited;
        continue;
      }
      if (next === original) {
        io.stderr(`no changes; ${ctx.show(abs)} not written\n`);
        return 0;
      }
      if (isNew) {
        const { mkdir } = await import("node:fs/promises");
        await mkdir(path.dirname(abs), { recursive: true });
      }
      const how = await saveEdit(io, ctx, core, {
        abs,
        isNew,
        original,
        saved: next,
        // Keys are asked for only to merge (a new file needs none).
        options: async () => ({ format, identities: await ctx.identities(), ...pin }),
      });
      io.stderr(`${how}\n`);
      return 0;
    }
  } finally {
    unsubscribe();
    await tmp.cleanup();
  }
}

/** One finished edit: the file as the session read it, and the encrypted text to write. */
interface FinishedEdit {
  abs: string;
  isNew: boolean;
  original: string;
  saved: string;
  options: () => Promise<MergeOptions>;
}

/**
 * Write the edit back under the file's write lock (which covers only this read-compare-write,
 * never the editor session). Changed meanwhile: merged value by value, or kept encrypted beside
 * the file. Resolves to what was done; throws when the edit could not be applied.
 */
async function saveEdit(io: Io, ctx: Context, core: Core, e: FinishedEdit): Promise<string> {
  const { abs, isNew, original, saved } = e;
  const { readText, writeAtomic, exists } = await import("../lib/files.js");
  const { withWriteLock } = await import("../lib/lock.js");
  return withWriteLock(io, abs, ctx.show(abs), async () => {
    const current = isNew
      ? (await exists(abs))
        ? undefined
        : original
      : await readText(abs).catch(() => undefined);
    if (current === original) {
      await writeAtomic(abs, saved, isNew ? 0o644 : undefined);
      return `${isNew ? "created" : "saved"} ${ctx.show(abs)}`;
    }
    const { mergeEdit, sideName } = await import("../lib/edit-merge.js");
    const merged =
      current === undefined || isNew
        ? { ok: false as const, why: "it was created or removed meanwhile" }
        : await mergeEdit(core, { original, edited: saved, current }, await e.options());
    if (merged.ok) {
      await writeAtomic(abs, merged.text);
      return `saved ${ctx.show(abs)} (merged with a change made while you edited)`;
    }
    let side = sideName(abs, 0);
    for (let n = 1; await exists(side); n++) side = sideName(abs, n);
    await writeAtomic(side, saved, 0o600);
    throw new core.HushError(
      "ERR_COMMAND",
      `${ctx.show(abs)} changed while you edited it (${merged.why}); your edit is saved encrypted in ${ctx.show(side)}`,
      {
        hint: `compare with \`hush decrypt ${ctx.show(side)}\`, apply it with \`hush edit ${ctx.show(abs)}\`, then delete ${ctx.show(side)}`,
      },
    );
  });
}

function sameContent(a: string | Uint8Array, b: string | Uint8Array): boolean {
  if (typeof a === "string" || typeof b === "string") return a === b;
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(b);
}

function header(message: string): string {
  const oneLine = message.replace(/\s+/g, " ");
  return `${HEADER}error: ${oneLine}\n${HEADER}fix it and save to try again; save unchanged to give up (these lines are removed)\n`;
}

/** Remove the error lines hush put at the top of the file. */
function stripHeader(text: string): string {
  let rest = text;
  while (rest.startsWith(HEADER)) {
    const nl = rest.indexOf("\n");
    rest = nl === -1 ? "" : rest.slice(nl + 1);
  }
  return rest;
}
