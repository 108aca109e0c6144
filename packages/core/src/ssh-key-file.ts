// ssh private key files, as ssh-keygen writes them: the OpenSSH format ("openssh-key-v1", PROTOCOL.key
// in OpenSSH), in clear or passphrase-protected (bcrypt_pbkdf + AES), and the older PEM forms of RSA
// keys (PKCS#1, PKCS#8), which node:crypto reads itself. The public half of an OpenSSH file is in
// clear, so a protected key asks for its passphrase only when a file is really wrapped for it.
// The action type-checks core's sources without core's own declaration files: name this one.
// eslint-disable-next-line @typescript-eslint/triple-slash-reference
/// <reference path="./bcrypt-pbkdf.d.ts" />
import {
  createDecipheriv,
  createHash,
  createPrivateKey,
  createPublicKey,
  type CipherGCMTypes,
  type Decipher,
  type KeyObject,
} from "node:crypto";
import type * as BcryptPbkdf from "bcrypt-pbkdf";
import { HushError } from "./errors.js";
import { x25519Private } from "./age-x25519.js";
import {
  parseSshPublicKey,
  sshPublicKeyFromWire,
  WireReader,
  type SshPrivateKey,
  type SshPublicKey,
} from "./ssh.js";

const MAGIC = Buffer.from("openssh-key-v1\0", "latin1");
const BEGIN = "-----BEGIN OPENSSH PRIVATE KEY-----";
const END = "-----END OPENSSH PRIVATE KEY-----";

/** A parsed ssh private key file; the private half is opened on demand. */
export interface SshKeyFile {
  /** The public key when the file (or its `.pub`) says it without the passphrase. */
  public: SshPublicKey | undefined;
  /** True when opening needs a passphrase. */
  encrypted: boolean;
  /**
   * The private key.
   * @throws HushError ERR_PASSPHRASE when the passphrase is wrong, ERR_KEY for an unusable key
   */
  open(passphrase?: string): Promise<SshPrivateKey>;
}

/** True for text that is an ssh (or PEM) private key rather than an age identity file. */
export function looksLikeSshPrivateKey(text: string): boolean {
  const t = text.trimStart();
  return (
    t.startsWith(BEGIN) ||
    t.startsWith("-----BEGIN RSA PRIVATE KEY-----") ||
    t.startsWith("-----BEGIN PRIVATE KEY-----") ||
    t.startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----")
  );
}

interface Cipher {
  name: string;
  keyLen: number;
  ivLen: number;
  block: number;
  tag: number;
}

const CIPHERS: Record<string, Cipher> = {
  "aes128-ctr": { name: "aes-128-ctr", keyLen: 16, ivLen: 16, block: 16, tag: 0 },
  "aes192-ctr": { name: "aes-192-ctr", keyLen: 24, ivLen: 16, block: 16, tag: 0 },
  "aes256-ctr": { name: "aes-256-ctr", keyLen: 32, ivLen: 16, block: 16, tag: 0 },
  "aes128-cbc": { name: "aes-128-cbc", keyLen: 16, ivLen: 16, block: 16, tag: 0 },
  "aes192-cbc": { name: "aes-192-cbc", keyLen: 24, ivLen: 16, block: 16, tag: 0 },
  "aes256-cbc": { name: "aes-256-cbc", keyLen: 32, ivLen: 16, block: 16, tag: 0 },
  "aes128-gcm@openssh.com": { name: "aes-128-gcm", keyLen: 16, ivLen: 12, block: 16, tag: 16 },
  "aes256-gcm@openssh.com": { name: "aes-256-gcm", keyLen: 32, ivLen: 12, block: 16, tag: 16 },
};

/** bcrypt_pbkdf rounds beyond this are refused: ssh-keygen uses 16–24; 2^16 would hang for hours. */
const MAX_ROUNDS = 10_000;

