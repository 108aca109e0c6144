// Context forms the seeded corpus lacked (issue 15, red team): a fallback after an environment
// lookup, source kept inside a JSON string (notebook cells, event bodies), an ECS task
// definition's name and value on separate lines, HTML's <meta name content>. Every credential is
// built at run time; each positive case failed before its fix.
import { describe, expect, it } from "vitest";
import { scanText } from "../src/scan/index.js";
import { B64, Rng, fakes } from "./scan-fixtures.js";

const rng = new Rng(20261205);
const fake = fakes(rng);
const found = (text: string, path: string): string[] =>
  scanText(`${text}\n`, { path }).map((f) => `${f.ruleId}@${f.line}`);
const lineOf = (text: string, needle: string): number =>
  text.split("\n").findIndex((l) => l.includes(needle)) + 1;

/** Forms that hold `v` under a name, each as (name, value) → [path, text]. */
const FORMS: Array<[string, (n: string, v: string) => [string, string]]> = [
  ["js ||", (n, v) => ["src/config.js", `const key = process.env.${n} || "${v}";`]],
  ["ts ??", (n, v) => ["src/config.ts", `export const key = process.env["${n}"] ?? '${v}';`]],
  ["python or", (n, v) => ["app.py", `key = os.getenv("${n}") or "${v}"`]],
  ["kotlin ?:", (n, v) => ["App.kt", `val key = System.getenv("${n}") ?: "${v}"`]],
  ["notebook", (n, v) => ["analysis.ipynb", `   "source": [\n    "${n} = \\"${v}\\"\\n",\n   ]`]],
  [
    "notebook environ",
    (n, v) => ["analysis.ipynb", `    "os.environ[\\"${n}\\"] = \\"${v}\\"\\n",`],
  ],
  ["json in a string", (n, v) => ["event.json", `{"body": "{\\"${n}\\": \\"${v}\\"}"}`]],
  [
    "ecs task",
    (n, v) => [
      "taskdef.json",
      `  "environment": [\n    {\n      "name": "${n}",\n      "value": "${v}"\n    }\n  ]`,
    ],
  ],
  ["html meta", (n, v) => ["index.html", `<meta name="${n}" content="${v}">`]],
];

describe("credentials in forms the corpus lacked", () => {
  it.each(FORMS)("finds a provider-named secret (%s)", (_, form) => {
    const v = fake.awsSecret();
    const [path, text] = form("AWS_SECRET_ACCESS_KEY", v);
    expect(found(text, path).map((f) => f.replace(/.*@/, ""))).toContain(`${lineOf(text, v)}`);
  });

  it.each(FORMS)("finds a password (%s)", (_, form) => {
    const v = fake.password();
    const [path, text] = form("DB_PASSWORD", v);
    expect(found(text, path)).toContain(`generic-secret@${lineOf(text, v)}`);
  });

  const negatives = [
    "${DB_PASSWORD}",
    "<your-password>",
    "changeme",
    `ENC[AES256_GCM,data:${rng.str(B64, 24)},iv:${rng.str(B64, 43)}=,tag:${rng.str(B64, 22)}==,type:str]`,
    `age1${rng.str("qpzry9x8gf2tvdw0s3jn54khce6mua7l", 58)}`,
  ];
  it.each(FORMS.flatMap(([name, form]) => negatives.map((v) => [name, v, form] as const)))(
    "stays silent on a placeholder, reference, ENC value or public key (%s: %s)",
    (_, v, form) => {
      const [path, text] = form("DB_PASSWORD", v);
      expect(found(text, path)).toEqual([]);
    },
  );

  it("reads no fallback after a lookup that is not the environment's", () => {
    const v = fake.password();
    expect(found(`const key = cache.get("DB_PASSWORD") || "${v}";`, "src/a.js")).toEqual([]);
  });
});
