// The detector engine: prefilter → per-rule pattern on the keyword lines only → checks →
// decoding layer (encoded runs scanned again, findings kept at the encoded text) → allowlists →
// de-duplication. Linear in the input: one prefilter pass, then work proportional to the lines
// that carry keywords.

import {
  allowedLineStarts,
  extensionOf,
  isBinaryText,
  isDocExample,
  isInsideEncValue,
  isSkippedPath,
  isTokenPlaceholder,
  KNOWN_EXAMPLE_HASHES,
  sopsMetadataRanges,
} from "./allow.js";
import { DECODE_KEYWORDS, findEncoded } from "./decode.js";
import { insideBlob, shannonEntropy } from "./entropy.js";
import { classifyName } from "./names.js";
import { type KeywordHits, Prefilter } from "./prefilter.js";
import type { Candidate, Confidence, Rule, RuleContext } from "./rule.js";
import { GENERIC_SECRET, KUBERNETES_SECRET, RULES } from "./rules/index.js";
import { sha256Hex } from "./sha256.js";
import { isSecretValue } from "./values.js";

/** Split a space-separated word list (keeps long tables short). */
const wordList = (s: string): string[] => s.split(" ");

/** A raw detection before it is turned into a public finding. */
export interface Detection {
  rule: Rule;
  ruleIndex: number;
  start: number;
  end: number;
  secret: string;
  confidence: Confidence;
  /** Found in decoded text: how it was encoded (`base64`), for the description. */
  decoded?: boolean;
}

const ALLOW_MARKER = "hush:allow";
const SOPS_MARKER = "sops";
/** Lines longer than this are minified code or data; generic rules skip them. */
export const LONG_LINE = 500;

/** How many layers of encoding the decoding layer looks through (base64 of JSON of base64…). */
const MAX_DEPTH = 3;

const PROSE_EXT = new Set(wordList("md markdown mdx txt rst adoc asciidoc org textile wiki"));

const CODE_EXT = new Set(
  wordList(
    "js mjs cjs jsx ts mts cts tsx py pyi pyw pyx pxd go java kt kts scala rb php cs c h cc cpp " +
      "cxx hpp hh hxx mm rs swift m dart lua groovy vue svelte ex exs clj cljs cljc fs r pl",
  ),
);

interface Compiled {
  prefilter: Prefilter;
  /** For each prefilter keyword, the rules (by index) that it triggers. */
  keywordRules: number[][];
  allowKeyword: number;
  sopsKeyword: number;
  /** Keyword ids that start the decoding layer on their line. */
  decodeKeywords: Set<number>;
}

let compiled: Compiled | undefined;

function compile(): Compiled {
  const keywords: string[] = [];
  const ids = new Map<string, number>();
  const keywordRules: number[][] = [];
  const add = (kw: string): number => {
    let id = ids.get(kw);
    if (id === undefined) {
      id = keywords.length;
      ids.set(kw, id);
      keywords.push(kw);
      keywordRules.push([]);
    }
    return id;
  };
  RULES.forEach((rule, r) => {
    for (const kw of rule.keywords) {
      const list = keywordRules[add(kw)]!;
      if (!list.includes(r)) list.push(r);
    }
  });
  const allowKeyword = add(ALLOW_MARKER);
  const sopsKeyword = add(SOPS_MARKER);
  const decodeKeywords = new Set(DECODE_KEYWORDS.map(add));
  return {
    prefilter: new Prefilter(keywords),
    keywordRules,
    allowKeyword,
    sopsKeyword,
    decodeKeywords,
  };
}

function lineStartOf(text: string, offset: number): number {
  return text.lastIndexOf("\n", offset - 1) + 1;
}

function lineEndOf(text: string, offset: number): number {
  const e = text.indexOf("\n", offset);
  return e < 0 ? text.length : e;
}

/** Move `offset` back over `n` line starts (offset must be a line start). */
function backLines(text: string, lineStart: number, n: number): number {
  let s = lineStart;
  for (let i = 0; i < n && s > 0; i++) s = lineStartOf(text, s - 1);
  return s;
}

function forwardLines(text: string, lineEnd: number, n: number): number {
  let e = lineEnd;
  for (let i = 0; i < n && e < text.length; i++) e = lineEndOf(text, e + 1);
  return e;
}

function runRule(rule: Rule, ctx: RuleContext, start: number, end: number): Candidate[] {
  if (rule.find) return rule.find(ctx, start, end);
  const re = rule.pattern;
  if (!re) return [];
  const region = ctx.text.slice(start, end);
  const out: Candidate[] = [];
  re.lastIndex = 0;
  for (let m = re.exec(region); m; m = re.exec(region)) {
    if (m[0].length === 0) re.lastIndex++;
    let g = rule.group ?? 0;
    if (g === 0) {
      g = 1;
      while (g < m.length && m[g] === undefined) g++;
    }
    const span = m.indices?.[g];
    const secret = m[g];
    if (!span || secret === undefined) continue;
    out.push({ start: start + span[0], end: start + span[1], secret });
  }
  return out;
}

