// The age v1 file format (C2SP age spec) for the one case sops produces
// on every file: a single X25519 stanza around a 32/33-byte payload, done with node:crypto.
// typage's stream-based Encrypter/Decrypter spend ~1 ms per file on web streams and pure-JS
// ciphers; `hush rekey --all` does thousands of these. Anything that is not this exact shape is
// left to typage (the caller falls back), so strictness is never traded for speed.
import {
  createCipheriv,
  createDecipheriv,
  createHmac,
  createPrivateKey,
  createPublicKey,
  diffieHellman,
  generateKeyPairSync,
  randomBytes,
  timingSafeEqual,
  type KeyObject,
} from "node:crypto";
import type { Identity, Stanza } from "age-encryption";

const X25519_LABEL = "age-encryption.org/v1/X25519";
const ZERO_NONCE = Buffer.alloc(12);
const LAST_CHUNK_NONCE = Buffer.from("000000000000000000000001", "hex");
const BEGIN = "-----BEGIN AGE ENCRYPTED FILE-----";
const END = "-----END AGE ENCRYPTED FILE-----";
const B64_32 = "[A-Za-z0-9+/]{43}";
const SINGLE_X25519 = new RegExp(
  `^age-encryption\\.org/v1\\n-> X25519 (${B64_32})\\n(${B64_32})\\n--- (${B64_32})\\n`,
);
const MAX_CHUNK = 64 * 1024;

/** An X25519 key pair as node KeyObjects plus the raw public bytes. */
export interface X25519Key {
  key: KeyObject;
  pub: Buffer;
}

// How keys reach node:crypto (µs per key, loops of 3,000 on a 2-core machine; Node 20
// links OpenSSL 3.0, whose DER decoders are slow, 22–26 link 3.5):
// - identity scalars: PKCS#8 DER (Node 20: 357, 22–26: 36–54). Paid once per identity per process.
// - ephemeral keys (one per wrap, thousands in `hush rekey --all`): generateKeyPairSync, whose public
//   half is computed as scalar·basepoint with diffieHellman, never exported: 113 (Node 20) to
//   103 (Node 26) per wrap including both DH operations, like the JWK import it replaces. A JWK
//   private key with a placeholder public half is refused from Node 26 on (and was never a
//   documented input), and exporting a generated key as JWK deadlocks Node 20 under GC pressure
//   (hangs within seconds at --max-semi-space-size=1; generate + diffieHellman ran 200,000 times).
// - public keys (recipients, stanza shares): a complete RFC 8037 JWK (Node 20: 10, SPKI DER 80),
//   since an unwrap imports one per stanza.
// age's own X25519 (@noble/curves, pure JS) takes 1,300–1,600 per wrap: 10× slower, so not used.
const PKCS8_X25519 = Buffer.from("302e020100300506032b656e04220420", "hex");
let basePoint: KeyObject | undefined;

function withPublic(key: KeyObject): X25519Key {
  basePoint ??= x25519Public(Buffer.concat([Buffer.of(9), Buffer.alloc(31)])).key;
  return { key, pub: diffieHellman({ privateKey: key, publicKey: basePoint }) };
}

/** An X25519 private key from an age identity scalar, and its public bytes. */
export function x25519Private(scalar: Uint8Array): X25519Key {
  if (scalar.length !== 32) throw new Error("X25519 scalar must be 32 bytes");
  const der = Buffer.concat([PKCS8_X25519, scalar]);
  return withPublic(createPrivateKey({ key: der, format: "der", type: "pkcs8" }));
}

/** A fresh ephemeral X25519 key (one per wrapped file key, as age requires). */
export function x25519Ephemeral(): X25519Key {
  return withPublic(generateKeyPairSync("x25519").privateKey);
}

/** An X25519 public key from its 32 bytes. */
export function x25519Public(bytes: Uint8Array): X25519Key {
  const x = Buffer.from(bytes).toString("base64url");
  return {
    key: createPublicKey({ key: { kty: "OKP", crv: "X25519", x }, format: "jwk" }),
    pub: Buffer.from(bytes),
  };
}

function b64NoPad(b: Uint8Array): string {
  return Buffer.from(b).toString("base64").replace(/=+$/, "");
}

/** Strict unpadded base64 of 32 bytes (non-canonical trailing bits rejected). */
function b64Exact32(s: string): Buffer | undefined {
  const b = Buffer.from(s, "base64");
  return b.length === 32 && b64NoPad(b) === s ? b : undefined;
}

const HASH_ZEROS = Buffer.alloc(32);
const ONE = Buffer.of(1);

/** HKDF-SHA-256 (RFC 5869) for one 32-byte block: two HMACs, about half the cost of hkdfSync here. */
function hkdf(ikm: Uint8Array, salt: Uint8Array, info: string): Buffer {
  const prk = createHmac("sha256", salt.length === 0 ? HASH_ZEROS : salt)
    .update(ikm)
    .digest();
  return createHmac("sha256", prk).update(info, "latin1").update(ONE).digest();
}

/** ChaCha20-Poly1305 seal (age's stanza bodies and payload chunks). */
export function seal(key: Uint8Array, nonce: Uint8Array, plain: Uint8Array): Buffer {
  const c = createCipheriv("chacha20-poly1305", key, nonce, { authTagLength: 16 });
  return Buffer.concat([c.update(plain), c.final(), c.getAuthTag()]);
}

/** ChaCha20-Poly1305 open; null when the tag does not verify. */
export function open(key: Uint8Array, nonce: Uint8Array, sealed: Uint8Array): Buffer | null {
  if (sealed.length < 16) return null;
  const d = createDecipheriv("chacha20-poly1305", key, nonce, { authTagLength: 16 });
  d.setAuthTag(sealed.subarray(sealed.length - 16));
  try {
    return Buffer.concat([d.update(sealed.subarray(0, sealed.length - 16)), d.final()]);
  } catch {
    return null;
  }
}

