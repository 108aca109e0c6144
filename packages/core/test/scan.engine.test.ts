// The detector around the rules: suppression (`hush:allow`, `.hushignore`), fingerprints,
// redaction, SOPS awareness, path and content skips, and robustness on arbitrary input.
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { fc, test as fcTest } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import { crc32, hasValidTokenChecksum, tokenChecksum } from "../src/scan/checksum.js";
import { shannonEntropy } from "../src/scan/entropy.js";
import { fingerprintOf, listRules, parseIgnoreFile, redact, scanText } from "../src/scan/index.js";
import { Prefilter } from "../src/scan/prefilter.js";
import { sha256Hex } from "../src/scan/sha256.js";
import { ALNUM, B64, fakes, Rng } from "./scan-fixtures.js";

const rng = new Rng(7);
const f = fakes(rng);
const ids = (text: string, p = "src/a.ts"): string[] =>
  scanText(text, { path: p }).map((x) => x.ruleId);

describe("hush:allow", () => {
  it("should skip a finding on a line carrying hush:allow", () => {
    const tok = f.githubClassic();
    expect(ids(`const t = "${tok}"; // hush:allow test fixture`)).toEqual([]);
    expect(ids(`const t = "${tok}";`)).toEqual(["github-token"]);
  });

  it("should skip the line after a comment-only hush:allow line, and only that line", () => {
    const a = f.githubClassic();
    const b = f.githubClassic();
    const text = `// hush:allow\nconst a = "${a}";\nconst b = "${b}";\n`;
    const found = scanText(text, { path: "a.ts" });
    expect(found.map((x) => x.line)).toEqual([3]);
    expect(ids(`# hush:allow\nTOKEN=${a}\n`, ".env")).toEqual([]);
  });

  it("should not extend a trailing hush:allow to the next line", () => {
    const text = `const x = 1; // hush:allow\nconst t = "${f.githubClassic()}";\n`;
    expect(ids(text)).toEqual(["github-token"]);
  });
});

describe(".hushignore", () => {
  it("should drop findings whose fingerprint is listed, wherever the line moves", () => {
    const tok = f.stripe();
    const first = scanText(`k = "${tok}"`, { path: "a.ts" });
    expect(first).toHaveLength(1);
    const ignore = parseIgnoreFile(`# reviewed: test fixture\nsrc/a.ts:${first[0]!.fingerprint}\n`);
    const moved = `\n\n// moved down\nconst other = 1;\nk = "${tok}"`;
    expect(scanText(moved, { path: "b.ts" })[0]?.fingerprint).toBe(first[0]!.fingerprint);
    expect(scanText(moved, { path: "b.ts", ignore })).toEqual([]);
  });

  it("should parse fingerprints with comments, path prefixes and blank lines", () => {
    const a = "a".repeat(64);
    const b = "B".repeat(64);
    const c = "0123456789abcdef".repeat(4);
    const parsed = parseIgnoreFile(
      `# header\n\n${a}\nsome/file.yaml:${b}  # why\n  ${c} trailing-note\nnot-a-hash\n`,
    );
    expect([...parsed].sort()).toEqual([c, a, "b".repeat(64)].sort());
  });
});

describe("fingerprints and previews", () => {
  it("should fingerprint as sha256 hex of ruleId:secret", () => {
    const tok = f.gitlab();
    const [finding] = scanText(`GITLAB=${tok}`, { path: ".env" });
    const expected = createHash("sha256").update(`gitlab-token:${tok}`).digest("hex");
    expect(finding?.fingerprint).toBe(expected);
    expect(fingerprintOf("gitlab-token", tok)).toBe(expected);
  });

  it("should compute SHA-256 like node:crypto for ASCII, multibyte and long inputs", () => {
    for (const input of [
      "",
      "abc",
      "é漢字🙂",
      "x".repeat(1000),
      rng.str(B64, 55),
      rng.str(B64, 56),
      rng.str(B64, 64),
    ]) {
      expect(sha256Hex(input)).toBe(createHash("sha256").update(input, "utf8").digest("hex"));
    }
  });

  it("should never show more than 4 characters nor more than a quarter of a secret", () => {
    const text = [
      `k1 = "${f.stripe()}"`,
      `DATABASE_URL=postgres://u:${rng.str(ALNUM, 9)}@db:5432/x`,
      `password: ${f.password()}`,
      `AGE=${f.age()}`,
    ].join("\n");
    const found = scanText(text, { path: "x.env" });
    expect(found.length).toBe(4);
    for (const x of found) {
      const shown = x.preview.replace("…", "");
      expect(shown.length).toBeLessThanOrEqual(4);
      expect(x.preview.endsWith("…")).toBe(true);
    }
    expect(redact("abcdefgh")).toBe("ab…");
    expect(redact("abc")).toBe("…");
  });

  it("should report 1-based line and column of the secret", () => {
    const tok = f.sendgrid();
    const [x] = scanText(`line one\n\n  key: "${tok}"\n`, { path: "a.yaml" });
    expect(x).toMatchObject({
      ruleId: "sendgrid-api-key",
      line: 3,
      column: 9,
      endLine: 3,
      endColumn: 9 + tok.length,
    });
  });
});

