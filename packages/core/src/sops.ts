// OWNER: core-format helper. The sops operations over a StoreDocument.
import { randomBytes } from "node:crypto";
import { yamlDeleteIn, yamlSetIn } from "./edit.js";
import { HushError } from "./errors.js";
import { storeFor } from "./formats/index.js";
import { entry, PlainScalar } from "./formats/scalar.js";
import { assertRecipient, unwrapDataKey, wrapDataKey, type AgeStanza } from "./keys.js";
import { formatLastModified, MacBuilder, sealMac, verifyMac } from "./mac.js";
import {
  isSemverVersion,
  patchRaw,
  readMetadata,
  SOPS_VERSION,
  writeMetadata,
  type KeyGroup,
  type SopsMetadata,
} from "./metadata.js";
import { combineShares, splitSecret } from "./shamir.js";
import { formatKeyPath } from "./tree.js";
import type {
  EncryptionRules,
  Entry,
  Format,
  KeyPath,
  MapNode,
  PlainValue,
  Scalar,
  StoreDocument,
  TreeNode,
  ValueType,
} from "./types.js";
import { canonicalText, isEncryptedText, ValueCipher, type EnvelopeType } from "./value.js";
import { compileRules, walkDocument, type Rules, type Visit } from "./walk.js";

/** Recipients of the data key: one key group (plain list) or several groups with a Shamir threshold. */
export interface RecipientSpec {
  /** age recipients (`age1…`, `age1pq1…`) of a single key group. */
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
  /** age identities (`AGE-SECRET-KEY-1…`, `AGE-SECRET-KEY-PQ-1…`). */
  identities: readonly string[];
}

/** One decrypted leaf. `keyPath` includes list indices; `aadPath` is the sops path (mapping keys only). */
export interface DecryptedValue {
  keyPath: KeyPath;
  type: ValueType;
  value: string;
  /** True when the value was stored encrypted (false for `_unencrypted` and similar). */
  encrypted: boolean;
}

export interface DecryptResult {
  /** The plaintext file in its own format (comments back in place). For binary: the original bytes as UTF-8 text. */
  text: string;
  /** The raw bytes for the binary format (undefined for the others). */
  bytes: Uint8Array | undefined;
  /** The data as JSON-like values; for multi-document YAML, the first document. */
  tree: PlainValue;
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
  /** Every leaf in document order: whether it is encrypted and its stored text (ciphertext or plaintext). */
  values: { keyPath: KeyPath; encrypted: boolean; stored: string }[];
}

/**
 * Optional store capability for set/unset: edit the underlying document in place so its formatting
 * survives (the YAML store). Stores without it are edited through their generic tree, which they
 * re-emit (JSON, dotenv, INI).
 */
