// Builders that keep the rule tables data: a prefixed token format (`ghp_…`, `glpat-…`), a value
// that only means something next to a provider's name (`TWITTER_API_SECRET=…`), and the shared
// token boundaries.

import { assignments } from "./assign.js";
import { shannonEntropy } from "./entropy.js";
import type { Candidate, Confidence, Rule, RuleContext } from "./rule.js";

/** Token boundaries: the secret is not part of a longer run of token characters. */
export const B = String.raw`(?<![A-Za-z0-9_-])`;
export const E = String.raw`(?![A-Za-z0-9_-])`;

/** Escape a literal for a regular expression. */
export function literal(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
}

/** What a prefixed token rule needs. */
export interface TokenSpec {
  id: string;
  description: string;
  /** Literal prefixes (`ghp_`, `glpat-`); they are the prefilter keywords unless `keywords` says. */
  prefixes: readonly string[];
  /** Regex source of what follows the prefix. */
  body: string;
  keywords?: readonly string[];
  minEntropy?: number;
  check?: (secret: string, ctx: RuleContext) => Confidence | false;
  /** Looser boundaries for formats that end in `=` padding or contain dots. */
  boundary?: { before: string; after: string };
}

/** A token that announces itself with a fixed prefix. */
export function token(spec: TokenSpec): Rule {
  const before = spec.boundary?.before ?? B;
  const after = spec.boundary?.after ?? E;
  const alt = spec.prefixes.map(literal).join("|");
  return {
    id: spec.id,
    description: spec.description,
    keywords: spec.keywords ?? spec.prefixes,
    pattern: new RegExp(`${before}((?:${alt})${spec.body})${after}`, "gd"),
    minEntropy: spec.minEntropy ?? 3,
    ...(spec.check ? { check: spec.check } : {}),
  };
}

/** What a provider-named value rule needs. */
export interface KeyedSpec {
  id: string;
  description: string;
  /** Lower-case words one of which the name (or a header just above) contains: `twitter`. */
  words: readonly string[];
  /** Regex source the whole value must match: `[A-Za-z0-9]{25}`. */
  value: string;
  minEntropy?: number;
  /** Further words the name must contain one of (e.g. `secret` for a client secret). */
  nameAlso?: readonly string[];
}

