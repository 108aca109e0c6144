// The sops operations over a StoreDocument.
import { randomBytes } from "node:crypto";
import {
  applyPlain,
  buildReuse,
  replaceLeaf,
  changedPaths,
  decryptLeaves,
  encryptLeaves,
  type Leaf,
} from "./crypt.js";
import { badPath, deleteInTree, setInTree, yamlDeleteIn, yamlSetIn } from "./edit.js";
import { HushError } from "./errors.js";
import { fromByteString, toByteString } from "./formats/binary.js";
import { storeFor } from "./formats/registry-stores.js";
import { groupsFrom, openDataKey, wrapGroups } from "./groups.js";
import { canonicalRecipient } from "./keys.js";
import { formatLastModified, sealMac } from "./mac.js";
import {
  isSemverVersion,
  patchRaw,
  readMetadata,
  SOPS_VERSION,
  writeMetadata,
  type SopsMetadata,
} from "./metadata.js";
import type {
  EncryptionRules,
  Format,
  KeyPath,
  PlainValue,
  Scalar,
  StoreDocument,
  ValueType,
} from "./types.js";
import { plainTree } from "./plain.js";
import { formatKeyPath } from "./tree.js";
import { storedPlaintext, ValueCipher } from "./value.js";
import { compileRules, forEachVisit, walkDocument, type Rules } from "./walk.js";
import { decryptInPlace, RULE_ENCRYPTS, STORED_ENCRYPTED } from "./decrypt-in-place.js";
import { assertPinnedOptions } from "./options.js";
import type { IdentityInput } from "./key-identity.js";

/** Recipients of the data key: one key group (plain list) or several groups with a Shamir threshold. */
export interface RecipientSpec {
  /** Recipients (`age1…`, `age1pq1…`, ssh public keys, `age1<plugin>1…`) of a single key group. */
  recipients?: readonly string[];
  /** Several key groups; the data key is split with Shamir so that `shamirThreshold` groups are needed. */
  keyGroups?: readonly (readonly string[])[];
  shamirThreshold?: number;
}

export interface EncryptOptions extends RecipientSpec {
  format: Format;
  rules?: EncryptionRules;
  /** Clock for `lastmodified` (tests inject one). */
  now?: Date;
}

export interface DecryptOptions {
  format: Format;
  /** age identities (`AGE-SECRET-KEY-1…`, `AGE-SECRET-KEY-PQ-1…`) or identity objects (ssh keys, plugins). */
  identities: readonly IdentityInput[];
  /**
   * The encryption options the policy rule covering this file pins. When given, the file's own
   * options must equal them, or it is refused (ERR_POLICY_OPTIONS) before any key is opened: the
   * `sops` block is not under the MAC.
   */
  pinnedRules?: EncryptionRules;
  /**
   * A YAML file's document (0 = the first) that `tree`, `values`, {@link setValue} and
   * {@link unsetValue} address. Without it: `tree` and set/unset use the first document and
   * `values` lists every document's.
   */
  doc?: number;
}

/** One decrypted leaf. `keyPath` includes list indices; `aadPath` is the sops path (mapping keys only). */
export interface DecryptedValue {
  keyPath: KeyPath;
  type: ValueType;
  value: string;
  /** True when the value was stored encrypted (false for `_unencrypted` and similar). */
  encrypted: boolean;
  /**
   * True when the MAC covers the value, so nobody without the data key could have written it:
   * false only for values left in clear in a file with `mac_only_encrypted`.
   */
  authenticated: boolean;
  /** Index of the YAML document holding the value (0 for the other formats). */
  doc: number;
}

export interface DecryptResult {
  /**
   * The plaintext file in its own format (comments back in place). For binary: the bytes decoded as
   * UTF-8 (lossy when they are not UTF-8; use `bytes`).
   */
  text: string;
  /** The exact bytes for the binary format (undefined for the others). */
  bytes: Uint8Array | undefined;
  /** The data as JSON-like values; for multi-document YAML, document `doc`. */
  tree: PlainValue;
  /** The YAML document `tree` holds (0: the first; {@link DecryptOptions.doc}). */
  doc: number;
  /** Every leaf value in document order (comments excluded). */
  values: DecryptedValue[];
  /** The recipient whose wrapped key was opened by one of the identities. */
  recipient: string;
  lastmodified: string;
}

