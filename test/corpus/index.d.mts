/** One labelled line of a corpus document. */
export interface Label {
  line: number;
  positive: boolean;
  family: string;
  type: string;
}
export interface CorpusDoc {
  path: string;
  text: string;
  labels: Label[];
}
export interface FamilyScore {
  family: string;
  positive: boolean;
  labelled: number;
  found: number;
  falsePositives: number;
}
export interface CorpusScore {
  recall: number;
  precision: number;
  negativesFlagged: number;
  families: FamilyScore[];
  misses: Array<Label & { path: string; text: string }>;
  flagged: Array<Label & { path: string; rules: string[]; text: string }>;
  extras: Array<{
    path: string;
    line: number;
    ruleId: string;
    family: string | undefined;
    text: string;
  }>;
  counts: { documents: number; positives: number; negatives: number };
}
export function generateCorpus(options?: {
  seed?: string | number;
  perToken?: number;
  generic?: number;
  unicode?: number;
  perSpecial?: number;
  perNegative?: number;
}): CorpusDoc[];
export function scoreCorpus(
  docs: CorpusDoc[],
  scan: (text: string, path: string) => Array<{ line: number; endLine?: number; ruleId: string }>,
): CorpusScore;