/** A header line a few lines above (`twitter:`, `[twitter]`, `"twitter": {`) naming the provider. */
function headerAbove(text: string, at: number, words: readonly string[]): boolean {
  let ls = text.lastIndexOf("\n", at - 1) + 1;
  for (let n = 0; n < 4 && ls > 0; n++) {
    const prev = text.lastIndexOf("\n", ls - 2) + 1;
    const line = text.slice(prev, ls - 1).toLowerCase();
    if (/^\s*(?:\[[^\]]*\]|["']?[\w.-]+["']?\s*[:=]?\s*\{?)\s*$/.test(line)) {
      if (words.some((w) => line.includes(w))) return true;
    }
    ls = prev;
  }
  return false;
}

/** A line a YAML block scalar may start on (`key: >-`): its value is the lines below, joined. */
const BLOCK_START = /[|>][-+0-9]*[ \t]*(?:#.*)?$/m;
/** How many lines below a name line `assignments` may read its value from (nextLineValue). */
const VALUE_REACH = 4;

/**
 * Whether some value `assignments` finds in the lines `[start, end)` can be of the shape `anywhere`
 * searches for. Every value is a piece of the text up to {@link VALUE_REACH} lines below, except a
 * block scalar's (its lines joined), so without a block scalar start there, one native search over
 * the window answers for all its pairs. Measured on the 15 MB scan bench: provider words such as
 * `github` and `segment` occur ~2,700 times in ordinary source, and their windows made a third of
 * all the lines the assignment finder read.
 */
function mayHold(text: string, start: number, end: number, anywhere: RegExp): boolean {
  let e = end;
  for (let i = 0; i < VALUE_REACH && e < text.length; i++) {
    const n = text.indexOf("\n", e + 1);
    e = n < 0 ? text.length : n;
  }
  const window = text.slice(start, e);
  return BLOCK_START.test(window) || anywhere.test(window);
}

/** One run of a character class, `[a-f0-9]{32}`: an alternative {@link occurs} can speed up. */
const CLASS_RUN = /^\[[^\]\\]+\]\{\d+\}$/;

/**
 * A regex that matches somewhere in a text exactly when `value` does. A run of a class
 * (`[A-Za-z0-9]{32}`) searched as it is restarts at every character of every long run of that
 * class, and minified source is one long run of `[A-Za-z0-9]`: the provider-word windows of the
 * 15 MB scan bench took ~15 ms so. Some match exists exactly when one exists at the start of a
 * run (the run is at least as long), so each such alternative is tried only there.
 */
function occurs(value: string): RegExp {
  const parts = value.split("|");
  if (!parts.every((p) => CLASS_RUN.test(p))) return new RegExp(value);
  return new RegExp(parts.map((p) => `(?<!${p.slice(0, p.indexOf("]") + 1)})${p}`).join("|"));
}

/** A value that is only a credential next to its provider's name. */
export function keyed(spec: KeyedSpec): Rule {
  const shape = new RegExp(`^(?:${spec.value})$`);
  const anywhere = occurs(spec.value);
  const words = spec.words;
  const also = spec.nameAlso;
  // The provider's name next to a value of its exact shape is strong evidence on its own.
  const min = spec.minEntropy ?? 2.5;
  const idRule = spec.id.endsWith("-id");
  return {
    id: spec.id,
    description: spec.description,
    keywords: words,
    shape,
    after: 4,
    find: (ctx, start, end) => {
      const out: Candidate[] = [];
      if (!mayHold(ctx.text, start, end, anywhere)) return out;
      for (const a of assignments(ctx, start, end)) {
        if (!shape.test(a.value) || shannonEntropy(a.value) <= min) continue;
        const name = a.name.toLowerCase();
        if (also && !also.some((w) => name.includes(w))) continue;
        // `SegmentId`, `consul_ids`: an id that carries the provider's name (unless ids are what
        // the rule is about).
        if (!idRule && /(?:^|[^a-z])ids?$|[a-z]Ids?$/.test(a.name)) continue;
        if (!words.some((w) => name.includes(w)) && !headerAbove(ctx.text, a.start, words))
          continue;
        out.push({ start: a.start, end: a.end, secret: a.value, confidence: "medium" });
      }
      return out;
    },
  };
}

/** What a rule needs whose match only counts when its line also carries some marker. */
export interface LineSpec {
  id: string;
  description: string;
  keywords: readonly string[];
  /** A global regex; the first defined capture group holds the secret. */
  pattern: RegExp;
  /** The line must also match this (`X-Amz-Credential=` next to `X-Amz-Signature=`). */
  line: RegExp;
  minEntropy?: number;
}

/** A match that only counts next to a marker on the same line. */
export function onLine(spec: LineSpec): Rule {
  return {
    id: spec.id,
    description: spec.description,
    keywords: spec.keywords,
    minEntropy: spec.minEntropy ?? 3,
    find: (ctx, start, end) => {
      const out: Candidate[] = [];
      for (let ls = start; ls < end;) {
        let le = ctx.text.indexOf("\n", ls);
        if (le < 0 || le > end) le = end;
        const line = ctx.text.slice(ls, le);
        if (spec.line.test(line)) {
          spec.pattern.lastIndex = 0;
          for (let m = spec.pattern.exec(line); m; m = spec.pattern.exec(line)) {
            let g = 1;
            while (g < m.length && m[g] === undefined) g++;
            const span = m.indices?.[g];
            if (span) out.push({ start: ls + span[0], end: ls + span[1], secret: m[g]! });
          }
        }
        ls = le + 1;
      }
      return out;
    },
  };
}

/** A base64url part (a JWT's, a webhook's), padding optional; undefined when it is not base64. */
export function decodeBase64Url(part: string): string | undefined {
  try {
    const b64 = part.replace(/-/g, "+").replace(/_/g, "/");
    return atob(b64 + "=".repeat((4 - (b64.length % 4)) % 4));
  } catch {
    return undefined;
  }
}