describe("not secrets", () => {
  const fixtures = path.resolve(
    path.dirname(fileURLToPath(import.meta.url)),
    "../../../../shared/sops-fixtures",
  );
  const haveFixtures = existsSync(fixtures);
  if (!haveFixtures) console.warn(`skipping SOPS fixture scans: ${fixtures} is absent`);

  describe.skipIf(!haveFixtures)("real sops-encrypted files", () => {
    for (const file of [
      "getsops-sops-pr1031/example.yaml",
      "getsops-sops-pr1031/example.json",
      "getsops-sops-pr1031/example.ini",
      "humphd-sops-age/secret.enc.json",
      "humphd-sops-age/secret.enc.env",
    ]) {
      it(`should find nothing in ${file}`, () => {
        expect(scanText(readFileSync(path.join(fixtures, file), "utf8"), { path: file })).toEqual(
          [],
        );
      });
    }
    it("should find the age identities in the fixtures' key file", () => {
      const text = readFileSync(path.join(fixtures, "getsops-sops-pr1031/keys.txt"), "utf8");
      expect(ids(text, "keys.txt")).toContain("age-secret-key");
    });
  });

  it("should ignore secrets inside the sops metadata block of a YAML file", () => {
    const text = `db:\n  password: ENC[AES256_GCM,data:${rng.str(B64, 16)},iv:${rng.str(B64, 43)}=,tag:${rng.str(B64, 22)}==,type:str]\nsops:\n  age:\n    - recipient: age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p\n      enc: |\n        -----BEGIN AGE ENCRYPTED FILE-----\n        ${rng.str(B64, 64)}\n        -----END AGE ENCRYPTED FILE-----\n  token: ${f.token()}\n  mac: ENC[AES256_GCM,data:${rng.str(B64, 88)},iv:${rng.str(B64, 43)}=,tag:${rng.str(B64, 22)}==,type:str]\n  version: 3.9.1\n`;
    expect(ids(text, "secrets.yaml")).toEqual([]);
  });

  it("should still flag a plaintext secret next to ENC values", () => {
    const text = `a: ENC[AES256_GCM,data:${rng.str(B64, 16)},iv:${rng.str(B64, 43)}=,tag:${rng.str(B64, 22)}==,type:str]\nb: ${f.githubClassic()}\n`;
    expect(ids(text, "secrets.yaml")).toEqual(["github-token"]);
  });

  it("should skip lock files by path but scan the same text elsewhere", () => {
    const text = `"integrity": "sha512-${rng.str(B64, 86)}==",\n"token": "${f.githubClassic()}"\n`;
    for (const lock of [
      "package-lock.json",
      "sub/pnpm-lock.yaml",
      "yarn.lock",
      "Cargo.lock",
      "go.sum",
      "poetry.lock",
    ]) {
      expect(ids(text, lock)).toEqual([]);
    }
    expect(ids(text, "data.json")).toEqual(["github-token"]);
  });

  it("should skip binary content (a NUL byte) and binary extensions", () => {
    const tok = f.githubClassic();
    expect(ids(`\0PNG\0${tok}`, "a.dat")).toEqual([]);
    expect(ids(tok, "logo.png")).toEqual([]);
    expect(ids(tok, "node_modules/x/index.js")).toEqual([]);
  });

  it("should skip generic assignments on minified lines but keep token formats there", () => {
    const filler = "var a=function(){return 1};".repeat(40);
    expect(ids(`${filler}var password="${f.password()}";${filler}`, "app.min.js")).toEqual([]);
    expect(ids(`${filler}var k="${f.stripe()}";${filler}`, "app.min.js")).toEqual([
      "stripe-secret-key",
    ]);
  });

  it("should not report UUIDs, git SHAs, SRI hashes, public keys or age recipients", () => {
    const text = [
      `const id = "${f.uuid()}";`,
      `const sha = "${f.hex(40)}";`,
      `<script integrity="sha384-${rng.str(B64, 64)}"></script>`,
      `ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI${rng.str(B64, 43)} me@host`,
      `recipient: age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p`,
    ].join("\n");
    expect(ids(text, "notes.md")).toEqual([]);
  });

  it("should let a specific rule win over the generic one for the same secret", () => {
    expect(ids(`GITHUB_TOKEN=${f.githubClassic()}`, ".env")).toEqual(["github-token"]);
    expect(ids(`api_key: "${f.stripe()}"`, "a.yaml")).toEqual(["stripe-secret-key"]);
  });
});

