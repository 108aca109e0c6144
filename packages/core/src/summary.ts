/**
 * The job summary both actions write (decrypt's record, scan's findings): a heading, a line, a
 * table whose first row names the columns, notes; and the one HTML escape for what goes in it.
 * GitHub renders the summary as HTML and `@actions/core`'s builder escapes nothing, while file
 * names, actors, rule text and authors can hold markup. Core imports no `@actions/*` package, so
 * the builder comes in through the shape it has.
 */

/** The part of `@actions/core`'s `summary` used here. */
export interface SummaryBuilder {
  addHeading(text: string, level: number): SummaryBuilder;
  addRaw(text: string, addEOL?: boolean): SummaryBuilder;
  addTable(rows: (string | { data: string; header: boolean })[][]): SummaryBuilder;
  addList(items: string[]): SummaryBuilder;
  write(): Promise<unknown>;
}

/** What one summary holds; cells and notes are HTML (escape what comes from outside). */
export interface JobSummary {
  heading: string;
  /** A paragraph under the heading. */
  intro?: string;
  /** The table's column names; no table when `rows` is empty. */
  columns: readonly string[];
  rows: readonly (readonly string[])[];
  notes?: readonly string[];
}

const HTML: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
  "|": "&#124;",
};

/** Text as HTML that shows it as it is (`|` too, which a Markdown table would split on). */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"'|]/g, (c) => HTML[c] ?? c);
}

/** Write `s` to the job summary (level-3 heading). */
export async function writeJobSummary(builder: SummaryBuilder, s: JobSummary): Promise<void> {
  let b = builder.addHeading(escapeHtml(s.heading), 3);
  if (s.intro !== undefined) b = b.addRaw(`<p>${s.intro}</p>`, true);
  if (s.rows.length > 0)
    b = b.addTable([
      s.columns.map((data) => ({ data, header: true })),
      ...s.rows.map((r) => [...r]),
    ]);
  if (s.notes !== undefined && s.notes.length > 0) b = b.addList([...s.notes]);
  await b.write();
}