export interface UpdateResult {
  /** The new encrypted file text; equal to the input when nothing changed. */
  text: string;
  /** Key paths (dot/bracket notation) of the values added, changed or removed. */
  changed: string[];
}

// ---------------------------------------------------------------------------------------------
// Loading

interface Loaded {
  format: Format;
  doc: StoreDocument;
  raw: Record<string, unknown>;
  meta: SopsMetadata;
  rules: Rules;
}

/**
 * Parse a file. Binary files are byte strings end to end (never decoded as UTF-8); the others are
 * text, and bytes given for them are decoded as UTF-8.
 */
function parse(text: string | Uint8Array, format: Format): StoreDocument {
  return storeFor(format).parse(storeInput(text, format));
}

/** What a store parses: a byte string for binary, text for the others. */
function storeInput(text: string | Uint8Array, format: Format): string {
  if (format === "binary") return toByteString(text);
  return typeof text === "string" ? text : Buffer.from(text).toString("utf8");
}

function rulesFor(format: Format, rules: EncryptionRules | undefined): Rules {
  // sops ignores crypt rules for binary files: the single `data` value is always encrypted.
  return compileRules(format === "binary" ? undefined : rules);
}

function load(text: string | Uint8Array, format: Format, pinned?: EncryptionRules): Loaded {
  const doc = parse(text, format);
  if (doc.metadata === undefined) {
    throw new HushError(
      "ERR_NOT_ENCRYPTED",
      "the file is not encrypted (it has no sops metadata)",
      {
        hint: "encrypt it first with `hush encrypt`",
      },
    );
  }
  const meta = readMetadata(doc.metadata);
  // sops ignores the options of binary files: nothing there to pin.
  if (pinned !== undefined && format !== "binary") assertPinnedOptions(meta.rules, pinned);
  return { format, doc, raw: doc.metadata, meta, rules: rulesFor(format, meta.rules) };
}

function metadataFor(
  format: Format,
  rules: Rules,
  m: Omit<SopsMetadata, "rules">,
): Record<string, unknown> {
  return writeMetadata({ ...m, rules: format === "binary" ? {} : rules.raw });
}

// ---------------------------------------------------------------------------------------------
// Operations

/**
 * Encrypt a plaintext document under a fresh data key.
 * @throws HushError ERR_FORMAT (bad input), ERR_ALREADY_ENCRYPTED, ERR_KEY (bad recipient), ERR_CONFIG
 */
export async function encrypt(
  plaintext: string | Uint8Array,
  options: EncryptOptions,
): Promise<string> {
  const groups = groupsFrom(options);
  const rules = rulesFor(options.format, options.rules);
  const doc = parse(plaintext, options.format);
  if (doc.metadata !== undefined) {
    throw new HushError(
      "ERR_ALREADY_ENCRYPTED",
      "the file is already encrypted (it has sops metadata)",
      {
        hint: "use `hush edit`, `hush set` or `hush rotate` on encrypted files",
      },
    );
  }
  const dataKey = randomBytes(32);
  const cipher = new ValueCipher(dataKey);
  const { macHex } = encryptLeaves(doc, rules, cipher);
  const lastmodified = formatLastModified(options.now ?? new Date());
  const wrapped = await wrapGroups(dataKey, groups, options.shamirThreshold);
  doc.setMetadata(
    metadataFor(options.format, rules, {
      ...wrapped,
      lastmodified,
      mac: sealMac(cipher, macHex, lastmodified),
      version: SOPS_VERSION,
    }),
  );
  return doc.serialize();
}

/** Decrypt into the loaded document; shared by decrypt, update and the edits. */
/** A file parsed, its data key opened and its values decrypted (the MAC checked). */
interface Opened {
  l: Loaded;
  leaves: Leaf[];
  dataKey: Uint8Array;
  recipient: string;
  cipher: ValueCipher;
}

async function open(text: string | Uint8Array, options: DecryptOptions): Promise<Opened> {
  const l = load(text, options.format, options.pinnedRules);
  const { dataKey, recipient } = await openDataKey(l.meta, options.identities);
  const cipher = new ValueCipher(dataKey);
  const leaves = decryptLeaves(l.doc, l.rules, l.meta, cipher);
  return { l, leaves, dataKey, recipient, cipher };
}

