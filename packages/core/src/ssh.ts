// age's ssh recipient types (C2SP age spec, "ssh-ed25519" and "ssh-rsa"; Go's agessh package),
// so a member can be an ssh public key line and an ssh private key opens what was wrapped for it.
//
// Every primitive is node:crypto (X25519, HKDF-SHA-256 as two HMACs, ChaCha20-Poly1305,
// RSA-OAEP-SHA-256) except the Ed25519→X25519 public key map, u = (1 + y) / (1 − y) mod 2^255 − 19,
// which node:crypto does not offer: it is a few BigInt lines (one inversion, plus the on-curve check
// Go's edwards25519 SetBytes makes) rather than a curve library, since nothing else here needs one
// and typage's own @noble/curves is the ~27 ms import hush avoids on every start.
import {
  createHash,
  createHmac,
  createPublicKey,
  diffieHellman,
  publicEncrypt,
  privateDecrypt,
  constants,
  type KeyObject,
} from "node:crypto";
import type { Stanza } from "age-encryption";
import { HushError } from "./errors.js";
import { x25519Ephemeral, x25519Private, x25519Public, type X25519Key } from "./age-x25519.js";
import { seal, open } from "./age-x25519.js";

const ED25519_LABEL = "age-encryption.org/v1/ssh-ed25519";
const RSA_LABEL = "age-encryption.org/v1/ssh-rsa";
const ZERO_NONCE = Buffer.alloc(12);

/** An ssh public key as age uses it: its type, the wire encoding (hashed for the tag), the key. */
export interface SshPublicKey {
  type: "ssh-ed25519" | "ssh-rsa";
  /** The key in the ssh wire format (RFC 4253 §6.6). */
  wire: Buffer;
  /** `<type> <base64>`, without the comment: the form hush compares and writes. */
  canonical: string;
  /** The 4-byte tag age puts on stanzas for this key, base64 without padding. */
  tag: string;
}

/** ssh wire format reader (RFC 4251 §5): uint32, string, mpint. */
export class WireReader {
  private at = 0;
  constructor(private readonly b: Buffer) {}
  get done(): boolean {
    return this.at === this.b.length;
  }
  get rest(): Buffer {
    return this.b.subarray(this.at);
  }
  u32(): number {
    if (this.at + 4 > this.b.length) throw new Error("truncated");
    const v = this.b.readUInt32BE(this.at);
    this.at += 4;
    return v;
  }
  bytes(): Buffer {
    const n = this.u32();
    if (this.at + n > this.b.length) throw new Error("truncated");
    const v = this.b.subarray(this.at, this.at + n);
    this.at += n;
    return v;
  }
  text(): string {
    return this.bytes().toString("latin1");
  }
  /** A positive mpint as its unsigned big-endian bytes. */
  mpint(): Buffer {
    const v = this.bytes();
    if (v.length > 0 && (v[0]! & 0x80) !== 0) throw new Error("negative mpint");
    let i = 0;
    while (i < v.length && v[i] === 0) i++;
    return v.subarray(i);
  }
}

const keyHint = {
  hint: "an ssh recipient is one line of id_ed25519.pub or id_rsa.pub: ssh-ed25519 AAAA… [comment]",
};

function b64NoPad(b: Uint8Array): string {
  return Buffer.from(b).toString("base64").replace(/=+$/, "");
}

/** True when `s` starts like an ssh public key line (`ssh-…`): what the policy treats as one. */
export function looksLikeSshKey(s: string): boolean {
  return /^(ssh-|sk-ssh-|ecdsa-|sk-ecdsa-)/.test(s.trimStart());
}

/** Tag of an ssh key for age stanzas: the first 4 bytes of SHA-256 of its wire form. */
function sshTag(wire: Uint8Array): string {
  return b64NoPad(createHash("sha256").update(wire).digest().subarray(0, 4));
}

/** A public key from its wire form (validated for age's use). @throws Error with a short reason */
export function sshPublicKeyFromWire(wire: Buffer): SshPublicKey {
  const r = new WireReader(wire);
  const type = r.text();
  if (type === "ssh-ed25519") {
    const pk = r.bytes();
    if (pk.length !== 32 || !r.done) throw new Error("malformed ssh-ed25519 key");
    ed25519ToX25519(pk); // refuses a point that is not on the curve, as age does
  } else if (type === "ssh-rsa") {
    const e = r.mpint();
    const n = r.mpint();
    if (!r.done || e.length === 0 || n.length === 0) throw new Error("malformed ssh-rsa key");
    // age refuses RSA keys under 2048 bits (agessh.NewRSARecipient).
    if (n.length * 8 - Math.clz32(n[0]!) + 24 < 2048)
      throw new Error("ssh-rsa key under 2048 bits");
  } else {
    throw new Error(
      `${type.slice(0, 40)} keys are not supported by age (use ssh-ed25519 or ssh-rsa)`,
    );
  }
  return {
    type,
    wire,
    canonical: `${type} ${wire.toString("base64")}`,
    tag: sshTag(wire),
  };
}

