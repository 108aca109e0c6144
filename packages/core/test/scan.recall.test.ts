// Known misses of the detector (issue 15): names written in other scripts, a random token that
// happens to spell a placeholder word, a low-entropy draw of a short format, short generated
// passwords with a repeated character, and short base64 values in a Kubernetes Secret. Every
// credential is built at run time; each case failed before its fix.
import { describe, expect, it } from "vitest";
import { isTokenPlaceholder } from "../src/scan/allow.js";
import { shannonEntropy } from "../src/scan/entropy.js";
import { scanText } from "../src/scan/index.js";
import { Prefilter } from "../src/scan/prefilter.js";
import { isSecretValue } from "../src/scan/values.js";
import { ALNUM, Rng } from "./scan-fixtures.js";

const rng = new Rng(20261204);
const found = (text: string, path: string): string[] =>
  scanText(`${text}\n`, { path }).map((f) => `${f.ruleId}@${f.line}`);
const SYMBOLS = "!#%&*+-=?@^_~";
const BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/** A generated password of `n` characters, three kinds or more, every character different. */
function distinctPassword(n: number): string {
  for (;;) {
    const p = rng.str(ALNUM + SYMBOLS, n);
    if (new Set(p).size === n && /\d/.test(p) && /[A-Za-z]/.test(p) && /[^\w]/.test(p)) return p;
  }
}

describe("secret names in other scripts", () => {
  const pw = distinctPassword(14);

  it.each([
    ["src/config.h", `#define CONTRASEÑA "${pw}"`],
    ["src/config.hpp", `#  define MOT_DE_PASSE_BDD "${pw}"`],
    ["app.py", `パスワード = "${pw}"`],
    ["config.yaml", `db:\n  パスワード: ${pw}`],
    ["settings.py", `データベースパスワード = "${pw}"`],
    ["app.go", `пароль := "${pw}"`],
    ["config.json", `{ "密码": "${pw}" }`],
    ["app.kt", `val 비밀번호 = "${pw}"`],
    ["context.xml", `<property name="contraseña" value="${pw}"/>`],
    ["Web.config", `<add key="パスワード" value="${pw}" />`],
  ])("finds the password named in %s: %s", (path, text) => {
    expect(found(text, path)).toContain(`generic-secret@${text.split("\n").length}`);
  });

  it.each([
    ["src/config.h", `#define CONTRASEÑA ""`],
    ["src/config.h", `#define CONTRASEÑA "<contraseña>"`],
    ["app.py", `パスワード = "changeme"`],
    ["config.yaml", `パスワード: \${DB_PASSWORD}`],
    ["app.py", `パスワード = os.environ["DB_PASSWORD"]`],
    ["docs/setup.md", `パスワードを入力してください: ****`],
  ])("stays silent on a placeholder in %s: %s", (path, text) => {
    expect(found(text, path)).toEqual([]);
  });
});

describe("prefilter keywords beyond ASCII", () => {
  it("finds them by position among the ASCII ones, and only when written exactly", () => {
    const pf = new Prefilter(["token", "パスワード", "ароль"]);
    const text = "token パスワード: x\nПароль ПАРОЛЬ token\ncontraseña\n";
    const hits = pf.scan(text);
    expect(hits.index).toEqual([0, 6, text.indexOf("ароль"), text.lastIndexOf("token")]);
    expect(hits.keyword).toEqual([0, 1, 2, 0]);
    expect(pf.scan("token: plain ASCII text, Latin-1 café").keyword).toEqual([0]);
  });
});

