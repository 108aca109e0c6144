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

describe("credentials set without `=`, wrapped, or escaped", () => {
  const pw = fake.password();
  it.each([
    ["setup.cmd", `setx DB_PASSWORD "${pw}"`],
    [".cshrc", `setenv DB_PASSWORD ${pw}`],
    ["config.fish", `set -gx DB_PASSWORD ${pw}`],
    ["ci.sh", `gh secret set DB_PASSWORD --body "${pw}"`],
    ["src/main.rs", `let db_password = String::from("${pw}");`],
    ["src/main.rs", `let db_password: Option<&str> = Some("${pw}");`],
    ["src/App.java", `String dbPassword = new String("${pw}");`],
    ["config.yml", `db_password: &password ${pw}`],
    ["request.txt", `client_secret=${pw}&grant_type=client_credentials`],
  ])("finds the password in %s: %s", (path, text) => {
    expect(found(text, path)).toContain("generic-secret@1");
  });

  it.each([
    ["setup.cmd", `setx API_TOKEN "%API_TOKEN%"`],
    ["config.fish", "set -gx API_TOKEN $API_TOKEN"],
    ["ci.sh", `gh secret set NPM_TOKEN --body "$NPM_TOKEN"`],
    ["ci.sh", "set -euxo pipefail"],
    ["src/main.rs", `let password = String::from("<your-password>");`],
    ["config.yml", "password: &pw ${DB_PASSWORD}"],
    ["request.txt", "client_secret=${CLIENT_SECRET}&grant_type=client_credentials"],
    ["app.log", String.raw`{"msg":"\u003cpassword\u003e is required"}`],
  ])("stays silent on a reference or placeholder in %s: %s", (path, text) => {
    expect(found(text, path)).toEqual([]);
  });

  it("keeps a generated password whole when `&` in it is followed by `x=`", () => {
    const v = `Kd8&mQ2=${rng.str(B64, 8)}`;
    const [f] = scanText(`DB_PASSWORD=${v}\n`, { path: ".env" });
    expect(f?.endColumn).toBe(`DB_PASSWORD=${v}`.length + 1);
  });

  it("decodes JSON's escapes (`\\/`, `\\u002B`) and a value with one percent escape", () => {
    const hook = fake.slackWebhook().replace(/\//g, "\\/");
    expect(found(`{"text":"ok","hook":"${hook}"}`, "dump.json")).toEqual(["slack-webhook@1"]);
    const key = `BBDC-${rng.str(B64, 20)}+${rng.str(B64, 23)}`;
    const unicode = key.replace(/\+/g, "\\u002B").replace(/\//g, "\\u002F");
    expect(found(`{"auth":"${unicode}"}`, "dump.json").length).toBe(1);
    const log = `GET /v1/items?auth=${encodeURIComponent(key)}&page=2 HTTP/1.1" 200`;
    expect(found(log, "logs/access.log").length).toBe(1);
  });
});

describe("providers the rules lacked", () => {
  const uuid = fake.uuid();
  it.each([
    ["intra42-client-secret", "app.env", `FT_SECRET=s-s4t2ud-${fake.hex(64)}`],
    ["amazon-mws-auth-token", "NOTES.md", `Use amzn.mws.${uuid} until Monday.`],
    ["npm-legacy-token", ".npmrc", `//registry.npmjs.org/:_authToken=${uuid}`],
    ["npm-legacy-token", ".yarnrc.yml", `  "//npm.example.com/:_authToken" = "${uuid}"`],
  ])("finds a %s", (id, path, text) => {
    expect(found(text, path)).toContain(`${id}@1`);
  });

  it.each([
    [".npmrc", "//registry.npmjs.org/:_authToken=${NPM_TOKEN}"],
    ["package-lock.json", `"requestId": "${uuid}"`],
    ["NOTES.md", `The build ${uuid} failed.`],
  ])("stays silent on a reference or a bare UUID (%s)", (path, text) => {
    expect(found(text, path)).toEqual([]);
  });
});

describe("config written `name value`, heredocs, property lists and Gradle settings", () => {
  const pw = fake.password();
  it.each([
    ["redis.conf", `requirepass ${pw}`, 1],
    ["redis.conf", `masterauth ${pw}`, 1],
    ["docker-compose.yml", `    command: redis-server --requirepass ${pw}`, 1],
    [".msmtprc", `account default\npassword ${pw}`, 2],
    [".fetchmailrc", `poll mail.example.org user "bob" password "${pw}"`, 1],
    ["wpa_supplicant.conf", `network={\n  psk="${pw}"\n}`, 2],
    ["main.tf", `  password = <<EOT\n${pw}\nEOT`, 2],
    ["main.tf", `  db_password = <<-EOF\n    ${pw}\n  EOF`, 2],
    ["Info.plist", `\t<key>ApiSecret</key>\n\t<string>${pw}</string>`, 2],
    ["Info.plist", `<key>ClientSecret</key><string>${pw}</string>`, 1],
    ["app/build.gradle", `        storePassword "${pw}"`, 1],
  ])("finds the password in %s: %s", (path, text, line) => {
    expect(found(text, path)).toContain(`generic-secret@${line}`);
  });

  it.each([
    ["redis.conf", "requirepass ${REDIS_PASSWORD}"],
    ["redis.conf", "# requirepass foobared"],
    ["app.conf", "password required for login"],
    ["main.tf", "  password = <<EOT\n${var.db_password}\nEOT"],
    ["main.tf", "  description = <<EOT\nThe password of the admin user.\nEOT"],
    ["Info.plist", "<key>ApiSecret</key>\n<string>$(API_SECRET)</string>"],
    ["Info.plist", "<key>NSCameraUsageDescription</key>\n<string>To scan codes.</string>"],
    ["build.gradle", 'storePassword System.getenv("STORE_PASSWORD")'],
    ["build.gradle", 'keyPassword "changeme"'],
    ["wpa_supplicant.conf", '  psk="your-wifi-password"'],
    ["src/a.ts", "const psk = computePsk(identity);"],
  ])("stays silent on a reference, placeholder or prose in %s: %s", (path, text) => {
    expect(found(text, path)).toEqual([]);
  });
});

describe("values the new forms must not cut or skip", () => {
  const pw = `${rng.str(B64, 12)}Q`;
  it.each([
    ["templates/index.html", `<!-- master key: &${pw} -->`],
    ["config/app.env", `KEYSTORE_PASSWORD==${pw}`],
    ["redis.conf", `masterauth A@${pw}`],
    ["scripts/secrets.cmd", `setx CONTRASEÑA "${pw}"`],
    ["app/build.gradle", `        contraseña "${pw}"`],
    ["ios/App/Info.plist", `<key>Contraseña</key><string>${pw}</string>`],
  ])("finds the secret in %s: %s", (path, text) => {
    expect(found(text, path)).toContain("generic-secret@1");
  });

  it("reads a YAML anchor as an anchor only in YAML", () => {
    expect(found("defaults: &defaults\n  adapter: postgres", "config.yml")).toEqual([]);
    expect(found(`db_password: &pw ${pw}`, "config.yml")).toEqual(["generic-secret@1"]);
    expect(found(`contraseña: &contraseña ${pw}`, "config.yml")).toEqual(["generic-secret@1"]);
    expect(found(`if password == "${pw}": pass`, "src/app.py")).toEqual([]);
  });
});

describe("nginx directives and Clojure/EDN maps", () => {
  const pw = fake.password();
  const token = rng.str(B64.replace(/[+/=]/g, ""), 40);
  it.each([
    ["nginx.conf", `    proxy_set_header X-Auth-Token "${token}";`, 1],
    ["sites/api.conf", `  proxy_set_header X-Api-Key ${token};`, 1],
    ["nginx/default.conf", `  fastcgi_param DB_PASSWORD "${pw}";`, 1],
    ["nginx.conf", `    set $api_key "${token}";`, 1],
    ["resources/config.edn", `{:db {:user "app"\n      :password "${pw}"}}`, 2],
    ["config.edn", `{:stripe {:api-key "${token}"}}`, 1],
    ["src/app/core.clj", `(def config {:db-password "${pw}" :port 5432})`, 1],
  ])("finds the secret in %s: %s", (path, text, line) => {
    expect(found(text, path)).toContain(`generic-secret@${line}`);
  });

  it.each([
    ["nginx.conf", "    proxy_set_header Authorization $http_authorization;"],
    ["nginx.conf", '    proxy_set_header Authorization "Bearer $jwt_token";'],
    ["nginx.conf", "    proxy_set_header X-Api-Key $api_key;"],
    ["nginx.conf", "    add_header X-Frame-Options SAMEORIGIN;"],
    ["nginx.conf", "    fastcgi_param DB_PASSWORD $db_password;"],
    ["config.edn", "{:db {:password #env DB_PASSWORD}}"],
    ["config.edn", '{:db {:password "changeme"}}'],
    ["config.edn", '{:api-key #or [#env API_KEY "dev-key"]}'],
    ["src/app/core.clj", "(defn login [{:keys [password]}] (check password))"],
  ])("stays silent on a variable, reference or placeholder in %s: %s", (path, text) => {
    expect(found(text, path)).toEqual([]);
  });
});

describe("a JDBC connection's password argument", () => {
  const pw = fake.password();
  it("finds the password given to DriverManager.getConnection", () => {
    const line = `    Connection c = DriverManager.getConnection("jdbc:mysql://db/app", "app", "${pw}");`;
    expect(found(line, "src/main/java/Db.java")).toContain("generic-secret@1");
    expect(
      found(`    Connection c = DriverManager.getConnection(url, user, password);`, "Db.java"),
    ).toEqual([]);
    expect(
      found(
        `    Connection c = DriverManager.getConnection("jdbc:h2:mem:test", "sa", "");`,
        "T.java",
      ),
    ).toEqual([]);
  });
});
