// Where age identities come from, the way sops looks for them: age identity files (in clear or
// passphrase-protected), ssh private keys, and age plugin identities.
import { readFile as readFileCallback } from "node:fs";
import { promisify } from "node:util";
import { homedir } from "node:os";
import { join } from "node:path";
import { HushError, isHushError } from "../errors.js";
import { parseIdentities } from "../keys.js";
import {
  protectedIdentityFile,
  sshIdentity,
  type AskSecret,
  type IdentityInput,
  type KeyIdentity,
} from "../key-identity.js";
import { pluginOfIdentity } from "../plugin.js";
import { isAgeFile } from "../scrypt.js";
import { looksLikeSshPrivateKey, parseSshKeyFile } from "../ssh-key-file.js";
import { assertTrusted } from "./discovery.js";
import { pluginIdentity, type PluginOptions } from "./plugin-process.js";

/** The callback reader, promisified: node:fs/promises costs every command start ~2 ms to load. */
const readFile = promisify(readFileCallback);

/** An identity and where it came from (a path or an env var name; never the key). */
export interface IdentitySource {
  identity: IdentityInput;
  source: string;
}

export interface FindIdentitiesOptions {
  env: Readonly<Record<string, string | undefined>>;
  /** Explicit identity files (`--identity`); when given, only these are used. */
  files?: readonly string[];
  /**
   * Asks for a passphrase (of an ssh key or a protected identity file) on the terminal, when a file
   * really needs it. Without it such keys fail with ERR_PASSPHRASE when needed.
   */
  ask?: AskSecret;
  /** How to run age plugins; without it `AGE-PLUGIN-…` identities fail with ERR_PLUGIN when used. */
  plugins?: PluginOptions;
}

type Env = Readonly<Record<string, string | undefined>>;

const KEY_CMD_TIMEOUT_MS = 60_000;

/** `<config dir>/sops/age/keys.txt` (XDG_CONFIG_HOME, else ~/.config; macOS ~/Library/Application Support). */
export function defaultIdentityFile(
  env: Env,
  platform: NodeJS.Platform = process.platform,
): string {
  const home = nonEmpty(env["HOME"]) ?? nonEmpty(env["USERPROFILE"]) ?? homedir();
  const xdg = nonEmpty(env["XDG_CONFIG_HOME"]);
  let configDir: string;
  if (platform === "win32")
    configDir = nonEmpty(env["APPDATA"]) ?? join(home, "AppData", "Roaming");
  else if (xdg !== undefined) configDir = xdg;
  else if (platform === "darwin") configDir = join(home, "Library", "Application Support");
  else configDir = join(home, ".config");
  return join(configDir, "sops", "age", "keys.txt");
}

function nonEmpty(s: string | undefined): string | undefined {
  return s === undefined || s === "" ? undefined : s;
}

/** `SOPS_AGE_KEY`-style text: lines, each split on whitespace (sops ≥ 3.13), `#` lines skipped. */
function parseKeyText(text: string, source: string): string[] {
  return text.split("\n").flatMap((line, i) => {
    const words = line.trim().startsWith("#")
      ? []
      : line
          .trim()
          .split(/\s+/)
          .filter((w) => w !== "");
    try {
      return parseIdentities(words.join("\n"), source);
    } catch {
      throw new HushError("ERR_KEY", `${source}:${i + 1}: not an age identity`, {
        hint: "an age identity looks like AGE-SECRET-KEY-1… (make one with `age-keygen`)",
      });
    }
  });
}

/** Identities from a key file's bytes: an ssh private key, a protected identity file, or identity lines. */
function identitiesOf(
  data: Buffer,
  path: string,
  options: FindIdentitiesOptions,
  pubText: string | undefined,
): IdentityInput[] {
  const text = data.toString("utf8");
  if (looksLikeSshPrivateKey(text))
    return [sshIdentity(parseSshKeyFile(text, path, pubText), path, options.ask)];
  if (isAgeFile(data.subarray(0, 64).toString("latin1")))
    return [
      protectedIdentityFile(data, path, options.ask, (ids, src) => withPlugins(ids, src, options)),
    ];
  return withPlugins(parseIdentities(text, path), path, options);
}

/** `AGE-PLUGIN-…` identities become one identity per plugin; the others stay strings. */
function withPlugins(
  ids: string[],
  source: string,
  options: FindIdentitiesOptions,
): IdentityInput[] {
  const byPlugin = new Map<string, string[]>();
  const out: IdentityInput[] = [];
  for (const id of ids) {
    const plugin = pluginOfIdentity(id);
    if (plugin === undefined) out.push(id);
    else byPlugin.set(plugin, [...(byPlugin.get(plugin) ?? []), id]);
  }
  for (const [plugin, list] of byPlugin) {
    out.push(
      options.plugins === undefined
        ? unavailablePlugin(plugin, source)
        : pluginIdentity(plugin, list, source, options.plugins),
    );
  }
  return out;
}

function unavailablePlugin(plugin: string, source: string): KeyIdentity {
  return {
    recipients: [],
    source,
    kind: `plugin:${plugin}`,
    interactive: true,
    unwrapFileKey: () =>
      Promise.reject(
        new HushError("ERR_PLUGIN", `age plugin identities cannot be used here (${source})`, {
          hint: "use the hush CLI on a machine with the plugin",
        }),
      ),
  };
}

async function readBytes(path: string, source: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (e) {
    throw new HushError(
      "ERR_IO",
      `cannot read identity file ${path} (${source}): ${(e as NodeJS.ErrnoException).code ?? "error"}`,
      {
        hint: "check the path; it should be an age-keygen keys file or an ssh private key",
        cause: e,
      },
    );
  }
}

