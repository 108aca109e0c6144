// Values named by a column rather than beside their name (scan/table.ts): the header row of a
// CSV or TSV file, an SQL INSERT's column list, and a settings table's name/value columns.
// Every credential is built at run time; each positive case failed before table.ts.
import { describe, expect, it } from "vitest";
import { scanText } from "../src/scan/index.js";
import { ALNUM, B64, Rng, fakes } from "./scan-fixtures.js";

const rng = new Rng(20261206);
const fake = fakes(rng);
const lines = (text: string, path: string): number[] => scanText(text, { path }).map((f) => f.line);
/** The text of each finding's range (all ranges here are on one line). */
const secrets = (text: string, path: string): string[] =>
  scanText(text, { path }).map((f) =>
    text.split("\n")[f.line - 1]!.slice(f.column - 1, (f.endColumn ?? f.column) - 1),
  );

describe("CSV and TSV columns", () => {
  it("finds the secret key of the credentials file AWS offers for download", () => {
    const text = `User name,Password,Access key ID,Secret access key\nci,${fake.password()},AKIA${rng.str("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16)},${fake.awsSecret()}\n`;
    const found = secrets(text, "credentials.csv");
    expect(found).toEqual(expect.arrayContaining(text.split("\n")[1]!.split(",").slice(1)));
  });

  it.each([
    ["keys.csv", ",", (v: string) => v],
    ["keys.csv", ",", (v: string) => `"${v}"`],
    ["keys.csv", ";", (v: string) => v],
    ["keys.tsv", "\t", (v: string) => v],
  ])("finds a provider-named value in every row (%s, %j)", (path, sep, quote) => {
    const a = rng.str(ALNUM, 40);
    const b = rng.str(B64, 40);
    const text = [
      ["service", "linode_token", "owner"].join(sep),
      ["billing", quote(a), "ops"].join(sep),
      ["search", quote(b), "ops"].join(sep),
    ].join("\n");
    expect(lines(`${text}\n`, path)).toEqual([2, 3]);
  });

  it.each([
    ["tokens.csv", "token,pos,lemma\nthe,DET,the\nrunning,VERB,run\n"],
    ["users.csv", `id,password_hash\n1,$2b$12$${rng.str(ALNUM, 53)}\n`],
    ["users.csv", `id,password\n1,\${DB_PASSWORD}\n2,changeme\n3,<your-password>\n`],
    [
      "users.csv",
      `id,password\n1,ENC[AES256_GCM,data:${rng.str(B64, 20)},iv:${rng.str(B64, 43)}=,tag:${rng.str(B64, 22)}==,type:str]\n`,
    ],
    ["keys.csv", `name,public_key\nalice,age1${rng.str("qpzry9x8gf2tvdw0s3jn54khce6mua7l", 58)}\n`],
    ["notes.txt", `service,api_key\nbilling,${rng.str(B64, 40)}\n`],
  ])(
    "stays silent on words, hashes, placeholders, ENC values, public keys and other files (%s)",
    (path, text) => {
      expect(lines(text, path)).toEqual([]);
    },
  );
});

describe("SQL columns", () => {
  it("finds the values of a secret column, on the INSERT's line or the rows after it", () => {
    const p1 = fake.password();
    const p2 = fake.password();
    const one = `INSERT INTO users (id, email, password) VALUES (1, 'a@b.c', '${p1}'), (2, 'b@c.d', now());\n`;
    expect(secrets(one, "seed.sql")).toEqual([p1]);
    const rows = `INSERT INTO users (id, email, password) VALUES\n  (1, 'a@b.c', '${p1}'),\n  (2, 'x@y.z', 'changeme'),\n  (3, 'o''neil@y.z', '${p2}');\n`;
    expect(lines(rows, "db/seed.sql")).toEqual([2, 4]);
  });

  it("finds a settings row's value named by its name column, inserted or updated", () => {
    const v = rng.str(ALNUM, 30);
    const insert = `INSERT INTO settings (name, value) VALUES ('site_name', 'My shop'), ('stripe_api_key', '${v}');\n`;
    expect(secrets(insert, "seed.sql")).toEqual([v]);
    const update = `UPDATE settings SET value = '${v}' WHERE name = 'api_token';\n`;
    expect(secrets(update, "seed.sql")).toEqual([v]);
  });

  it.each([
    `INSERT INTO users (id, password_hash) VALUES (1, '$2b$12$${rng.str(ALNUM, 53)}');`,
    `INSERT INTO users (id, password) VALUES (1, '\${DB_PASSWORD}');`,
    `INSERT INTO settings (name, value) VALUES ('site_title', '${rng.str(ALNUM, 30)}');`,
    `UPDATE settings SET value = '<your-token>' WHERE name = 'api_token';`,
  ])("stays silent on hashes, references and values no name calls secret: %s", (text) => {
    expect(lines(`${text}\n`, "seed.sql")).toEqual([]);
  });
});