function malformed(source: string, why: string): HushError {
  return new HushError("ERR_KEY", `${source}: not a usable ssh private key (${why})`, {
    hint: "use an ed25519 or rsa key made by ssh-keygen",
  });
}

function wrongPassphrase(source: string): HushError {
  return new HushError("ERR_PASSPHRASE", `wrong passphrase for ${source}`, {
    hint: "try again; the passphrase is the one ssh asks for this key",
  });
}

/**
 * Parse an ssh private key file. `pubText` is the matching `.pub` line, needed only for a
 * passphrase-protected PEM key (whose public half is encrypted too).
 * @throws HushError ERR_KEY when the file is not a usable ed25519/rsa key
 */
export function parseSshKeyFile(text: string, source: string, pubText?: string): SshKeyFile {
  const t = text.trim().replaceAll("\r\n", "\n");
  if (!t.startsWith(BEGIN)) return parsePem(t, source, pubText);
  if (!t.endsWith(END)) throw malformed(source, "no end line");
  const blob = Buffer.from(
    t.slice(BEGIN.length, t.length - END.length).replace(/\s+/g, ""),
    "base64",
  );
  if (!blob.subarray(0, MAGIC.length).equals(MAGIC)) throw malformed(source, "not openssh-key-v1");
  let cipherName: string;
  let kdf: string;
  let kdfOptions: Buffer;
  let publicWire: Buffer;
  let sealed: Buffer;
  let tail: Buffer;
  try {
    const r = new WireReader(blob.subarray(MAGIC.length));
    cipherName = r.text();
    kdf = r.text();
    kdfOptions = r.bytes();
    if (r.u32() !== 1) throw malformed(source, "more than one key");
    publicWire = r.bytes();
    sealed = r.bytes();
    tail = r.rest;
  } catch (e) {
    if (e instanceof HushError) throw e;
    throw malformed(source, "truncated");
  }
  let pub: SshPublicKey;
  try {
    pub = sshPublicKeyFromWire(Buffer.from(publicWire));
  } catch (e) {
    throw malformed(source, (e as Error).message);
  }
  const cipher = cipherName === "none" ? undefined : CIPHERS[cipherName];
  if (cipherName !== "none" && cipher === undefined)
    throw new HushError(
      "ERR_KEY",
      `${source}: ssh key cipher ${cipherName.slice(0, 40)} is not supported`,
      {
        hint: "re-encrypt it with the default cipher: ssh-keygen -p -Z aes256-ctr -f <key>",
      },
    );
  if ((cipher === undefined) !== (kdf === "none") || (kdf !== "none" && kdf !== "bcrypt"))
    throw malformed(source, `kdf ${kdf.slice(0, 20)}`);
  if (tail.length !== (cipher?.tag ?? 0)) throw malformed(source, "trailing bytes");
  if (sealed.length % (cipher?.block ?? 8) !== 0) throw malformed(source, "bad length");

  const open = async (passphrase?: string): Promise<SshPrivateKey> => {
    let plain = sealed;
    if (cipher !== undefined) {
      if (passphrase === undefined) throw wrongPassphrase(source);
      const k = new WireReader(kdfOptions);
      let salt: Buffer;
      let rounds: number;
      try {
        salt = k.bytes();
        rounds = k.u32();
      } catch {
        throw malformed(source, "kdf options");
      }
      if (rounds < 1 || rounds > MAX_ROUNDS) throw malformed(source, "kdf rounds");
      const keyIv = await bcryptPbkdf(
        Buffer.from(passphrase, "utf8"),
        salt,
        rounds,
        cipher.keyLen + cipher.ivLen,
      );
      const key = keyIv.subarray(0, cipher.keyLen);
      const iv = keyIv.subarray(cipher.keyLen);
      let d: Decipher;
      if (cipher.tag > 0) {
        const gcm = createDecipheriv(cipher.name as CipherGCMTypes, key, iv, { authTagLength: 16 });
        gcm.setAuthTag(tail);
        d = gcm;
      } else {
        d = createDecipheriv(cipher.name, key, iv).setAutoPadding(false);
      }
      try {
        plain = Buffer.concat([d.update(sealed), d.final()]);
      } catch {
        throw wrongPassphrase(source);
      }
    }
    return privateSection(plain, pub, source, cipher !== undefined);
  };
  return { public: pub, encrypted: cipher !== undefined, open };
}