export interface EditableDocument {
  setIn(keyPath: KeyPath, value: Scalar): void;
  deleteIn(keyPath: KeyPath): boolean;
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

function parse(text: string | Uint8Array, format: Format): StoreDocument {
  const s = typeof text === "string" ? text : Buffer.from(text).toString("utf8");
  return storeFor(format).parse(s);
}

function rulesFor(format: Format, rules: EncryptionRules | undefined): Rules {
  // sops ignores crypt rules for binary files: the single `data` value is always encrypted.
  return compileRules(format === "binary" ? undefined : rules);
}

function load(text: string, format: Format): Loaded {
  const doc = parse(text, format);
  if (doc.metadata === undefined) {
    throw new HushError("ERR_NOT_ENCRYPTED", "the file is not encrypted (it has no sops metadata)", {
      hint: "encrypt it first with `hush encrypt`",
    });
  }
  const meta = readMetadata(doc.metadata);
  return { format, doc, raw: doc.metadata, meta, rules: rulesFor(format, meta.rules) };
}

/** Open the data key: one group directly, several groups by combining Shamir shares. */
async function openDataKey(meta: SopsMetadata, identities: readonly string[]): Promise<{ dataKey: Uint8Array; recipient: string }> {
  if (meta.keyGroups.length === 1) {
    const r = await unwrapDataKey(meta.keyGroups[0]!.age, identities);
    if (r.dataKey.length !== 32) throw new HushError("ERR_FORMAT", "the wrapped data key is not 32 bytes", { hint: "restore the sops block from git" });
    return r;
  }
  const shares: Uint8Array[] = [];
  let recipient = "";
  let lastError: unknown;
  for (const g of meta.keyGroups) {
    if (g.age.length === 0) continue;
    try {
      const r = await unwrapDataKey(g.age, identities);
      shares.push(r.dataKey);
      recipient ||= r.recipient;
    } catch (e) {
      lastError = e;
    }
  }
  const threshold = meta.shamirThreshold ?? meta.keyGroups.length;
  if (shares.length < threshold || shares.length < 2) {
    throw new HushError("ERR_NO_IDENTITY", `the identities open ${shares.length} of the ${threshold} key groups needed`, {
      hint: "add identities for more key groups",
      cause: lastError,
    });
  }
  return { dataKey: combineShares(shares), recipient };
}

// ---------------------------------------------------------------------------------------------
// Walk-based crypt

interface Leaf {
  visit: Visit;
  /** Plaintext (canonical for values). */
  text: string;
  type: EnvelopeType;
  /** What the file holds. */
  stored: string;
  encrypted: boolean;
}

function where(v: Visit): string {
  return formatKeyPath(v.keyPath) || "the top level";
}

/** Decrypt every leaf (one batched AES pass) and verify the MAC. Does not modify the document. */
function decryptLeaves(l: Loaded, cipher: ValueCipher): Leaf[] {
  const visits = walkDocument(l.doc, l.rules);
  const jobs: { stored: string; aad: string; where: () => string }[] = [];
  const jobOf = new Int32Array(visits.length).fill(-1);
  visits.forEach((v, i) => {
    if (!v.encrypt) return;
    const stored = v.kind === "value" ? v.node.value : { type: "str", text: v.item.text };
    if (v.kind === "value" && stored.type !== "str") {
      throw new HushError("ERR_VALUE", `the value at ${where(v)} should be encrypted but is a plain ${stored.type}`, {
        hint: "the file was edited by hand; restore it from git or re-encrypt it",
      });
    }
    if (v.kind === "value" && stored.text !== "" && !isEncryptedText(stored.text)) {
      throw new HushError("ERR_VALUE", `the value at ${where(v)} should be encrypted but is plaintext`, {
        hint: "the file was edited by hand; restore it from git or re-encrypt it",
      });
    }
    jobOf[i] = jobs.length;
    jobs.push({ stored: stored.text, aad: v.path.join(":") + ":", where: () => where(v) });
  });
  const opened = cipher.openMany(jobs);
  const mac = new MacBuilder(l.meta.rules.macOnlyEncrypted === true);
  const leaves: Leaf[] = new Array<Leaf>(visits.length);
  for (let i = 0; i < visits.length; i++) {
    const v = visits[i]!;
    const j = jobOf[i]!;
    if (v.kind === "comment") {
      const r = j >= 0 ? opened[j] : undefined;
      // sops keeps comments that do not decrypt (plaintext or foreign) as they are.
      const ok = r !== undefined && !(r instanceof HushError);
      leaves[i] = { visit: v, text: ok ? r.text : v.item.text, type: "comment", stored: v.item.text, encrypted: ok };
      continue;
    }
    const stored = v.node.value;
    if (j < 0) {
      const text = canonicalText(stored.type, stored.text, where(v));
      mac.add(text, false);
      leaves[i] = { visit: v, text, type: stored.type, stored: stored.text, encrypted: false };
      continue;
    }
    const r = opened[j]!;
    if (r instanceof HushError) throw r;
    if (r.type === "comment") {
      throw new HushError("ERR_VALUE", `the value at ${where(v)} holds an encrypted comment`, { hint: "restore it from git" });
    }
    const text = canonicalText(r.type, r.text, where(v));
    mac.add(text, true);
    leaves[i] = { visit: v, text, type: r.type, stored: stored.text, encrypted: stored.text !== "" };
  }
  verifyMac(cipher, l.meta.mac, l.meta.lastmodified, mac.hex(), "the file");
  return leaves;
}

/** Write the plaintexts back into the document (values typed, comments in place), metadata removed. */
function applyPlain(doc: StoreDocument, leaves: readonly Leaf[]): void {
  for (const leaf of leaves) {
    const v = leaf.visit;
    if (v.kind === "comment") {
      if (leaf.encrypted) v.item.set(leaf.text);
    } else if (leaf.encrypted) v.node.set({ type: leaf.type as ValueType, text: leaf.text });
  }
  doc.setMetadata(undefined);
}

/** Reuse rules for unchanged values: exact key path first, then sops's (aad, type, plaintext) stash. */
interface Reuse {
  byPath: Map<string, Leaf>;
  stash: Map<string, string>;
}

/**
 * Same value for re-use: same type and plaintext, where int and float count as one type — JSON files
 * from sops < 3.13.2 store every number as float, and re-reading them must not rewrite them all.
 */
function sameValue(aType: string, aText: string, bType: string, bText: string): boolean {
  const numeric = (t: string): boolean => t === "int" || t === "float";
  return aText === bText && (aType === bType || (numeric(aType) && numeric(bType)));
}

function stashKey(aad: string, type: string, text: string): string {
  return `${aad}\u0000${type}\u0000${text}`;
}

function buildReuse(leaves: readonly Leaf[]): Reuse {
  const byPath = new Map<string, Leaf>();
  const stash = new Map<string, string>();
  for (const l of leaves) {
    if (!l.encrypted) continue;
    const aad = l.visit.path.join(":") + ":";
    stash.set(stashKey(aad, l.type, l.text), l.stored);
    if (l.visit.kind === "value") byPath.set(pathKey(l.visit), l);
  }
  return { byPath, stash };
}

function pathKey(v: Visit): string {
  return `${v.doc}\u0000${JSON.stringify(v.keyPath)}`;
}

/**
 * Encrypt every leaf of a plaintext document in place; returns the MAC hex and the plaintext leaves.
 */
function encryptLeaves(doc: StoreDocument, rules: Rules, cipher: ValueCipher, reuse?: Reuse): { macHex: string; leaves: Leaf[] } {
  const visits = walkDocument(doc, rules);
  const mac = new MacBuilder(rules.raw.macOnlyEncrypted === true);
  const leaves: Leaf[] = [];
  // Values without a reusable ciphertext are sealed together in one AES pass, then written back.
  const jobs: { text: string; type: EnvelopeType; aad: string }[] = [];
  const jobLeaf: number[] = [];
  for (const v of visits) {
    const aad = v.path.join(":") + ":";
    if (v.kind === "comment") {
      const text = v.item.text;
      let stored: string | undefined = text;
      if (v.encrypt) {
        stored = reuse?.stash.get(stashKey(aad, "comment", text));
        if (stored === undefined) {
          jobs.push({ text, type: "comment", aad });
          jobLeaf.push(leaves.length);
        }
      }
      leaves.push({ visit: v, text, type: "comment", stored: stored ?? "", encrypted: v.encrypt && text !== "" });
      continue;
    }
    const value = v.node.value;
    if (isEncryptedText(value.text) && value.type === "str" && v.encrypt) {
      throw new HushError("ERR_ALREADY_ENCRYPTED", `the value at ${where(v)} is already encrypted`, {
        hint: "decrypt the file first, or use `hush edit`",
      });
    }
    const text = canonicalText(value.type, value.text, where(v));
    mac.add(text, v.encrypt);
    let stored: string | undefined = text;
    if (v.encrypt) {
      const old = reuse?.byPath.get(pathKey(v));
      stored =
        old !== undefined && sameValue(old.type, old.text, value.type, text)
          ? old.stored
          : reuse?.stash.get(stashKey(aad, value.type, text));
      if (stored === undefined) {
        jobs.push({ text, type: value.type, aad });
        jobLeaf.push(leaves.length);
      }
    }
    leaves.push({ visit: v, text, type: value.type, stored: stored ?? "", encrypted: v.encrypt && text !== "" });
  }
  const sealed = cipher.sealMany(jobs);
  sealed.forEach((s, k) => {
    leaves[jobLeaf[k]!]!.stored = s;
  });
  for (const l of leaves) {
    if (!l.visit.encrypt) continue;
    if (l.visit.kind === "comment") l.visit.item.set(l.stored);
    else l.visit.node.set({ type: "str", text: l.stored });
  }
  return { macHex: mac.hex(), leaves };
}

// ---------------------------------------------------------------------------------------------
// Key groups

function groupsFrom(spec: RecipientSpec): string[][] {
  const groups = spec.keyGroups !== undefined && spec.keyGroups.length > 0 ? spec.keyGroups.map((g) => [...g]) : [[...(spec.recipients ?? [])]];
  if (groups.some((g) => g.length === 0)) {
    throw new HushError("ERR_CONFIG", "no recipients given", { hint: "name at least one age recipient (age1…)" });
  }
  groups.forEach((g, i) => g.forEach((r, j) => assertRecipient(r.trim(), groups.length > 1 ? `key group ${i + 1}, recipient ${j + 1}` : `recipient ${j + 1}`)));
  return groups.map((g) => g.map((r) => r.trim()));
}

/** Wrap the data key (or its Shamir shares) for every recipient. */
async function wrapGroups(dataKey: Uint8Array, groups: string[][], threshold: number | undefined, other?: KeyGroup[]): Promise<{ keyGroups: KeyGroup[]; shamirThreshold: number | undefined }> {
  let parts: Uint8Array[];
  let t: number | undefined;
  if (groups.length === 1) parts = [dataKey];
  else {
    t = threshold ?? groups.length;
    if (!Number.isInteger(t) || t < 2 || t > groups.length) {
      throw new HushError("ERR_CONFIG", `the Shamir threshold must be between 2 and ${groups.length}`, {
        hint: "set shamir_threshold to how many key groups must cooperate",
      });
    }
    parts = splitSecret(dataKey, groups.length, t);
  }
  const keyGroups = await Promise.all(
    groups.map(async (g, i) => ({
      age: await Promise.all(g.map(async (recipient): Promise<AgeStanza> => ({ recipient, enc: await wrapDataKey(parts[i]!, recipient) }))),
      other: other?.[i]?.other ?? {},
    })),
  );
  return { keyGroups, shamirThreshold: t };
}

function metadataFor(format: Format, rules: Rules, m: Omit<SopsMetadata, "rules">): Record<string, unknown> {
  return writeMetadata({ ...m, rules: format === "binary" ? {} : rules.raw });
}

// ---------------------------------------------------------------------------------------------
// Operations

/**
 * Encrypt a plaintext document under a fresh data key.
 * @throws HushError ERR_FORMAT (bad input), ERR_ALREADY_ENCRYPTED, ERR_KEY (bad recipient), ERR_CONFIG
 */
export async function encrypt(plaintext: string | Uint8Array, options: EncryptOptions): Promise<string> {
  const groups = groupsFrom(options);
  const rules = rulesFor(options.format, options.rules);
  const doc = parse(plaintext, options.format);
  if (doc.metadata !== undefined) {
    throw new HushError("ERR_ALREADY_ENCRYPTED", "the file is already encrypted (it has sops metadata)", {
      hint: "use `hush edit`, `hush set` or `hush rotate` on encrypted files",
    });
  }
  const dataKey = randomBytes(32);
  const cipher = new ValueCipher(dataKey);
  const { macHex } = encryptLeaves(doc, rules, cipher);
  const lastmodified = formatLastModified(options.now ?? new Date());
  const wrapped = await wrapGroups(dataKey, groups, options.shamirThreshold);
  doc.setMetadata(
    metadataFor(options.format, rules, { ...wrapped, lastmodified, mac: sealMac(cipher, macHex, lastmodified), version: SOPS_VERSION }),
  );
  return doc.serialize();
}

function plainTree(node: TreeNode): PlainValue {
  switch (node.kind) {
    case "null":
      return null;
    case "map": {
      const o: { [k: string]: PlainValue } = {};
      for (const it of node.items) if (it.kind === "entry") o[it.key] = plainTree(it.value);
      return o;
    }
    case "seq":
      return node.items.flatMap((i) => (i.kind === "comment" ? [] : [plainTree(i)]));
    case "scalar": {
      const v = node.value;
      if (v.type === "bool") return v.text === "True";
      if (v.type === "int" || v.type === "float") return Number(v.text);
      return v.text;
    }
  }
}

/** Decrypt into the loaded document; shared by decrypt, update and the edits. */
async function open(text: string, options: DecryptOptions): Promise<{ l: Loaded; leaves: Leaf[]; dataKey: Uint8Array; recipient: string; cipher: ValueCipher }> {
  const l = load(text, options.format);
  const { dataKey, recipient } = await openDataKey(l.meta, options.identities);
  const cipher = new ValueCipher(dataKey);
  const leaves = decryptLeaves(l, cipher);
  return { l, leaves, dataKey, recipient, cipher };
}

/**
 * Decrypt a document; the MAC is always verified.
 * @throws HushError ERR_NOT_ENCRYPTED, ERR_FORMAT, ERR_NO_IDENTITY, ERR_VALUE, ERR_MAC
 */
export async function decrypt(text: string, options: DecryptOptions): Promise<DecryptResult> {
  const { l, leaves, recipient } = await open(text, options);
  applyPlain(l.doc, leaves);
  const plain = l.doc.serialize();
  const values: DecryptedValue[] = [];
  for (const leaf of leaves) {
    if (leaf.visit.kind !== "value") continue;
    values.push({ keyPath: leaf.visit.keyPath, type: leaf.type as ValueType, value: leaf.text, encrypted: leaf.encrypted });
  }
  const first = l.doc.branches[0];
  return {
    text: plain,
    bytes: options.format === "binary" ? new Uint8Array(Buffer.from(plain, "utf8")) : undefined,
    tree: first === undefined ? {} : plainTree(first),
    values,
    recipient,
    lastmodified: l.meta.lastmodified,
  };
}

function changedPaths(oldLeaves: readonly Leaf[], newLeaves: readonly Leaf[]): string[] {
  const old = new Map<string, Leaf>();
  for (const l of oldLeaves) if (l.visit.kind === "value") old.set(pathKey(l.visit), l);
  const changed: string[] = [];
  const seen = new Set<string>();
  for (const l of newLeaves) {
    if (l.visit.kind !== "value") continue;
    const k = pathKey(l.visit);
    seen.add(k);
    const o = old.get(k);
    if (o === undefined || !sameValue(o.type, o.text, l.type, l.text) || o.encrypted !== l.encrypted) changed.push(formatKeyPath(l.visit.keyPath));
  }
  for (const [k, o] of old) if (!seen.has(k)) changed.push(formatKeyPath(o.visit.keyPath));
  return changed;
}

/**
 * Apply an edited plaintext to an encrypted document: unchanged values keep their exact ciphertext;
 * only changed values, `mac` and `lastmodified` change. Recipients and rules are kept.
 */
export async function update(
  encrypted: string,
  editedPlaintext: string,
  options: DecryptOptions & { now?: Date },
): Promise<UpdateResult> {
  const { l, leaves, cipher } = await open(encrypted, options);
  const reuse = buildReuse(leaves);
  const raw = l.raw;
  applyPlain(l.doc, leaves);
  if (l.doc.serialize() === editedPlaintext) return { text: encrypted, changed: [] };
  const doc = parse(editedPlaintext, options.format);
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

function isEditable(doc: StoreDocument): doc is StoreDocument & EditableDocument {
  const d = doc as Partial<EditableDocument>;
  return typeof d.setIn === "function" && typeof d.deleteIn === "function";
}

function badPath(path: KeyPath, what: string): HushError {
  return new HushError("ERR_PATH", `${formatKeyPath(path) || "the top level"} ${what}`, {
    hint: "check the key path (a.b[0].c)",
  });
}

/** Generic edit of a re-emitting store's tree. */
function setInTree(root: MapNode, path: KeyPath, value: Scalar): void {
  if (path.length === 0) throw badPath(path, "cannot be set");
  let node: TreeNode = root;
  for (let i = 0; i < path.length; i++) {
    const key = path[i]!;
    const lastStep = i === path.length - 1;
    if (node.kind === "map") {
      if (typeof key !== "string") throw badPath(path.slice(0, i + 1), "is a list index into a mapping");
      let e: Entry | undefined = [...node.items].reverse().find((it): it is Entry => it.kind === "entry" && it.key === key);
      if (e === undefined) {
        e = entry(key, lastStep ? new PlainScalar(value) : { kind: "map", items: [] });
        node.items.push(e);
        if (lastStep) return;
      } else if (lastStep) {
        e.value = new PlainScalar(value);
        return;
      }
      node = e.value;
    } else if (node.kind === "seq") {
      if (typeof key !== "number") throw badPath(path.slice(0, i + 1), "is a key into a list");
      const items = node.items.filter((it) => it.kind !== "comment");
      const at = key < items.length ? node.items.indexOf(items[key]!) : -1;
      if (lastStep) {
        if (at >= 0) node.items[at] = new PlainScalar(value);
        else node.items.push(new PlainScalar(value));
        return;
      }
      if (at < 0) {
        const m: MapNode = { kind: "map", items: [] };
        node.items.push(m);
        node = m;
      } else node = node.items[at] as TreeNode;
    } else throw badPath(path.slice(0, i), "is not a mapping or list");
  }
}

function deleteInTree(root: MapNode, path: KeyPath): boolean {
  let node: TreeNode = root;
  for (let i = 0; i < path.length; i++) {
    const key = path[i]!;
    const lastStep = i === path.length - 1;
    if (node.kind === "map" && typeof key === "string") {
      const idx = node.items.findIndex((it) => it.kind === "entry" && it.key === key);
      if (idx < 0) return false;
      if (lastStep) {
        node.items.splice(idx, 1);
        return true;
      }
      node = (node.items[idx] as { value: TreeNode }).value;
    } else if (node.kind === "seq" && typeof key === "number") {
      const items = node.items.filter((it) => it.kind !== "comment");
      if (key >= items.length) return false;
      const idx = node.items.indexOf(items[key]!);
      if (lastStep) {
        node.items.splice(idx, 1);
        return true;
      }
      node = node.items[idx] as TreeNode;
    } else return false;
  }
  return false;
}

/** Decrypt, edit the plaintext, and re-encrypt through {@link update}. */
async function editPlain(
  encrypted: string,
  options: DecryptOptions & { now?: Date },
  edit: (doc: StoreDocument, leaves: readonly Leaf[]) => string,
): Promise<UpdateResult> {
  const { l, leaves } = await open(encrypted, options);
  applyPlain(l.doc, leaves);
  return update(encrypted, edit(l.doc, leaves), options);
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
  return editPlain(encrypted, options, (doc, leaves) => {
    // An existing value is replaced in place, through its store node: formatting survives.
    const existing = leaves.find((l) => l.visit.kind === "value" && l.visit.doc === 0 && samePath(l.visit.keyPath, keyPath));
    if (existing !== undefined && existing.visit.kind === "value") {
      existing.visit.node.set(scalar);
      return doc.serialize();
    }
    if (isEditable(doc)) doc.setIn(keyPath, scalar);
    else if (doc.format === "yaml") return yamlSetIn(doc.serialize(), keyPath, scalar);
    else setInTree(doc.branches[0]!, keyPath, scalar);
    return doc.serialize();
  });
}

/** Remove one value; ERR_PATH when absent. */
export async function unsetValue(
  encrypted: string,
  keyPath: KeyPath,
  options: DecryptOptions & { now?: Date },
): Promise<UpdateResult> {
  if (keyPath.length === 0) throw badPath(keyPath, "cannot be removed");
  return editPlain(encrypted, options, (doc) => {
    if (doc.format === "yaml" && !isEditable(doc)) {
      const out = yamlDeleteIn(doc.serialize(), keyPath);
      if (out === undefined) throw badPath(keyPath, "does not exist");
      return out;
    }
    const ok = isEditable(doc) ? doc.deleteIn(keyPath) : deleteInTree(doc.branches[0]!, keyPath);
    if (!ok) throw badPath(keyPath, "does not exist");
    return doc.serialize();
  });
}

function currentGroups(meta: SopsMetadata): string[][] {
  return meta.keyGroups.map((g) => g.age.map((s) => s.recipient));
}

function hasSpec(spec: RecipientSpec): boolean {
  return (spec.recipients !== undefined && spec.recipients.length > 0) || (spec.keyGroups !== undefined && spec.keyGroups.length > 0);
}

/** New data key, every value re-encrypted; recipients kept unless given. */
export async function rotate(encrypted: string, options: DecryptOptions & RecipientSpec & { now?: Date }): Promise<string> {
  const { l, leaves } = await open(encrypted, options);
  const groups = hasSpec(options) ? groupsFrom(options) : currentGroups(l.meta);
  applyPlain(l.doc, leaves);
  const dataKey = randomBytes(32);
  const cipher = new ValueCipher(dataKey);
  const { macHex } = encryptLeaves(l.doc, l.rules, cipher);
  const lastmodified = formatLastModified(options.now ?? new Date());
  const threshold = options.shamirThreshold ?? l.meta.shamirThreshold;
  const wrapped = await wrapGroups(dataKey, groups, groups.length > 1 ? threshold : undefined, hasSpec(options) ? undefined : l.meta.keyGroups);
  const version = isSemverVersion(l.meta.version) ? l.meta.version : SOPS_VERSION;
  l.doc.setMetadata(metadataFor(l.format, l.rules, { ...wrapped, lastmodified, mac: sealMac(cipher, macHex, lastmodified), version }));
  return l.doc.serialize();
}

/** Re-wrap the existing data key for new recipients; values and MAC untouched. */
export async function rekey(encrypted: string, options: DecryptOptions & RecipientSpec): Promise<string> {
  const groups = groupsFrom(options);
  // Verify the file first: re-keying must not bless a tampered file.
  const { l, dataKey } = await open(encrypted, options);
  const doc = parse(encrypted, options.format);
  const threshold = options.shamirThreshold ?? l.meta.shamirThreshold;
  const wrapped = await wrapGroups(dataKey, groups, groups.length > 1 ? threshold : undefined);
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

/** Read the structure and metadata without a key. ERR_FORMAT on unparsable input. */
export function inspect(text: string, format: Format): Inspection {
  const doc = parse(text, format);
  const meta = doc.metadata === undefined ? undefined : readMetadata(doc.metadata);
  const rules = rulesFor(format, meta?.rules);
  const values = walkDocument(doc, rules).flatMap((v) =>
    v.kind === "value"
      ? [{ keyPath: v.keyPath, encrypted: meta !== undefined && v.encrypt && isEncryptedText(v.node.value.text), stored: v.node.value.text }]
      : [],
  );
  return {
    format,
    encrypted: meta !== undefined,
    version: meta?.version,
    lastmodified: meta?.lastmodified,
    keyGroups: meta === undefined ? [] : currentGroups(meta),
    shamirThreshold: meta?.shamirThreshold,
    rules: meta?.rules ?? {},
    values,
  };
}