/**
 * Parse one ssh public key line (`ssh-ed25519 AAAA… comment`, as in `id_ed25519.pub` or a git
 * host's `<user>.keys`). Only the key types age supports.
 * @throws HushError ERR_KEY naming `where` (never the key)
 */
export function parseSshPublicKey(line: string, where?: string): SshPublicKey {
  const at = where === undefined ? "" : ` (${where})`;
  const [type = "", b64 = ""] = line.trim().split(/\s+/);
  const wire = Buffer.from(b64, "base64");
  if (b64 === "" || wire.toString("base64") !== b64) {
    throw new HushError("ERR_KEY", `malformed ssh public key${at}`, keyHint);
  }
  let key: SshPublicKey;
  try {
    key = sshPublicKeyFromWire(wire);
  } catch (e) {
    throw new HushError("ERR_KEY", `${(e as Error).message}${at}`, keyHint);
  }
  if (key.type !== type) throw new HushError("ERR_KEY", `malformed ssh public key${at}`, keyHint);
  return key;
}

// --- Ed25519 → X25519 (the birational map of RFC 7748 §4.1) -------------------------------------

const P = (1n << 255n) - 19n;
const D = mod(-121665n * inverse(121666n));

function mod(a: bigint): bigint {
  const r = a % P;
  return r < 0n ? r + P : r;
}

function pow(base: bigint, exp: bigint): bigint {
  let result = 1n;
  let b = mod(base);
  for (let e = exp; e > 0n; e >>= 1n) {
    if ((e & 1n) === 1n) result = (result * b) % P;
    b = (b * b) % P;
  }
  return result;
}

function inverse(a: bigint): bigint {
  return pow(a, P - 2n);
}

function fromLE(b: Uint8Array): bigint {
  let v = 0n;
  for (let i = b.length - 1; i >= 0; i--) v = (v << 8n) | BigInt(b[i]!);
  return v;
}

function toLE32(v: bigint): Buffer {
  const out = Buffer.alloc(32);
  let x = v;
  for (let i = 0; i < 32; i++) {
    out[i] = Number(x & 0xffn);
    x >>= 8n;
  }
  return out;
}

/**
 * The X25519 public key of an Ed25519 public key: Montgomery u = (1 + y) / (1 − y). Refuses an
 * encoding that is no curve point (x² = (y² − 1) / (d·y² + 1) has no root), like Go's SetBytes;
 * non-canonical y is accepted, as there.
 */
export function ed25519ToX25519(pk: Uint8Array): Buffer {
  const bytes = Uint8Array.from(pk);
  bytes[31]! &= 0x7f;
  const y = mod(fromLE(bytes));
  const y2 = (y * y) % P;
  const x2 = mod((y2 - 1n) * inverse(mod(D * y2 + 1n)));
  // Euler's criterion: x² must be a square (0 or 1 after raising to (p−1)/2).
  if (x2 !== 0n && pow(x2, (P - 1n) / 2n) !== 1n)
    throw new Error("ssh-ed25519 key is not a curve point");
  return toLE32(mod((1n + y) * inverse(mod(1n - y))));
}

// --- the stanzas -----------------------------------------------------------------------------------

const HASH_ZEROS = Buffer.alloc(32);

/** HKDF-SHA-256 for one 32-byte block (as in age-x25519.ts; the salt may be empty). */
function hkdf(ikm: Uint8Array, salt: Uint8Array, info: string): Buffer {
  const prk = createHmac("sha256", salt.length === 0 ? HASH_ZEROS : salt)
    .update(ikm)
    .digest();
  return createHmac("sha256", prk).update(info, "latin1").update(Buffer.of(1)).digest();
}

/** The ssh-ed25519 tweak: HKDF of the key's wire form, used as an extra X25519 scalar. */
function tweakOf(wire: Uint8Array): X25519Key {
  // Salt = the key, input keying material empty (agessh: hkdf.New(sha256.New, nil, sshKey, label)).
  return x25519Private(hkdf(Buffer.alloc(0), wire, ED25519_LABEL));
}

function dh(privateKey: KeyObject, publicBytes: Uint8Array): Buffer {
  // OpenSSL refuses an all-zero result (a low-order point), which age requires refusing too.
  return diffieHellman({ privateKey, publicKey: x25519Public(publicBytes).key });
}