/** bcrypt_pbkdf from the npm package (OpenBSD's, as OpenSSH uses it), loaded only when needed. */
async function bcryptPbkdf(
  pass: Buffer,
  salt: Buffer,
  rounds: number,
  length: number,
): Promise<Buffer> {
  // CommonJS: its functions are on the default export under Node's ESM loader.
  const mod = (await import("bcrypt-pbkdf")) as typeof BcryptPbkdf & {
    default?: typeof BcryptPbkdf;
  };
  const pbkdf = mod.default?.pbkdf ?? mod.pbkdf;
  const out = new Uint8Array(length);
  if (pbkdf(pass, pass.length, salt, salt.length, out, length, rounds) !== 0)
    throw new HushError("ERR_KEY", "bcrypt_pbkdf failed");
  return Buffer.from(out);
}

function privateSection(
  plain: Buffer,
  pub: SshPublicKey,
  source: string,
  encrypted: boolean,
): SshPrivateKey {
  const r = new WireReader(plain);
  try {
    // Two equal random words: the check OpenSSH itself makes that the passphrase was right.
    if (r.u32() !== r.u32()) throw wrongPassphrase(source);
    const type = r.text();
    if (type !== pub.type) throw malformed(source, "private and public halves differ");
    if (type === "ssh-ed25519") {
      const pk = r.bytes();
      const sk = r.bytes();
      if (pk.length !== 32 || sk.length !== 64 || !sk.subarray(32).equals(pk))
        throw malformed(source, "bad ed25519 key");
      return ed25519Private(sk.subarray(0, 32), pub, source);
    }
    const n = r.mpint();
    const e = r.mpint();
    const d = r.mpint();
    const iqmp = r.mpint();
    const p = r.mpint();
    const q = r.mpint();
    return rsaPrivate({ n, e, d, iqmp, p, q }, pub, source);
  } catch (e) {
    if (e instanceof HushError) throw e;
    // Garbage after decryption is a wrong passphrase (CBC/CTR carry no tag of their own).
    throw encrypted ? wrongPassphrase(source) : malformed(source, "truncated");
  }
}

const PKCS8_ED25519 = Buffer.from("302e020100300506032b657004220420", "hex");

function ed25519Private(seed: Buffer, pub: SshPublicKey, source: string): SshPrivateKey {
  const key = createPrivateKey({
    key: Buffer.concat([PKCS8_ED25519, seed]),
    format: "der",
    type: "pkcs8",
  });
  const x = createPublicKey(key).export({ format: "jwk" }).x ?? "";
  if (!pub.wire.subarray(pub.wire.length - 32).equals(Buffer.from(x, "base64url")))
    throw malformed(source, "the public key does not match the private key");
  // age's ssh-ed25519 identity scalar: the first half of SHA-512 of the seed (X25519 clamps it).
  const scalar = x25519Private(createHash("sha512").update(seed).digest().subarray(0, 32));
  return { type: "ssh-ed25519", public: pub, scalar };
}

function big(b: Buffer): bigint {
  return b.length === 0 ? 0n : BigInt(`0x${b.toString("hex")}`);
}

function unbig(v: bigint): string {
  let hex = v.toString(16);
  if (hex.length % 2 === 1) hex = `0${hex}`;
  return Buffer.from(hex, "hex").toString("base64url");
}

