/**
 * The sops crypt over a store's tree: decrypt every leaf and verify the MAC, encrypt every leaf
 * (re-using unchanged ciphertexts on update), and write plaintexts back in place.
 */
import { HushError } from "./errors.js";
import { MacBuilder, verifyMac } from "./mac.js";
import type { SopsMetadata } from "./metadata.js";
import { formatKeyPath } from "./tree.js";
import type { StoreDocument, ValueType } from "./types.js";
import {
  canonicalText,
  isEncryptedText,
  storedPlaintext,
  type EnvelopeType,
  type TextEncoding,
  type ValueCipher,
} from "./value.js";
import { walkDocument, type Rules, type Visit } from "./walk.js";

export interface Leaf {
  visit: Visit;
  /** Plaintext (canonical for values). */
  text: string;
  type: EnvelopeType;
  /** What the file holds. */
  stored: string;
  encrypted: boolean;
}

/** The binary store's one value is a byte string: encrypted and hashed byte for byte, as sops does. */
export function encodingOf(doc: StoreDocument): TextEncoding {
  return doc.format === "binary" ? "latin1" : "utf8";
}

export function where(v: Visit): string {
  return formatKeyPath(v.keyPath) || "the top level";
}

/** Decrypt every leaf (one batched AES pass) and verify the MAC. Does not modify the document. */
export function decryptLeaves(
  doc: StoreDocument,
  rules: Rules,
  meta: SopsMetadata,
  cipher: ValueCipher,
): Leaf[] {
  const encoding = encodingOf(doc);
  const mac = new MacBuilder(meta.rules.macOnlyEncrypted === true, encoding);
  const leaves = openVisits(walkDocument(doc, rules), cipher, encoding, mac);
  verifyMac(cipher, meta.mac, meta.lastmodified, mac.hex(), "the file");
  return leaves;
}

/**
 * Decrypt the leaves of some visits in walk order (one batched AES pass) and add each value's
 * canonical plaintext to `mac`. The MAC is the caller's to verify once every leaf is in.
 */
export function openVisits(
  visits: readonly Visit[],
  cipher: ValueCipher,
  encoding: TextEncoding,
  mac: MacBuilder,
): Leaf[] {
  const jobStored: string[] = [];
  const jobAad: string[] = [];
  const jobVisit: Visit[] = [];
  const jobOf = new Int32Array(visits.length).fill(-1);
  visits.forEach((v, i) => {
    if (!v.encrypt) return;
    const stored = v.kind === "value" ? v.node.value : { type: "str", text: v.item.text };
    if (v.kind === "value" && stored.type !== "str") {
      throw new HushError(
        "ERR_VALUE",
        `the value at ${where(v)} should be encrypted but is a plain ${stored.type}`,
        {
          hint: "the file was edited by hand; restore it from git or re-encrypt it",
        },
      );
    }
    if (v.kind === "value" && stored.text !== "" && !isEncryptedText(stored.text)) {
      throw new HushError(
        "ERR_VALUE",
        `the value at ${where(v)} should be encrypted but is plaintext`,
        {
          hint: "the file was edited by hand; restore it from git or re-encrypt it",
        },
      );
    }
    jobOf[i] = jobStored.length;
    jobStored.push(stored.text);
    jobAad.push(v.path.join(":") + ":");
    jobVisit.push(v);
  });
  const opened = cipher.openAll(jobStored, jobAad, (j) => where(jobVisit[j]!), encoding);
  const leaves: Leaf[] = new Array<Leaf>(visits.length);
  for (let i = 0; i < visits.length; i++) {
    const v = visits[i]!;
    const j = jobOf[i]!;
    if (v.kind === "comment") {
      // sops keeps comments that do not decrypt (plaintext or foreign) as they are.
      const ok = j >= 0 && opened.errors[j] === undefined;
      leaves[i] = {
        visit: v,
        text: ok ? opened.texts[j]! : v.item.text,
        type: "comment",
        stored: v.item.text,
        encrypted: ok,
      };
      continue;
    }
    const stored = v.node.value;
    // A value keeps its exact text (a number as written); the MAC takes sops's canonical form.
    if (j < 0) {
      mac.add(canonicalText(stored.type, stored.text, where(v)), false);
      leaves[i] = {
        visit: v,
        text: stored.text,
        type: stored.type,
        stored: stored.text,
        encrypted: false,
      };
      continue;
    }
    const error = opened.errors[j];
    if (error !== undefined) throw error;
    const type = opened.types[j]!;
    if (type === "comment") {
      throw new HushError("ERR_VALUE", `the value at ${where(v)} holds an encrypted comment`, {
        hint: "restore it from git",
      });
    }
    const text = opened.texts[j]!;
    mac.add(canonicalText(type, text, where(v)), true);
    leaves[i] = {
      visit: v,
      text,
      type,
      stored: stored.text,
      encrypted: stored.text !== "",
    };
  }
  return leaves;
}