function stanza(args: string[], body: Uint8Array): Stanza {
  return { args, body };
}

/** The wrapping key of an ssh-ed25519 stanza from the shared secret. */
function ed25519WrapKey(
  shared: Buffer,
  tweak: X25519Key,
  share: Uint8Array,
  to: Uint8Array,
): Buffer {
  const tweaked = dh(tweak.key, shared);
  return hkdf(tweaked, Buffer.concat([share, to]), ED25519_LABEL);
}

/** A recipient for typage's Encrypter: wraps a file key for an ssh public key, as agessh does. */
export class SshRecipient {
  private readonly x25519: X25519Key | undefined;
  private readonly rsa: KeyObject | undefined;
  private readonly tweak: X25519Key | undefined;
  constructor(readonly key: SshPublicKey) {
    if (key.type === "ssh-ed25519") {
      const pk = new WireReader(key.wire);
      pk.text();
      this.x25519 = x25519Public(ed25519ToX25519(pk.bytes()));
      this.tweak = tweakOf(key.wire);
    } else {
      const r = new WireReader(key.wire);
      r.text();
      const e = r.mpint();
      const n = r.mpint();
      this.rsa = createPublicKey({
        key: { kty: "RSA", n: n.toString("base64url"), e: e.toString("base64url") },
        format: "jwk",
      });
    }
  }

  wrapFileKey(fileKey: Uint8Array): Stanza[] {
    if (this.rsa !== undefined) {
      const body = publicEncrypt(
        {
          key: this.rsa,
          padding: constants.RSA_PKCS1_OAEP_PADDING,
          oaepHash: "sha256",
          oaepLabel: Buffer.from(RSA_LABEL, "latin1"),
        },
        fileKey,
      );
      return [stanza(["ssh-rsa", this.key.tag], body)];
    }
    const to = this.x25519!;
    const ephemeral = x25519Ephemeral();
    const shared = dh(ephemeral.key, to.pub);
    const wrapKey = ed25519WrapKey(shared, this.tweak!, ephemeral.pub, to.pub);
    return [
      stanza(
        ["ssh-ed25519", this.key.tag, b64NoPad(ephemeral.pub)],
        seal(wrapKey, ZERO_NONCE, fileKey),
      ),
    ];
  }
}

/** The private half of an ssh key, ready for node:crypto. */
export type SshPrivateKey =
  | { type: "ssh-ed25519"; public: SshPublicKey; scalar: X25519Key }
  | { type: "ssh-rsa"; public: SshPublicKey; key: KeyObject };

function strictB64(s: string, length: number): Buffer | undefined {
  const b = Buffer.from(s, "base64");
  return b.length === length && b64NoPad(b) === s ? b : undefined;
}

/**
 * Open the file key from the stanzas meant for this ssh key (by tag). Returns null when no stanza is
 * for it.
 * @throws Error when a stanza for it is malformed or does not open (a wrong key with a colliding
 *   tag, or a corrupt stanza)
 */
export function unwrapSsh(stanzas: readonly Stanza[], key: SshPrivateKey): Uint8Array | null {
  for (const s of stanzas) {
    if (s.args[0] !== key.type) continue;
    const tag = s.args[1] ?? "";
    if (strictB64(tag, 4) === undefined) throw new Error(`invalid ${key.type} stanza`);
    if (tag !== key.public.tag) continue;
    if (key.type === "ssh-rsa") {
      if (s.args.length !== 2) throw new Error("invalid ssh-rsa stanza");
      try {
        return new Uint8Array(
          privateDecrypt(
            {
              key: key.key,
              padding: constants.RSA_PKCS1_OAEP_PADDING,
              oaepHash: "sha256",
              oaepLabel: Buffer.from(RSA_LABEL, "latin1"),
            },
            s.body,
          ),
        );
      } catch {
        throw new Error("ssh-rsa stanza does not open");
      }
    }
    const share = strictB64(s.args[2] ?? "", 32);
    if (s.args.length !== 3 || share === undefined || s.body.length !== 32)
      throw new Error("invalid ssh-ed25519 stanza");
    let shared: Buffer;
    try {
      shared = dh(key.scalar.key, share);
    } catch {
      throw new Error("invalid ssh-ed25519 stanza");
    }
    const fileKey = open(
      ed25519WrapKey(shared, tweakOf(key.public.wire), share, key.scalar.pub),
      ZERO_NONCE,
      s.body,
    );
    if (fileKey === null) throw new Error("ssh-ed25519 stanza does not open");
    return new Uint8Array(fileKey);
  }
  return null;
}
