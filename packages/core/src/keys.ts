// OWNER: core-keys helper. age wrapping of the data key, identities and recipients.
//
// Wrapping follows sops: one armored, one-stanza age file per recipient. X25519 (the common case)
// is done here with node:crypto, because typage's stream-based Encrypter costs ~1.2 ms per file and
// `hush rekey --all` does thousands of wraps; its output is checked against typage and the age CLI
// in the tests. Post-quantum wrapping and every decryption go through age-encryption (typage), which
// parses headers strictly; X25519 unwrapping plugs a node:crypto identity into its Decrypter.
import {
  createCipheriv,
  createDecipheriv,
  createHmac,
  createPrivateKey,
  createPublicKey,
  diffieHellman,
  generateKeyPairSync,
  hkdfSync,
  randomBytes,
  type KeyObject,
} from "node:crypto";
import type { Decrypter, Identity, Stanza } from "age-encryption";
import { HushError } from "./errors.js";
import { bech32Decode, bech32Encode } from "./bech32.js";

/** One wrapped data key as stored in `sops.age[]`. */
export interface AgeStanza {
  recipient: string;
  /** Armored age file (`-----BEGIN AGE ENCRYPTED FILE-----`) holding the 32-byte data key. */
  enc: string;
}

type AgeModule = typeof import("age-encryption");
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
const PKCS8_X25519 = Buffer.from("302e020100300506032b656e04220420", "hex");
const SPKI_X25519 = Buffer.from("302a300506032b656e032100", "hex");
const X25519_LABEL = "age-encryption.org/v1/X25519";
const ZERO_NONCE = Buffer.alloc(12);

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

function x25519PublicOf(privateKey: KeyObject): Buffer {
  return createPublicKey(privateKey).export({ format: "der", type: "spki" }).subarray(SPKI_X25519.length);
}

/** A new age identity. `pq` makes a post-quantum hybrid one (`AGE-SECRET-KEY-PQ-1…` / `age1pq1…`). */
export async function generateIdentity(options?: { pq?: boolean }): Promise<{ identity: string; recipient: string }> {
  const hrp = options?.pq === true ? PQ_ID_HRP : X25519_ID_HRP;
  const identity = bech32Encode(hrp, randomBytes(32)).toUpperCase();
  return { identity, recipient: await identityToRecipient(identity) };
}

/** The recipient (`age1…`) of an identity. ERR_KEY when malformed. */
export async function identityToRecipient(identity: string): Promise<string> {
  const cached = identityCache.get(identity);
  if (cached !== undefined) return cached.recipient;
  const decoded = decodeIdentity(identity);
  if (decoded === undefined) throw new HushError("ERR_KEY", "malformed age identity", identityHint);
  if (decoded.kind === "x25519") {
    return bech32Encode(X25519_HRP, x25519PublicOf(x25519Private(decoded.bytes)));
  }
  return (await loadAge()).identityToRecipient(identity);
}

const identityHint = { hint: "an age identity looks like AGE-SECRET-KEY-1… (make one with `age-keygen`)" };

function x25519Private(scalar: Uint8Array): KeyObject {
  return createPrivateKey({ key: Buffer.concat([PKCS8_X25519, scalar]), format: "der", type: "pkcs8" });
}

/** age-keygen compatible file text: `# created: …`, `# public key: …`, the identity, newline. */
export function formatIdentityFile(identity: string, recipient: string, created: Date): string {
  // age-keygen writes RFC 3339 with the local offset; UTC seconds precision is equally valid.
  const stamp = created.toISOString().replace(/\.\d{3}Z$/, "Z");
  return `# created: ${stamp}\n# public key: ${recipient}\n${identity}\n`;
}

/**
 * Parse an identity file the way age does: comments and blank lines skipped, several keys, CRLF.
 * `AGE-PLUGIN-…` lines are skipped (hush cannot run age plugins). Returns [] when there is no key.
 * @param source - where the text came from, for error messages (never the key itself)
 * @throws HushError ERR_KEY naming the line of the first garbage line
 */
export function parseIdentities(text: string, source: string): string[] {
  if (text.startsWith("age-encryption") || text.trimStart().startsWith("-----BEGIN AGE")) {
    throw new HushError("ERR_KEY", `${source} is a passphrase-encrypted identity file, which hush cannot read`, {
      hint: "decrypt it first: age -d -o keys.txt <file>",
    });
  }
  const identities: string[] = [];
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] ?? "").trim();
    if (line === "" || line.startsWith("#") || line.startsWith("AGE-PLUGIN-")) continue;
    if (decodeIdentity(line) === undefined) {
      throw new HushError("ERR_KEY", `${source}:${i + 1}: not an age identity`, identityHint);
    }
    identities.push(line);
  }
  return identities;
}

