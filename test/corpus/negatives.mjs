// Hard negatives: text that looks like a credential to a naive scanner and is not one — sops
// ENC values, age and ssh public keys, lock-file and SRI hashes, placeholders, documentation
// examples, UUIDs, test-mode and publishable keys, git SHAs, hashes in URLs, code that names
// secrets without holding one, checksums. Each returns { path, text, line, family }.
import { ALNUM, B64, B64URL, BECH32, DASH5, HEX, LOWER, b64url } from "./random.mjs";

const doc = (family, path, lines, at) => ({
  family,
  path,
  text: `${lines.join("\n")}\n`,
  line: at + 1,
});
const j = (...parts) => parts.join("");

function enc(r, type = "str") {
  return `ENC[AES256_GCM,data:${r.s(B64, r.int(12, 60))}=,iv:${r.s(B64, 43)}=,tag:${r.s(B64, 22)}==,type:${type}]`;
}

function sopsYamlMeta(r) {
  return [
    "sops:",
    "    age:",
    `        - recipient: age1${r.s(BECH32, 58)}`,
    "          enc: |",
    `            ${DASH5}BEGIN AGE ENCRYPTED FILE${DASH5}`,
    `            ${r.s(B64, 64)}`,
    `            ${DASH5}END AGE ENCRYPTED FILE${DASH5}`,
    `    lastmodified: "2024-05-01T10:00:00Z"`,
    `    mac: ${enc(r)}`,
    "    version: 3.9.0",
  ];
}

const PLACEHOLDERS = (r) => [
  "<your-api-key>",
  "${API_TOKEN}",
  "$DB_PASSWORD",
  "{{ .Values.db.password }}",
  "{{ secrets.TOKEN }}",
  "%(password)s",
  "changeme",
  "CHANGE_ME",
  "xxxxxxxxxxxxxxxxxxxxxxxx",
  "XXXXXXXXXXXXXXXXXXXX",
  "********",
  "your_api_key_here",
  "YOUR_SECRET_HERE",
  "replace-me",
  "REDACTED",
  "<token>",
  "[REDACTED]",
  "dummy-secret-123",
  "example-password",
  "sample_token_value",
  "process.env.API_KEY",
  "os.getenv('SECRET_KEY')",
  "ENV['STRIPE_KEY']",
  "vault:secret/data/app#password",
  "arn:aws:secretsmanager:eu-west-1:123456789012:secret:db",
  "${{ secrets.NPM_TOKEN }}",
  "$(cat /run/secrets/db_password)",
  "op://vault/item/password",
  j("sk_live_", "X".repeat(24)),
  j("ghp_", "x".repeat(36)),
  j("AKIA", "X".repeat(16)),
  `${r.pick(["abcdef", "123456", "qwerty"])}${r.pick(["123456", "abcdef"])}`,
];

const NAMES = [
  "password",
  "api_key",
  "secret",
  "token",
  "client_secret",
  "DB_PASSWORD",
  "apiKey",
  "auth_token",
];