function headerMac(fileKey: Uint8Array, headerNoMac: string): Buffer {
  return createHmac("sha256", hkdf(fileKey, Buffer.alloc(0), "header"))
    .update(headerNoMac, "latin1")
    .digest();
}

/** A binary age v1 file with one X25519 stanza for `to` (payload up to 64 KiB). */
export function sealX25519(payload: Uint8Array, to: X25519Key): Buffer {
  const fileKey = randomBytes(16);
  const ephemeral = x25519Ephemeral();
  const share = ephemeral.pub;
  const shared = diffieHellman({ privateKey: ephemeral.key, publicKey: to.key });
  const body = seal(
    hkdf(shared, Buffer.concat([share, to.pub]), X25519_LABEL),
    ZERO_NONCE,
    fileKey,
  );
  // Both base64 texts are 43 characters: the stanza body is one line shorter than 64 columns.
  const headerNoMac = `age-encryption.org/v1\n-> X25519 ${b64NoPad(share)}\n${b64NoPad(body)}\n---`;
  const mac = headerMac(fileKey, headerNoMac);
  const nonce = randomBytes(16);
  const sealed = seal(hkdf(fileKey, nonce, "payload"), LAST_CHUNK_NONCE, payload);
  return Buffer.concat([Buffer.from(`${headerNoMac} ${b64NoPad(mac)}\n`, "latin1"), nonce, sealed]);
}

/** The file key from an X25519 stanza, or null when it is not for this identity. */
function unwrapStanza(share: Buffer, body: Uint8Array, id: X25519Key): Buffer | null {
  let shared: Buffer;
  try {
    shared = diffieHellman({ privateKey: id.key, publicKey: x25519Public(share).key });
  } catch {
    return null; // low-order share: all-zero secret, refused by OpenSSL
  }
  return open(hkdf(shared, Buffer.concat([share, id.pub]), X25519_LABEL), ZERO_NONCE, body);
}

/**
 * Open a single-stanza X25519 file. Returns undefined when the file is not that shape (let typage
 * decide), null when the stanza is not for `id`.
 * @throws Error when the header MAC or the payload does not verify
 */
export function openX25519(file: Uint8Array, id: X25519Key): Uint8Array | null | undefined {
  const head = Buffer.from(file.buffer, file.byteOffset, Math.min(file.length, 200)).toString(
    "latin1",
  );
  const m = SINGLE_X25519.exec(head);
  if (m === null) return undefined;
  const [all, shareText = "", bodyText = "", macText = ""] = m;
  const share = b64Exact32(shareText);
  const body = b64Exact32(bodyText);
  const mac = b64Exact32(macText);
  const rest = file.subarray(all.length);
  if (share === undefined || body === undefined || mac === undefined) return undefined;
  if (rest.length <= 16 + 16 || rest.length > 16 + MAX_CHUNK + 16) return undefined;
  const fileKey = unwrapStanza(share, body, id);
  if (fileKey === null) return null;
  const expected = headerMac(fileKey, all.slice(0, all.length - macText.length - 2));
  if (!timingSafeEqual(expected, mac)) throw new Error("invalid header HMAC");
  const nonce = rest.subarray(0, 16);
  const payload = open(hkdf(fileKey, nonce, "payload"), LAST_CHUNK_NONCE, rest.subarray(16));
  if (payload === null) throw new Error("invalid tag");
  return new Uint8Array(payload);
}

/** An X25519 identity for typage's Decrypter (files of other shapes) with node:crypto curve work. */
export class NodeX25519Identity implements Identity {
  constructor(private readonly id: X25519Key) {}
  unwrapFileKey(stanzas: Stanza[]): Uint8Array | null {
    for (const s of stanzas) {
      if (s.args[0] !== "X25519") continue;
      const share = b64Exact32(s.args[1] ?? "");
      if (s.args.length !== 2 || share === undefined || s.body.length !== 32)
        throw new Error("invalid X25519 stanza");
      const fileKey = unwrapStanza(share, s.body, this.id);
      if (fileKey !== null) return new Uint8Array(fileKey);
    }
    return null;
  }
}

/** age ASCII armor exactly as `age -a` and sops write it: 64-column padded base64, final newline. */
export function armor(file: Uint8Array): string {
  const b64 = Buffer.from(file).toString("base64");
  return `${BEGIN}\n${(b64.match(/.{1,64}/g) ?? []).join("\n")}\n${END}\n`;
}

/**
 * Strict armor decoding (C2SP): whitespace around the block and CRLF allowed, otherwise full
 * 64-column lines of canonical padded base64 and a shorter, non-empty last line.
 * @throws Error when malformed
 */
export function dearmor(text: string): Uint8Array {
  const lines = text.trim().replaceAll("\r\n", "\n").split("\n");
  if (lines.shift() !== BEGIN || lines.pop() !== END || lines.length === 0)
    throw new Error("invalid armor");
  const last = lines.at(-1) ?? "";
  if (
    lines.some((l, i) => (i < lines.length - 1 ? l.length !== 64 : l.length === 0 || l.length > 64))
  ) {
    throw new Error("invalid armor line length");
  }
  const b64 = lines.join("");
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(b64) || b64.length % 4 !== 0 || last === "")
    throw new Error("invalid base64");
  const bytes = Buffer.from(b64, "base64");
  if (bytes.toString("base64") !== b64) throw new Error("invalid base64");
  return new Uint8Array(bytes);
}
