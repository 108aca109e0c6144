/**
 * The format registry: every file format hush reads and writes, one entry each. An entry says
 * which file names are the format's and the other names the command line takes for it, how its
 * text shows a sops file and where its metadata lies (without parsing), whether its values are
 * bytes or a tree and whether plain data can be written as it. Its store (parse, write) is bound in
 * `registry-stores.ts`, which the compiler holds to this table. Everything that lists or tells
 * formats apart reads the registry: core's operations, the guard, the CLI's options, help texts and
 * repository scanners, the actions, the detector's allowances. Adding a format is an entry here,
 * its store (bound in registry-stores.ts) and its tests (ARCHITECTURE.md, "Adding a format").
 *
 * Why the stores are bound elsewhere: this half is on the guard's path for every commit (format
 * from a name, "looks like sops", the detector's metadata ranges) and importing the stores with it
 * (their parsers, value.ts and node:crypto) cost the hook ~2.5 ms of CPU per commit (median of 80
 * runs, 10 files staged, no policy); the stores now load with the operations that parse.
 */
import { HushError } from "../errors.js";

/** One file format. */
export interface FormatEntry {
  /** The sops name (`--input-type`, `--output-type`, the `format` of every core call). */
  readonly name: string;
  /** Other names the command line accepts for it. */
  readonly aliases: readonly string[];
  /** Whether a lower-cased base file name is this format's (the first entry that claims it wins). */
  claims(base: string): boolean;
  /**
   * Whether a text holding an `ENC[AES256_GCM,` envelope also has this format's metadata marker.
   * No parse: a text that passes is still inspected before anything is concluded.
   */
  looksEncrypted(text: string): boolean;
  /** Offset ranges of a text that hold sops metadata in this format's syntax (never a leak). */
  metadataRanges(text: string): Array<[number, number]>;
  /**
   * A regex source (flags `gm`) matching the word `sops` that opens this format's metadata block,
   * which the detector skips: the guard renames it in a text it has not judged to be sops.
   */
  readonly metadataMarker: string | undefined;
  /** Values are the file's bytes, not a tree: no key paths, no partial-encryption rules. */
  readonly bytes: boolean;
  /**
   * Plain data can be written as a new document of it (`--output-type`, a new file of `hush set`):
   * its binding in registry-stores.ts then has a `write`.
   */
  readonly writable: boolean;
}

/** The first line-anchored match of `re` up to the next line that `end` finds, as one range. */
function blockFrom(text: string, start: RegExp, end: (text: string, at: number) => number) {
  const m = start.exec(text);
  return m ? [[m.index, end(text, m.index)] as [number, number]] : [];
}

