// The shape of a detection rule, shared by the rule table and the engine.

/** How sure a rule is: `high` for checksummed or strongly structured formats, `medium` otherwise. */
export type Confidence = "high" | "medium";

/** A candidate secret found by a rule, as absolute offsets into the scanned text. */
export interface Candidate {
  /** Offset where the reported range starts (the secret, or e.g. a PEM header). */
  start: number;
  /** Offset just past the reported range. */
  end: number;
  /** The secret itself (normalised for multi-line values), hashed into the fingerprint. */
  secret: string;
  confidence?: Confidence;
}

/** What a rule's matcher and checks may look at. */
export interface RuleContext {
  readonly text: string;
  readonly path: string;
  /** The path is program source (quoted values only count as literals there). */
  readonly codeFile: boolean;
  /** The path is prose (Markdown, text, reStructuredText, AsciiDoc). */
  readonly proseFile: boolean;
  /** Work shared by the rules of one scan (e.g. the assignments of a line), keyed by its maker. */
  readonly memo: Map<string, unknown>;
}

/** One detection rule: keywords for the prefilter, then a pattern or matcher, then checks. */
export interface Rule {
  /** Stable id, shown to users and part of the fingerprint. */
  readonly id: string;
  readonly description: string;
  /**
   * Prefilter keywords (3+ ASCII characters). All-lowercase keywords match in any case; one with
   * an uppercase letter matches exactly.
   */
  readonly keywords: readonly string[];
  /** Lines before and after a keyword line that the pattern also sees (default 0). */
  readonly before?: number;
  readonly after?: number;
  /** A global regex with the `d` flag; capture group `group` (default 1) holds the secret. */
  readonly pattern?: RegExp;
  readonly group?: number;
  /** For a provider-named value: the shape of the value itself (for tests and rule listings). */
  readonly shape?: RegExp;
  /** A custom matcher over `[start, end)` of the text, instead of `pattern`. */
  readonly find?: (ctx: RuleContext, start: number, end: number) => Candidate[];
  /** Shannon entropy (bits per character) the secret must exceed. */
  readonly minEntropy?: number;
  /** Extra check: `false` drops the candidate, a confidence keeps it. */
  readonly check?: (secret: string, ctx: RuleContext) => Confidence | false;
  /**
   * A keyword-and-entropy rule rather than a token format: lower priority (dropped when a
   * specific rule reports an overlapping secret) and skipped on minified (very long) lines.
   */
  readonly generic?: boolean;
}