/**
 * Run every rule whose keywords occur in `text` and return the surviving detections, sorted by
 * position. `path` drives the path skips and the code/config distinction.
 */
export function detect(text: string, path: string): Detection[] {
  if (text.length === 0 || isSkippedPath(path) || isBinaryText(text)) return [];
  return detectAt(text, path, 0);
}

/** Names under a Kubernetes Secret's data that hold no secret by themselves. */
const NOT_SECRET_BY_PLACE =
  /^(?:user(?:name)?|login|host(?:name)?|port|database|db(?:name)?|url|uri|endpoint|region|namespace|e?mail|name|ca\.crt|tls\.crt|ca\.pem|cert(?:ificate)?|.*\.crt)$/i;

/** What the keyword hits of one text ask for: per rule, the line ranges to run it on. */
interface Plan {
  /** Per rule index, merged ranges as `[start0, end0, start1, end1, …]`; unset for most rules. */
  ranges: Array<number[] | undefined>;
  /** The rule indexes that have ranges, in the order first hit. */
  touched: number[];
  allowMarks: number[];
  /** Line starts where the decoding layer looks (insertion order is the order it reports in). */
  decodeLines: Set<number>;
  sopsSeen: boolean;
}

// The engine below touches only the rules some keyword asked for: walking all 300+ rules of the
// table for each of 1,500 files (a closure call each) cost ~12 ms of a cold 15 MB scan, and one big
// function made V8 compile it three times over at 10–20 ms each (measured with --trace-opt).

/** Collect, per rule, the merged line ranges around its keyword hits. */
function plan(text: string, hits: KeywordHits, c: Compiled): Plan {
  const { keywordRules, allowKeyword, sopsKeyword, decodeKeywords } = c;
  const p: Plan = {
    ranges: [],
    touched: [],
    allowMarks: [],
    decodeLines: new Set(),
    sopsSeen: false,
  };
  const { keyword, index } = hits;
  let lineStart = -1;
  let lineEnd = -1;
  let sops = false;
  for (let h = 0; h < index.length; h++) {
    const kw = keyword[h]!;
    const at = index[h]!;
    if (kw === allowKeyword) {
      p.allowMarks.push(at);
      continue;
    }
    sops ||= kw === sopsKeyword;
    if (at >= lineEnd) {
      lineStart = lineStartOf(text, at);
      lineEnd = lineEndOf(text, at);
    }
    if (decodeKeywords.has(kw)) p.decodeLines.add(lineStart);
    const rules = keywordRules[kw]!;
    for (let i = 0; i < rules.length; i++) addRange(text, p, rules[i]!, lineStart, lineEnd);
  }
  p.sopsSeen = sops;
  return p;
}

/** Add the keyword line `[lineStart, lineEnd)` (with the rule's context lines) to rule `r`. */
function addRange(text: string, p: Plan, r: number, lineStart: number, lineEnd: number): void {
  const rule = RULES[r]!;
  if (rule.generic && lineEnd - lineStart > LONG_LINE) return;
  let list = p.ranges[r];
  if (list === undefined) {
    list = [];
    p.ranges[r] = list;
    p.touched.push(r);
  }
  const n = list.length;
  const lastEnd = n > 0 ? list[n - 1]! : -2;
  if (n > 0 && lastEnd >= lineEnd) return;
  const s = rule.before ? backLines(text, lineStart, rule.before) : lineStart;
  const e = rule.after ? forwardLines(text, lineEnd, rule.after) : lineEnd;
  if (n > 0 && s <= lastEnd + 1) list[n - 1] = Math.max(lastEnd, e);
  else list.push(s, e);
}

