/**
 * The guard reads text in any Unicode encoding: UTF-16/32 (by BOM, or by the NUL pattern of BOM-less
 * UTF-16/32) and UTF-8 with a stray NUL are scanned, their lines reported in the decoded text; a
 * change git diffs as binary still has its added lines found. Real commits through the hook that
 * `hush hook install` writes, running the BUILT guard.
 */
import { createHash } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { makeRepo, type TempRepo } from "../helpers/guard-repo.js";
import { plantedTokens } from "../helpers/tokens.js";

let repo: TempRepo | undefined;
afterEach(() => {
  repo?.cleanup();
  repo = undefined;
});

function setup(): TempRepo {
  repo = makeRepo();
  const install = repo.hush("hook", "install");
  expect(install.code, install.stderr).toBe(0);
  repo.write("README.md", "# test repo\n");
  expect(repo.commit("init", "README.md").code).toBe(0);
  return repo;
}

function swap16(b: Buffer): Buffer {
  const out = Buffer.from(b);
  out.swap16();
  return out;
}

function utf32(text: string, littleEndian: boolean): Buffer {
  const cps = [...text].map((c) => c.codePointAt(0)!);
  const out = Buffer.alloc(cps.length * 4);
  cps.forEach((cp, i) =>
    littleEndian ? out.writeUInt32LE(cp, i * 4) : out.writeUInt32BE(cp, i * 4),
  );
  return out;
}

/** The text in each encoding the guard must read, with and without a BOM. */
const ENCODINGS: Record<string, (text: string) => Buffer> = {
  "utf-16le with BOM": (t) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(t, "utf16le")]),
  "utf-16le without BOM": (t) => Buffer.from(t, "utf16le"),
  "utf-16be with BOM": (t) =>
    Buffer.concat([Buffer.from([0xfe, 0xff]), swap16(Buffer.from(t, "utf16le"))]),
  "utf-16be without BOM": (t) => swap16(Buffer.from(t, "utf16le")),
  "utf-32le with BOM": (t) => Buffer.concat([Buffer.from([0xff, 0xfe, 0, 0]), utf32(t, true)]),
  "utf-32be with BOM": (t) => Buffer.concat([Buffer.from([0, 0, 0xfe, 0xff]), utf32(t, false)]),
  "utf-8 with BOM": (t) => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(t, "utf8")]),
};

function findings(r: TempRepo): { path: string; line: number; ruleId: string }[] {
  const out = r.guard("--json");
  expect([0, 1], out.stderr).toContain(out.code);
  return (JSON.parse(out.stdout) as { findings: { path: string; line: number; ruleId: string }[] })
    .findings;
}

describe("guard: text in other encodings", () => {
  it("should block a UTF-16LE .ps1 holding a GitHub token, as it blocks its UTF-8 twin", () => {
    const r = setup();
    const script = `# deploy helper\r\n$headers = @{}\r\n$${plantedTokens()["github-pat"]!.replace(": ", " = '")}'\r\n`;
    r.write("deploy.ps1", ENCODINGS["utf-16le with BOM"]!(script));
    const c = r.commit("script", "deploy.ps1");
    expect(c.code, c.stderr).toBe(1);
    expect(c.stderr).toContain("deploy.ps1:3");
    expect(c.stderr).toMatch(/github-/);
    expect(r.git("rev-list", "--count", "HEAD").stdout.trim()).toBe("1");
  });

  it("should scan every encoding by BOM or NUL pattern and report lines of the decoded text", () => {
    const r = setup();
    const token = plantedTokens()["github-pat"]!;
    const paths: string[] = [];
    for (const [name, encode] of Object.entries(ENCODINGS)) {
      const rel = `conf/${name.replace(/\W+/g, "-")}.txt`;
      r.write(rel, encode(`settings for ${name}\nmode: fast\n${token}\n`));
      paths.push(rel);
    }
    r.git("add", ...paths);
    const found = findings(r);
    for (const rel of paths)
      expect(
        found.some((f) => f.path === rel && f.line === 3 && f.ruleId.startsWith("github-")),
        rel,
      ).toBe(true);
    expect(r.git("commit", "-q", "-m", "encodings").code).toBe(1);
  });

  it("should not let a NUL byte hide a text file", () => {
    const r = setup();
    r.write("notes.txt", Buffer.from(`header\0\n${plantedTokens()["github-pat"]!}\n`, "utf8"));
    const c = r.commit("nul", "notes.txt");
    expect(c.code).toBe(1);
    expect(c.stderr).toContain("notes.txt:2");
  });

  it("should find the lines a change adds to a file git diffs as binary (UTF-16, a NUL, -diff)", () => {
    const r = setup();
    const token = plantedTokens()["github-pat"]!;
    const utf16 = ENCODINGS["utf-16le with BOM"]!;
    r.write(".gitattributes", "*.dat -diff\n");
    r.write("a.ps1", utf16("line one\nline two\n"));
    r.write("b.txt", Buffer.from("one\0\ntwo\n"));
    r.write("c.dat", "one\ntwo\n");
    expect(r.commit("base", ".gitattributes", "a.ps1", "b.txt", "c.dat").code).toBe(0);
    r.write("a.ps1", utf16(`line one\nline two\n${token}\n`));
    r.write("b.txt", Buffer.from(`one\0\ntwo\n${token}\n`));
    r.write("c.dat", `one\ntwo\n${token}\n`);
    r.git("add", "a.ps1", "b.txt", "c.dat");
    const found = findings(r).map((f) => `${f.path}:${f.line}`);
    expect(found).toEqual(["a.ps1:3", "b.txt:3", "c.dat:3"]);
    expect(r.git("commit", "-q", "-m", "tokens").code).toBe(1);
    // A token already committed is not reported again on an unrelated edit.
    expect(r.git("commit", "-q", "--no-verify", "-m", "accepted").code).toBe(0);
    r.write("a.ps1", utf16(`line one\nline 2\n${token}\n`));
    expect(r.commit("edit", "a.ps1").code).toBe(0);
  });

  it("should still skip a file that is really binary", () => {
    const r = setup();
    const bytes = Buffer.concat(
      Array.from({ length: 256 }, (_, i) => createHash("sha256").update(`blob:${i}`).digest()),
    );
    r.write("assets/blob.bin", bytes);
    r.write("assets/logo.png", Buffer.concat([Buffer.from("\x89PNG\r\n\x1a\n", "latin1"), bytes]));
    const c = r.commit("binaries", "assets/blob.bin", "assets/logo.png");
    expect(c.code, c.stderr).toBe(0);
  });
});