/**
 * Decrypt a document; the MAC is always verified.
 * @throws HushError ERR_NOT_ENCRYPTED, ERR_FORMAT, ERR_NO_IDENTITY, ERR_VALUE, ERR_MAC
 */
export async function decrypt(
  text: string | Uint8Array,
  options: DecryptOptions,
): Promise<DecryptResult> {
  const l = load(text, options.format, options.pinnedRules);
  const { dataKey, recipient } = await openDataKey(l.meta, options.identities);
  const marks = decryptInPlace(l.doc, l.rules, l.meta, new ValueCipher(dataKey));
  const serialized = l.doc.serialize();
  const bytes = options.format === "binary" ? fromByteString(serialized) : undefined;
  const plain = bytes === undefined ? serialized : Buffer.from(bytes).toString("utf8");
  const macAll = l.meta.rules.macOnlyEncrypted !== true || l.format === "binary";
  const at = docIndex(l.doc, options.doc);
  const branch = l.doc.branches[at];
  // `tree` and `values` are built on first use: `hush decrypt FILE` needs only the text, and on a
  // 100k-value file building both anyway raised its peak memory by a third. The values come from a
  // second walk of the decrypted document, which visits its value leaves in the same order.
  let tree: PlainValue | undefined;
  let values: DecryptedValue[] | undefined;
  const valueList = (): DecryptedValue[] => {
    const out: DecryptedValue[] = [];
    let i = 0;
    forEachVisit(l.doc, l.rules, (v) => {
      if (v.kind !== "value") return;
      const mark = marks[i++]!;
      if (options.doc !== undefined && v.doc !== at) return;
      out.push({
        keyPath: v.keyPath,
        type: v.node.value.type,
        value: v.node.value.text,
        encrypted: (mark & STORED_ENCRYPTED) !== 0,
        // Mirrors the MAC builder: with mac_only_encrypted, a value the walk left in clear is not in it.
        authenticated: macAll || (mark & RULE_ENCRYPTS) !== 0,
        doc: v.doc,
      });
    });
    return out;
  };
  return {
    text: plain,
    bytes,
    get tree(): PlainValue {
      return (tree ??= branch === undefined ? {} : plainTree(branch));
    },
    doc: at,
    get values(): DecryptedValue[] {
      return (values ??= valueList());
    },
    recipient,
    lastmodified: l.meta.lastmodified,
  };
}

/**
 * Apply an edited plaintext to an encrypted document: unchanged values keep their exact ciphertext;
 * only changed values, `mac` and `lastmodified` change. Recipients and rules are kept.
 */
export async function update(
  encrypted: string,
  editedPlaintext: string | Uint8Array,
  options: DecryptOptions & { now?: Date },
): Promise<UpdateResult> {
  const opened = await open(encrypted, options);
  applyPlain(opened.l.doc, opened.leaves);
  return reencrypt(encrypted, opened, opened.l.doc.serialize(), editedPlaintext, options);
}

/**
 * Re-encrypt an edited plaintext of an opened file: values whose plaintext and type are unchanged
 * keep their ciphertext. `plain` is the file's plaintext before the edit.
 */
function reencrypt(
  encrypted: string,
  opened: Opened,
  plain: string,
  editedPlaintext: string | Uint8Array,
  options: DecryptOptions & { now?: Date },
): UpdateResult {
  const { l, leaves, cipher } = opened;
  const raw = l.raw;
  const edited = storeInput(editedPlaintext, options.format);
  if (plain === edited) return { text: encrypted, changed: [] };
  const reuse = buildReuse(leaves);
  const doc = storeFor(options.format).parse(edited);
  if (doc.metadata !== undefined) {
    throw new HushError("ERR_FORMAT", "the edited text contains a sops metadata block", {
      hint: "remove the sops block from the edited plaintext",
    });
  }
  const { macHex, leaves: newLeaves } = encryptLeaves(doc, l.rules, cipher, reuse);
  const changed = changedPaths(leaves, newLeaves);
  if (changed.length === 0) {
    // Same values: the stored MAC still covers them, so keep it and lastmodified.
    doc.setMetadata(raw);
  } else {
    const lastmodified = formatLastModified(options.now ?? new Date());
    doc.setMetadata(patchRaw(raw, lastmodified, sealMac(cipher, macHex, lastmodified)));
  }
  const text = doc.serialize();
  return { text: text === encrypted ? encrypted : text, changed };
}

