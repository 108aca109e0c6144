// The detector's hand-written fast paths answer exactly as the plain code they stand in for: the
// ASCII word split of names (vs the Unicode regexes), base64 decoding that skips inputs `atob`
// would reject (vs calling it), and the prefilter's in-place sort of keyword hits (vs a search for
// every keyword).
import { fc, test as fcTest } from "@fast-check/vitest";
import { describe, expect } from "vitest";
import { decodeBase64Text } from "../src/scan/generic.js";
import { keyWords } from "../src/scan/names.js";
import { Prefilter } from "../src/scan/prefilter.js";

/** The word split as it was written before the ASCII path: three Unicode regexes. */
function referenceWords(key: string): string[] {
  return key
    .replace(/([\p{Ll}\p{N}])(\p{Lu})/gu, "$1 $2")
    .replace(/(\p{Lu})(\p{Lu}\p{Ll})/gu, "$1 $2")
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
    .map((w) => w.toLowerCase());
}

/** Base64 decoding as it was written before the early rejection: `atob`, its exception caught. */
function referenceDecode(b64: string): string | undefined {
  let bin: string;
  try {
    bin = atob(b64.replace(/-/g, "+").replace(/_/g, "/"));
  } catch {
    return undefined;
  }
  for (let i = 0; i < bin.length; i++) {
    const c = bin.charCodeAt(i);
    if ((c < 32 && c !== 9 && c !== 10 && c !== 13) || c > 126) return undefined;
  }
  return bin;
}

const from = (chars: string, maxLength: number): fc.Arbitrary<string> =>
  fc.array(fc.constantFrom(...chars), { maxLength }).map((a) => a.join(""));

describe("detector fast paths", () => {
  fcTest.prop([from("aAbBkKyYzZ019_.-$ :é", 14)], { numRuns: 3000 })(
    "should split a name into the words the Unicode regexes give",
    (name) => {
      expect(keyWords(name)).toEqual(referenceWords(name));
    },
  );

  fcTest.prop([from("ABCxyz019+/=-_ \t\n\r\f\v.:%é", 14)], { numRuns: 5000 })(
    "should decode base64 exactly as atob does, without asking it about text it rejects",
    (b64) => {
      expect(decodeBase64Text(b64)).toEqual(referenceDecode(b64));
    },
  );

  // `akeyzz` is keyed on a trigram near its end, so its hit is found after that of `key` inside it
  // and must move in front of it.
  const keywords = ["key", "Key", "_key", "key:", "token", "akeyzz", "b_k", "ey-"];
  const prefilter = new Prefilter(keywords);
  fcTest.prop([from("ab_-.Key:=toknz ", 60)], { numRuns: 3000 })(
    "should report every keyword occurrence once, sorted by offset",
    (body) => {
      const text = `akeyzz ${body} akeyzz`;
      const hits = prefilter.scan(text);
      const got = hits.index.map((at, i) => `${at}:${keywords[hits.keyword[i]!]}`);
      const want: string[] = [];
      for (let at = 0; at < text.length; at++) {
        for (const k of keywords) {
          const piece = text.slice(at, at + k.length);
          if ((k === k.toLowerCase() ? piece.toLowerCase() : piece) === k) want.push(`${at}:${k}`);
        }
      }
      expect([...got].sort()).toEqual([...want].sort());
      expect(hits.index).toEqual([...hits.index].sort((a, b) => a - b));
    },
  );
});