function detectAt(text: string, path: string, depth: number): Detection[] {
  compiled ??= compile();
  const hits = compiled.prefilter.scan(text);
  // indexOf first: the regex over every whole text cost ~20 ms per 15 MB (profiled).
  const kubernetes =
    depth < MAX_DEPTH &&
    text.includes("Secret") &&
    /\bkind["']?[ \t]*:[ \t]*["']?Secret\b/.test(text);
  if (hits.index.length === 0 && !kubernetes) return [];
  const p = plan(text, hits, compiled);
  const found = runRules(text, path, p);
  if (depth < MAX_DEPTH && (p.decodeLines.size > 0 || kubernetes)) {
    for (const d of decodedDetections(text, path, depth, p.decodeLines)) found.push(d);
  }
  if (found.length === 0) return [];
  return dedupe(kept(text, found, p));
}

/** Run the touched rules, in table order, on their ranges; candidates that pass their checks. */
function runRules(text: string, path: string, p: Plan): Detection[] {
  const found: Detection[] = [];
  const { touched, ranges } = p;
  if (touched.length === 0) return found;
  // Table order: overlapping detections of equal start keep the earlier rule's (see dedupe).
  touched.sort((a, b) => a - b);
  const ext = extensionOf(path);
  const ctx: RuleContext = {
    text,
    path,
    codeFile: CODE_EXT.has(ext),
    proseFile: PROSE_EXT.has(ext),
    memo: new Map(),
  };
  for (let t = 0; t < touched.length; t++) {
    const r = touched[t]!;
    const rule = RULES[r]!;
    const list = ranges[r]!;
    for (let i = 0; i < list.length; i += 2) {
      const candidates = runRule(rule, ctx, list[i]!, list[i + 1]!);
      for (let k = 0; k < candidates.length; k++) {
        const c = candidates[k]!;
        const confidence = accept(rule, c, ctx);
        if (confidence) {
          found.push({
            rule,
            ruleIndex: r,
            start: c.start,
            end: c.end,
            secret: c.secret,
            confidence,
          });
        }
      }
    }
  }
  return found;
}

/** Drop what the allowlists, `ENC[…]` values, sops metadata and the long-line rule exclude. */
function kept(text: string, found: Detection[], p: Plan): Detection[] {
  const allowed = allowedLineStarts(text, p.allowMarks);
  const sops = p.sopsSeen ? sopsMetadataRanges(text) : [];
  return found.filter((d) => {
    const ls = lineStartOf(text, d.start);
    if (allowed.has(ls)) return false;
    if (isInsideEncValue(text, ls, d.start)) return false;
    if (sops.some(([s, e]) => d.start >= s && d.start < e)) return false;
    if (d.rule.generic && !d.decoded && lineEndOf(text, d.start) - ls > LONG_LINE) return false;
    // A keyword-and-entropy guess in a doc comment's example is a documented test value.
    if (d.confidence === "medium" && isDocExample(text, ls)) return false;
    return true;
  });
}

const RULE_INDEX = new Map<Rule, number>();
function indexOf(rule: Rule): number {
  let i = RULE_INDEX.get(rule);
  if (i === undefined) {
    i = RULES.indexOf(rule);
    RULE_INDEX.set(rule, i);
  }
  return i;
}

/**
 * The decoding layer: every encoded run on the marked lines and in Kubernetes Secrets is decoded
 * and scanned again; what is found there is reported at the encoded run. A decoded value that
 * no rule recognises still counts when its name or its place (a Secret's data) says secret.
 */
function decodedDetections(
  text: string,
  path: string,
  depth: number,
  lines: Set<number>,
): Detection[] {
  const out: Detection[] = [];
  for (const enc of findEncoded(text, lines)) {
    const inner = detectAt(enc.text, path, depth + 1);
    for (const d of inner) {
      out.push({ ...d, start: enc.start, end: enc.end, decoded: true });
    }
    if (inner.length > 0) continue;
    const value = enc.text.trim();
    const kind = enc.name === undefined ? undefined : classifyName(enc.name);
    if (kind?.secret && isSecretValue(value, kind)) {
      out.push(named(GENERIC_SECRET, enc.start, enc.end, value));
    } else if (
      enc.secretByPlace &&
      !NOT_SECRET_BY_PLACE.test(enc.name ?? "") &&
      isSecretValue(value, { password: true })
    ) {
      out.push(named(KUBERNETES_SECRET, enc.start, enc.end, value));
    }
  }
  return out;
}

function named(rule: Rule, start: number, end: number, secret: string): Detection {
  return {
    rule,
    ruleIndex: indexOf(rule),
    start,
    end,
    secret,
    confidence: "medium",
    decoded: true,
  };
}

function accept(rule: Rule, c: Candidate, ctx: RuleContext): Confidence | false {
  if (rule.minEntropy !== undefined && shannonEntropy(c.secret) <= rule.minEntropy) return false;
  if (!rule.generic && insideBlob(ctx.text, c.start, c.end)) return false;
  // Long secrets (PEM bodies, JWTs) would hit placeholder words by chance; they have own checks.
  if (!rule.generic && c.secret.length <= 128 && isTokenPlaceholder(c.secret)) return false;
  // …except a long placeholder word written in capitals into them, as AWS's documentation does
  // (`…wEXAMPLEtMSJ…`): seven given capitals turn up by chance about once in 10^10 tokens.
  if (c.secret.length > 128 && LONG_SAMPLE.test(c.secret)) return false;
  if (KNOWN_EXAMPLE_HASHES.has(sha256Hex(c.secret))) return false;
  const verdict = rule.check ? rule.check(c.secret, ctx) : (c.confidence ?? "high");
  if (verdict === false) return false;
  return c.confidence === "medium" ? "medium" : verdict;
}

const LONG_SAMPLE = /EXAMPLE|PLACEHOLDER|REDACTED/;

/** Longest span a detection may cover; bounds the overlap search in {@link dedupe}. */
const MAX_SPAN = 40_000;

/** Overlapping detections: keep the one from the earliest (most specific) rule. */
function dedupe(found: Detection[]): Detection[] {
  found.sort((a, b) => a.start - b.start || a.ruleIndex - b.ruleIndex);
  const out: Detection[] = [];
  for (const d of found) {
    let clash = -1;
    for (let i = out.length - 1; i >= 0 && out[i]!.start + MAX_SPAN > d.start; i--) {
      const o = out[i]!;
      if (d.start < o.end && o.start < d.end) {
        clash = i;
        break;
      }
    }
    if (clash < 0) {
      out.push(d);
    } else if (d.ruleIndex < out[clash]!.ruleIndex) {
      out[clash] = d;
    }
  }
  return out;
}