/**
 * Decrypt, edit the plaintext, and re-encrypt. The file is opened (parsed, its values decrypted and
 * its MAC checked) once: opening it again for the re-encryption made `hush set` of one value cost
 * 2.3 decrypts of the whole file (100k values).
 */
async function editPlain(
  encrypted: string,
  options: DecryptOptions & { now?: Date },
  edit: (doc: StoreDocument, leaves: readonly Leaf[]) => string,
): Promise<UpdateResult> {
  const opened = await open(encrypted, options);
  applyPlain(opened.l.doc, opened.leaves);
  const plain = opened.l.doc.serialize();
  const edited = edit(opened.l.doc, opened.leaves);
  return reencrypt(encrypted, opened, plain, edited, options);
}

/** Edit a text as the `yaml` package sees it, without a leading BOM, and put the BOM back. */
function withoutBom(text: string, edit: (text: string) => string): string {
  return text.startsWith("\ufeff") ? "\ufeff" + edit(text.slice(1)) : edit(text);
}

/** The document index `doc` asks for (0 when undefined); ERR_PATH when the file has no such one. */
function docIndex(doc: StoreDocument, asked: number | undefined): number {
  if (asked === undefined) return 0;
  const n = doc.branches.length;
  if (!Number.isSafeInteger(asked) || asked < 0 || asked >= n) {
    throw new HushError(
      "ERR_PATH",
      `there is no document ${asked + 1}: the file has ${n} document${n === 1 ? "" : "s"}`,
      { hint: `documents are numbered 1 to ${n}` },
    );
  }
  return asked;
}

function samePath(a: KeyPath, b: KeyPath): boolean {
  return a.length === b.length && a.every((k, i) => k === b[i]);
}

/** Set one value (creating intermediate maps) and re-encrypt through {@link update}. */
export async function setValue(
  encrypted: string,
  keyPath: KeyPath,
  value: string | Scalar,
  options: DecryptOptions & { now?: Date },
): Promise<UpdateResult> {
  const scalar: Scalar = typeof value === "string" ? { type: "str", text: value } : value;
  if (keyPath.length === 0) throw badPath(keyPath, "cannot be set");
  if (options.format === "binary") throw badPath(keyPath, "cannot be set in a binary file");
  // A number sops could not read back (beyond 64 bits or the float range) is refused up front.
  storedPlaintext(scalar.type, scalar.text, formatKeyPath(keyPath));
  const opened = await open(encrypted, options);
  const at = docIndex(opened.l.doc, options.doc);
  // An existing value is replaced in place in the encrypted document: formatting and every other
  // ciphertext survive, and nothing else is re-encoded.
  const index = opened.leaves.findIndex(
    (l) => l.visit.kind === "value" && l.visit.doc === at && samePath(l.visit.keyPath, keyPath),
  );
  if (index >= 0) {
    const { l, leaves, cipher } = opened;
    const macHex = replaceLeaf(
      l.doc,
      leaves,
      index,
      scalar,
      l.meta.rules.macOnlyEncrypted === true,
      cipher,
    );
    if (macHex === undefined) return { text: encrypted, changed: [] };
    const lastmodified = formatLastModified(options.now ?? new Date());
    l.doc.setMetadata(patchRaw(l.raw, lastmodified, sealMac(cipher, macHex, lastmodified)));
    return { text: l.doc.serialize(), changed: [formatKeyPath(keyPath)] };
  }
  applyPlain(opened.l.doc, opened.leaves);
  const plain = opened.l.doc.serialize();
  const edited = ((doc: StoreDocument): string => {
    // YAML is edited as text, so its formatting survives; the other stores re-emit their tree.
    if (doc.format === "yaml") {
      // Accept a text insertion only if it parses back to exactly that value at that path.
      const check = (candidate: string): boolean => {
        try {
          const d = storeFor("yaml").parse(candidate);
          const hit = walkDocument(d, compileRules(undefined)).find(
            (v) => v.kind === "value" && v.doc === at && samePath(v.keyPath, keyPath),
          );
          return (
            hit?.kind === "value" &&
            hit.node.value.type === scalar.type &&
            hit.node.value.text === scalar.text
          );
        } catch {
          return false;
        }
      };
      return withoutBom(doc.serialize(), (t) => yamlSetIn(t, keyPath, scalar, check, at));
    } else setInTree(doc.branches[at]!, keyPath, scalar);
    return doc.serialize();
  })(opened.l.doc);
  return reencrypt(encrypted, opened, plain, edited, options);
}