/** True for a well-formed `age1…` or `age1pq1…` recipient (bech32 checksum verified). */
export function isRecipient(s: string): boolean {
  return decodeRecipient(s) !== undefined;
}

/** Throws ERR_KEY (naming `where`) unless {@link isRecipient}. */
export function assertRecipient(s: string, where?: string): void {
  if (isRecipient(s)) return;
  const at = where === undefined ? "" : ` (${where})`;
  throw new HushError("ERR_KEY", `malformed age recipient${at}`, {
    hint: "an age recipient looks like age1… (see `age-keygen -y keys.txt`)",
  });
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

interface X25519Target {
  bytes: Buffer;
  key: KeyObject;
}
const recipientCache = new Memo<X25519Target | { pq: true }>(4096);

/** age-encrypt (armored) a data key to one recipient. */
export async function wrapDataKey(dataKey: Uint8Array, recipient: string): Promise<string> {
  let target = recipientCache.get(recipient);
  if (target === undefined) {
    const decoded = decodeRecipient(recipient);
    if (decoded === undefined) assertRecipient(recipient);
    target = recipientCache.set(
      recipient,
      decoded?.kind === "x25519"
        ? { bytes: Buffer.from(decoded.bytes), key: spkiPublic(decoded.bytes) }
        : { pq: true },
    );
  }
  if ("pq" in target) {
    const age = await loadAge();
    const encrypter = new age.Encrypter();
    encrypter.addRecipient(recipient);
    return age.armor.encode(await encrypter.encrypt(dataKey));
  }
  return armor(encryptX25519(dataKey, target));
}

function spkiPublic(bytes: Uint8Array): KeyObject {
  return createPublicKey({ key: Buffer.concat([SPKI_X25519, bytes]), format: "der", type: "spki" });
}

function b64NoPad(b: Uint8Array): string {
  return Buffer.from(b).toString("base64").replace(/=+$/, "");
}

function chacha(key: Uint8Array, nonce: Uint8Array, plain: Uint8Array): Buffer {
  const c = createCipheriv("chacha20-poly1305", key, nonce, { authTagLength: 16 });
  return Buffer.concat([c.update(plain), c.final(), c.getAuthTag()]);
}

function hkdf(ikm: Uint8Array, salt: Uint8Array, info: string): Buffer {
  return Buffer.from(hkdfSync("sha256", ikm, salt, info, 32));
}

/** A complete binary age v1 file with one X25519 stanza (C2SP age spec). */
function encryptX25519(payload: Uint8Array, target: X25519Target): Buffer {
  const fileKey = randomBytes(16);
  const ephemeral = generateKeyPairSync("x25519");
  const share = ephemeral.publicKey.export({ format: "der", type: "spki" }).subarray(SPKI_X25519.length);
  const shared = diffieHellman({ privateKey: ephemeral.privateKey, publicKey: target.key });
  const wrapKey = hkdf(shared, Buffer.concat([share, target.bytes]), X25519_LABEL);
  const body = b64NoPad(chacha(wrapKey, ZERO_NONCE, fileKey));
  // A stanza body ends with a line shorter than 64 columns (possibly empty).
  const bodyLines = (body.match(/.{1,64}/g) ?? [""]).join("\n") + (body.length % 64 === 0 ? "\n" : "");
  const headerNoMac = `age-encryption.org/v1\n-> X25519 ${b64NoPad(share)}\n${bodyLines}\n---`;
  const mac = createHmac("sha256", hkdf(fileKey, Buffer.alloc(0), "header")).update(headerNoMac).digest();
  const nonce = randomBytes(16);
  const streamKey = hkdf(fileKey, nonce, "payload");
  // One STREAM chunk: counter 0 with the last-chunk flag set.
  const chunkNonce = Buffer.alloc(12);
  chunkNonce[11] = 1;
  return Buffer.concat([Buffer.from(`${headerNoMac} ${b64NoPad(mac)}\n`), nonce, chacha(streamKey, chunkNonce, payload)]);
}

/** age ASCII armor exactly as `age -a` and sops write it: 64-column base64, final newline. */
function armor(file: Uint8Array): string {
  const b64 = Buffer.from(file).toString("base64");
  return `-----BEGIN AGE ENCRYPTED FILE-----\n${(b64.match(/.{1,64}/g) ?? []).join("\n")}\n-----END AGE ENCRYPTED FILE-----\n`;
}

/** An X25519 identity for typage's Decrypter with node:crypto doing the curve work. */
class FastX25519Identity implements Identity {
  constructor(
    private readonly key: KeyObject,
    private readonly recipientBytes: Buffer,
  ) {}
  unwrapFileKey(stanzas: Stanza[]): Uint8Array | null {
    for (const s of stanzas) {
      if (s.args[0] !== "X25519") continue;
      const shareText = s.args[1] ?? "";
      if (s.args.length !== 2 || !/^[A-Za-z0-9+/]{43}$/.test(shareText) || s.body.length !== 32) {
        throw new Error("invalid X25519 stanza");
      }
      const share = Buffer.from(shareText, "base64");
      let shared: Buffer;
      try {
        shared = diffieHellman({ privateKey: this.key, publicKey: spkiPublic(share) });
      } catch {
        continue; // low-order share: all-zero secret, refused by OpenSSL
      }
      const wrapKey = hkdf(shared, Buffer.concat([share, this.recipientBytes]), X25519_LABEL);
      const d = createDecipheriv("chacha20-poly1305", wrapKey, ZERO_NONCE, { authTagLength: 16 });
      d.setAuthTag(s.body.subarray(16));
      try {
        return new Uint8Array(Buffer.concat([d.update(s.body.subarray(0, 16)), d.final()]));
      } catch {
        continue;
      }
    }
    return null;
  }
}

interface LoadedIdentity {
  recipient: string;
  decrypter: Decrypter;
}
const identityCache = new Memo<LoadedIdentity>(1024);

async function loadIdentity(identity: string, index: number): Promise<LoadedIdentity> {
  const cached = identityCache.get(identity);
  if (cached !== undefined) return cached;
  const decoded = decodeIdentity(identity);
  if (decoded === undefined) {
    throw new HushError("ERR_KEY", `malformed age identity (identity #${index + 1})`, identityHint);
  }
  const age = await loadAge();
  const decrypter = new age.Decrypter();
  let recipient: string;
  if (decoded.kind === "x25519") {
    const key = x25519Private(decoded.bytes);
    const pub = x25519PublicOf(key);
    decrypter.addIdentity(new FastX25519Identity(key, pub));
    recipient = bech32Encode(X25519_HRP, pub);
  } else {
    decrypter.addIdentity(identity);
    recipient = await age.identityToRecipient(identity);
  }
  return identityCache.set(identity, { recipient, decrypter });
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
  identities: readonly string[],
): Promise<{ dataKey: Uint8Array; recipient: string }> {
  if (identities.length === 0) {
    throw new HushError("ERR_NO_IDENTITY", "no age identity found", {
      hint: "set SOPS_AGE_KEY_FILE or HUSH_AGE_KEY_FILE, or pass --identity <file>",
    });
  }
  const loaded = await Promise.all(identities.map((id, i) => loadIdentity(id, i)));
  const age = await loadAge();
  let corrupt: string | undefined;
  const attempt = async (stanza: AgeStanza, who: readonly LoadedIdentity[]): Promise<Uint8Array | undefined> => {
    let file: Uint8Array;
    try {
      file = age.armor.decode(stanza.enc);
    } catch {
      corrupt ??= stanza.recipient;
      return undefined;
    }
    for (const id of who) {
      try {
        return await id.decrypter.decrypt(file);
      } catch (e) {
        if (!(e instanceof Error && e.message === NO_MATCH) || who.length === 1) corrupt ??= stanza.recipient;
      }
    }
    return undefined;
  };
  const byRecipient = new Map(loaded.map((l) => [l.recipient, l]));
  for (const stanza of stanzas) {
    const match = byRecipient.get(stanza.recipient.trim());
    if (match === undefined) continue;
    const dataKey = await attempt(stanza, [match]);
    if (dataKey !== undefined) return { dataKey, recipient: stanza.recipient };
  }
  const matchedCorrupt = corrupt;
  corrupt = undefined;
  for (const stanza of stanzas) {
    const tried = byRecipient.get(stanza.recipient.trim());
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