describe("line endings", () => {
  it("should handle CRLF files: positions, hush:allow, PEM blocks and the sops block", () => {
    const tok = f.githubClassic();
    const pem = armouredCrlf();
    const text = `a: 1\r\n# hush:allow\r\nb: ${tok}\r\nc: ${tok}\r\npassword: ${f.password()}\r\n${pem}sops:\r\n  token: ${f.token()}\r\n`;
    const found = scanText(text, { path: "a.yaml" }).map((x) => [x.ruleId, x.line, x.column]);
    expect(found).toEqual([
      ["github-token", 4, 4],
      ["generic-secret", 5, 11],
      ["private-key", 6, 1],
    ]);
  });
});

function armouredCrlf(): string {
  const label = ["RSA", "PRIVATE", "KEY"].join(" ");
  const body = Array.from({ length: 6 }, () => rng.str(B64, 64)).join("\r\n");
  return `-----BEGIN ${label}-----\r\n${body}\r\n-----END ${label}-----\r\n`;
}

describe("robustness", () => {
  fcTest.prop([fc.string({ maxLength: 2000 }), fc.string({ maxLength: 40 })])(
    "should never throw and always return findings with redacted previews",
    (text, p) => {
      const out = scanText(text, { path: p });
      expect(Array.isArray(out)).toBe(true);
      for (const x of out) expect(x.preview.length).toBeLessThanOrEqual(5);
    },
  );

  fcTest.prop([
    fc.array(
      fc.constantFrom(
        "password: ",
        "token=",
        "ghp_",
        "-----BEGIN RSA PRIVATE KEY-----\n",
        "AKIA",
        "://a:b@",
        "eyJ",
        "\n",
        "ENC[",
        "sops:\n",
        "hush:allow",
        "x".repeat(30),
        rng.str(B64, 40),
      ),
      { maxLength: 60 },
    ),
  ])("should not throw on keyword-dense input", (parts) => {
    expect(
      scanText(parts.join(""), { path: "a.env" }).every((x) => x.ruleId !== "scanner-error"),
    ).toBe(true);
  });

  it("should stay fast on adversarial repetitive input (no catastrophic backtracking)", () => {
    const nasty = [
      "A".repeat(200_000),
      "+".repeat(100_000),
      `-----BEGIN RSA PRIVATE KEY-----\n${"+".repeat(50_000)}`,
      `-----BEGIN RSA PRIVATE KEY-----\n${"AAAA\\n".repeat(10_000)}`,
      `password: ${"!".repeat(20_000)}a`,
      `token = "${"Ab".repeat(300)}"`,
      `api_key="${"A".repeat(499)}1"`,
      `://${":".repeat(50_000)}@`,
      `postgres://${"a".repeat(99)}:${"b:".repeat(20_000)}`,
      "eyJ".repeat(30_000),
      `sk-proj-${"T3BlbkFJ".repeat(10_000)}`,
      `${"secret=".repeat(20_000)}`,
      `ENC[${"x".repeat(100_000)}`,
    ];
    for (const text of nasty) {
      const out = scanText(text, { path: "a.env" });
      expect(out.every((x) => x.ruleId !== "scanner-error")).toBe(true);
    }
  });

  it("should find every planted token in a large file, in order", () => {
    const lines: string[] = [];
    const planted: number[] = [];
    for (let i = 0; i < 5000; i++) {
      if (i % 500 === 250) {
        lines.push(`const k${i} = "${f.githubClassic()}";`);
        planted.push(i + 1);
      } else {
        lines.push(`function f${i}(token) { return token + ${i}; } // secret sauce`);
      }
    }
    expect(scanText(lines.join("\n"), { path: "big.ts" }).map((x) => x.line)).toEqual(planted);
  });

  it("should list every rule once with a description", () => {
    const rules = listRules();
    expect(new Set(rules.map((r) => r.id)).size).toBe(rules.length);
    expect(rules.length).toBeGreaterThanOrEqual(30);
    for (const r of rules) expect(r.description.length).toBeGreaterThan(5);
  });
});