/** Write the plaintexts back into the document (values typed, comments in place), metadata removed. */
export function applyPlain(doc: StoreDocument, leaves: readonly Leaf[]): void {
  for (const leaf of leaves) {
    const v = leaf.visit;
    if (v.kind === "comment") {
      if (leaf.encrypted) v.item.set(leaf.text);
    } else if (leaf.encrypted) v.node.set({ type: leaf.type as ValueType, text: leaf.text });
  }
  doc.setMetadata(undefined);
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

function pathKey(v: Visit): string {
  return `${v.doc}\u0000${JSON.stringify(v.keyPath)}`;
}

function samePlace(a: Visit, b: Visit): boolean {
  if (a.doc !== b.doc || a.keyPath.length !== b.keyPath.length) return false;
  for (let i = 0; i < a.keyPath.length; i++) if (a.keyPath[i] !== b.keyPath[i]) return false;
  return true;
}

/**
 * Finds the old leaf at a value's key path. An edit changes a few values of a file whose leaves
 * stay in the same order, so the old leaf is nearly always the next one in line: comparing key
 * paths in step is cheap, where a map keyed by every path made `hush set` of one value in a
 * 100k-value file spend a third of its time building keys and collecting them as garbage. The map
 * is built only when the order differs.
 */
class LeafCursor {
  private at = 0;
  private map: Map<string, Leaf> | undefined;
  constructor(private readonly values: readonly Leaf[]) {}
  find(v: Visit): Leaf | undefined {
    const next = this.values[this.at];
    if (next !== undefined && samePlace(next.visit, v)) {
      this.at++;
      return next;
    }
    // A value removed before this one: a few steps ahead.
    for (let k = this.at + 1; k < Math.min(this.at + 8, this.values.length); k++) {
      const l = this.values[k]!;
      if (samePlace(l.visit, v)) {
        this.at = k + 1;
        return l;
      }
    }
    if (this.map === undefined) {
      this.map = new Map();
      for (const l of this.values) this.map.set(pathKey(l.visit), l);
    }
    const found = this.map.get(pathKey(v));
    if (found !== undefined) this.at = this.values.indexOf(found, this.at) + 1 || this.at;
    return found;
  }
}

/** Reuse rules for unchanged values: exact key path first, then sops's (aad, type, plaintext) stash. */
export class Reuse {
  private readonly cursor: LeafCursor;
  private stashMap: Map<string, string> | undefined;
  constructor(private readonly leaves: readonly Leaf[]) {
    this.cursor = new LeafCursor(leaves.filter((l) => l.encrypted && l.visit.kind === "value"));
  }
  byPath(v: Visit): Leaf | undefined {
    return this.cursor.find(v);
  }
  /** The stored text of an old leaf with the same AAD, type and plaintext (built on first use). */
  stash(aad: string, type: string, text: string): string | undefined {
    if (this.stashMap === undefined) {
      this.stashMap = new Map();
      for (const l of this.leaves) {
        if (!l.encrypted) continue;
        this.stashMap.set(stashKey(l.visit.path.join(":") + ":", l.type, l.text), l.stored);
      }
    }
    return this.stashMap.get(stashKey(aad, type, text));
  }
}

export function buildReuse(leaves: readonly Leaf[]): Reuse {
  return new Reuse(leaves);
}

/**
 * Encrypt every leaf of a plaintext document in place; returns the MAC hex and the plaintext leaves.
 */
export function encryptLeaves(
  doc: StoreDocument,
  rules: Rules,
  cipher: ValueCipher,
  reuse?: Reuse,
): { macHex: string; leaves: Leaf[] } {
  const visits = walkDocument(doc, rules);
  const encoding = encodingOf(doc);
  const mac = new MacBuilder(rules.raw.macOnlyEncrypted === true, encoding);
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
        stored = reuse?.stash(aad, "comment", text);
        if (stored === undefined) {
          jobs.push({ text, type: "comment", aad });
          jobLeaf.push(leaves.length);
        }
      }
      leaves.push({
        visit: v,
        text,
        type: "comment",
        stored: stored ?? "",
        encrypted: v.encrypt && text !== "",
      });
      continue;
    }
    const value = v.node.value;
    if (isEncryptedText(value.text) && value.type === "str" && v.encrypt) {
      throw new HushError(
        "ERR_ALREADY_ENCRYPTED",
        `the value at ${where(v)} is already encrypted`,
        {
          hint: "decrypt the file first, or use `hush edit`",
        },
      );
    }
    mac.add(canonicalText(value.type, value.text, where(v)), v.encrypt);
    const text = v.encrypt ? storedPlaintext(value.type, value.text, where(v)) : value.text;
    let stored: string | undefined = text;
    if (v.encrypt) {
      const old = reuse?.byPath(v);
      stored =
        old !== undefined && sameValue(old.type, old.text, value.type, text)
          ? old.stored
          : reuse?.stash(aad, value.type, text);
      if (stored === undefined) {
        jobs.push({ text, type: value.type, aad });
        jobLeaf.push(leaves.length);
      }
    }
    leaves.push({
      visit: v,
      text,
      type: value.type,
      stored: stored ?? "",
      encrypted: v.encrypt && text !== "",
    });
  }
  const sealed = cipher.sealMany(jobs, encoding);
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

