// The keyword prefilter: one pass over the text decides which rules run at all and on which
// lines. A regex alternation of ~100 keywords ran at ~65 MB/s and 100 indexOf passes at
// ~15 MB/s on 20 MB of source; this loop keys a table on three characters (ASCII, lower-cased)
// and only compares whole keywords where a trigram matches one.
//
// Each keyword is keyed on its least common trigram, not its first: with 650 keywords the first
// trigrams (`con`, `ion`, `exp`, `key`…) matched at 5 % of all positions of 15 MB of real source
// (765,000 candidates to verify); keyed on the rarest by letter frequency, about a third of that.
// A 256 KB bitset answers "no trigram ends here" before the 4 MB slot table is touched.

import { COMMON } from "./trigrams.js";

const TRIGRAM_BITS = 21;
const MASK = (1 << TRIGRAM_BITS) - 1;

/** One keyword occurrence: which keyword (index into the list given) and where it starts. */
export interface KeywordHits {
  /** Keyword index per hit. */
  readonly keyword: number[];
  /** Start offset per hit, ascending. */
  readonly index: number[];
}

/** Char code → 7-bit lower-case ASCII (0 for anything else); one load beats two branches. */
const FOLD = (() => {
  const t = new Uint8Array(65536);
  for (let c = 1; c < 128; c++) t[c] = c >= 65 && c <= 90 ? c | 32 : c;
  return t;
})();

function trigramAt(text: string, end: number): number {
  return (
    ((FOLD[text.charCodeAt(end - 2)]! << 14) |
      (FOLD[text.charCodeAt(end - 1)]! << 7) |
      FOLD[text.charCodeAt(end)]!) &
    MASK
  );
}

function trigram(s: string, at = 0): number {
  return ((s.charCodeAt(at) << 14) | (s.charCodeAt(at + 1) << 7) | s.charCodeAt(at + 2)) & MASK;
}

/** Letters by how often they occur in source text, most common first. */
const LETTER_ORDER = "etaoinsrlcdhupmfgbywvkxqjz";

/**
 * The 1,000 most common lower-cased trigrams of source text, most common first, three characters
 * each: counted over 14 million trigrams of 2,635 JS/TS/Markdown/JSON/YAML files of third-party
 * packages. Letter frequency alone keyed `contrase` on `con`, `parola` on `par` and `linode` on
 * `nod`, the 2nd, 35th and 30th most common: with this table the keyed trigrams of the 15 MB scan
 * bench matched at 148,000 places instead of 405,000, and the prefilter took 37 ms instead of 55.
 */
const COMMON_TRIGRAMS: ReadonlyMap<number, number> = (() => {
  const all = COMMON;
  const rank = new Map<number, number>();
  for (let i = 0; i + 3 <= all.length; i += 3) {
    // Keywords are ASCII: a trigram with any other character is never looked up.
    const ascii =
      all.charCodeAt(i) < 128 && all.charCodeAt(i + 1) < 128 && all.charCodeAt(i + 2) < 128;
    if (ascii) rank.set(trigram(all, i), (all.length - i) / 3);
  }
  return rank;
})();

/** Char code → how common the letter is (26 for `e` … 1 for `z`), 0 for anything else. */
const LETTER_SCORE = (() => {
  const t = new Uint8Array(128);
  for (let i = 0; i < LETTER_ORDER.length; i++) t[LETTER_ORDER.charCodeAt(i)] = 26 - i;
  return t;
})();

/**
 * How common a lower-cased trigram is likely to be in text: by the measured table first, then by
 * the frequency of its letters (other characters 0). By numbers, not substrings: this runs for
 * every trigram of ~800 keywords in each process (and worker) that scans, and the string version
 * made building the prefilter take ~8 ms of a cold start.
 */
function commonness(s: string, at: number): number {
  let n = (COMMON_TRIGRAMS.get(trigram(s, at)) ?? 0) * 100;
  for (let j = at; j < at + 3; j++) n += LETTER_SCORE[s.charCodeAt(j)] ?? 0;
  return n;
}

/** The offset of the trigram of `k` least likely to occur in ordinary text (the first on a tie). */
function rarestTrigram(k: string): number {
  let best = 0;
  let score = Infinity;
  for (let at = 0; at + 3 <= k.length; at++) {
    const c = commonness(k, at);
    if (c < score) {
      score = c;
      best = at;
    }
  }
  return best;
}

/** A keyword with a character beyond ASCII (`パスワード`, `пароль`): no trigram of the table. */
function nonAscii(k: string): boolean {
  for (let i = 0; i < k.length; i++) if (k.charCodeAt(i) > 127) return true;
  return false;
}

/**
 * A character beyond Latin-1. V8 answers this at once for a text stored one byte a character
 * (nearly all source), where a search for a several-character non-Latin-1 keyword still read the
 * text: ~0.5 ms per keyword per 20 MB (measured), the gate ~0.003.
 */
const WIDE = /[\u0100-\uffff]/;

/**
 * A compiled keyword matcher. ASCII keywords are at least 3 characters long; an all-lowercase
 * keyword matches in any case, a keyword with an uppercase letter matches exactly (so `SG.` and
 * `AKIA` do not fire on `msg.` or `akia`). A keyword with other characters (2+ long) matches
 * exactly, by a native search: the trigram table folds those characters away.
 */