function rsaPrivate(
  k: { n: Buffer; e: Buffer; d: Buffer; iqmp: Buffer; p: Buffer; q: Buffer },
  pub: SshPublicKey,
  source: string,
): SshPrivateKey {
  const d = big(k.d);
  let key: KeyObject;
  try {
    key = createPrivateKey({
      key: {
        kty: "RSA",
        n: k.n.toString("base64url"),
        e: k.e.toString("base64url"),
        d: k.d.toString("base64url"),
        p: k.p.toString("base64url"),
        q: k.q.toString("base64url"),
        dp: unbig(d % (big(k.p) - 1n)),
        dq: unbig(d % (big(k.q) - 1n)),
        qi: k.iqmp.toString("base64url"),
      },
      format: "jwk",
    });
  } catch {
    throw malformed(source, "bad rsa key");
  }
  if (!rsaWire(key).equals(pub.wire))
    throw malformed(source, "the public key does not match the private key");
  return { type: "ssh-rsa", public: pub, key };
}

function wireString(b: Uint8Array): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(b.length);
  return Buffer.concat([len, b]);
}

function mpint(b64url: string): Buffer {
  const b = Buffer.from(b64url, "base64url");
  return wireString((b[0] ?? 0) & 0x80 ? Buffer.concat([Buffer.of(0), b]) : b);
}

function rsaWire(key: KeyObject): Buffer {
  const jwk = createPublicKey(key).export({ format: "jwk" });
  return Buffer.concat([
    wireString(Buffer.from("ssh-rsa")),
    mpint(jwk.e ?? ""),
    mpint(jwk.n ?? ""),
  ]);
}

/** The ssh wire form of a node public key (ed25519 or rsa). */
function wireOf(key: KeyObject): Buffer | undefined {
  if (key.asymmetricKeyType === "rsa") return rsaWire(key);
  if (key.asymmetricKeyType === "ed25519") {
    const x = Buffer.from(createPublicKey(key).export({ format: "jwk" }).x ?? "", "base64url");
    return Buffer.concat([wireString(Buffer.from("ssh-ed25519")), wireString(x)]);
  }
  return undefined;
}

/** A PEM private key (PKCS#1 or PKCS#8, maybe encrypted): node:crypto does the parsing. */
function parsePem(text: string, source: string, pubText: string | undefined): SshKeyFile {
  const encrypted = text.includes("ENCRYPTED");
  const fromKey = (key: KeyObject): SshPrivateKey => {
    const wire = wireOf(key);
    if (wire === undefined)
      throw malformed(
        source,
        `${key.asymmetricKeyType ?? "unknown"} keys are not supported by age`,
      );
    const pub = sshPublicKeyFromWireOrFail(wire, source);
    if (pub.type === "ssh-rsa") return { type: "ssh-rsa", public: pub, key };
    const seed = Buffer.from(key.export({ format: "jwk" }).d ?? "", "base64url");
    return ed25519Private(seed, pub, source);
  };
  const load = (passphrase?: string): KeyObject => {
    try {
      return createPrivateKey({
        key: text,
        format: "pem",
        ...(passphrase === undefined ? {} : { passphrase }),
      });
    } catch {
      if (encrypted) throw wrongPassphrase(source);
      throw malformed(source, "unreadable PEM");
    }
  };
  if (!encrypted) {
    const key = fromKey(load());
    return { public: key.public, encrypted: false, open: () => Promise.resolve(key) };
  }
  const pub = pubText === undefined ? undefined : parseSshPublicKey(pubText, `${source}.pub`);
  return {
    public: pub,
    encrypted: true,
    open: (passphrase) => {
      if (passphrase === undefined) return Promise.reject(wrongPassphrase(source));
      const key = fromKey(load(passphrase));
      if (pub !== undefined && !key.public.wire.equals(pub.wire))
        return Promise.reject(malformed(source, `${source}.pub is another key`));
      return Promise.resolve(key);
    },
  };
}

function sshPublicKeyFromWireOrFail(wire: Buffer, source: string): SshPublicKey {
  try {
    return sshPublicKeyFromWire(wire);
  } catch (e) {
    throw malformed(source, (e as Error).message);
  }
}
