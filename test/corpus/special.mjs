// Positives that are not a provider token: generic secrets assigned to secret names, connection
// strings, multi-line private keys in every container, and encoded forms (Kubernetes Secret
// data, docker auths, .npmrc _auth, HTTP Basic headers, percent-encoded user-info, base64 and hex).
import { ALNUM, B64, B64URL, DASH5, HEX, LOWER, PRIV, b64, checksummed } from "./random.mjs";

/** Names a secret is assigned to, as words (the forms style them). */
export const SECRET_NAMES = [
  ["password"],
  ["db", "password"],
  ["db", "pass"],
  ["mysql", "root", "password"],
  ["admin", "pwd"],
  ["smtp", "pass"],
  ["client", "secret"],
  ["app", "secret"],
  ["secret", "key"],
  ["session", "secret"],
  ["jwt", "secret"],
  ["webhook", "secret"],
  ["signing", "key"],
  ["encryption", "key"],
  ["api", "key"],
  ["api", "token"],
  ["auth", "token"],
  ["access", "token"],
  ["passphrase"],
  ["master", "key"],
  ["redis", "password"],
  ["ldap", "bind", "password"],
  ["keystore", "password"],
  ["x", "api", "key"],
  ["refresh", "token"],
  ["service", "account", "password"],
  ["contraseña"],
  ["passwort"],
  ["secret"],
  ["token"],
];

/** Values people and generators assign to them. */
export function secretValue(r, words) {
  const password = words.some((w) => /pass|pwd|contrase/.test(w));
  const kind = password
    ? r.pick(["password", "password", "alnum", "b64"])
    : r.pick(["alnum", "b64", "hex", "b64url", "password"]);
  switch (kind) {
    case "password":
      return r.password();
    case "alnum":
      return r.s(ALNUM, r.int(16, 48));
    case "b64":
      return `${r.s(B64, r.pick([30, 42, 62]))}${r.pick(["", "=", "=="])}`;
    case "hex":
      return r.s(HEX, r.pick([32, 48, 64]));
    default:
      return r.s(B64URL, r.int(24, 48));
  }
}

const doc = (path, lines, at) => ({ path, text: `${lines.join("\n")}\n`, line: at + 1 });

/** Config files that write a password as `name value` or under a name of their own. */
export const CONFIG_FILES = [
  (r, pw) => doc("redis/redis.conf", ["bind 0.0.0.0", `requirepass ${pw}`, "appendonly yes"], 1),
  (r, pw) => doc("redis/replica.conf", [`masterauth ${pw}`], 0),
  (r, pw) =>
    doc(".msmtprc", ["account default", "host smtp.internal", `password ${pw}`, "from ci@x"], 2),
  (r, pw) => doc("wpa_supplicant.conf", ["network={", '  ssid="office"', `  psk="${pw}"`, "}"], 2),
];

/** Connection strings and URLs with a password, in config and code. */
export const CONNECTIONS = [
  (r, pw) => doc(".env", [`DATABASE_URL=postgres://app:${pw}@db.internal:5432/app`], 0),
  (r, pw) =>
    doc(
      "config/database.yml",
      ["production:", `  url: "mysql2://deploy:${pw}@mysql.prod.internal/shop"`],
      1,
    ),
  (r, pw) =>
    doc(
      "src/db.ts",
      [`const uri = "mongodb+srv://svc:${pw}@cluster0.a1b2c.mongodb.net/app?retryWrites=true";`],
      0,
    ),
  (r, pw) =>
    doc(
      "settings.py",
      [`CACHES = {"default": {"LOCATION": "redis://:${pw}@cache.internal:6379/0"}}`],
      0,
    ),
  (r, pw) =>
    doc(
      "appsettings.json",
      [
        "{",
        '  "ConnectionStrings": {',
        `    "Default": "Server=tcp:sql.internal,1433;Initial Catalog=app;User ID=app;Password=${pw};Encrypt=True;"`,
        "  }",
        "}",
      ],
      2,
    ),
  (r, pw) =>
    doc(
      "src/main/resources/application.yml",
      [
        "spring:",
        "  datasource:",
        `    url: jdbc:postgresql://db:5432/app?user=app&password=${pw}`,
      ],
      2,
    ),
  (r, pw) =>
    doc(
      "odbc.ini",
      ["[prod]", `ConnectionString = Driver={PostgreSQL};Server=db;Uid=app;Pwd=${pw};`],
      1,
    ),
  (r, pw) =>
    doc("celeryconfig.py", [`broker_url = 'amqp://worker:${pw}@rabbit.internal:5672/jobs'`], 0),
  (r, pw) => doc("migrations/001_users.sql", [`CREATE USER reporting WITH PASSWORD '${pw}';`], 0),
  (r, pw) => doc("setup.sql", [`ALTER USER 'app'@'%' IDENTIFIED BY '${pw}';`], 0),
  (r, pw) =>
    doc("deploy/mail.env", [`SMTP_URL=smtp://noreply:${pw}@smtp.mailhost.internal:587`], 0),
  (r, pw) =>
    doc(
      ".gitmodules",
      ['[submodule "vendor/lib"]', `\turl = https://builder:${pw}@git.internal/team/lib.git`],
      1,
    ),
];