export class Prefilter {
  private readonly table = new Uint16Array(1 << TRIGRAM_BITS);
  /** One bit per trigram: set when some keyword is keyed on it. */
  private readonly bits = new Int32Array((1 << TRIGRAM_BITS) >>> 5);
  private readonly buckets: number[][] = [];
  private readonly lowered: string[];
  private readonly exact: boolean[];
  /** Where in each keyword its keyed trigram starts. */
  private readonly offset: number[];

  /** Ids of the keywords found by a native search (see {@link nonAscii}). */
  private readonly searched: number[] = [];

  constructor(readonly keywords: readonly string[]) {
    this.lowered = keywords.map((k) => k.toLowerCase());
    this.exact = keywords.map((k) => k !== k.toLowerCase());
    this.offset = this.lowered.map(rarestTrigram);
    keywords.forEach((k, id) => {
      if (nonAscii(k) && k.length >= 2 && k.trim() === k) {
        this.searched.push(id);
        return;
      }
      if (k.length < 3 || !/^[\x20-\x7e]+$/.test(k)) {
        throw new Error(`prefilter keyword must be 3+ printable ASCII characters: ${k}`);
      }
      const t = trigram(this.lowered[id]!, this.offset[id]);
      let slot = this.table[t]!;
      if (slot === 0) {
        this.buckets.push([]);
        slot = this.buckets.length;
        this.table[t] = slot;
        this.bits[t >>> 5]! |= 1 << (t & 31);
      }
      this.buckets[slot - 1]!.push(id);
    });
  }

  /** Trigram matches of one scan; reused across calls and grown on demand. */
  private candidates = new Int32Array(4096);

  /** Every keyword occurrence in `text`, in order of position. */
  scan(text: string): KeywordHits {
    const hits: KeywordHits = { keyword: [], index: [] };
    // Two passes keep the hot loop tiny: first collect where a keyed trigram ends, then compare
    // whole keywords at those few places.
    let from = 0;
    while (from < text.length) {
      const count = this.collect(text, from);
      for (let k = 0; k < count; k++) {
        const end = this.candidates[k]!;
        const t = trigramAt(text, end);
        this.verify(text, end - 2, this.buckets[this.table[t]! - 1]!, hits);
      }
      if (count < this.candidates.length) break;
      // The buffer filled up: continue after the last candidate.
      from = this.candidates[count - 1]! + 1;
    }
    let wide: boolean | undefined;
    for (const id of this.searched) {
      const kw = this.keywords[id]!;
      if (WIDE.test(kw) && !(wide ??= WIDE.test(text))) continue;
      for (let at = text.indexOf(kw); at >= 0; at = text.indexOf(kw, at + kw.length)) {
        hits.keyword.push(id);
        hits.index.push(at);
      }
    }
    return inOrder(hits);
  }

  /** Fill `candidates` with the end offsets of keyword trigrams at or after `from`. */
  private collect(text: string, from: number): number {
    const fold = FOLD;
    const out = this.candidates;
    const cap = out.length;
    const n = text.length;
    let count = 0;
    let t =
      from >= 2
        ? (fold[text.charCodeAt(from - 2)]! << 7) | fold[text.charCodeAt(from - 1)]!
        : from === 1
          ? fold[text.charCodeAt(0)]!
          : 0;
    const bits = this.bits;
    for (let i = from; i < n; i++) {
      t = ((t << 7) | fold[text.charCodeAt(i)]!) & MASK;
      if ((bits[t >>> 5]! & (1 << (t & 31))) !== 0) {
        out[count++] = i;
        if (count === cap) return count;
      }
    }
    return count;
  }

  private verify(text: string, trigramStart: number, bucket: number[], hits: KeywordHits): void {
    for (const id of bucket) {
      const kw = this.exact[id] ? this.keywords[id]! : this.lowered[id]!;
      const start = trigramStart - this.offset[id]!;
      if (start < 0 || start + kw.length > text.length) continue;
      let ok = true;
      if (this.exact[id]) {
        ok = text.startsWith(kw, start);
      } else {
        for (let j = 0; j < kw.length; j++) {
          let c = text.charCodeAt(start + j);
          if (c >= 65 && c <= 90) c |= 32;
          if (c !== kw.charCodeAt(j)) {
            ok = false;
            break;
          }
        }
      }
      if (ok) {
        hits.keyword.push(id);
        hits.index.push(start);
      }
    }
  }
}

/**
 * Hits sorted by start, in place and stably (keyed trigrams at different offsets can find them
 * out of order, but only by less than a keyword's length; the few hits of searched keywords
 * come last). An insertion sort: the `map`/`sort`
 * with closures it replaces was, with the deopt its first unsorted file caused, ~15 % of V8's
 * optimizing-compiler time in a cold 15 MB scan (--trace-opt, --trace-deopt).
 */
function inOrder(hits: KeywordHits): KeywordHits {
  const { keyword, index } = hits;
  for (let i = 1; i < index.length; i++) {
    const at = index[i]!;
    if (at >= index[i - 1]!) continue;
    const kw = keyword[i]!;
    let j = i - 1;
    for (; j >= 0 && index[j]! > at; j--) {
      index[j + 1] = index[j]!;
      keyword[j + 1] = keyword[j]!;
    }
    index[j + 1] = at;
    keyword[j + 1] = kw;
  }
  return hits;
}