/** Key paths of values added, changed or removed between two leaf lists. */
export function changedPaths(oldLeaves: readonly Leaf[], newLeaves: readonly Leaf[]): string[] {
  const olds = oldLeaves.filter((l) => l.visit.kind === "value");
  const cursor = new LeafCursor(olds);
  const seen = new Set<Leaf>();
  const changed: string[] = [];
  for (const l of newLeaves) {
    if (l.visit.kind !== "value") continue;
    const o = cursor.find(l.visit);
    if (o !== undefined) seen.add(o);
    if (
      o === undefined ||
      !sameValue(o.type, o.text, l.type, l.text) ||
      o.encrypted !== l.encrypted
    )
      changed.push(formatKeyPath(l.visit.keyPath));
  }
  if (seen.size !== olds.length)
    for (const o of olds) if (!seen.has(o)) changed.push(formatKeyPath(o.visit.keyPath));
  return changed;
}

/**
 * Replace one value of an opened encrypted document in place: the new value is sealed (or written
 * in clear where the rules leave it so) straight into the encrypted document, every other value
 * keeps its exact text, and the MAC is recomputed from the decrypted leaves. This is `hush set`
 * of an existing value without re-encoding the whole file: the general path (write the plaintext,
 * parse it back, re-encrypt with reuse) cost 2.3 decrypts on a 100k-value file.
 * @returns the new MAC hex, or undefined when the value is already that one
 */
export function replaceLeaf(
  doc: StoreDocument,
  leaves: Leaf[],
  index: number,
  value: { type: ValueType; text: string },
  macOnlyEncrypted: boolean,
  cipher: ValueCipher,
): string | undefined {
  const leaf = leaves[index]!;
  const v = leaf.visit;
  if (v.kind !== "value") throw new HushError("ERR_INTERNAL", "replaceLeaf: not a value");
  const text = v.encrypt ? storedPlaintext(value.type, value.text, where(v)) : value.text;
  if (leaf.type === value.type && leaf.text === text) return undefined;
  const encoding = encodingOf(doc);
  const stored = v.encrypt
    ? cipher.sealMany([{ text, type: value.type, aad: v.path.join(":") + ":" }], encoding)[0]!
    : text;
  leaves[index] = { visit: v, text, type: value.type, stored, encrypted: v.encrypt && text !== "" };
  const mac = new MacBuilder(macOnlyEncrypted, encoding);
  // The MAC takes sops's canonical form of each value, as encryptLeaves and decryptLeaves add it.
  for (let i = 0; i < leaves.length; i++) {
    const l = leaves[i]!;
    if (l.visit.kind !== "value") continue;
    mac.add(
      i === index
        ? canonicalText(value.type, value.text, where(v))
        : canonicalText(l.type as ValueType, l.text, where(l.visit)),
      l.visit.encrypt,
    );
  }
  v.node.set(v.encrypt ? { type: "str", text: stored } : { type: value.type, text });
  return mac.hex();
}