async function readKeyFile(
  path: string,
  source: string,
  options: FindIdentitiesOptions,
): Promise<IdentityInput[]> {
  const data = await readBytes(path, source);
  await assertTrusted(path, "identity file", { env: options.env });
  return identitiesOf(data, path, options, await readPub(path));
}

/** `<key>.pub` beside an ssh key, when there is one (needed only for a protected PEM key). */
async function readPub(path: string): Promise<string | undefined> {
  try {
    return await readFile(`${path}.pub`, "utf8");
  } catch {
    return undefined;
  }
}

/** Run SOPS_AGE_KEY_CMD through the shell and read identities from its stdout (stderr passes through). */
async function runKeyCommand(command: string, env: Env): Promise<string> {
  // Loaded here: child_process (with net behind it) costs every start a few ms otherwise.
  const { spawn } = await import("node:child_process");
  return new Promise((resolvePromise, reject) => {
    const child = spawn("/bin/sh", ["-c", command], {
      env: Object.fromEntries(
        Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined),
      ),
      stdio: ["ignore", "pipe", "inherit"],
      timeout: KEY_CMD_TIMEOUT_MS,
    });
    const chunks: Buffer[] = [];
    child.stdout.on("data", (c: Buffer) => chunks.push(c));
    const fail = (why: string, cause?: unknown): void =>
      reject(
        new HushError("ERR_IO", `SOPS_AGE_KEY_CMD failed (${why})`, {
          hint: "run the command by hand to check that it prints an age identity",
          cause,
        }),
      );
    child.on("error", (e) => fail((e as NodeJS.ErrnoException).code ?? "cannot start", e));
    child.on("close", (code, signal) => {
      if (code === 0) resolvePromise(Buffer.concat(chunks).toString("utf8"));
      else fail(signal !== null ? `killed by ${signal}` : `exit status ${code}`);
    });
  });
}

/**
 * Collect identities the way sops does (`SOPS_AGE_KEY`, `SOPS_AGE_KEY_FILE`, `SOPS_AGE_KEY_CMD`,
 * `<config dir>/sops/age/keys.txt`, `~/.ssh/id_ed25519`, `~/.ssh/id_rsa`,
 * `SOPS_AGE_SSH_PRIVATE_KEY_FILE`) plus `HUSH_AGE_KEY`/`HUSH_AGE_KEY_FILE`. All sources are combined,
 * as in sops; duplicates are dropped. Returns [] when none. Protected keys and plugins ask nothing
 * here: only when a file is wrapped for them.
 * @throws HushError ERR_KEY for a malformed identity file, ERR_IO for an unreadable named file
 */
export async function findIdentities(options: FindIdentitiesOptions): Promise<IdentitySource[]> {
  const out: IdentitySource[] = [];
  const add = (identities: IdentityInput[], source: string): void => {
    for (const identity of identities)
      if (!out.some((o) => o.identity === identity)) out.push({ identity, source });
  };
  if (options.files !== undefined && options.files.length > 0) {
    for (const file of options.files) {
      const ids = await readKeyFile(file, "--identity", options);
      if (ids.length === 0) {
        throw new HushError("ERR_KEY", `${file} holds no age identity`, {
          hint: "make one with `age-keygen -o <file>`",
        });
      }
      add(ids, file);
    }
    return out;
  }
  const env = options.env;
  for (const name of ["HUSH_AGE_KEY", "SOPS_AGE_KEY"]) {
    const text = nonEmpty(env[name]);
    if (text !== undefined) add(withPlugins(parseKeyText(text, name), name, options), name);
  }
  for (const name of ["HUSH_AGE_KEY_FILE", "SOPS_AGE_KEY_FILE"]) {
    const path = nonEmpty(env[name]);
    if (path !== undefined) add(await readKeyFile(path, name, options), path);
  }
  const command = nonEmpty(env["SOPS_AGE_KEY_CMD"]);
  if (command !== undefined) {
    const ids = parseKeyText(await runKeyCommand(command, env), "SOPS_AGE_KEY_CMD");
    add(withPlugins(ids, "SOPS_AGE_KEY_CMD", options), "SOPS_AGE_KEY_CMD");
  }
  const defaults = defaultIdentityFile(env);
  for (const path of [defaults, ...sshKeyFiles(env)]) {
    let data: Buffer;
    try {
      data = await readFile(path);
    } catch {
      continue; // like sops: the default files are optional
    }
    await assertTrusted(path, "identity file", { env });
    try {
      add(identitiesOf(data, path, options, await readPub(path)), path);
    } catch (e) {
      // An ssh key of a kind age cannot use (or a damaged one) is not hush's business: sops skips it.
      if (path === defaults || !isHushError(e) || e.code !== "ERR_KEY") throw e;
    }
  }
  const sshFile = nonEmpty(env["SOPS_AGE_SSH_PRIVATE_KEY_FILE"]);
  if (sshFile !== undefined)
    add(await readKeyFile(sshFile, "SOPS_AGE_SSH_PRIVATE_KEY_FILE", options), sshFile);
  return out;
}

/** The ssh keys sops reads when present: `~/.ssh/id_ed25519`, then `~/.ssh/id_rsa`. */
function sshKeyFiles(env: Env): string[] {
  const home = nonEmpty(env["HOME"]) ?? nonEmpty(env["USERPROFILE"]) ?? homedir();
  return [join(home, ".ssh", "id_ed25519"), join(home, ".ssh", "id_rsa")];
}
