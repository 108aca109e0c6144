// age wrapping of the data key, identities and recipients.
//
// Wrapping follows sops: one armored, one-stanza age file per recipient. For X25519 (the common
// case) both directions run on node:crypto (age-x25519.ts), because typage's stream-based
// Encrypter/Decrypter cost ~1–1.5 ms per file and `hush rekey --all` does thousands; the tests
// check that output against typage and the age CLI. Post-quantum keys and any file of another
// shape go through age-encryption (typage), imported only when needed. Derived key objects are
// memoised per recipient and per identity across calls.
import { randomBytes } from "node:crypto";
import type * as AgeEncryption from "age-encryption";
import type { Decrypter, Stanza } from "age-encryption";
import { HushError, isHushError } from "./errors.js";
import { bech32Decode, bech32Encode } from "./bech32.js";
import type { IdentityInput, KeyIdentity } from "./key-identity.js";
import { pluginOfIdentity, pluginOfRecipient } from "./plugin.js";
import { looksLikeSshKey, parseSshPublicKey, SshRecipient } from "./ssh.js";
import {
  armor,
  dearmor,
  NodeX25519Identity,
  openX25519,
  sealX25519,
  x25519Private,
  x25519Public,
  type X25519Key,
} from "./age-x25519.js";

/** One wrapped data key as stored in `sops.age[]`. */
export interface AgeStanza {
  recipient: string;
  /** Armored age file (`-----BEGIN AGE ENCRYPTED FILE-----`) holding the 32-byte data key. */
  enc: string;
}

type AgeModule = typeof AgeEncryption;
let ageModule: Promise<AgeModule> | undefined;
/** age-encryption costs ~65 ms to import; only paths that decrypt or use PQ keys pay for it. */
function loadAge(): Promise<AgeModule> {
  ageModule ??= import("age-encryption");
  return ageModule;
}

const X25519_HRP = "age";
const PQ_HRP = "age1pq";
const X25519_ID_HRP = "age-secret-key-";
const PQ_ID_HRP = "age-secret-key-pq-";
const PQ_RECIPIENT_BYTES = 1216;

type KeyKind = "x25519" | "pq";

function decodeRecipient(s: string): { kind: KeyKind; bytes: Uint8Array } | undefined {
  if (s !== s.toLowerCase()) return undefined;
  const kind: KeyKind = s.startsWith("age1pq1") ? "pq" : "x25519";
  const decoded = bech32Decode(s);
  if (decoded === undefined) return undefined;
  if (kind === "pq" && decoded.hrp === PQ_HRP && decoded.bytes.length === PQ_RECIPIENT_BYTES) {
    return { kind, bytes: decoded.bytes };
  }
  if (kind === "x25519" && decoded.hrp === X25519_HRP && decoded.bytes.length === 32) {
    return { kind, bytes: decoded.bytes };
  }
  return undefined;
}

function decodeIdentity(s: string): { kind: KeyKind; bytes: Uint8Array } | undefined {
  if (s !== s.toUpperCase()) return undefined;
  const kind: KeyKind = s.startsWith("AGE-SECRET-KEY-PQ-1") ? "pq" : "x25519";
  if (kind === "x25519" && !s.startsWith("AGE-SECRET-KEY-1")) return undefined;
  const decoded = bech32Decode(s);
  if (decoded === undefined || decoded.bytes.length !== 32) return undefined;
  if (decoded.hrp !== (kind === "pq" ? PQ_ID_HRP : X25519_ID_HRP)) return undefined;
  return { kind, bytes: decoded.bytes };
}

/** A new age identity. `pq` makes a post-quantum hybrid one (`AGE-SECRET-KEY-PQ-1…` / `age1pq1…`). */
export async function generateIdentity(options?: {
  pq?: boolean;
}): Promise<{ identity: string; recipient: string }> {
  const hrp = options?.pq === true ? PQ_ID_HRP : X25519_ID_HRP;
  const identity = bech32Encode(hrp, randomBytes(32)).toUpperCase();
  return { identity, recipient: await identityToRecipient(identity) };
}

/** The recipient (`age1…`) of an identity. ERR_KEY when malformed. */
export async function identityToRecipient(identity: string): Promise<string> {
  const cached = identityCache.get(identity);
  const known = cached?.recipients[0];
  if (known !== undefined) return known;
  const decoded = decodeIdentity(identity);
  if (decoded === undefined) throw new HushError("ERR_KEY", "malformed age identity", identityHint);
  if (decoded.kind === "x25519") {
    return bech32Encode(X25519_HRP, x25519Private(decoded.bytes).pub);
  }
  return (await loadAge()).identityToRecipient(identity);
}

