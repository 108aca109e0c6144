// A container's command line written as YAML sequences: a Kubernetes `command:` list whose
// items are the client and its arguments (`- mysql` / `- -pX`), and a command split between two
// keys of one container, Kubernetes `command: ["mysql"]` with `args: ["-u", "root", "-pX"]`,
// Compose `entrypoint: ["mysql"]` with `command: ["-pX"]` — in flow (`[…]`) or block (`- …`)
// sequences, either key first. The runtime joins the two lists into one argv, and so does this.

/** One argument: where its text lies and what it says once unquoted. */
export interface Word {
  start: number;
  end: number;
  value: string;
  /** It starts with a quote: a value even when it starts with `-`. */
  quoted: boolean;
}

/** Longest sequence read as one command's arguments. */
const MAX_ITEMS = 40;
/** How far (lines) from the program's key its sibling key is looked for. */
const MAX_LINES = 40;

/**
 * The items of the YAML block sequence after the line ending at `lineEnd`, at `indent`: a
 * Kubernetes `command:` or `args:` list (`- mysql`, `- -pX`).
 */
export function sequenceItems(text: string, lineEnd: number, indent: string): Word[] {
  const out: Word[] = [];
  const item = /[ \t]*-[ \t]+(["']?)(.*?)\1[ \t]*\r?$/y;
  for (let ls = lineEnd + 1; ls < text.length && out.length < MAX_ITEMS;) {
    let le = text.indexOf("\n", ls);
    if (le < 0) le = text.length;
    if (!text.startsWith(indent, ls) || /^[ \t]/.test(text[ls + indent.length] ?? "")) break;
    item.lastIndex = ls + indent.length;
    const line = text.slice(0, le);
    const m = item.exec(line);
    if (!m) break;
    const start = ls + indent.length + m[0].indexOf(m[1]! + m[2]!) + m[1]!.length;
    out.push({ start, end: start + m[2]!.length, value: m[2]!, quoted: false });
    ls = le + 1;
  }
  return out;
}

/** The items of the flow sequence whose `[` is at `open` (quoted or plain, up to its `]`). */
function flowItems(text: string, open: number): Word[] {
  const out: Word[] = [];
  const item =
    /[ \t\r\n]*(?:(["'])((?:\\.|(?!\1)[^\\\n])*)\1|([^\s,\]"'][^,\]\n]*?))[ \t\r\n]*([,\]])/y;
  item.lastIndex = open + 1;
  for (let m = item.exec(text); m && out.length < MAX_ITEMS; m = item.exec(text)) {
    const value = m[2] ?? m[3]!;
    const start =
      m.index + m[0].indexOf(m[1] !== undefined ? m[1] + value : value) + (m[1] ? 1 : 0);
    out.push({
      start,
      end: start + value.length,
      value: m[1] === '"' ? value.replace(/\\(.)/g, "$1") : value,
      quoted: false,
    });
    if (m[4] === "]") break;
  }
  return out;
}

/** `command: [` or `- entrypoint: ["/usr/bin/` before the program: the key and its column. */
const FLOW_KEY =
  /^([ \t]*(?:-[ \t]+)?)(command|entrypoint)[ \t]*:[ \t]*\[[ \t]*["']?(?:[^\s"',[\]]*[/\\])?$/;
/** A block item before the program (`  - `, `- "/usr/bin/`). */
const BLOCK_ITEM = /^([ \t]*)-[ \t]+["']?(?:[^\s"',[\]]*[/\\])?$/;
const BLOCK_KEY = /^([ \t]*(?:-[ \t]+)?)(command|entrypoint)[ \t]*:[ \t]*(?:#.*)?\r?$/;
/** The key that holds the rest of the argv, by the key that holds the program. */
const SIBLING: Record<string, string> = { command: "args", entrypoint: "command" };

function lineStartOf(text: string, at: number): number {
  return text.lastIndexOf("\n", at - 1) + 1;
}

function lineEndOf(text: string, at: number): number {
  const e = text.indexOf("\n", at);
  return e < 0 ? text.length : e;
}

/**
 * The arguments a container gives the program that starts at `programStart` under another key
 * of the same mapping: its `args:` when the program is the first item of `command:`, its
 * `command:` when it is the first of Compose's `entrypoint:`. Empty for anything else.
 */
export function siblingArguments(text: string, programStart: number): Word[] {
  const ls = lineStartOf(text, programStart);
  const before = text.slice(ls, programStart);
  let key = FLOW_KEY.exec(before);
  if (!key) {
    // A block sequence: the program is its first item, the key on the line above.
    const item = BLOCK_ITEM.exec(before);
    if (!item || ls === 0) return [];
    const above = lineStartOf(text, ls - 1);
    key = BLOCK_KEY.exec(text.slice(above, ls - 1));
    if (!key || item[1]!.length < key[1]!.length) return [];
  }
  const column = key[1]!.length;
  const want = SIBLING[key[2]!]!;
  const sibling = new RegExp(`^[ \\t]*(?:-[ \\t]+)?${want}[ \\t]*:[ \\t]*`);
  const read = (s: number, e: number): Word[] | undefined => {
    const m = sibling.exec(text.slice(s, e));
    return m ? valueItems(text, s + m[0].length, e, column) : undefined;
  };
  // Forward, then backward, over the lines of the mapping the key belongs to.
  for (const step of [1, -1]) {
    let at = step > 0 ? lineEndOf(text, programStart) + 1 : ls - 1;
    for (let n = 0; n < MAX_LINES && at >= 0 && at < text.length; n++) {
      const s = step > 0 ? at : lineStartOf(text, at);
      const e = lineEndOf(text, s);
      const line = text.slice(s, e);
      at = step > 0 ? e + 1 : s - 1;
      const lead = line.length - line.trimStart().length;
      if (line.trim() === "" || line.trimStart().startsWith("#")) continue;
      const dash = /^[ \t]*-[ \t]+/.exec(line);
      if (lead < column) {
        // Above, the list item's own first line (`- args: […]`) is still this mapping; below, a
        // line left of the key starts another item or mapping.
        const found = step < 0 && dash?.[0].length === column ? read(s, e) : undefined;
        if (found) return found;
        break;
      }
      if (lead === column && !dash) {
        const found = read(s, e);
        if (found) return found;
      }
    }
  }
  return [];
}

/** The sequence that starts at `from` (after `key:`), a flow on this line or a block below. */
function valueItems(text: string, from: number, lineEnd: number, column: number): Word[] {
  const rest = text.slice(from, lineEnd);
  if (rest.startsWith("[")) return flowItems(text, from);
  if (!/^[ \t]*(?:#.*)?\r?$/.test(rest)) return [];
  const next = /^([ \t]*)-[ \t]/.exec(text.slice(lineEnd + 1, lineEnd + 1 + 200));
  if (!next || next[1]!.length < column) return [];
  return sequenceItems(text, lineEnd, next[1]!);
}
