/**
 * Shared data shapes of the core. Format stores (formats/*.ts) build a {@link StoreDocument};
 * the operations (sops.ts) walk it the way sops walks its tree and write values back through
 * the nodes' `set` methods, so each store can keep its file's formatting.
 */
import type { Format } from "./formats/registry.js";
import type { PlainNumber } from "./plain.js";

/** File formats hush reads and writes: one per entry of the format registry. */
export type { Format };

/** The sops value types, as written in `ENC[…,type:<type>]`. */
export type ValueType = "str" | "int" | "float" | "bool" | "time" | "bytes";

/**
 * A leaf value. `text` is the sops plaintext representation (what gets encrypted and what goes
 * into the MAC): strings as is, ints in decimal, floats like Go's `strconv.FormatFloat(f,'f',-1,64)`,
 * bools as `True`/`False`, times as RFC 3339.
 */
export interface Scalar {
  type: ValueType;
  text: string;
}

/** A comment item, in a mapping or a sequence. `text` excludes the leading `#`. */
export interface CommentItem {
  kind: "comment";
  text: string;
  /** Replace the comment text in the underlying document (e.g. by `ENC[…]`). */
  set(text: string): void;
}

/** One `key: value` of a mapping. Keys must be strings (stores reject others with ERR_FORMAT). */
export interface Entry {
  kind: "entry";
  key: string;
  value: TreeNode;
}

export interface MapNode {
  kind: "map";
  items: (Entry | CommentItem)[];
}

export interface SeqNode {
  kind: "seq";
  items: (TreeNode | CommentItem)[];
}

export interface ScalarNode {
  kind: "scalar";
  value: Scalar;
  /** Replace the value in the underlying document (an `ENC[…]` string, or a decrypted typed value). */
  set(value: Scalar): void;
}

/** A null/absent value: never encrypted, never in the MAC. */
export interface NullNode {
  kind: "null";
}

export type TreeNode = MapNode | SeqNode | ScalarNode | NullNode;

/**
 * A parsed file, as a format store hands it to the operations. `branches` has one map per YAML
 * document (exactly one for the other formats), without the `sops` metadata key.
 */
export interface StoreDocument {
  readonly format: Format;
  readonly branches: MapNode[];
  /** The raw `sops` metadata block as plain JS data, or undefined when the file is not encrypted. */
  readonly metadata: Record<string, unknown> | undefined;
  /** Set (or with undefined remove) the `sops` metadata block. */
  setMetadata(metadata: Record<string, unknown> | undefined): void;
  /** The file text with every `set` applied; formatting of untouched parts preserved where the format allows. */
  serialize(): string;
}

/** A format store: parses text into a {@link StoreDocument}. Throws HushError ERR_FORMAT on bad input. */
export interface Store {
  parse(text: string): StoreDocument;
}

/** Partial-encryption options (at most one of the key rules and one of the comment rules). */
export interface EncryptionRules {
  unencryptedSuffix?: string;
  encryptedSuffix?: string;
  unencryptedRegex?: string;
  encryptedRegex?: string;
  unencryptedCommentRegex?: string;
  encryptedCommentRegex?: string;
  macOnlyEncrypted?: boolean;
}

/**
 * Plain decrypted data, JSON-like: what `get`, exports and `exec` work on. A number is a JS number
 * when that prints back as exactly the file's text, else a {@link PlainNumber} holding the text.
 */
export type PlainValue =
  string | number | PlainNumber | boolean | null | PlainValue[] | { [key: string]: PlainValue };

/** A key path into a document: mapping keys and list indices. */
export type KeyPath = readonly (string | number)[];