const YAML = {
  name: "yaml",
  aliases: ["yml"],
  claims: (base) => base.endsWith(".yaml") || base.endsWith(".yml"),
  looksEncrypted: (text) => /^sops:[ \t]*\r?$/m.test(text),
  // The top-level `sops:` mapping, up to the next top-level key.
  metadataRanges: (text) =>
    blockFrom(text, /^sops:[ \t]*\r?$/m, (t, at) => {
      const next = /\n[^\s#]/g;
      next.lastIndex = at + 1;
      return next.exec(t)?.index ?? t.length;
    }),
  metadataMarker: "^sops(?=:)",
  bytes: false,
  writable: true,
} as const satisfies FormatEntry;

/** sops writes JSON (and binary files, as JSON) with the `"sops"` object as a top-level key. */
const JSON_METADATA = /^\s*\{/;
const JSON_SOPS_KEY = /"sops"\s*:\s*\{/;

const JSON_FORMAT = {
  name: "json",
  aliases: [],
  claims: (base) => base.endsWith(".json"),
  looksEncrypted: (text) => JSON_METADATA.test(text) && JSON_SOPS_KEY.test(text),
  // The `"sops": {…}` object, up to its closing brace at the key's indentation.
  metadataRanges: (text) => {
    const m = /^([ \t]*)"sops"[ \t]*:[ \t]*\{/m.exec(text);
    if (!m) return [];
    const close = text.indexOf(`\n${m[1] ?? ""}}`, m.index);
    return [[m.index, close < 0 ? text.length : close]];
  },
  metadataMarker: '(?<="\\s*)sops(?="\\s*:)',
  bytes: false,
  writable: true,
} as const satisfies FormatEntry;

const DOTENV = {
  name: "dotenv",
  aliases: ["env"],
  // `.env`, `<name>.env` and `.env.<suffix>`.
  claims: (base) => base.endsWith(".env") || base.startsWith(".env."),
  looksEncrypted: (text) => /^sops_(mac|version|lastmodified)=/m.test(text),
  // Each `sops_*` line.
  metadataRanges: (text) => {
    const ranges: Array<[number, number]> = [];
    const line = /^sops_[A-Za-z0-9_]*=.*$/gm;
    for (let m = line.exec(text); m; m = line.exec(text))
      ranges.push([m.index, m.index + m[0].length]);
    return ranges;
  },
  metadataMarker: "^sops(?=_)",
  bytes: false,
  writable: true,
} as const satisfies FormatEntry;

const INI = {
  name: "ini",
  aliases: [],
  claims: (base) => base.endsWith(".ini"),
  looksEncrypted: (text) => /^\[sops\][ \t]*\r?$/m.test(text),
  // The `[sops]` section, up to the next section.
  metadataRanges: (text) =>
    blockFrom(text, /^\[sops\][ \t]*\r?$/m, (t, at) => {
      const next = t.indexOf("\n[", at + 1);
      return next < 0 ? t.length : next;
    }),
  metadataMarker: "(?<=^\\[)sops(?=\\])",
  bytes: false,
  writable: false,
} as const satisfies FormatEntry;

const BINARY = {
  name: "binary",
  aliases: [],
  // What no other format claims (sops' rule).
  claims: () => true,
  // sops stores a binary file as JSON.
  looksEncrypted: JSON_FORMAT.looksEncrypted,
  metadataRanges: () => [],
  metadataMarker: undefined,
  bytes: true,
  writable: false,
} as const satisfies FormatEntry;

const ENTRIES = [YAML, JSON_FORMAT, DOTENV, INI, BINARY];

/** Every format, in the order file names are matched and help texts list them. */
export const FORMATS: readonly FormatEntry[] = ENTRIES;

/** A format's sops name: `yaml`, `json`, … (one per {@link FORMATS} entry). */
export type Format = (typeof ENTRIES)[number]["name"];

/** The formats plain data can be written as (their bindings have a writer). */
export type WritableFormat = Extract<(typeof ENTRIES)[number], { writable: true }>["name"];

const BY_NAME = new Map<string, FormatEntry>();
for (const f of FORMATS) for (const n of [f.name, ...f.aliases]) BY_NAME.set(n, f);

/** The entry of a format. */
export function formatEntry(format: Format): FormatEntry {
  const f = BY_NAME.get(format);
  if (f === undefined) throw new HushError("ERR_INTERNAL", `no format ${JSON.stringify(format)}`);
  return f;
}

/** The format a name or alias (`yml`, `env`) stands for, or undefined. */
export function formatNamed(name: string): Format | undefined {
  return BY_NAME.get(name)?.name as Format | undefined;
}

/**
 * The format of a file name as sops decides it (`.yaml`/`.yml`, `.json`, `.env`, `.ini`, anything
 * else binary), plus `.env.<suffix>` and `<name>.env` variants as dotenv.
 */
export function detectFormat(path: string): Format {
  const base = (path.split(/[\\/]/).pop() ?? path).toLowerCase();
  for (const f of FORMATS) if (f.claims(base)) return f.name as Format;
  return "binary";
}

/**
 * True when the text looks like a sops file of `format`: an `ENC[AES256_GCM,…]` envelope (every
 * sops file has one, its MAC) and the format's metadata marker. A text that passes still has to be
 * parsed (`inspect`) before anything is concluded; one that fails is not a sops file.
 */
export function looksEncrypted(text: string, format: Format): boolean {
  return text.includes("ENC[AES256_GCM,") && formatEntry(format).looksEncrypted(text);
}

/**
 * The formats an option takes, for help texts and hints: `yaml, json, dotenv, ini or binary`.
 * @param which - only the formats it keeps (say, those a plain tree can be written as)
 */
export function formatList(which: (f: FormatEntry) => boolean = () => true): string {
  const names = FORMATS.filter(which).map((f) => f.name);
  return names.length < 2 ? names.join("") : `${names.slice(0, -1).join(", ")} or ${names.at(-1)}`;
}

/** The formats whose values form a tree (key paths, partial encryption): all but bytes formats. */
export const hasTree = (f: FormatEntry): boolean => !f.bytes;

/** The formats a plain tree can be written as (`--output-type`, a new file of `hush set`). */
export const isWritable = (f: FormatEntry): boolean => f.writable;

/** Offset ranges of a text holding sops metadata in any format's syntax (never a leak). */
export function sopsMetadataRanges(text: string): Array<[number, number]> {
  return FORMATS.flatMap((f) => f.metadataRanges(text));
}

/** The words `sops` that open a metadata block in any format (flags `gm`; see `metadataMarker`). */
export function sopsMarkers(): RegExp {
  const sources = FORMATS.flatMap((f) =>
    f.metadataMarker === undefined ? [] : [f.metadataMarker],
  );
  return new RegExp(sources.join("|"), "gm");
}