describe("documentation examples and grammars", () => {
  it("should report only self-identifying credentials in a doc comment's example section", () => {
    const hex = rng.s("0123456789abcdef", 64);
    const tok = f.githubClassic();
    const block = (body: string): string =>
      `/**\n * Signs a message.\n * @example\n * const sig = sign(msg);\n${body}\n */\n`;
    expect(ids(block(` * const privateKey = '${hex}';`))).toEqual([]);
    // A format-named token is a leak wherever it is written.
    expect(ids(block(` * const token = "${tok}";`))).toEqual(["github-token"]);
    // Outside the example section (after another tag), or in an ordinary comment: still a guess worth reporting.
    expect(
      ids(`/**\n * @example\n * sign(msg);\n * @param key - const privateKey = '${hex}'\n */\n`),
    ).toEqual(["generic-secret"]);
    expect(ids(`// const privateKey = '${hex}';\n`)).toEqual(["generic-secret"]);
    expect(ids(`/// # Examples\n/// let secret_key = "${hex}";\n`, "src/lib.rs")).toEqual([]);
    expect(ids(`/// The key.\n/// let secret_key = "${hex}";\n`, "src/lib.rs")).toEqual([
      "generic-secret",
    ]);
  });

  it("should read ABNF elements as grammar, not values, and keep real values next to them", () => {
    expect(ids(" *   date-token      = 1*non-delimiter\n", "src/cookie.js")).toEqual([]);
    expect(ids("session-token = %x21-7E\n", "grammar.abnf")).toEqual([]);
    const pw = `${rng.s(ALNUM, 6)}*${rng.s(ALNUM, 10)}9`;
    expect(ids(`# session-token = 1${pw}\n`, "src/cookie.py")).toEqual(["generic-secret"]);
  });
});

describe("keyword prefilter", () => {
  const naive = (text: string, kw: string, exact: boolean): number[] => {
    const hay = exact ? text : text.toLowerCase();
    const out: number[] = [];
    for (let i = hay.indexOf(kw); i >= 0; i = hay.indexOf(kw, i + 1)) out.push(i);
    return out;
  };

  it("should find every occurrence like a naive search, across candidate-buffer refills", () => {
    const parts: string[] = [];
    for (let i = 0; i < 6000; i++)
      parts.push(i % 3 === 0 ? "TOKEN" : i % 3 === 1 ? "tokens" : "akia AKIA tok");
    const text = parts.join(" x ");
    const pf = new Prefilter(["token", "AKIA"]);
    const hits = pf.scan(text);
    const got = (id: number): number[] => hits.index.filter((_, h) => hits.keyword[h] === id);
    expect(got(0)).toEqual(naive(text, "token", false));
    expect(got(1)).toEqual(naive(text, "AKIA", true));
    expect(got(0).length).toBe(4000);
    expect([...hits.index]).toEqual([...hits.index].sort((a, b) => a - b));
  });

  fcTest.prop([
    fc.array(
      fc.constantFrom(
        "xoxb-",
        "glpat-",
        "Secret",
        "passwd",
        "ey",
        "zq_",
        "eyJ",
        "a",
        " ",
        "\n",
        "k8s",
      ),
      {
        maxLength: 300,
      },
    ),
  ])(
    "should find what a naive search finds, in order, with keywords keyed on an inner trigram",
    (parts) => {
      const text = parts.join("");
      const words = ["xoxb-", "glpat-", "secret", "passwd", "ssw", "eyJ", "zq_x", "k8s"];
      const pf = new Prefilter(words);
      const hits = pf.scan(text);
      const want = words
        .flatMap((w, id) => naive(text, w, w !== w.toLowerCase()).map((i) => [i, id] as const))
        .sort((a, b) => a[0] - b[0] || a[1] - b[1]);
      const got = hits.index.map((i, h) => [i, hits.keyword[h]!] as const);
      expect([...got].sort((a, b) => a[0] - b[0] || a[1] - b[1])).toEqual(want);
      expect([...hits.index]).toEqual([...hits.index].sort((a, b) => a - b));
    },
  );

  it("should find keywords at the very start and end and ignore non-ASCII neighbours", () => {
    const pf = new Prefilter(["ghp_", "sk-ant-"]);
    expect(pf.scan("ghp_").index).toEqual([0]);
    expect(pf.scan("é漢ghp_x sk-ant-").index).toEqual([2, 8]);
    expect(pf.scan("gh").index).toEqual([]);
  });
});

describe("checksum and entropy helpers", () => {
  it("should compute CRC-32 like zlib", () => {
    expect(crc32("123456789")).toBe(0xcbf43926);
    expect(crc32("")).toBe(0);
  });

  it("should accept tokens carrying their own checksum and reject altered ones", () => {
    const body = rng.str(ALNUM, 30);
    const token = `ghp_${body}${tokenChecksum(body)}`;
    expect(hasValidTokenChecksum(token)).toBe(true);
    expect(
      hasValidTokenChecksum(
        `ghp_${body.replace(/^./, (c) => (c === "a" ? "b" : "a"))}${tokenChecksum(body)}`,
      ),
    ).toBe(false);
    expect(hasValidTokenChecksum("ghp_short")).toBe(false);
  });

  it("should measure entropy in bits per character", () => {
    expect(shannonEntropy("aaaa")).toBe(0);
    expect(shannonEntropy("abcd")).toBe(2);
    expect(shannonEntropy("")).toBe(0);
  });
});
