// The npm package bcrypt-pbkdf ships no types; only its one function is used (ssh-key-file.ts).
declare module "bcrypt-pbkdf" {
  /** OpenBSD bcrypt_pbkdf into `key`; returns 0 on success, -1 on bad arguments. */
  export function pbkdf(
    pass: Uint8Array,
    passlen: number,
    salt: Uint8Array,
    saltlen: number,
    key: Uint8Array,
    keylen: number,
    rounds: number,
  ): number;
}
