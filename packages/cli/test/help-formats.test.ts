/**
 * Help texts take their format lists from the format registry: every page with a format option
 * names every format that option takes, and the option parser takes exactly those.
 */
import { describe, expect, it } from "vitest";
import { FORMATS, formatList, hasTree, isWritable } from "@hush/core";
import { parseFormat } from "../src/lib/files.js";
import { parseExportFormat } from "../src/lib/render.js";
import { helpPages } from "../src/run.js";

/** A page's text with commander's line wrapping undone. */
const flat = (page: string): string => page.replace(/\s+/g, " ");

describe("format lists in help", () => {
  it("should list the registry's formats on every page with --input-type or --output-type", async () => {
    const { pages } = await helpPages();
    const withInput = Object.entries(pages).filter(([, p]) => p.includes("--input-type"));
    expect(withInput.map(([name]) => name).sort()).toEqual(
      ["decrypt", "edit", "encrypt", "exec", "get", "set", "unset"].sort(),
    );
    for (const [name, page] of withInput) {
      const list = name === "set" || name === "unset" ? formatList(hasTree) : formatList();
      expect(flat(page), name).toContain(`--input-type <format> ${list} (default`);
    }
    for (const name of ["encrypt", "decrypt"])
      expect(flat(pages[name] ?? ""), name).toContain(formatList(isWritable));
  });

  it("should parse every format name and alias, and the writable ones as export formats", () => {
    for (const f of FORMATS) {
      for (const n of [f.name, ...f.aliases]) {
        expect(parseFormat(n, "--input-type")).toBe(f.name);
        if (isWritable(f)) expect(parseExportFormat(n, "--format")).toBe(f.name);
        else expect(() => parseExportFormat(n, "--format")).toThrow();
      }
    }
    expect(() => parseFormat("toml", "--input-type")).toThrow(
      expect.objectContaining({ code: "ERR_USAGE" }),
    );
    expect(parseExportFormat("k8s-secret", "--format")).toBe("k8s-secret");
  });
});