function pemBody(r, lines = r.int(8, 25)) {
  const out = [];
  for (let i = 0; i < lines; i++) out.push(r.s(B64, 64));
  out.push(`${r.s(B64, r.int(8, 60))}${r.pick(["", "=", "=="])}`);
  return out;
}

const LABELS = [
  `RSA ${PRIV} KEY`,
  `EC ${PRIV} KEY`,
  `OPENSSH ${PRIV} KEY`,
  `${PRIV} KEY`,
  `ENCRYPTED ${PRIV} KEY`,
  `DSA ${PRIV} KEY`,
];

/** Multi-line private keys in every container they get pasted into. */
export const PRIVATE_KEYS = [
  (r) => {
    const label = r.pick(LABELS);
    return doc(
      r.pick(["id_rsa", "certs/server.key", "deploy/key.pem"]),
      [`${DASH5}BEGIN ${label}${DASH5}`, ...pemBody(r), `${DASH5}END ${label}${DASH5}`],
      0,
    );
  },
  (r) => {
    const label = r.pick(LABELS);
    return doc(
      "k8s/ingress-values.yaml",
      [
        "tls:",
        "  key: |",
        `    ${DASH5}BEGIN ${label}${DASH5}`,
        ...pemBody(r).map((l) => `    ${l}`),
        `    ${DASH5}END ${label}${DASH5}`,
        "  enabled: true",
      ],
      2,
    );
  },
  (r) => {
    const label = r.pick(LABELS);
    const body = [
      `${DASH5}BEGIN ${label}${DASH5}`,
      ...pemBody(r),
      `${DASH5}END ${label}${DASH5}`,
      "",
    ].join("\\n");
    return doc(
      "credentials.json",
      ["{", '  "client": "svc",', `  "private_key": "${body}"`, "}"],
      2,
    );
  },
  (r) => {
    const label = `${PRIV} KEY`;
    const sa = {
      type: "service_account",
      project_id: `proj-${r.s(LOWER, 6)}`,
      private_key_id: r.s(HEX, 40),
      private_key: [
        `${DASH5}BEGIN ${label}${DASH5}`,
        ...pemBody(r),
        `${DASH5}END ${label}${DASH5}`,
        "",
      ].join("\n"),
      client_email: "svc@proj.iam.gserviceaccount.com",
    };
    const text = JSON.stringify(sa, null, 2);
    const line = text.split("\n").findIndex((l) => l.includes('"private_key"'));
    return { path: "gcp-sa.json", text: `${text}\n`, line: line + 1 };
  },
  (r) => {
    const label = r.pick(LABELS);
    const body = [
      `${DASH5}BEGIN ${label}${DASH5}`,
      ...pemBody(r),
      `${DASH5}END ${label}${DASH5}`,
    ].join("\\n");
    return doc(".env", ["APP=api", `SIGNING_KEY="${body}"`], 1);
  },
  (r) => {
    const label = r.pick(LABELS);
    return doc(
      "modules/vm/main.tf",
      [
        'resource "tls_key" "k" {',
        "  pem = <<EOT",
        `${DASH5}BEGIN ${label}${DASH5}`,
        ...pemBody(r),
        `${DASH5}END ${label}${DASH5}`,
        "EOT",
        "}",
      ],
      2,
    );
  },
  (r) => {
    const label = r.pick(LABELS);
    return doc(
      "tests/keys.py",
      [
        'KEY = """',
        `${DASH5}BEGIN ${label}${DASH5}`,
        ...pemBody(r),
        `${DASH5}END ${label}${DASH5}`,
        '"""',
      ],
      1,
    );
  },
  (r) => {
    const label = `PGP ${PRIV} KEY BLOCK`;
    return doc(
      "keys/release.asc",
      [
        `${DASH5}BEGIN ${label}${DASH5}`,
        "",
        ...pemBody(r, 12),
        `=${r.s(B64, 4)}`,
        `${DASH5}END ${label}${DASH5}`,
      ],
      0,
    );
  },
  (r) => {
    const lines = pemBody(r, 14);
    return doc(
      "deploy.ppk",
      [
        "PuTTY-User-Key-File-3: ssh-ed25519",
        "Encryption: none",
        "Comment: deploy",
        "Public-Lines: 2",
        r.s(B64, 64),
        r.s(B64, 20),
        `Private-Lines: ${lines.length}`,
        ...lines,
        `Private-MAC: ${r.s(HEX, 64)}`,
      ],
      0,
    );
  },
];

