// The client side of the age plugin protocol (C2SP age-plugin spec): recipient-v1 wraps a file key
// for `age1<name>1…` recipients, identity-v1 opens stanzas with `AGE-PLUGIN-<NAME>-1…` identities.
// Both are a two-phase exchange of stanzas over the plugin's stdin/stdout; this file is the state
// machines over an abstract line channel, the process lives in node/plugin-process.ts.
import type { Stanza } from "age-encryption";
import { bech32Decode } from "./bech32.js";
import { HushError } from "./errors.js";

/** What age allows in a plugin name (`age-plugin-<name>`): never a path. */
const PLUGIN_NAME = /^[a-z0-9._-]+$/;

function validName(name: string): string | undefined {
  return PLUGIN_NAME.test(name) && name !== "." && name !== ".." ? name : undefined;
}

/** The plugin name of an `age1<name>1…` recipient (bech32 checked), or undefined. */
export function pluginOfRecipient(s: string): string | undefined {
  if (s !== s.toLowerCase() || s.startsWith("age1pq1")) return undefined;
  const d = bech32Decode(s);
  if (d === undefined || !d.hrp.startsWith("age1")) return undefined;
  return validName(d.hrp.slice(4));
}

/** The plugin name of an `AGE-PLUGIN-<NAME>-1…` identity (bech32 checked), or undefined. */
export function pluginOfIdentity(s: string): string | undefined {
  if (s !== s.toUpperCase()) return undefined;
  const d = bech32Decode(s);
  if (d === undefined || !d.hrp.startsWith("age-plugin-") || !d.hrp.endsWith("-")) return undefined;
  return validName(d.hrp.slice("age-plugin-".length, -1));
}

/** One line at a time from the plugin, and lines to it. */
export interface PluginChannel {
  readLine(): Promise<string | null>;
  write(text: string): void;
}

/** What a plugin may ask of the user (age's msg, confirm, request-public, request-secret). */
export interface PluginUi {
  message(plugin: string, text: string): Promise<void>;
  /** The answer text; undefined when there is no terminal (the plugin is told it failed). */
  secret(plugin: string, prompt: string): Promise<string | undefined>;
  publicValue(plugin: string, prompt: string): Promise<string | undefined>;
  confirm(
    plugin: string,
    prompt: string,
    yes: string,
    no: string | undefined,
  ): Promise<boolean | undefined>;
}

const B64 = /^[A-Za-z0-9+/]*$/;

function b64NoPad(b: Uint8Array): string {
  return Buffer.from(b).toString("base64").replace(/=+$/, "");
}

function stanzaText(
  type: string,
  args: readonly string[],
  body: Uint8Array = new Uint8Array(),
): string {
  const b64 = b64NoPad(body);
  const lines: string[] = [];
  for (let i = 0; i < b64.length; i += 64) lines.push(b64.slice(i, i + 64));
  if (b64.length % 64 === 0) lines.push("");
  return `-> ${[type, ...args].join(" ")}\n${lines.join("\n")}\n`;
}

function protocolError(plugin: string, why: string): HushError {
  return new HushError("ERR_PLUGIN", `age plugin ${plugin}: ${why}`, {
    hint: `check that age-plugin-${plugin} works with age, or update it`,
  });
}

/** One line of plugin-supplied text, safe to print: control characters out, length capped. */
function oneLine(s: string): string {
  const t = s.replace(/[\p{Cc}\p{Cf}]+/gu, " ").trim();
  return t.length > 200 ? `${t.slice(0, 200)}…` : t;
}

async function readStanza(
  ch: PluginChannel,
  plugin: string,
): Promise<{ type: string; args: string[]; body: Buffer } | null> {
  const head = await ch.readLine();
  if (head === null) return null;
  const parts = head.split(" ");
  if (parts[0] !== "->" || parts.length < 2 || parts.some((p) => p === ""))
    throw protocolError(plugin, "malformed stanza");
  const chunks: Buffer[] = [];
  for (;;) {
    const line = await ch.readLine();
    if (line === null) throw protocolError(plugin, "stanza cut short");
    if (line.length > 64 || !B64.test(line)) throw protocolError(plugin, "malformed stanza body");
    const bytes = Buffer.from(line, "base64");
    if (b64NoPad(bytes) !== line) throw protocolError(plugin, "malformed stanza body");
    chunks.push(bytes);
    if (line.length < 64) break;
  }
  return { type: parts[1]!, args: parts.slice(2), body: Buffer.concat(chunks) };
}

