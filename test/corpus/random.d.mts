// Types of random.mjs for the TypeScript tests that build on it (test/helpers/tokens.ts).
export const UPPER: string;
export const LOWER: string;
export const DIGITS: string;
export const ALNUM: string;
export const HEX: string;
export const B64: string;
export const B64URL: string;
export const BASE32: string;
export const BASE62: string;
export const BECH32: string;
export const SYMBOLS: string;
export class Random {
  constructor(seed: string | number);
  next(): number;
  int(lo: number, hi: number): number;
  pick<T>(list: readonly T[]): T;
  chance(p: number): boolean;
  s(alphabet: string, n: number): string;
  bytes(n: number): Buffer;
  uuid(): string;
  password(n?: number): string;
  shuffle<T>(list: readonly T[]): T[];
}
export function crc32(s: string): number;
export function base62(n: number, width: number): string;
export function checksummed(r: Random, prefix: string): string;
export function b64(s: string): string;
export function b64url(s: string): string;
export const DASH5: string;
export const PRIV: string;
