// Running age plugins (`age-plugin-<name>`): found on PATH only, never in the current folder or
// the repository (whose writers would choose the program), and only when neither the program nor
// its folder can be changed by another user. The protocol itself is ../plugin.ts.
import { spawn, type ChildProcessByStdio } from "node:child_process";
import type { Readable, Writable } from "node:stream";
import { realpathSync, statSync } from "node:fs";
import { delimiter, dirname, isAbsolute, join, relative } from "node:path";
import type { Stanza } from "age-encryption";
import { HushError } from "../errors.js";
import type { AgePluginHost } from "../keys.js";
import type { KeyIdentity } from "../key-identity.js";
import { unwrapWithPlugin, wrapWithPlugin, type PluginChannel, type PluginUi } from "../plugin.js";

type Env = Readonly<Record<string, string | undefined>>;

/** What running plugins needs from the caller. */
export interface PluginOptions {
  env: Env;
  /** Relays the plugin's questions and messages to the user. */
  ui: PluginUi;
  /** Folders no plugin may come from (the working folder, the repository). */
  untrusted: readonly string[];
}

function pluginError(name: string, why: string, hint?: string): HushError {
  return new HushError("ERR_PLUGIN", `age plugin ${name}: ${why}`, {
    hint:
      hint ?? `install age-plugin-${name} in a folder on PATH that only you (or root) can write`,
  });
}

function inside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === "" || (!rel.startsWith("..") && !isAbsolute(rel));
}

/** Someone other than the user (or root) could change `path`. */
function othersCanWrite(path: string): string | undefined {
  if (process.platform === "win32" || process.geteuid === undefined) return undefined;
  const st = statSync(path);
  if (st.uid !== 0 && st.uid !== process.geteuid()) return "is owned by another user";
  // A sticky shared folder (/tmp) still lets anyone add files: refuse it as well.
  if ((st.mode & 0o022) !== 0) return "can be written by others";
  return undefined;
}

/**
 * The program for plugin `name`: `age-plugin-<name>` in an absolute PATH folder, outside the
 * untrusted folders, that only its user (or root) can change.
 * @throws HushError ERR_PLUGIN when there is none, or it is not safe to run
 */
export function findPlugin(
  name: string,
  options: Pick<PluginOptions, "env" | "untrusted">,
): string {
  const program = `age-plugin-${name}`;
  for (const dir of (options.env["PATH"] ?? "").split(delimiter)) {
    // "" and "." mean the working folder: whoever writes the repository would pick the program.
    if (!isAbsolute(dir)) continue;
    let real: string;
    try {
      const st = statSync(join(dir, program));
      if (!st.isFile() || (st.mode & 0o111) === 0) continue;
      real = realpathSync(join(dir, program));
    } catch {
      continue;
    }
    const untrusted = options.untrusted.find((root) => inside(realpathOr(root), real));
    if (untrusted !== undefined)
      throw pluginError(name, `${program} is inside ${untrusted}, which the repository controls`);
    for (const p of [real, dirname(real)]) {
      const why = othersCanWrite(p);
      if (why !== undefined) throw pluginError(name, `${p} ${why}; not running it`);
    }
    return real;
  }
  throw pluginError(name, `${program} was not found on PATH`, `install age-plugin-${name}`);
}

function realpathOr(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    return p;
  }
}

/** A line channel over a plugin process's stdout/stdin. */
function channelOf(
  child: ChildProcessByStdio<Writable, Readable, null>,
): PluginChannel & { failed(): Error | undefined } {
  let buffer = "";
  let ended = false;
  let error: Error | undefined;
  let wake: (() => void) | undefined;
  child.stdout.setEncoding("utf8");
  child.stdout.on("data", (chunk: string) => {
    buffer += chunk;
    wake?.();
  });
  const end = (): void => {
    ended = true;
    wake?.();
  };
  child.stdout.on("end", end);
  child.on("error", (e: Error) => {
    error = e;
    end();
  });
  child.stdin.on("error", () => undefined);
  return {
    async readLine() {
      for (;;) {
        const nl = buffer.indexOf("\n");
        if (nl >= 0) {
          const line = buffer.slice(0, nl);
          buffer = buffer.slice(nl + 1);
          return line;
        }
        if (ended) return null;
        await new Promise<void>((resolve) => (wake = resolve));
        wake = undefined;
      }
    },
    write(text) {
      child.stdin.write(text);
    },
    failed: () => error,
  };
}

async function session<T>(
  name: string,
  protocol: "recipient-v1" | "identity-v1",
  options: PluginOptions,
  run: (ch: PluginChannel) => Promise<T>,
): Promise<T> {
  const program = findPlugin(name, options);
  const env = Object.fromEntries(
    Object.entries(options.env).filter((e): e is [string, string] => e[1] !== undefined),
  );
  const child = spawn(program, [`--age-plugin=${protocol}`], {
    env,
    stdio: ["pipe", "pipe", "inherit"],
  });
  const ch = channelOf(child);
  try {
    return await run(ch);
  } catch (e) {
    const failed = ch.failed();
    if (failed !== undefined)
      throw pluginError(
        name,
        `cannot run ${program} (${(failed as NodeJS.ErrnoException).code ?? "error"})`,
      );
    throw e;
  } finally {
    child.stdin.end();
    if (child.exitCode === null) child.kill();
  }
}

/** Wraps for plugin recipients by running their plugin (recipient-v1). */
export function pluginHost(options: PluginOptions): AgePluginHost {
  return {
    wrap: (plugin, recipient, fileKey): Promise<Stanza[]> =>
      session(plugin, "recipient-v1", options, (ch) =>
        wrapWithPlugin(ch, plugin, [recipient], fileKey, options.ui),
      ),
  };
}

/** The `AGE-PLUGIN-<NAME>-1…` identities of one plugin as one identity (identity-v1). */
export function pluginIdentity(
  plugin: string,
  identities: readonly string[],
  source: string,
  options: PluginOptions,
): KeyIdentity {
  return {
    recipients: [],
    source,
    kind: `plugin:${plugin}`,
    interactive: true,
    unwrapFileKey: (stanzas) =>
      session(plugin, "identity-v1", options, (ch) =>
        unwrapWithPlugin(ch, plugin, identities, stanzas, options.ui),
      ),
  };
}
