// Where age identities come from, the way sops looks for them.
import { readFile as readFileCallback } from "node:fs";
import { promisify } from "node:util";
import { homedir } from "node:os";
import { join } from "node:path";
import { HushError } from "../errors.js";
import { parseIdentities } from "../keys.js";
import { assertTrusted } from "./discovery.js";

/** The callback reader, promisified: node:fs/promises costs every command start ~2 ms to load. */
const readFile = promisify(readFileCallback);

/** An identity and where it came from (a path or an env var name; never the key). */
export interface IdentitySource {
  identity: string;
  source: string;
}

export interface FindIdentitiesOptions {
  env: Readonly<Record<string, string | undefined>>;
  /** Explicit identity files (`--identity`); when given, only these are used. */
  files?: readonly string[];
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

async function readKeyFile(path: string, source: string, env: Env): Promise<string[]> {
  await assertTrusted(path, "identity file", { env });
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (e) {
    throw new HushError(
      "ERR_IO",
      `cannot read identity file ${path} (${source}): ${(e as NodeJS.ErrnoException).code ?? "error"}`,
      {
        hint: "check the path; it should be an age-keygen keys file",
        cause: e,
      },
    );
  }
  return parseIdentities(text, path);
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
 * `<config dir>/sops/age/keys.txt`) plus `HUSH_AGE_KEY`/`HUSH_AGE_KEY_FILE`. All sources are combined,
 * as in sops; duplicates are dropped. Returns [] when none.
 * @throws HushError ERR_KEY for a malformed identity file, ERR_IO for an unreadable named file
 */
export async function findIdentities(options: FindIdentitiesOptions): Promise<IdentitySource[]> {
  const out: IdentitySource[] = [];
  const add = (identities: string[], source: string): void => {
    for (const identity of identities)
      if (!out.some((o) => o.identity === identity)) out.push({ identity, source });
  };
  if (options.files !== undefined && options.files.length > 0) {
    for (const file of options.files) {
      const ids = await readKeyFile(file, "--identity", options.env);
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
    if (text !== undefined) add(parseKeyText(text, name), name);
  }
  for (const name of ["HUSH_AGE_KEY_FILE", "SOPS_AGE_KEY_FILE"]) {
    const path = nonEmpty(env[name]);
    if (path !== undefined) add(await readKeyFile(path, name, env), path);
  }
  const command = nonEmpty(env["SOPS_AGE_KEY_CMD"]);
  if (command !== undefined)
    add(parseKeyText(await runKeyCommand(command, env), "SOPS_AGE_KEY_CMD"), "SOPS_AGE_KEY_CMD");
  const fallback = defaultIdentityFile(env);
  let text: string | undefined;
  try {
    text = await readFile(fallback, "utf8");
  } catch {
    text = undefined; // like sops: the default file is optional
  }
  if (text !== undefined) await assertTrusted(fallback, "identity file", { env });
  if (text !== undefined) add(parseIdentities(text, fallback), fallback);
  return out;
}
