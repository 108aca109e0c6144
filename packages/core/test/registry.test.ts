/**
 * The format registry is the one list of formats: every entry is reachable by its name and
 * aliases, claims its own file names, sniffs and locates its own metadata, and a writable one
 * writes plain data its own store reads back.
 */
import { describe, expect, it } from "vitest";
import {
  detectFormat,
  exportAs,
  formatEntry,
  formatList,
  formatNamed,
  FORMATS,
  hasTree,
  isWritable,
  decrypt,
  encrypt,
  generateIdentity,
  looksEncrypted,
  type Format,
} from "../src/index.js";
import { sopsMetadataRanges } from "../src/scan/allow.js";

/** A file name each format claims (the sops rule), and one sops-encrypted text of it. */
const MAC =
  "ENC[AES256_GCM,data:AAAA,iv:AAAAAAAAAAAAAAAAAAAAAA==,tag:AAAAAAAAAAAAAAAAAAAAAA==,type:str]";
const SAMPLES: Record<Format, { name: string; sealed: string | undefined }> = {
  yaml: { name: "conf/App.Secret.YML", sealed: `a: ${MAC}\nsops:\n    mac: ${MAC}\n` },
  json: {
    name: "a.json",
    sealed: `{\n\t"a": "${MAC}",\n\t"sops": {\n\t\t"mac": "${MAC}"\n\t}\n}\n`,
  },
  dotenv: { name: "deploy/.env.production", sealed: `A=${MAC}\nsops_mac=${MAC}\n` },
  ini: { name: "a.ini", sealed: `[s]\na = ${MAC}\n[sops]\nmac = ${MAC}\n` },
  binary: { name: "key.pem", sealed: undefined },
};

describe("format registry", () => {
  it("should reach every entry by its name and aliases, and by the file names it claims", () => {
    expect(FORMATS.map((f) => f.name).sort()).toEqual(Object.keys(SAMPLES).sort());
    for (const f of FORMATS) {
      const name = f.name as Format;
      expect(formatEntry(name)).toBe(f);
      for (const n of [f.name, ...f.aliases]) expect(formatNamed(n)).toBe(name);
      expect(detectFormat(SAMPLES[name].name)).toBe(name);
    }
    expect(formatNamed("toml")).toBeUndefined();
    expect(formatList()).toBe(
      `${FORMATS.slice(0, -1)
        .map((f) => f.name)
        .join(", ")} or binary`,
    );
    expect(formatList(hasTree)).not.toContain("binary");
  });

  it("should sniff and locate each format's metadata in its own syntax only", () => {
    for (const f of FORMATS) {
      const sealed = SAMPLES[f.name as Format].sealed;
      if (sealed === undefined) continue;
      expect(looksEncrypted(sealed, f.name as Format), f.name).toBe(true);
      const plain = sealed.replaceAll(MAC, "x");
      expect(looksEncrypted(plain, f.name as Format), f.name).toBe(false);
      const ranges = f.metadataRanges(sealed);
      expect(ranges.length, f.name).toBeGreaterThan(0);
      for (const [from, to] of ranges) expect(sealed.slice(from, to), f.name).toContain("sops");
      expect(sopsMetadataRanges(sealed)).toEqual(expect.arrayContaining(ranges));
    }
  });

  it("should write plain data as each writable format, which hush reads back", async () => {
    const { identity, recipient } = await generateIdentity();
    const tree = { A: "it's #1", B: "two words", C: "" };
    for (const f of FORMATS) {
      const format = f.name as Format;
      if (!isWritable(f)) {
        expect(() => exportAs(tree, format)).toThrow(
          expect.objectContaining({ code: "ERR_USAGE" }),
        );
        continue;
      }
      const sealed = await encrypt(exportAs(tree, format), { format, recipients: [recipient] });
      expect(looksEncrypted(sealed, format), format).toBe(true);
      const { tree: back } = await decrypt(sealed, { format, identities: [identity] });
      expect(back, format).toEqual(tree);
    }
  });
});