const basic = (user, pw) => b64(`${user}:${pw}`);

/** Encoded credentials, reported at the encoded text. */
export const ENCODED = [
  (r, pw) =>
    doc(
      "k8s/secret.yaml",
      [
        "apiVersion: v1",
        "kind: Secret",
        "metadata:",
        "  name: db",
        "type: Opaque",
        "data:",
        `  username: ${b64("app")}`,
        `  password: ${b64(pw)}`,
      ],
      7,
    ),
  (r, pw) =>
    doc(
      "k8s/all.yaml",
      [
        "apiVersion: v1",
        "kind: ConfigMap",
        "data:",
        "  LOG_LEVEL: info",
        "---",
        "apiVersion: v1",
        "kind: Secret",
        "metadata:",
        "  name: api",
        "data:",
        `  API_TOKEN: ${b64(r.s(ALNUM, 40))}`,
      ],
      10,
    ),
  (r, pw) => {
    const cfg = JSON.stringify({ auths: { "registry.internal": { auth: basic("ci", pw) } } });
    return doc(
      "k8s/pull-secret.yaml",
      [
        "apiVersion: v1",
        "kind: Secret",
        "type: kubernetes.io/dockerconfigjson",
        "metadata:",
        "  name: regcred",
        "data:",
        `  .dockerconfigjson: ${b64(cfg)}`,
      ],
      6,
    );
  },
  (r) => {
    const label = `RSA ${PRIV} KEY`;
    const pem = [
      `${DASH5}BEGIN ${label}${DASH5}`,
      ...pemBody(r),
      `${DASH5}END ${label}${DASH5}`,
      "",
    ].join("\n");
    return doc(
      "k8s/tls.yaml",
      [
        "apiVersion: v1",
        "kind: Secret",
        "type: kubernetes.io/tls",
        "data:",
        `  tls.crt: ${b64("not a key")}`,
        `  tls.key: ${b64(pem)}`,
      ],
      5,
    );
  },
  (r, pw) =>
    doc(
      "secret.json",
      [
        "{",
        '  "apiVersion": "v1",',
        '  "kind": "Secret",',
        '  "data": {',
        `    "password": "${b64(pw)}"`,
        "  }",
        "}",
      ],
      4,
    ),
  (r, pw) =>
    doc(
      ".docker/config.json",
      [
        "{",
        '  "auths": {',
        '    "https://index.docker.io/v1/": {',
        `      "auth": "${basic(r.pick(["deploy", "ci-bot"]), pw)}"`,
        "    }",
        "  }",
        "}",
      ],
      3,
    ),
  (r) =>
    doc(
      ".docker/config.json",
      ['{"auths":{"ghcr.io":{"auth":"' + basic("octocat", checksummed(r, "ghp_")) + '"}}}'],
      0,
    ),
  (r, pw) =>
    doc(
      ".npmrc",
      ["registry=https://npm.internal/", `_auth=${basic("builder", pw)}`, "always-auth=true"],
      1,
    ),
  (r, pw) =>
    doc(".npmrc", [`//npm.internal/:_password=${b64(pw)}`, "//npm.internal/:username=builder"], 0),
  (r, pw) =>
    doc(
      "api.http",
      ["GET https://api.internal/v1/users", `Authorization: Basic ${basic("admin", pw)}`],
      1,
    ),
  (r, pw) =>
    doc(
      "nginx/site.conf",
      ["location / {", `    proxy_set_header Authorization "Basic ${basic("proxy", pw)}";`, "}"],
      1,
    ),
  (r, pw) =>
    doc(
      "scripts/check.sh",
      [`curl -H "Authorization: Basic ${basic("ops", pw)}" https://status.internal/`],
      0,
    ),
  (r, pw) =>
    doc(
      "config/remote.yaml",
      [`endpoint: https://uploader:${encodeURIComponent(pw + "@/:")}@files.internal/in`],
      0,
    ),
  (r) => doc(".env", [`GITHUB_TOKEN_B64=${b64(checksummed(r, "ghp_"))}`], 0),
  (r) =>
    doc(
      "ci/vars.yml",
      [
        `slack_token_hex: ${Buffer.from(`xoxb-${r.s("0123456789", 12)}-${r.s("0123456789", 13)}-${r.s(ALNUM, 24)}`).toString("hex")}`,
      ],
      0,
    ),
  (r) =>
    doc(
      "config/app.json",
      [`{"blob": "${b64(JSON.stringify({ stripe: { key: `sk_live_${r.s(ALNUM, 24)}` } }))}"}`],
      0,
    ),
  (r, pw) =>
    doc("scripts/login.sh", [`curl -u "deploy:${pw}" https://artifacts.internal/upload`], 0),
];