const identityHint = {
  hint: "an age identity looks like AGE-SECRET-KEY-1… (make one with `age-keygen`)",
};

/** age-keygen compatible file text: `# created: …`, `# public key: …`, the identity, newline. */
export function formatIdentityFile(identity: string, recipient: string, created: Date): string {
  // age-keygen writes RFC 3339 with the local offset; UTC seconds precision is equally valid.
  const stamp = created.toISOString().replace(/\.\d{3}Z$/, "Z");
  return `# created: ${stamp}\n# public key: ${recipient}\n${identity}\n`;
}

/**
 * Parse an identity file the way age does: comments and blank lines skipped, several keys, CRLF.
 * `AGE-PLUGIN-…` lines are kept (the caller runs the plugin). Returns [] when there is no key.
 * @param source - where the text came from, for error messages (never the key itself)
 * @throws HushError ERR_KEY naming the line of the first garbage line
 */
export function parseIdentities(text: string, source: string): string[] {
  if (text.startsWith("age-encryption") || text.trimStart().startsWith("-----BEGIN AGE")) {
    throw new HushError(
      "ERR_KEY",
      `${source} is a passphrase-encrypted identity file, which hush cannot read`,
      {
        hint: "decrypt it first: age -d -o keys.txt <file>",
      },
    );
  }
  const identities: string[] = [];
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] ?? "").trim();
    if (line === "" || line.startsWith("#")) continue;
    if (decodeIdentity(line) === undefined && pluginOfIdentity(line) === undefined) {
      throw new HushError("ERR_KEY", `${source}:${i + 1}: not an age identity`, identityHint);
    }
    identities.push(line);
  }
  return identities;
}

/**
 * The kind of a recipient: `age` (X25519), `age-pq`, `ssh-ed25519`, `ssh-rsa`, `plugin:<name>`;
 * undefined when malformed.
 */
export function recipientKind(r: string): string | undefined {
  if (r !== r.trim()) return undefined;
  if (looksLikeSshKey(r)) {
    try {
      return parseSshPublicKey(r).type;
    } catch {
      return undefined;
    }
  }
  const decoded = decodeRecipient(r);
  if (decoded !== undefined) return decoded.kind === "pq" ? "age-pq" : "age";
  const plugin = pluginOfRecipient(r);
  return plugin === undefined ? undefined : `plugin:${plugin}`;
}

/** True for a well-formed recipient: `age1…`, `age1pq1…`, an ssh public key line, `age1<plugin>1…`. */
export function isRecipient(s: string): boolean {
  // Recipients already wrapped to were validated then; rekeys check the same few keys per file.
  return recipientCache.get(s) !== undefined || recipientKind(s) !== undefined;
}

/** A recipient as hush writes and compares it: trimmed, and an ssh key without its comment. */
export function canonicalRecipient(s: string): string {
  const r = s.trim();
  if (!looksLikeSshKey(r)) return r;
  try {
    return parseSshPublicKey(r).canonical;
  } catch {
    return r;
  }
}

/** Throws ERR_KEY (naming `where`) unless {@link isRecipient}. */
export function assertRecipient(s: string, where?: string): void {
  if (isRecipient(s)) return;
  const at = where === undefined ? "" : ` (${where})`;
  if (looksLikeSshKey(s)) parseSshPublicKey(s, where); // says what is wrong with the ssh key
  throw new HushError("ERR_KEY", `malformed age recipient${at}`, {
    hint: "a recipient looks like age1… (see `age-keygen -y keys.txt`) or ssh-ed25519 AAAA…",
  });
}

/** Wraps file keys for `age1<plugin>1…` recipients: given by whoever can run programs (the CLI). */
export interface AgePluginHost {
  wrap(plugin: string, recipient: string, fileKey: Uint8Array): Promise<Stanza[]>;
}

let pluginHost: AgePluginHost | undefined;

/** Install (or remove) the runner of age plugins that wrapping for plugin recipients needs. */
export function setAgePluginHost(host: AgePluginHost | undefined): void {
  pluginHost = host;
}