/** Remove one value; ERR_PATH when absent. */
export async function unsetValue(
  encrypted: string,
  keyPath: KeyPath,
  options: DecryptOptions & { now?: Date },
): Promise<UpdateResult> {
  if (keyPath.length === 0) throw badPath(keyPath, "cannot be removed");
  return editPlain(encrypted, options, (doc) => {
    const at = docIndex(doc, options.doc);
    if (doc.format === "yaml") {
      return withoutBom(doc.serialize(), (t) => {
        const out = yamlDeleteIn(t, keyPath, at);
        if (out === undefined) throw badPath(keyPath, "does not exist");
        return out;
      });
    }
    if (!deleteInTree(doc.branches[at]!, keyPath)) throw badPath(keyPath, "does not exist");
    return doc.serialize();
  });
}

function currentGroups(meta: SopsMetadata): string[][] {
  return meta.keyGroups.map((g) => g.age.map((s) => s.recipient));
}

function hasSpec(spec: RecipientSpec): boolean {
  return (
    (spec.recipients !== undefined && spec.recipients.length > 0) ||
    (spec.keyGroups !== undefined && spec.keyGroups.length > 0)
  );
}

/** New data key, every value re-encrypted; recipients kept unless given. */
export async function rotate(
  encrypted: string,
  options: DecryptOptions & RecipientSpec & { now?: Date },
): Promise<string> {
  const { l, leaves } = await open(encrypted, options);
  const groups = hasSpec(options) ? groupsFrom(options) : currentGroups(l.meta);
  applyPlain(l.doc, leaves);
  const dataKey = randomBytes(32);
  const cipher = new ValueCipher(dataKey);
  const { macHex } = encryptLeaves(l.doc, l.rules, cipher);
  const lastmodified = formatLastModified(options.now ?? new Date());
  const threshold = options.shamirThreshold ?? l.meta.shamirThreshold;
  const wrapped = await wrapGroups(
    dataKey,
    groups,
    groups.length > 1 ? threshold : undefined,
    hasSpec(options) ? undefined : l.meta.keyGroups,
  );
  const version = isSemverVersion(l.meta.version) ? l.meta.version : SOPS_VERSION;
  l.doc.setMetadata(
    metadataFor(l.format, l.rules, {
      ...wrapped,
      lastmodified,
      mac: sealMac(cipher, macHex, lastmodified),
      version,
    }),
  );
  return l.doc.serialize();
}

/** Re-wrap the existing data key for new recipients; values and MAC untouched. */
export async function rekey(
  encrypted: string,
  options: DecryptOptions & RecipientSpec,
): Promise<string> {
  const groups = groupsFrom(options);
  // Verify the file first: re-keying must not bless a tampered file.
  const { l, dataKey } = await open(encrypted, options);
  const doc = parse(encrypted, options.format);
  const threshold = options.shamirThreshold ?? l.meta.shamirThreshold;
  let wrapped: Awaited<ReturnType<typeof wrapGroups>>;
  const current = l.meta.keyGroups;
  if (groups.length === 1 && current.length === 1) {
    // One group before and after: keep the stanza of every recipient who stays, byte for byte, so
    // adding or removing one member touches exactly one `sops.age` entry (and costs one wrap).
    const wanted = groups[0]!;
    const kept = current[0]!.age.filter((st) => wanted.includes(canonicalRecipient(st.recipient)));
    const added = wanted.filter((r) => !kept.some((st) => canonicalRecipient(st.recipient) === r));
    if (added.length === 0 && kept.length === current[0]!.age.length) return encrypted;
    const fresh = await wrapGroups(dataKey, [added], undefined);
    wrapped = {
      keyGroups: [{ age: [...kept, ...(fresh.keyGroups[0]?.age ?? [])], other: current[0]!.other }],
      shamirThreshold: undefined,
    };
  } else {
    wrapped = await wrapGroups(dataKey, groups, groups.length > 1 ? threshold : undefined);
  }
  doc.setMetadata(
    writeMetadata({
      ...l.meta,
      ...wrapped,
      rules: l.format === "binary" ? {} : l.meta.rules,
      version: isSemverVersion(l.meta.version) ? l.meta.version : SOPS_VERSION,
    }),
  );
  return doc.serialize();
}
