/**
 * Draw a random string from a regular expression (the subset the rule tables use: literals,
 * classes, groups, alternation, counted repeats; lookarounds and anchors are skipped), so every
 * rule can be fed a sample of its own format. Deterministic for a given random source.
 */
import type { Rng } from "./scan-fixtures.js";

type Node =
  | { kind: "lit"; ch: string }
  | { kind: "set"; chars: string }
  | { kind: "alt"; options: Node[][] }
  | { kind: "rep"; node: Node; min: number; max: number }
  | { kind: "skip" };

const CLASS: Record<string, string> = {
  d: "0123456789",
  w: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_",
  s: " ",
};

function parse(src: string): Node[][] {
  let i = 0;
  const parseSeq = (): Node[][] => {
    const options: Node[][] = [[]];
    while (i < src.length) {
      const c = src[i]!;
      if (c === ")") break;
      if (c === "|") {
        i++;
        options.push([]);
        continue;
      }
      let node: Node;
      if (c === "(") {
        i++;
        let look = false;
        if (src[i] === "?") {
          const head = src.slice(i, i + 4);
          if (head.startsWith("?:")) i += 2;
          else if (head.startsWith("?<!") || head.startsWith("?<=")) {
            i += 3;
            look = true;
          } else if (head.startsWith("?!") || head.startsWith("?=")) {
            i += 2;
            look = true;
          } else if (head.startsWith("?<")) i = src.indexOf(">", i) + 1;
          else if (/^\?-?i[:)]/.test(head)) i += head.indexOf(":") + 1;
        }
        const inner = parseSeq();
        i++; // ")"
        node = look ? { kind: "skip" } : { kind: "alt", options: inner };
      } else if (c === "[") {
        i++;
        let neg = false;
        if (src[i] === "^") {
          neg = true;
          i++;
        }
        let chars = "";
        while (src[i] !== "]") {
          let ch = src[i]!;
          if (ch === "\\") {
            i++;
            const e = src[i]!;
            if (CLASS[e]) {
              chars += CLASS[e];
              i++;
              continue;
            }
            ch =
              e === "t"
                ? "\t"
                : e === "n"
                  ? "\n"
                  : e === "x"
                    ? String.fromCharCode(parseInt(src.slice(i + 1, i + 3), 16))
                    : e;
            if (e === "x") i += 2;
          }
          if (src[i + 1] === "-" && src[i + 2] !== "]" && src[i + 2] !== undefined) {
            const to = src[i + 2]!;
            for (let k = ch.charCodeAt(0); k <= to.charCodeAt(0); k++)
              chars += String.fromCharCode(k);
            i += 3;
          } else {
            chars += ch;
            i++;
          }
        }
        i++;
        node = { kind: "set", chars: neg ? "abcdefghijklmnop" : chars };
      } else if (c === "\\") {
        const e = src[i + 1]!;
        i += 2;
        if (e === "b" || e === "B") node = { kind: "skip" };
        else if (CLASS[e]) node = { kind: "set", chars: CLASS[e] };
        else if (e === "x") {
          node = { kind: "lit", ch: String.fromCharCode(parseInt(src.slice(i, i + 2), 16)) };
          i += 2;
        } else node = { kind: "lit", ch: e === "t" ? "\t" : e === "n" ? "\n" : e };
      } else if (c === "^" || c === "$") {
        i++;
        node = { kind: "skip" };
      } else if (c === ".") {
        i++;
        node = { kind: "set", chars: CLASS.w! };
      } else {
        i++;
        node = { kind: "lit", ch: c };
      }
      // quantifier
      const q = src[i];
      let min = 1;
      let max = 1;
      if (q === "?") [min, max] = [0, 1];
      else if (q === "*") [min, max] = [0, 3];
      else if (q === "+") [min, max] = [1, 3];
      else if (q === "{") {
        const close = src.indexOf("}", i);
        const [a, b] = src.slice(i + 1, close).split(",");
        min = Number(a);
        max = b === undefined ? min : b === "" ? min + 3 : Number(b);
        i = close;
      }
      if (q === "?" || q === "*" || q === "+" || q === "{") {
        i++;
        if (src[i] === "?") i++; // lazy
        options[options.length - 1]!.push({ kind: "rep", node, min, max });
      } else options[options.length - 1]!.push(node);
    }
    return options;
  };
  return parseSeq();
}

function gen(seq: Node[], rng: Rng): string {
  let out = "";
  for (const n of seq) out += genNode(n, rng);
  return out;
}

function genNode(n: Node, rng: Rng): string {
  switch (n.kind) {
    case "lit":
      return n.ch;
    case "set":
      return n.chars[Math.floor(rng.next() * n.chars.length)]!;
    case "skip":
      return "";
    case "alt":
      return gen(n.options[Math.floor(rng.next() * n.options.length)]!, rng);
    case "rep": {
      // Prefer the shortest valid length above a dozen: long enough for entropy, short to read.
      const count = Math.min(n.max, Math.max(n.min, Math.min(n.min + 4, n.max)));
      let s = "";
      for (let k = 0; k < count; k++) s += genNode(n.node, rng);
      return s;
    }
  }
}

/** A random string the regex matches (for the supported subset). */
export function sampleRegex(re: RegExp, rng: Rng): string {
  const alts = parse(re.source);
  return gen(alts[Math.floor(rng.next() * alts.length)]!, rng);
}