/** Bounded memo: derived key objects are reused across the thousands of files of a rekey. */
class Memo<V> {
  private readonly map = new Map<string, V>();
  constructor(private readonly limit: number) {}
  get(key: string): V | undefined {
    return this.map.get(key);
  }
  set(key: string, value: V): V {
    if (this.map.size >= this.limit) this.map.clear();
    this.map.set(key, value);
    return value;
  }
}

type Target = X25519Key | { pq: true } | { ssh: SshRecipient } | { plugin: string };
const recipientCache = new Memo<Target>(4096);

function targetOf(recipient: string): Target {
  const decoded = decodeRecipient(recipient);
  if (decoded !== undefined)
    return decoded.kind === "x25519" ? x25519Public(decoded.bytes) : { pq: true };
  if (looksLikeSshKey(recipient)) return { ssh: new SshRecipient(parseSshPublicKey(recipient)) };
  const plugin = pluginOfRecipient(recipient);
  if (plugin !== undefined) return { plugin };
  assertRecipient(recipient);
  throw new HushError("ERR_KEY", "malformed age recipient");
}

/** age-encrypt (armored) a data key to one recipient. */
export async function wrapDataKey(dataKey: Uint8Array, recipient: string): Promise<string> {
  const target =
    recipientCache.get(recipient) ?? recipientCache.set(recipient, targetOf(recipient));
  if ("key" in target) return armor(sealX25519(dataKey, target));
  const age = await loadAge();
  const encrypter = new age.Encrypter();
  if ("pq" in target) encrypter.addRecipient(recipient);
  else if ("ssh" in target) encrypter.addRecipient(target.ssh);
  else {
    const host = pluginHost;
    if (host === undefined) {
      throw new HushError(
        "ERR_PLUGIN",
        `wrapping for age plugin ${target.plugin} is not available here`,
        {
          hint: "run hush on a machine with the plugin (age-plugin-" + target.plugin + ") on PATH",
        },
      );
    }
    encrypter.addRecipient({
      wrapFileKey: (fileKey) => host.wrap(target.plugin, recipient, fileKey),
    });
  }
  return armor(await encrypter.encrypt(dataKey));
}

interface LoadedIdentity {
  /** The recipients it is known to answer to (none for a plugin or a protected file). */
  recipients: readonly string[];
  /** Set for X25519 identities: opened with node:crypto, no typage needed for sops-shaped files. */
  x25519: X25519Key | undefined;
  /** typage Decrypter, made on first need (PQ identities, objects, unusual file shapes). */
  decrypter: Promise<Decrypter> | undefined;
  identity: string | KeyIdentity;
  /** The identities inside a container (a protected identity file), opened on first need. */
  inner: (() => Promise<LoadedIdentity[]>) | undefined;
}
const identityCache = new Memo<LoadedIdentity>(1024);
const objectCache = new WeakMap<KeyIdentity, LoadedIdentity>();

async function loadIdentity(identity: IdentityInput, index: number): Promise<LoadedIdentity> {
  if (typeof identity !== "string") {
    const known = objectCache.get(identity);
    if (known !== undefined) return known;
    const unlock = identity.unlock?.bind(identity);
    let inner: Promise<LoadedIdentity[]> | undefined;
    const loaded: LoadedIdentity = {
      recipients: identity.recipients,
      x25519: undefined,
      decrypter: undefined,
      identity,
      inner:
        unlock === undefined
          ? undefined
          : () =>
              (inner ??= unlock().then((ids) =>
                Promise.all(ids.map((id, i) => loadIdentity(id, i))),
              )),
    };
    objectCache.set(identity, loaded);
    return loaded;
  }
  const cached = identityCache.get(identity);
  if (cached !== undefined) return cached;
  const decoded = decodeIdentity(identity);
  if (decoded === undefined) {
    if (pluginOfIdentity(identity) !== undefined) {
      throw new HushError(
        "ERR_PLUGIN",
        `age plugin identities cannot be used here (identity #${index + 1})`,
        {
          hint: "use the hush CLI on a machine with the plugin, or an AGE-SECRET-KEY-1… identity",
        },
      );
    }
    throw new HushError("ERR_KEY", `malformed age identity (identity #${index + 1})`, identityHint);
  }
  const x25519 = decoded.kind === "x25519" ? x25519Private(decoded.bytes) : undefined;
  const recipient =
    x25519 !== undefined
      ? bech32Encode(X25519_HRP, x25519.pub)
      : await (await loadAge()).identityToRecipient(identity);
  return identityCache.set(identity, {
    recipients: [recipient],
    x25519,
    decrypter: undefined,
    identity,
    inner: undefined,
  });
}

