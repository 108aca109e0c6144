// Types of tokens.mjs for the TypeScript tests that build on it (test/helpers/tokens.ts).
import type { Random } from "./random.mjs";
export interface TokenSpec {
  type: string;
  family: string;
  make: (r: Random) => string;
  provider?: string;
  secretName?: string;
}
export const TOKENS: TokenSpec[];
