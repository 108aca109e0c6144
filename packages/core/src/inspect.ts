/**
 * What can be known of a sops file without any key: its metadata, each value's and comment's
 * should-be-encrypted decision under the file's own rules (sops's walk, comment rules included),
 * and the shape of every `ENC[…]` envelope and of the MAC. The one inspection the guard, the merge
 * driver and the team views build on.
 */
import { HushError } from "./errors.js";
import { toByteString } from "./formats/binary.js";
import { storeFor } from "./formats/registry-stores.js";
import { isRecipient } from "./keys.js";
import { lastModifiedAad } from "./mac.js";
import { readMetadata, type SopsMetadata } from "./metadata.js";
import type { EncryptionRules, Format, KeyPath } from "./types.js";
import { envelopeProblem, isEncryptedText } from "./value.js";
import { compileRules, walkDocument } from "./walk.js";

/** One leaf (a value or a comment) as the file stores it. */
export interface InspectedLeaf {
  keyPath: KeyPath;
  /** Stored as an `ENC[…]` string where the file's rules encrypt (it may still be malformed). */
  encrypted: boolean;
  /** The stored text: the ciphertext envelope, or the plaintext. */
  stored: string;
  /**
   * The file's rules say sops stores it encrypted. Empty strings never are (sops leaves `KEY=` and
   * `a: ""` in clear), so they are false here.
   */
  shouldEncrypt: boolean;
  /** For an `encrypted` leaf: why its envelope is malformed; undefined when it is well formed. */
  envelopeProblem: string | undefined;
  /** True when one of `InspectOptions.alsoUnder` would encrypt it (always false without them). */
  requiredElsewhere: boolean;
}

/** What can be read from an encrypted file without any key. */
export interface Inspection {
  format: Format;
  encrypted: boolean;
  /** sops `version` field as written. */
  version: string | undefined;
  lastmodified: string | undefined;
  /** Recipients of each key group (one group for ordinary files). */
  keyGroups: string[][];
  shamirThreshold: number | undefined;
  rules: EncryptionRules;
  /** Every leaf in document order (nulls skipped, as sops walks). */
  values: InspectedLeaf[];
  /** Every comment in document order. */
  comments: InspectedLeaf[];
  /** The stored MAC (an `ENC[…]` envelope when sound; see `problems`), undefined when not encrypted. */
  mac: string | undefined;
  /**
   * What is wrong with the sops block, checked without a key: the MAC missing or not a valid
   * envelope (128 encrypted hex digits, 32-byte IV, 16-byte tag, type str), `lastmodified` not an
   * RFC 3339 time, no age recipient, an age stanza that is not an armored age file. Empty when the
   * file is sound or not encrypted.
   */
  problems: string[];
}

/** Options of {@link inspect}. */
export interface InspectOptions {
  /**
   * Other rule sets to judge each leaf under (e.g. the options of the policy rule that covers the
   * file): a leaf's `requiredElsewhere` is true when any of them would encrypt it.
   * @throws HushError ERR_CONFIG when one of them is invalid
   */
  alsoUnder?: readonly EncryptionRules[];
}

/** The MAC is SHA-512 printed as 128 uppercase hex digits, encrypted as a `str`. */
const MAC_PLAINTEXT_BYTES = 128;
const AGE_ARMOR = "-----BEGIN AGE ENCRYPTED FILE-----";

function metadataProblems(meta: SopsMetadata): string[] {
  const problems: string[] = [];
  if (meta.mac === "") problems.push("no mac");
  else {
    const why = envelopeProblem(meta.mac, { type: "str", dataBytes: MAC_PLAINTEXT_BYTES });
    if (why !== undefined) problems.push(`malformed mac (${why})`);
  }
  try {
    lastModifiedAad(meta.lastmodified);
  } catch {
    problems.push("lastmodified is not an RFC 3339 time");
  }
  const stanzas = meta.keyGroups.flatMap((g) => g.age);
  if (stanzas.length === 0) problems.push("no age recipients");
  stanzas.forEach((st, i) => {
    if (!isRecipient(st.recipient)) problems.push(`age recipient ${i + 1} is not an age1… key`);
    if (!st.enc.trimStart().startsWith(AGE_ARMOR))
      problems.push(`age stanza ${i + 1} is not an armored age file`);
  });
  return problems;
}

/**
 * Read the structure and metadata of a file without a key.
 * @param format - from {@link detectFormat} for a file name, as every command decides it
 * @throws HushError ERR_FORMAT on unparsable input or a broken sops block
 */
export function inspect(text: string, format: Format, options: InspectOptions = {}): Inspection {
  // The binary store reads byte strings (its envelope is ASCII JSON, so nothing changes for it).
  const doc = storeFor(format).parse(format === "binary" ? toByteString(text) : text);
  const meta = doc.metadata === undefined ? undefined : readMetadata(doc.metadata);
  // sops ignores crypt rules for binary files: the single `data` value is always encrypted.
  const own = compileRules(format === "binary" ? undefined : meta?.rules);
  const visits = walkDocument(doc, own);
  // The walk's order does not depend on the rules, so the other walks line up visit by visit.
  const others = (options.alsoUnder ?? []).map((r) =>
    walkDocument(doc, compileRules(format === "binary" ? undefined : r)),
  );
  const values: InspectedLeaf[] = [];
  const comments: InspectedLeaf[] = [];
  visits.forEach((v, i) => {
    const stored = v.kind === "value" ? v.node.value.text : v.item.text;
    const empty = stored === "" && (v.kind === "comment" || v.node.value.type === "str");
    const encrypted = meta !== undefined && v.encrypt && isEncryptedText(stored);
    const leaf: InspectedLeaf = {
      keyPath: v.keyPath,
      encrypted,
      stored,
      shouldEncrypt: v.encrypt && !empty,
      envelopeProblem: encrypted ? envelopeProblem(stored) : undefined,
      requiredElsewhere: !empty && others.some((walk) => walk[i]?.encrypt === true),
    };
    (v.kind === "value" ? values : comments).push(leaf);
  });
  if (others.some((walk) => walk.length !== visits.length))
    throw new HushError("ERR_INTERNAL", "two walks of one document differ");
  return {
    format,
    encrypted: meta !== undefined,
    version: meta?.version,
    lastmodified: meta?.lastmodified,
    keyGroups: meta === undefined ? [] : meta.keyGroups.map((g) => g.age.map((s) => s.recipient)),
    shamirThreshold: meta?.shamirThreshold,
    rules: meta?.rules ?? {},
    values,
    comments,
    mac: meta?.mac,
    problems: meta === undefined ? [] : metadataProblems(meta),
  };
}