function decrypterOf(id: LoadedIdentity): Promise<Decrypter> {
  id.decrypter ??= loadAge().then((age) => {
    const d = new age.Decrypter();
    const { identity } = id;
    if (id.x25519 !== undefined) d.addIdentity(new NodeX25519Identity(id.x25519));
    else if (typeof identity === "string") d.addIdentity(identity);
    else
      d.addIdentity({ unwrapFileKey: (s) => identity.unwrapFileKey?.(s) ?? Promise.resolve(null) });
    return d;
  });
  return id.decrypter;
}

async function openWith(file: Uint8Array, id: LoadedIdentity): Promise<Uint8Array | null> {
  if (id.inner !== undefined) {
    for (const inner of await id.inner()) {
      const key = await openWith(file, inner);
      if (key !== null) return key;
    }
    return null;
  }
  if (id.x25519 !== undefined) {
    const fast = openX25519(file, id.x25519);
    if (fast !== undefined) return fast;
  }
  try {
    return await (await decrypterOf(id)).decrypt(file);
  } catch (e) {
    if (e instanceof Error && e.message === NO_MATCH) return null;
    throw e;
  }
}

const NO_MATCH = "no identity matched any of the file's recipients";

/**
 * Open the data key with the first identity that matches a stanza. Identities are matched to
 * stanzas by recipient first (one decryption); only then is every other pair tried, as sops does,
 * since sops ignores the `recipient` field when decrypting.
 * @throws HushError ERR_NO_IDENTITY when none matches (message lists no key material), ERR_FORMAT
 *   when the stanza of a matching identity is corrupt
 */
export async function unwrapDataKey(
  stanzas: readonly AgeStanza[],
  identities: readonly IdentityInput[],
): Promise<{ dataKey: Uint8Array; recipient: string }> {
  if (identities.length === 0) {
    throw new HushError("ERR_NO_IDENTITY", "no age identity found", {
      hint: "set SOPS_AGE_KEY_FILE or HUSH_AGE_KEY_FILE, or pass --identity <file>",
    });
  }
  const loaded = await Promise.all(identities.map((id, i) => loadIdentity(id, i)));
  let corrupt: string | undefined;
  const attempt = async (
    stanza: AgeStanza,
    who: readonly LoadedIdentity[],
  ): Promise<Uint8Array | undefined> => {
    let file: Uint8Array;
    try {
      file = dearmor(stanza.enc);
    } catch {
      corrupt ??= stanza.recipient;
      return undefined;
    }
    for (const id of who) {
      try {
        const dataKey = await openWith(file, id);
        if (dataKey !== null) return dataKey;
        if (who.length === 1) corrupt ??= stanza.recipient;
      } catch (e) {
        // A wrong passphrase or a failing plugin is the user's to see, not a corrupt stanza.
        if (isHushError(e)) throw e;
        corrupt ??= stanza.recipient;
      }
    }
    return undefined;
  };
  const byRecipient = new Map(loaded.flatMap((l) => l.recipients.map((r) => [r, l] as const)));
  for (const stanza of stanzas) {
    const match = byRecipient.get(canonicalRecipient(stanza.recipient));
    if (match === undefined) continue;
    const dataKey = await attempt(stanza, [match]);
    if (dataKey !== undefined) return { dataKey, recipient: stanza.recipient };
  }
  const matchedCorrupt = corrupt;
  corrupt = undefined;
  for (const stanza of stanzas) {
    const tried = byRecipient.get(canonicalRecipient(stanza.recipient));
    const others = tried === undefined ? loaded : loaded.filter((l) => l !== tried);
    if (others.length === 0) continue;
    const dataKey = await attempt(stanza, others);
    if (dataKey !== undefined) return { dataKey, recipient: stanza.recipient };
  }
  if (matchedCorrupt !== undefined) {
    throw new HushError("ERR_FORMAT", `the wrapped data key for ${matchedCorrupt} is corrupt`, {
      hint: "the file's sops.age entry was altered; restore it from git history",
    });
  }
  throw new HushError(
    "ERR_NO_IDENTITY",
    `none of ${loaded.length} age identit${loaded.length === 1 ? "y" : "ies"} opens the data key (${stanzas.length} recipient${stanzas.length === 1 ? "" : "s"} tried)`,
    { hint: "use the identity of one of the file's recipients (see `hush access`)" },
  );
}
