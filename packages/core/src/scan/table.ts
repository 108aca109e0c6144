// Values named by a column rather than written beside their name: the header row of a CSV or TSV
// file names each column of the rows below it (the credentials file AWS offers for download:
// `Access key ID,Secret access key` then the keys), and an SQL INSERT's column list names each
// value of its rows — or, in a settings table, a `name`/`key` column names the `value` beside it
// (`INSERT INTO settings (name, value) VALUES ('api_key', '…')`, `UPDATE … SET value = '…'
// WHERE name = 'api_key'`). assign.ts calls these on the line holding the names.

import type { Assignment } from "./literal.js";
import { lineEnd } from "./literal.js";
import { classifyName } from "./names.js";

/** Rows of a CSV file read after its header, and rows of one INSERT: enough for any credentials file. */
const MAX_ROWS = 2000;
/** Characters of an INSERT's VALUES read (a multi-line statement in a dump). */
const MAX_VALUES = 20_000;

/**
 * A column named `<provider> key` or `… token`: not a secret name alone (`key`), but the
 * provider rules read it as one (`alibaba_key`, `Linode Token`).
 */
const KEYED = /(?:key|token|secret|pat)s?$/i;

/** A field of a delimited row: its text and offsets (inside the quotes when quoted). */
interface Field {
  value: string;
  start: number;
  end: number;
}

/** The fields of the row `[ls, le)` split by `sep`, a quoted field's `""` kept as written. */
function fields(text: string, ls: number, le: number, sep: number): Field[] {
  const out: Field[] = [];
  let i = ls;
  for (;;) {
    while (i < le && text.charCodeAt(i) === 32) i++;
    const q = text.charCodeAt(i);
    if (q === 34 || q === 39) {
      let j = i + 1;
      while (j < le && !(text.charCodeAt(j) === q && text.charCodeAt(j + 1) !== q)) {
        j += text.charCodeAt(j) === q ? 2 : 1;
      }
      out.push({ value: text.slice(i + 1, j), start: i + 1, end: j });
      i = text.indexOf(String.fromCharCode(sep), j);
    } else {
      const e = text.indexOf(String.fromCharCode(sep), i);
      const stop = e < 0 || e > le ? le : e;
      let t = stop;
      while (t > i && (text.charCodeAt(t - 1) === 32 || text.charCodeAt(t - 1) === 13)) t--;
      out.push({ value: text.slice(i, t), start: i, end: t });
      i = e;
    }
    if (i < 0 || i >= le) return out;
    i++;
  }
}

/** A CSV or TSV file (by its extension), whose first line is a header. */
export function isTableFile(path: string): boolean {
  return /\.(?:csv|tsv|tab)$/i.test(path);
}

/** The header at the start of a CSV/TSV file names secret columns: each row's value in them. */
export function columnPairs(text: string, path: string, le: number, out: Assignment[]): void {
  const header = text.slice(0, le);
  const sep = /\.csv$/i.test(path) && !header.includes(",") && header.includes(";") ? 59 : 44;
  const delimiter = /\.csv$/i.test(path) ? sep : 9;
  const names = fields(text, 0, le, delimiter).map((f) => f.value.trim());
  const secret = names.map((n) => n !== "" && (classifyName(n).secret || KEYED.test(n)));
  if (!secret.includes(true)) return;
  let ls = le + 1;
  for (let row = 0; row < MAX_ROWS && ls < text.length; row++) {
    const e = lineEnd(text, ls);
    if (e - ls <= 2000) {
      const cells = fields(text, ls, e, delimiter);
      for (let k = 0; k < cells.length && k < names.length; k++) {
        const c = cells[k]!;
        if (secret[k] && c.value !== "") out.push({ name: names[k]!, ...c, quoted: true });
      }
    }
    ls = e + 1;
  }
}