describe("a token's random body is judged as random", () => {
  /** A Terraform Cloud token whose random body spells `word` glued inside other letters. */
  const terraform = (word: string): string => {
    const body = `${rng.str(ALNUM, 19)}Q${word}Z${rng.str(ALNUM, 46 - word.length)}`;
    return `${rng.str(ALNUM, 14)}.atlasv1.${body}`;
  };

  it.each(["fake", "XXxX", "FAke", "dummY"])(
    "finds a token whose body spells %s inside other letters (Ruby hash)",
    (word) => {
      const token = terraform(word);
      expect(isTokenPlaceholder(token)).toBe(false);
      expect(found(`SETTINGS = {\n  :bot_token => '${token}',\n}`, "config/settings.rb")).toEqual([
        "terraform-cloud-token@2",
      ]);
    },
  );

  it.each([
    ["…_fake_…", (b: string) => `${b.slice(0, 10)}_fake_${b.slice(16)}`],
    ["…-FAKE", (b: string) => `${b.slice(0, 61)}-FAKE`],
    ["…7EXAMPLE", (b: string) => `${b.slice(0, 60)}7EXAMPLE`],
    ["Fake at a small letter", (b: string) => `${b.slice(0, 10)}xFake9${b.slice(16)}`],
  ])("still drops a placeholder word written as a word (%s)", (_name, edit) => {
    const base = rng.str(ALNUM, 67);
    const token = `${rng.str(ALNUM, 14)}.atlasv1.${edit(base)}`;
    expect(isTokenPlaceholder(token)).toBe(true);
    expect(found(`token = "${token}"`, "main.tf")).toEqual([]);
  });

  it("finds an AWS access key id whose random part repeats itself (entropy under 3 bits)", () => {
    let id = "";
    // Sixteen draws from eight characters: at most 3 bits, as one random id in ~6,000 is.
    while (!(id && shannonEntropy(id) <= 3 && shannonEntropy(id) > 2.6)) {
      const part = rng.str(BASE32, 8);
      id = `AKIA${Array.from({ length: 16 }, () => rng.pick([...part])).join("")}`;
    }
    expect(found(`def main():\n    # deploy token: ${id}\n    pass`, "lib/util.rb")).toEqual([
      "aws-access-key-id@2",
    ]);
    expect(found(`// ${id}`, "src/index.ts")).toEqual(["aws-access-key-id@1"]);
  });
});

describe("short generated passwords", () => {
  /** `n` characters of three kinds or more with `repeats` characters drawn twice. */
  function repeating(n: number, repeats: number): string {
    for (;;) {
      const base = distinctPassword(n - repeats);
      const chars = [...base];
      for (let i = 0; i < repeats; i++) chars.splice(rng.int(0, chars.length), 0, base[i]!);
      const p = chars.join("");
      // Under the floor a string of distinct characters reaches (what was asked before).
      if (shannonEntropy(p) < Math.min(3, Math.log2(n) - 0.2)) return p;
    }
  }

  it.each([
    [10, 2],
    [10, 3],
    [8, 1],
    [12, 4],
  ])("finds a %i-character password with %i repeated characters", (n, repeats) => {
    const pw = repeating(n, repeats);
    expect(found(`client = Client(db_password='${pw}', timeout=10)`, "client.py")).toEqual([
      "generic-secret@1",
    ]);
  });

  it("still wants a password of one or two kinds of character to look random", () => {
    // Eight lower-case letters and digits with two repeats: a word and a year, not a draw.
    expect(isSecretValue("sunset2020", { password: true })).toBe(false);
    expect(found(`client = Client(db_password='sunset2020')`, "client.py")).toEqual([]);
  });

  it("finds an 11-character password in a Kubernetes Secret's data (15 base64 characters and =)", () => {
    const pw = distinctPassword(11);
    const encoded = Buffer.from(pw).toString("base64");
    expect(encoded).toMatch(/^[\w+/]{15}=$/);
    // A key that names no secret: only its place in the Secret, decoded, says what it holds.
    const json = `{\n  "kind": "Secret",\n  "data": {\n    "mysql-root": "${encoded}"\n  }\n}`;
    expect(found(json, "secret.json")).toEqual(["kubernetes-secret@4"]);
  });

  it("leaves a short base64 username in a Secret's data alone", () => {
    const yaml = `kind: Secret\ndata:\n  username: ${Buffer.from("app_user").toString("base64")}\n  port: ${Buffer.from("5432").toString("base64")}`;
    expect(found(yaml, "secret.yaml")).toEqual([]);
  });
});
