/**
 * The sops MAC (sops-format.md §3): SHA-512 over the plaintext of every leaf in document order
 * (comments and nulls excluded), uppercase hex, stored encrypted with AAD = `lastmodified`.
 */
import { createHash, timingSafeEqual, type Hash } from "node:crypto";
import { HushError } from "./errors.js";
import type { TextEncoding, ValueCipher } from "./value.js";

/** SHA-256("sops"): hashed first when `mac_only_encrypted` is set, so both MAC kinds differ. */
export const MAC_ONLY_ENCRYPTED_INIT = Buffer.from(
  "8a3fd2ad54ce66527b1034f3d147be0b0b975b3bf44f72c6fdadec8176f27d69",
  "hex",
);

/** Leaves hashed per native call. */
const MAC_BATCH = 4096;

/** Accumulates leaves in walk order. */
export class MacBuilder {
  private readonly hash: Hash = createHash("sha512");
  /**
   * Leaves are hashed a batch at a time: one native call per batch instead of one per leaf, and no
   * list of every plaintext (nor one string of them all) held until the end.
   */
  private parts: string[] = [];

  /** `encoding`: latin1 for the binary store's byte string (sops hashes the raw bytes). */
  constructor(
    private readonly macOnlyEncrypted: boolean,
    private readonly encoding: TextEncoding = "utf8",
  ) {
    if (macOnlyEncrypted) this.hash.update(MAC_ONLY_ENCRYPTED_INIT);
  }

  /** Add one leaf's canonical plaintext (see `canonicalText`). */
  add(plaintext: string, encrypted: boolean): void {
    if (this.macOnlyEncrypted && !encrypted) return;
    if (this.parts.push(plaintext) === MAC_BATCH) {
      this.hash.update(this.parts.join(""), this.encoding);
      this.parts = [];
    }
  }

  /** The MAC as sops prints it (`%X`). Call once. */
  hex(): string {
    return this.hash.update(this.parts.join(""), this.encoding).digest("hex").toUpperCase();
  }
}

const RFC3339 = /^(\d{4}-\d{2}-\d{2})[Tt](\d{2}:\d{2}:\d{2})(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

/**
 * The MAC's AAD: `lastmodified` as Go's `Format(time.RFC3339)` prints the parsed time — fractional
 * seconds dropped, a zero offset as `Z`. ERR_FORMAT when it is not RFC 3339.
 */
export function lastModifiedAad(lastmodified: string): string {
  const m = RFC3339.exec(lastmodified);
  if (m === null) {
    throw new HushError("ERR_FORMAT", "sops.lastmodified is not an RFC 3339 timestamp", {
      hint: "restore the sops block from git",
    });
  }
  const zone = m[4] === "z" || m[4] === "Z" || m[4] === "+00:00" || m[4] === "-00:00" ? "Z" : m[4]!;
  return `${m[1]}T${m[2]}${zone}`;
}

/** `lastmodified` for a new write: UTC, whole seconds, `Z`. */
export function formatLastModified(now: Date): string {
  return now.toISOString().replace(/\.\d+Z$/, "Z");
}

/** Encrypt the MAC hex for `sops.mac`. */
export function sealMac(
  cipher: ValueCipher,
  macHex: string,
  lastmodified: string,
  iv?: Uint8Array,
): string {
  return cipher.seal(macHex, "str", lastModifiedAad(lastmodified), iv);
}

/**
 * Verify the stored MAC against the computed one in constant time.
 * @throws HushError ERR_MAC when the stored MAC is missing, does not decrypt, or differs
 */
export function verifyMac(
  cipher: ValueCipher,
  storedMac: string | undefined,
  lastmodified: string,
  computedHex: string,
  where: string,
): void {
  if (storedMac === undefined || storedMac === "") {
    throw new HushError("ERR_MAC", `${where} has no MAC`, {
      hint: "the sops block was damaged; restore it from git",
    });
  }
  let stored: string;
  try {
    stored = cipher.open(storedMac, lastModifiedAad(lastmodified), `${where} sops.mac`).text;
  } catch (e) {
    throw new HushError("ERR_MAC", `the MAC of ${where} does not decrypt`, {
      hint: "sops.mac or sops.lastmodified was changed; restore them from git",
      cause: e,
    });
  }
  const a = Buffer.from(stored, "utf8");
  const b = Buffer.from(computedHex, "utf8");
  if (a.length !== b.length || !timingSafeEqual(a, b)) {
    throw new HushError("ERR_MAC", `the MAC of ${where} does not match its values`, {
      hint: "a value was edited, added, removed or reordered outside hush; restore the file from git",
    });
  }
}