export const NEGATIVES = [
  // sops-encrypted values and metadata
  (r) =>
    doc(
      "enc-values",
      "secrets/app.enc.yaml",
      [`db_password: ${enc(r)}`, `api_key: ${enc(r)}`, ...sopsYamlMeta(r)],
      0,
    ),
  (r) =>
    doc(
      "enc-values",
      "secrets/app.env",
      [`API_TOKEN=${enc(r)}`, `sops_version=3.9.0`, `sops_mac=${enc(r)}`],
      0,
    ),
  (r) =>
    doc(
      "enc-values",
      "secrets/app.json",
      [
        "{",
        `  "password": "${enc(r)}",`,
        `  "port": "${enc(r, "int")}",`,
        '  "sops": {',
        `    "mac": "${enc(r)}"`,
        "  }",
        "}",
      ],
      1,
    ),
  // public keys
  (r) =>
    doc(
      "public-keys",
      ".hush.yaml",
      ["members:", `  alice: age1${r.s(BECH32, 58)}`, `  bob: age1${r.s(BECH32, 58)}`],
      1,
    ),
  (r) =>
    doc(
      "public-keys",
      "keys/authorized_keys",
      [`ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI${r.s(B64, 43)} deploy@ci`],
      0,
    ),
  (r) =>
    doc(
      "public-keys",
      "keys/id_rsa.pub",
      [`ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABgQ${r.s(B64, 500)}= me@laptop`],
      0,
    ),
  (r) =>
    doc(
      "public-keys",
      "certs/server.pub.pem",
      [
        `${DASH5}BEGIN PUBLIC KEY${DASH5}`,
        r.s(B64, 64),
        r.s(B64, 64),
        `${r.s(B64, 20)}==`,
        `${DASH5}END PUBLIC KEY${DASH5}`,
      ],
      1,
    ),
  (r) =>
    doc(
      "public-keys",
      "certs/ca.crt",
      [
        `${DASH5}BEGIN CERTIFICATE${DASH5}`,
        r.s(B64, 64),
        r.s(B64, 64),
        `${r.s(B64, 30)}=`,
        `${DASH5}END CERTIFICATE${DASH5}`,
      ],
      1,
    ),
  (r) =>
    doc(
      "public-keys",
      ".sops.yaml",
      [
        "creation_rules:",
        "  - path_regex: secrets/.*",
        `    age: age1${r.s(BECH32, 58)},age1${r.s(BECH32, 58)}`,
      ],
      2,
    ),
  // lock files and integrity hashes
  (r) =>
    doc(
      "lockfiles",
      "package-lock.json",
      [
        '    "node_modules/x": {',
        `      "resolved": "https://registry.npmjs.org/x/-/x-1.2.3.tgz",`,
        `      "integrity": "sha512-${r.s(B64, 86)}=="`,
        "    }",
      ],
      2,
    ),
  (r) =>
    doc(
      "lockfiles",
      "yarn.lock",
      ['"x@^1.0.0":', '  version "1.2.3"', `  integrity sha512-${r.s(B64, 86)}==`],
      2,
    ),
  (r) =>
    doc(
      "lockfiles",
      "pnpm-lock.yaml",
      ["  /x@1.2.3:", `    resolution: {integrity: sha512-${r.s(B64, 86)}==}`],
      1,
    ),
  (r) => doc("lockfiles", "go.sum", [`github.com/pkg/errors v0.9.1 h1:${r.s(B64, 43)}=`], 0),
  (r) =>
    doc(
      "lockfiles",
      "Cargo.lock",
      ["[[package]]", 'name = "serde"', `checksum = "${r.s(HEX, 64)}"`],
      2,
    ),
  (r) =>
    doc(
      "lockfiles",
      "public/index.html",
      [
        `<script src="https://cdn.jsdelivr.net/npm/x@1/dist/x.min.js" integrity="sha384-${r.s(B64, 64)}" crossorigin="anonymous"></script>`,
      ],
      0,
    ),
  // placeholders and references, in the same forms real values take
  (r) => {
    const v = r.pick(PLACEHOLDERS(r));
    const n = r.pick(NAMES);
    return r.pick([
      () => doc("placeholders", ".env.example", [`${n.toUpperCase()}=${v}`], 0),
      () => doc("placeholders", "values.yaml", [`${n}: ${JSON.stringify(v)}`], 0),
      () =>
        doc(
          "placeholders",
          "README.md",
          ["Set it:", "", `    export ${n.toUpperCase()}="${v}"`],
          2,
        ),
      () => doc("placeholders", "config.json", [`{"${n}": ${JSON.stringify(v)}}`], 0),
    ])();
  },
  // the forms added by the red team (environment fallback, notebook cell, JSON in a string, ECS
  // task, <meta>) holding a placeholder, a reference, an ENC value or a public key
  (r) => {
    const v = r.pick([
      ...PLACEHOLDERS(r).filter((p) => !/["\\]/.test(p)),
      enc(r),
      `age1${r.s(BECH32, 58)}`,
    ]);
    const n = r.pick(NAMES);
    return r.pick([
      () =>
        doc(
          "placeholders",
          "src/config.js",
          [`const key = process.env.${n.toUpperCase()} || "${v}";`],
          0,
        ),
      () => doc("placeholders", "explore.ipynb", [`    "${n} = \\"${v}\\"\\n",`], 0),
      () => doc("placeholders", "event.json", [`{"body": "{\\"${n}\\": \\"${v}\\"}"}`], 0),
      () =>
        doc(
          "placeholders",
          "taskdef.json",
          ["    {", `      "name": "${n}",`, `      "value": "${v}"`, "    }"],
          2,
        ),
      () => doc("placeholders", "index.html", [`<meta name="${n}" content="${v}">`], 0),
    ])();
  },
  // setx, setenv, fish, `gh secret set`, Rust wrappers, YAML anchors and form bodies holding a
  // placeholder, a reference, an ENC value or a public key
  (r) => {
    const v = r.pick([
      ...PLACEHOLDERS(r).filter((p) => !/["'\\&]/.test(p)),
      enc(r),
      `age1${r.s(BECH32, 58)}`,
    ]);
    const n = r.pick(NAMES);
    return r.pick([
      () => doc("placeholders", "setup.csh", [`setenv ${n.toUpperCase()} '${v}'`], 0),
      () => doc("placeholders", "config.fish", [`set -gx ${n.toUpperCase()} '${v}'`], 0),
      () => doc("placeholders", "ci.sh", [`gh secret set ${n.toUpperCase()} --body '${v}'`], 0),
      () => doc("placeholders", "src/config.rs", [`let ${n} = String::from("${v}");`], 0),
      () => doc("placeholders", "base.yml", [`${n}: &${n} '${v}'`], 0),
      () => doc("placeholders", "token.txt", [`${n}=${v}&grant_type=client_credentials`], 0),
      () => doc("placeholders", "main.tf", [`  ${n} = <<EOT`, `${v}`, "EOT"], 1),
      () => doc("placeholders", "Info.plist", [`<key>${n}</key>`, `<string>${v}</string>`], 1),
      () => doc("placeholders", "build.gradle", [`    ${n} "${v}"`], 0),
    ])();
  },
  // columns (CSV, TSV, SQL) named for a secret, holding a placeholder, an ENC value, a public key
  // or a hash
  (r) => {
    const v = r.pick([
      ...PLACEHOLDERS(r).filter((p) => !/["'\\,\t]/.test(p)),
      enc(r),
      `age1${r.s(BECH32, 58)}`,
    ]);
    const n = r.pick(NAMES);
    return r.pick([
      () => doc("placeholders", "users.csv", [`id,email,${n}`, `1,a@example.com,${v}`], 1),
      () => doc("placeholders", "users.tsv", [`id\t${n}`, `1\t${v}`], 1),
      () =>
        doc("placeholders", "seed.sql", [`INSERT INTO users (id, ${n}) VALUES (1, '${v}');`], 0),
      () =>
        doc("checksums", "users.csv", ["id,password_hash", `1,$2b$12$${r.s(ALNUM + "./", 53)}`], 1),
    ])();
  },
  // documentation examples
  (r) =>
    doc(
      "docs-examples",
      "docs/aws.md",
      [
        "```ini",
        "[default]",
        `aws_access_key_id = ${["AKIAIOSFOD", "NN7EXAMPLE"].join("")}`,
        `aws_secret_access_key = ${["wJalrXUtnFEMI", "K7MDENG", "bPxRfiCYEXAMPLEKEY"].join("/")}`,
        "```",
      ],
      2,
    ),
  (r) =>
    doc(
      "docs-examples",
      "docs/slack.md",
      [j("Webhook: https://hooks.slack.com/services/T00000000/B00000000/", "X".repeat(24))],
      0,
    ),
  (r) =>
    doc(
      "docs-examples",
      "docs/db.md",
      ["Connect with `postgres://user:password@localhost:5432/mydb`."],
      0,
    ),
  (r) =>
    doc(
      "docs-examples",
      "docs/api.md",
      [`curl -H "Authorization: Bearer <YOUR_TOKEN>" https://api.example.com/v1/me`],
      0,
    ),
  (r) =>
    doc(
      "docs-examples",
      "docs/jwt.md",
      [
        "Example token:",
        "",
        j(
          "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.",
          "eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.",
          "SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c",
        ),
      ],
      2,
    ),
  (r) =>
    doc(
      "docs-examples",
      "docs/git.md",
      ["Clone with `https://user:pass@example.com/repo.git` (replace user:pass)."],
      0,
    ),
  // A key in a library's doc comment example (a test vector: noble-curves documents a BLS key
  // this way), as JSDoc `@example`, TSDoc with a fenced block, and Rust's `/// # Examples`.
  (r) => {
    const hex = r.s(HEX, 64);
    const key = r.s(ALNUM, r.int(24, 40));
    const name = r.pick(["privateKey", "secretKey", "apiKey", "authToken", "clientSecret"]);
    return r.pick([
      () =>
        doc(
          "docs-examples",
          "src/curve.d.ts",
          [
            "/**",
            " * Pairing-friendly curve.",
            " * @example",
            " * import { curve } from './curve';",
            " * // G1 keys, G2 signatures",
            ` * const ${name} = '${hex}';`,
            " * const publicKey = curve.getPublicKey(privateKey);",
            " */",
          ],
          5,
        ),
      () =>
        doc(
          "docs-examples",
          "src/client.ts",
          [
            "/**",
            " * Creates a client.",
            " * @param options - how to connect",
            " * @example",
            " * ```ts",
            ` * const client = createClient({ ${name}: "${key}" });`,
            " * ```",
            " */",
          ],
          5,
        ),
      () =>
        doc(
          "docs-examples",
          "src/Signer.java",
          [
            "  /**",
            "   * Signs a message.",
            "   * @example",
            `   *   signer.sign(msg, ${JSON.stringify(hex)}); // secret_key = ${hex}`,
            "   */",
          ],
          3,
        ),
      () =>
        doc(
          "docs-examples",
          "src/lib.rs",
          [
            "/// Derives the public key.",
            "///",
            "/// # Examples",
            "///",
            "/// ```",
            `/// let secret_key = "${hex}";`,
            "/// let public = derive(secret_key);",
            "/// ```",
          ],
          5,
        ),
    ])();
  },
  // ABNF grammars (RFC 5234) in comments and grammar files: `date-token = 1*non-delimiter`.
  (r) => {
    const name = r.pick([
      "date-token",
      "session-token",
      "refresh-token",
      "secret-value",
      "api-key",
      "access-token",
      "password-char",
    ]);
    const element = r.pick([
      `1*${r.pick(["non-delimiter", "session-char", "refresh-char", "key-char", "nonce-value"])}`,
      `*${r.pick(["tchar", "VSCHAR", "HEXDIG", "qdtext"])}`,
      `${r.int(1, 4)}*${r.int(8, 64)}${r.pick(["HEXDIG", "ALPHA", "DIGIT"])}`,
      `%x${r.pick(["21", "23", "2D", "30"])}-${r.pick(["7E", "5B", "7A", "39"])}`,
    ]);
    const lead = r.pick([" *     ", "//   ", "#   ", ""]);
    const path =
      lead === "" ? "docs/grammar.abnf" : lead === "#   " ? "src/cookie.py" : "src/cookie.js";
    return doc(
      "grammars",
      path,
      [
        `${lead}cookie-date     = *delimiter date-token-list *delimiter`,
        `${lead}date-token-list = date-token *( 1*delimiter date-token )`,
        `${lead}${name.padEnd(15)} = ${element}`,
        `${lead}delimiter       = %x09 / %x20-2F / %x3B-40 / %x5B-60 / %x7B-7E`,
      ],
      2,
    );
  },
  // UUIDs in every id-ish place
  (r) =>
    r.pick([
      () => doc("uuids", "config.yaml", [`tenant_id: ${r.uuid()}`], 0),
      () => doc("uuids", "src/app.ts", [`const requestId = "${r.uuid()}";`], 0),
      () =>
        doc("uuids", "fixtures.json", [`{"id": "${r.uuid()}", "correlationId": "${r.uuid()}"}`], 0),
      () =>
        doc(
          "uuids",
          "azure.tfvars",
          [`subscription_id = "${r.uuid()}"`, `client_id = "${r.uuid()}"`],
          1,
        ),
      () => doc("uuids", "app.yaml", [`token: ${r.uuid()}`], 0),
    ])(),
  // test-mode and publishable keys
  (r) =>
    r.pick([
      () => doc("test-keys", ".env.test", [`STRIPE_SECRET_KEY=sk_test_${r.s(ALNUM, 24)}`], 0),
      () => doc("test-keys", "src/pay.ts", [`const publishable = "pk_live_${r.s(ALNUM, 24)}";`], 0),
      () => doc("test-keys", "src/pay.ts", [`const publishable = "pk_test_${r.s(ALNUM, 24)}";`], 0),
      () =>
        doc(
          "test-keys",
          "config/maps.js",
          [
            `mapboxgl.accessToken = "pk.eyJ1Ijoi${b64url(r.s(LOWER, 8))}${r.s(B64URL, 20)}.${r.s(B64URL, 22)}";`,
          ],
          0,
        ),
      () =>
        doc(
          "test-keys",
          "src/supabase.ts",
          [
            `const anon = "${b64url('{"alg":"HS256","typ":"JWT"}')}.${b64url(JSON.stringify({ iss: "supabase", role: "anon", iat: 1700000000 }))}.${r.s(B64URL, 43)}";`,
          ],
          0,
        ),
      () =>
        doc(
          "test-keys",
          "src/sentry.ts",
          [
            `Sentry.init({ dsn: "https://${r.s(HEX, 32)}@o${r.s("0123456789", 6)}.ingest.sentry.io/${r.s("0123456789", 7)}" });`,
          ],
          0,
        ),
    ])(),
  // git SHAs
  (r) =>
    r.pick([
      () =>
        doc(
          "git-shas",
          ".github/workflows/ci.yml",
          [`      - uses: actions/checkout@${r.s(HEX, 40)} # v4`],
          0,
        ),
      () => doc("git-shas", "deps.yaml", [`commit: ${r.s(HEX, 40)}`], 0),
      () =>
        doc(
          "git-shas",
          "package.json",
          [`    "lib": "git+https://github.com/org/lib.git#${r.s(HEX, 40)}"`],
          0,
        ),
      () =>
        doc(
          "git-shas",
          "CHANGELOG.md",
          [`- fix parser ([${r.s(HEX, 7)}](https://github.com/org/repo/commit/${r.s(HEX, 40)}))`],
          0,
        ),
      () => doc("git-shas", "flake.nix", [`  rev = "${r.s(HEX, 40)}";`], 0),
    ])(),
  // hashes in URLs
  (r) =>
    r.pick([
      () =>
        doc(
          "url-hashes",
          "index.html",
          [`<link rel="stylesheet" href="/assets/app.${r.s(HEX, 20)}.css">`],
          0,
        ),
      () =>
        doc(
          "url-hashes",
          "README.md",
          [`![avatar](https://www.gravatar.com/avatar/${r.s(HEX, 32)}?s=80)`],
          0,
        ),
      () =>
        doc(
          "url-hashes",
          "install.sh",
          [`curl -fsSLO "https://dl.example.org/tool-1.4.2.tar.gz?sha256=${r.s(HEX, 64)}"`],
          0,
        ),
      () =>
        doc(
          "url-hashes",
          "docs/links.md",
          [`See https://github.com/org/repo/blob/${r.s(HEX, 40)}/src/main.ts#L10`],
          0,
        ),
      () => doc("url-hashes", "Dockerfile", [`FROM node:20-alpine@sha256:${r.s(HEX, 64)}`], 0),
    ])(),
  // code that names secrets without holding one
  (r) =>
    r.pick([
      () =>
        doc(
          "identifiers",
          "src/auth.ts",
          ["if (password !== confirmPassword) throw new Error('mismatch');"],
          0,
        ),
      () =>
        doc(
          "identifiers",
          "src/auth.ts",
          ["const token = await getAccessToken(clientId, scopes);"],
          0,
        ),
      () =>
        doc(
          "identifiers",
          "config.yaml",
          ["password_min_length: 12", "token_ttl_seconds: 3600"],
          0,
        ),
      () =>
        doc(
          "identifiers",
          "deploy.yaml",
          ["secretName: db-credentials-prod", "secretKeyRef: api-token"],
          0,
        ),
      () =>
        doc(
          "identifiers",
          "src/lexer.ts",
          [
            "const nextToken = lexer.peekToken();",
            "let lastSignificantToken = tokens[tokens.length - 1];",
          ],
          0,
        ),
      () => doc("identifiers", "schema.py", ["password = models.CharField(max_length=128)"], 0),
      () => doc("identifiers", "src/Client.java", ['String apiKey = System.getenv("API_KEY");'], 0),
      () =>
        doc("identifiers", "routes.rb", ["resources :password_resets, only: [:new, :create]"], 0),
      () =>
        doc(
          "identifiers",
          "src/types.ts",
          ["export interface Creds { password: string; token?: string }"],
          0,
        ),
    ])(),
  // checksums and other public hashes
  (r) =>
    r.pick([
      () => doc("checksums", "release.yaml", [`sha256: ${r.s(HEX, 64)}`], 0),
      () => doc("checksums", "SHA256SUMS", [`${r.s(HEX, 64)}  tool-linux-amd64.tar.gz`], 0),
      () =>
        doc(
          "checksums",
          "cache.json",
          [`{"etag": "\\"${r.s(HEX, 32)}\\"", "md5": "${r.s(HEX, 32)}"}`],
          0,
        ),
      () => doc("checksums", "pom.xml", [`<checksum>${r.s(HEX, 40)}</checksum>`], 0),
      () =>
        doc(
          "checksums",
          "nix/sources.json",
          [`"sha256": "${r.s("0123456789abcdfghijklmnpqrsvwxyz", 52)}"`],
          0,
        ),
    ])(),
];