const INSERT =
  /\bINSERT[ \t]+(?:INTO[ \t]+)?[\w."`[\]]+[ \t]*\(([^()\n]{1,1000})\)[ \t]*VALUES[ \t]*/gi;
const SETTING_NAME = /^(?:name|key|setting|setting_name|setting_key|config_key|option_name|k)$/i;
const SETTING_VALUE = /^(?:value|val|setting_value|config_value|option_value|v)$/i;

const UPDATE =
  /\bSET[ \t]+[`"[]?(?:value|val|setting_value|config_value|option_value)[`"\]]?[ \t]*=[ \t]*'((?:[^'\\\n]|''|\\.){1,500})'[ \t]+WHERE[ \t]+[`"[]?(?:name|key|setting|setting_name|setting_key|config_key|option_name)[`"\]]?[ \t]*=[ \t]*'([^'\n]{1,80})'/gi;

/** `UPDATE settings SET value = '…' WHERE name = 'api_key'`: the row's name names the value. */
export function updatePairs(line: string, ls: number, out: Assignment[]): void {
  UPDATE.lastIndex = 0;
  for (let m = UPDATE.exec(line); m; m = UPDATE.exec(line)) {
    const start = ls + m.index + m[0].indexOf("'") + 1;
    out.push({ name: m[2]!, value: m[1]!, start, end: start + m[1]!.length, quoted: true });
  }
}

/** The rows of an INSERT whose column list (on the line `[ls, le)`) names a secret column. */
export function insertPairs(text: string, line: string, ls: number, out: Assignment[]): void {
  INSERT.lastIndex = 0;
  for (let m = INSERT.exec(line); m; m = INSERT.exec(line)) {
    const cols = m[1]!.split(",").map((c) => c.trim().replace(/^["`[]|["`\]]$/g, ""));
    const named = cols.findIndex((c) => SETTING_NAME.test(c));
    const valued = cols.findIndex((c) => SETTING_VALUE.test(c));
    const secret = cols.map((c) => classifyName(c).secret || KEYED.test(c));
    if (!secret.includes(true) && (named < 0 || valued < 0)) continue;
    let i = ls + m.index + m[0].length;
    const stop = Math.min(text.length, i + MAX_VALUES);
    for (let row = 0; row < MAX_ROWS && i < stop; row++) {
      while (i < stop && /\s|,/.test(text[i]!)) i++;
      if (text.charCodeAt(i) !== 40) break;
      const cells = tuple(text, i + 1, stop);
      if (!cells) break;
      cells.fields.forEach((c, k) => {
        if (secret[k] && c.value !== "") out.push({ name: cols[k]!, ...c, quoted: true });
      });
      const key = cells.fields[named];
      const value = cells.fields[valued];
      if (key?.value && value?.value) out.push({ name: key.value, ...value, quoted: true });
      i = cells.end + 1;
    }
  }
}

/**
 * The fields of one `( …, … )` tuple from `from` (just past its `(`): a quoted field's text, and
 * an empty field for one that is no literal (a number, NULL, a call), so columns keep their place.
 */
function tuple(
  text: string,
  from: number,
  stop: number,
): { fields: Field[]; end: number } | undefined {
  const out: Field[] = [];
  let i = from;
  while (i < stop) {
    while (i < stop && /\s/.test(text[i]!)) i++;
    if (text.charCodeAt(i) === 39) {
      let j = i + 1;
      // `''` and `\'` are quotes inside the value.
      while (j < stop && !(text.charCodeAt(j) === 39 && text.charCodeAt(j + 1) !== 39)) {
        j += text.charCodeAt(j) === 39 || text.charCodeAt(j) === 92 ? 2 : 1;
      }
      out.push({ value: text.slice(i + 1, j), start: i + 1, end: j });
      i = j + 1;
    } else out.push({ value: "", start: i, end: i });
    // To the field's end: the next `,` or `)` outside a call's parentheses.
    for (let depth = 0; i < stop; i++) {
      const c = text.charCodeAt(i);
      if (c === 40) depth++;
      else if (c === 41 && depth > 0) depth--;
      else if (c === 41) return { fields: out, end: i };
      else if (c === 44 && depth === 0) break;
    }
    i++;
  }
  return undefined;
}
