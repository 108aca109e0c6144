// age's scrypt recipient type (C2SP age spec, "scrypt"): what `age -p` writes, used here for
// passphrase-protected identity files. node:crypto's scrypt (OpenSSL) rather than typage's pure-JS
// one: opening the work factor `age -p` uses (2^18) takes 0.3 s instead of 1.7 s.
import { randomBytes, scrypt as scryptCallback, type ScryptOptions } from "node:crypto";
import type { Stanza } from "age-encryption";
import { HushError } from "./errors.js";
import { armor, dearmor, open, seal } from "./age-x25519.js";

const LABEL = "age-encryption.org/v1/scrypt";
const ZERO_NONCE = Buffer.alloc(12);
/** The work factor `age -p` uses. */
export const DEFAULT_LOG_N = 18;
/** The largest work factor opened (1 GiB of memory; typage's cap too, Go's is 22). */
const MAX_LOG_N = 20;

function b64NoPad(b: Uint8Array): string {
  return Buffer.from(b).toString("base64").replace(/=+$/, "");
}

function deriveKey(passphrase: string, salt: Uint8Array, logN: number): Promise<Buffer> {
  const N = 2 ** logN;
  const options: ScryptOptions = { N, r: 8, p: 1, maxmem: 130 * 8 * N + (1 << 20) };
  return new Promise((resolve, reject) => {
    scryptCallback(
      Buffer.from(passphrase, "utf8"),
      Buffer.concat([Buffer.from(LABEL, "latin1"), salt]),
      32,
      options,
      (err, key) => (err === null ? resolve(key) : reject(err)),
    );
  });
}

/** A recipient for typage's Encrypter: the file key sealed under a passphrase. */
export class ScryptRecipient {
  constructor(
    private readonly passphrase: string,
    private readonly logN = DEFAULT_LOG_N,
  ) {}
  async wrapFileKey(fileKey: Uint8Array): Promise<Stanza[]> {
    const salt = randomBytes(16);
    const key = await deriveKey(this.passphrase, salt, this.logN);
    return [
      {
        args: ["scrypt", b64NoPad(salt), String(this.logN)],
        body: seal(key, ZERO_NONCE, fileKey),
      },
    ];
  }
}

/** An identity for typage's Decrypter that opens a scrypt stanza with a passphrase. */
export class ScryptIdentity {
  constructor(private readonly passphrase: string) {}
  async unwrapFileKey(stanzas: Stanza[]): Promise<Uint8Array | null> {
    const s = stanzas.find((x) => x.args[0] === "scrypt");
    if (s === undefined) return null;
    // The spec: a scrypt stanza must be alone, or any recipient could have made the file.
    if (stanzas.length !== 1) throw new Error("scrypt stanza is not alone in the header");
    const [, saltText = "", logText = ""] = s.args;
    const salt = Buffer.from(saltText, "base64");
    if (
      s.args.length !== 3 ||
      salt.length !== 16 ||
      b64NoPad(salt) !== saltText ||
      !/^[1-9][0-9]*$/.test(logText) ||
      s.body.length !== 32
    )
      throw new Error("invalid scrypt stanza");
    const logN = Number(logText);
    if (logN > MAX_LOG_N) throw new Error("scrypt work factor is too high");
    const fileKey = open(await deriveKey(this.passphrase, salt, logN), ZERO_NONCE, s.body);
    return fileKey === null ? null : new Uint8Array(fileKey);
  }
}

/** True for the start of an age file (binary or armored): a passphrase-protected identity file. */
export function isAgeFile(text: string): boolean {
  return (
    text.startsWith("age-encryption.org/") ||
    text.trimStart().startsWith("-----BEGIN AGE ENCRYPTED FILE-----")
  );
}

/**
 * Encrypt an identity file's text under a passphrase, armored (as `age -p -a` does): `age -d` opens
 * it, and so do sops and hush.
 */
export async function protectIdentityFile(
  text: string,
  passphrase: string,
  logN = DEFAULT_LOG_N,
): Promise<string> {
  const { Encrypter } = await import("age-encryption");
  const e = new Encrypter();
  e.addRecipient(new ScryptRecipient(passphrase, logN));
  return armor(await e.encrypt(text));
}

/**
 * The text of a passphrase-protected identity file (binary or armored).
 * @throws HushError ERR_PASSPHRASE when the passphrase does not open it, ERR_KEY when it is no
 *   passphrase file (an age file for other recipients, or corrupt)
 */
export async function unprotectIdentityFile(
  data: Uint8Array,
  passphrase: string,
  source: string,
): Promise<string> {
  let file = data;
  const head = Buffer.from(data.subarray(0, 64)).toString("latin1");
  if (head.trimStart().startsWith("-----BEGIN AGE")) {
    try {
      file = dearmor(Buffer.from(data).toString("latin1"));
    } catch {
      throw new HushError("ERR_KEY", `${source}: corrupt armor`, {
        hint: "restore the identity file from a backup",
      });
    }
  }
  const { Decrypter } = await import("age-encryption");
  const d = new Decrypter();
  let matched = false;
  const id = new ScryptIdentity(passphrase);
  d.addIdentity({
    unwrapFileKey: async (stanzas) => {
      const key = await id.unwrapFileKey(stanzas);
      matched = stanzas.some((s) => s.args[0] === "scrypt");
      return key;
    },
  });
  try {
    return await d.decrypt(file, "text");
  } catch (e) {
    if (matched && e instanceof Error && /no identity matched/.test(e.message))
      throw new HushError("ERR_PASSPHRASE", `wrong passphrase for ${source}`, {
        hint: "try again; it is the passphrase the identity file was protected with",
      });
    throw new HushError(
      "ERR_KEY",
      `${source} is an age file but not a passphrase-protected identity file`,
      {
        hint: "a protected identity file is made by `hush keygen --passphrase` or `age -p`",
      },
    );
  }
}