/** Phase 2 commands both state machines share; true when handled. */
async function common(
  ch: PluginChannel,
  plugin: string,
  ui: PluginUi,
  s: { type: string; args: string[]; body: Buffer },
  errors: string[],
): Promise<boolean> {
  const text = oneLine(s.body.toString("utf8"));
  switch (s.type) {
    case "msg":
      await ui.message(plugin, text);
      ch.write(stanzaText("ok", []));
      return true;
    case "request-secret":
    case "request-public": {
      const v = await (s.type === "request-secret"
        ? ui.secret(plugin, text)
        : ui.publicValue(plugin, text));
      ch.write(
        v === undefined ? stanzaText("fail", []) : stanzaText("ok", [], Buffer.from(v, "utf8")),
      );
      return true;
    }
    case "confirm": {
      const yes = Buffer.from(s.args[0] ?? "", "base64").toString("utf8");
      const no =
        s.args[1] === undefined ? undefined : Buffer.from(s.args[1], "base64").toString("utf8");
      const v = await ui.confirm(
        plugin,
        text,
        oneLine(yes),
        no === undefined ? undefined : oneLine(no),
      );
      ch.write(v === undefined ? stanzaText("fail", []) : stanzaText("ok", [v ? "yes" : "no"]));
      return true;
    }
    case "error":
      errors.push(text === "" ? (s.args[0] ?? "error") : text);
      ch.write(stanzaText("ok", []));
      return true;
    default:
      return false;
  }
}

/**
 * One phase of the protocol: send `commands` and `done`, then answer the plugin until it says
 * `done`: the stanzas every phase shares (`common`), and the phase's own through `handle`, which
 * returns true for one it took (answered `ok`) and false for one it does not know (`unsupported`).
 * @returns the errors the plugin reported (the caller decides whether they fail the phase)
 */
async function phase(
  ch: PluginChannel,
  plugin: string,
  ui: PluginUi,
  commands: string,
  handle: (s: { type: string; args: string[]; body: Buffer }) => boolean,
): Promise<string[]> {
  ch.write(commands + stanzaText("done", []));
  const errors: string[] = [];
  for (;;) {
    const s = await readStanza(ch, plugin);
    if (s === null) throw protocolError(plugin, "ended without done");
    if (s.type === "done") return errors;
    if (await common(ch, plugin, ui, s, errors)) continue;
    ch.write(stanzaText(handle(s) ? "ok" : "unsupported", []));
  }
}

/**
 * recipient-v1: wrap one file key for recipients of one plugin.
 * @throws HushError ERR_PLUGIN when the plugin reports an error or breaks the protocol
 */
export async function wrapWithPlugin(
  ch: PluginChannel,
  plugin: string,
  recipients: readonly string[],
  fileKey: Uint8Array,
  ui: PluginUi,
): Promise<Stanza[]> {
  let out = "";
  for (const r of recipients) out += stanzaText("add-recipient", [r]);
  out += stanzaText("wrap-file-key", [], fileKey);
  const stanzas: Stanza[] = [];
  const errors = await phase(ch, plugin, ui, out, (s) => {
    if (s.type === "recipient-stanza") {
      if (s.args[0] !== "0" || s.args.length < 2)
        throw protocolError(plugin, "bad recipient-stanza");
      stanzas.push({ args: s.args.slice(1), body: new Uint8Array(s.body) });
      return true;
    }
    return s.type === "labels";
  });
  if (errors.length > 0) throw protocolError(plugin, errors[0]!);
  if (stanzas.length === 0) throw protocolError(plugin, "wrapped the file key for nobody");
  return stanzas;
}

/**
 * identity-v1: open one age file's stanzas with identities of one plugin.
 * @returns the file key, or null when none of the plugin's identities opens it
 * @throws HushError ERR_PLUGIN when the plugin reports an error or breaks the protocol
 */
export async function unwrapWithPlugin(
  ch: PluginChannel,
  plugin: string,
  identities: readonly string[],
  stanzas: readonly Stanza[],
  ui: PluginUi,
): Promise<Uint8Array | null> {
  let out = "";
  for (const id of identities) out += stanzaText("add-identity", [id]);
  for (const s of stanzas) out += stanzaText("recipient-stanza", ["0", ...s.args], s.body);
  const keys: Uint8Array[] = [];
  const errors = await phase(ch, plugin, ui, out, (s) => {
    if (s.type !== "file-key") return false;
    if (s.args[0] !== "0" || s.body.length !== 16) throw protocolError(plugin, "bad file-key");
    keys.push(new Uint8Array(s.body));
    return true;
  });
  const fileKey = keys[0];
  if (fileKey !== undefined) return fileKey;
  if (errors.length > 0) throw protocolError(plugin, errors[0]!);
  return null;
}
