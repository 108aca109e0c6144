// Per-rule true positives and false positives for every detector rule (the gitleaks
// `tps`/`fps` model). Every planted value is generated at run time (see scan-fixtures.ts).
import { describe, expect, it } from "vitest";
import { listRules, scanText } from "../src/scan/index.js";
import { RULES } from "../src/scan/rules/index.js";
import { sampleRegex } from "./regex-sample.js";
import { armoured, B64, fakes, HEXL, pemKey, Rng } from "./scan-fixtures.js";

const rng = new Rng(20261125);
const f = fakes(rng);

interface Sample {
  text: string;
  path?: string;
}
interface Case {
  tps: Sample[];
  fps: Sample[];
}

const s = (text: string, path = "src/config.ts"): Sample => ({ text, path });

const rsa = pemKey("rsa");
const ec = pemKey("ec");
const pkcs8 = pemKey("pkcs8");
const awsId = f.awsKeyId();

const CASES: Record<string, Case> = {
  "aws-access-key-id": {
    tps: [
      s(`const id = "${awsId}";`),
      s(`aws_access_key_id=${f.awsKeyId()}`, ".env"),
      s(`ASIA${f.awsKeyId().slice(4)}`, "notes.txt"),
    ],
    fps: [
      s(`const id = "AKIAIOSFODNN7EXAMPLE";`),
      s(`key: AKIAXXXXXXXXXXXXXXXX`, "a.yaml"),
      s(`const tz = "Asia/Tokyo"; // akia`),
      s(`const id = "${awsId.slice(0, 19)}";`),
      s(`const x = "XAKIA${awsId.slice(4)}";`),
    ],
  },
  "aws-secret-access-key": {
    tps: [
      s(`aws_secret_access_key = ${f.awsSecret()}`, "credentials"),
      s(`  secretAccessKey: "${f.awsSecret()}",`),
      s(`id=${f.awsKeyId()}\nkey=${f.awsSecret()}\n`, "notes.txt"),
    ],
    fps: [
      s(`aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY`, "credentials"),
      s(`aws_secret_access_key = \${AWS_SECRET_ACCESS_KEY}`, "credentials"),
      s(`id = "${awsId}"\ncommit = "${f.hex(40)}"\n`, "notes.txt"),
    ],
  },
  "gcp-service-account": {
    tps: [
      s(
        JSON.stringify(
          {
            type: "service_account",
            project_id: "demo",
            private_key_id: f.hex(40),
            private_key: pkcs8,
            client_email: "a@demo.iam.gserviceaccount.com",
          },
          null,
          2,
        ),
        "sa.json",
      ),
    ],
    fps: [
      s(
        JSON.stringify(
          {
            type: "service_account",
            private_key: "-----BEGIN PRIVATE KEY-----\n<your key>\n-----END PRIVATE KEY-----\n",
          },
          null,
          2,
        ),
        "sa.json",
      ),
      s(
        JSON.stringify(
          { type: "authorized_user", client_id: "x.apps.googleusercontent.com" },
          null,
          2,
        ),
        "adc.json",
      ),
    ],
  },
  "gcp-api-key": {
    tps: [s(`const key = "${f.gcpApiKey()}";`), s(`GOOGLE_API_KEY=${f.gcpApiKey()}`, ".env")],
    fps: [
      s(`const key = "AIza${"x".repeat(35)}";`),
      s(`const key = "AIzaSyShort";`),
      s(`const key = "<AIza-your-key>";`),
    ],
  },
  "azure-storage-key": {
    tps: [
      s(
        `"DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=${f.azureKey()};EndpointSuffix=core.windows.net"`,
        "app.json",
      ),
      s(
        `Endpoint=sb://ns.servicebus.windows.net/;SharedAccessKeyName=Root;SharedAccessKey=${rng.str(B64, 43)}=`,
        ".env",
      ),
    ],
    fps: [
      s(
        `UseDevelopmentStorage=true;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==`,
        ".env",
      ),
      s(`AccountKey=<storage-account-key>`, ".env"),
    ],
  },
  "github-token": {
    tps: [
      s(`const t = "${f.githubClassic()}";`),
      s(`GH_TOKEN=${f.githubClassic("gho")}`, ".env"),
      s(`token: ${f.githubClassic("ghs")}`, "ci.yaml"),
      // A wrong checksum is still reported (test and hand-made tokens fail it).
      s(`const t = "ghp_${rng.str(B64.slice(0, 62), 36)}";`),
    ],
    fps: [
      s(`const t = "ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx";`),
      s(`const t = "ghp_${"a1".repeat(17)}";`),
      s(`const prefix = "ghp_"; // classic PAT prefix`),
      s(`const t = "ghx_${f.githubClassic().slice(4)}";`),
      s(`const t = "ghp_16C7e42F292c6912E7710c838347Ae178B4a"; // GitHub docs`),
    ],
  },
  "github-fine-grained-pat": {
    tps: [s(`GITHUB_TOKEN=${f.githubFineGrained()}`, ".env")],
    fps: [
      s(`const prefix = "github_pat_"; // fine-grained`),
      s(`github_pat_${"X".repeat(22)}_${"X".repeat(59)}`, "doc.md"),
    ],
  },
  "gitlab-token": {
    tps: [s(`GITLAB_TOKEN=${f.gitlab()}`, ".env"), s(`const t = '${f.gitlab()}';`)],
    fps: [s(`const t = "glpat-xxxxxxxxxxxxxxxxxxxx";`), s(`// tokens start with glpat-`)],
  },
  "slack-token": {
    tps: [
      s(`SLACK_BOT_TOKEN=${f.slackBot()}`, ".env"),
      s(`const t = "${f.slackBot().replace("xoxb", "xoxp")}";`),
    ],
    fps: [
      s(`const t = "xoxb-your-token";`),
      s(`const t = "xoxb-0000000000-0000000000000-xxxxxxxxxxxxxxxxxxxxxxxx";`),
    ],
  },
  "slack-webhook": {
    tps: [s(`SLACK_WEBHOOK=${f.slackWebhook()}`, ".env")],
    fps: [
      s(
        `url: https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX`,
        "doc.md",
      ),
      s(`see https://hooks.slack.com/services/`, "doc.md"),
    ],
  },
  "discord-webhook": {
    tps: [s(`const hook = "${f.discordWebhook()}";`)],
    fps: [s(`const hook = "https://discord.com/api/webhooks/{id}/{token}";`)],
  },
  "discord-bot-token": {
    tps: [
      s(`DISCORD_TOKEN=${f.discordBot()}`, ".env"),
      s(`client.login("${f.discordBot()}"); // discord`),
    ],
    fps: [
      // Same shape, but the first part does not decode to a numeric user id.
      s(
        `DISCORD_TOKEN=${Buffer.from("hello-world-abcdefg").toString("base64url")}.${rng.str(B64.slice(0, 62), 6)}.${rng.str(B64.slice(0, 62), 27)}`,
        ".env",
      ),
      s(`const token = "MTIz.abc.def"; // discord`), // hush:allow (a token-named value, for the generic rule)
    ],
  },
  "telegram-bot-token": {
    tps: [s(`TELEGRAM_BOT_TOKEN=${f.telegram()}`, ".env")],
    fps: [
      s(`const t = "123456789:AAxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx";`),
      s(`const time = "12:AA"; // not a token`),
    ],
  },
  "stripe-secret-key": {
    tps: [s(`STRIPE_SECRET_KEY=${f.stripe()}`, ".env"), s(`const k = "${f.stripe("rk")}";`)],
    fps: [
      s(`const k = "sk_live_xxxxxxxxxxxxxxxxxxxxxxxx";`),
      s(`const k = "pk_live_${rng.str(B64.slice(0, 62), 24)}"; // publishable`),
      s(`// keys look like sk_live_...`),
    ],
  },
  "openai-api-key": {
    tps: [s(`OPENAI_API_KEY=${f.openaiProject()}`, ".env"), s(`const k = "${f.openaiLegacy()}";`)],
    fps: [
      s(`const k = "sk-proj-xxxxxxxx";`),
      s(`const task = "ask-proj-runner-is-a-long-identifier-name-here";`),
    ],
  },
  "anthropic-api-key": {
    tps: [s(`ANTHROPIC_API_KEY=${f.anthropic()}`, ".env")],
    fps: [s(`const k = "sk-ant-api03-...";`), s(`const k = "sk-ant-api03-${"x".repeat(95)}";`)],
  },
  "huggingface-token": {
    tps: [s(`HF_TOKEN=${f.huggingface()}`, ".env")],
    fps: [s(`const hf_tokenizerConfigurationLoader = 1;`), s(`const x = "hf_${"a".repeat(34)}";`)],
  },
  "npm-token": {
    tps: [s(`//registry.npmjs.org/:_authToken=${f.npm()}`, ".npmrc")],
    fps: [s(`const v = process.env.npm_config_registry;`), s(`const x = "npm_${"0".repeat(36)}";`)],
  },
  "npm-legacy-token": {
    tps: [s(`//registry.npmjs.org/:_authToken=${f.uuid()}`, ".npmrc")],
    fps: [s(`//registry.npmjs.org/:_authToken=\${NPM_TOKEN}`, ".npmrc"), s(`id = "${f.uuid()}"`)],
  },
  "pypi-token": {
    tps: [s(`password = ${f.pypi()}`, ".pypirc")],
    fps: [s(`password = pypi-AgEIcHlwaS5vcmc`, ".pypirc")],
  },
  "sendgrid-api-key": {
    tps: [s(`SENDGRID_API_KEY=${f.sendgrid()}`, ".env")],
    fps: [
      s(`const msg = SG.send(message);`),
      s(`const k = "SG.xxxxxxxxxxxxxxxxxxxxxx.xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx";`),
    ],
  },
  "twilio-api-key": {
    tps: [s(`TWILIO_API_KEY=${f.twilioKey()}`, ".env")],
    fps: [s(`const MASK = 1; const DISK0 = 2;`), s(`const k = "SK${"0".repeat(32)}";`)],
  },
  "twilio-auth-token": {
    tps: [
      s(`# twilio\nTWILIO_ACCOUNT_SID=AC${f.hex(32)}\nTWILIO_AUTH_TOKEN=${f.hex(32)}\n`, ".env"),
    ],
    fps: [s(`# twilio\nTWILIO_AUTH_TOKEN=\${TWILIO_AUTH_TOKEN}\n`, ".env")],
  },
  "mailgun-api-key": {
    tps: [
      s(`MAILGUN_API_KEY=${f.mailgun()}`, ".env"),
      s(`# mailgun\nMG_KEY=${f.hex(32)}-${f.hex(8)}-${f.hex(8)}\n`, ".env"),
    ],
    fps: [s(`.key-value { color: red }`, "a.css"), s(`const k = "key-${"0".repeat(32)}";`)],
  },
  "datadog-api-key": {
    tps: [
      s(`DD_API_KEY=${f.hex(32)}`, ".env"),
      s(`datadog_app_key: "${f.hex(40)}"`, "values.yaml"),
    ],
    fps: [
      s(`DD_API_KEY=\${DD_API_KEY}`, ".env"),
      s(`datadog_api_key: "<your api key>"`, "values.yaml"),
    ],
  },
  "shopify-token": {
    tps: [s(`SHOPIFY_TOKEN=${f.shopify()}`, ".env"), s(`secret: ${f.shopify("shpss")}`, "a.yaml")],
    fps: [s(`// shpss_ prefixes a shared secret, e.g. shpss_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx`)],
  },
  "heroku-api-key": {
    tps: [s(`HEROKU_API_KEY=${f.uuid()}`, ".env"), s(`const k = "${f.herokuNew()}";`)],
    fps: [s(`const requestId = "${f.uuid()}";`), s(`HEROKU_APP_NAME=my-app`, ".env")],
  },
  "digitalocean-token": {
    tps: [s(`DIGITALOCEAN_TOKEN=${f.digitalocean()}`, ".env")],
    fps: [s(`const t = "dop_v1_${"0".repeat(64)}";`)],
  },
  "doppler-token": {
    tps: [s(`DOPPLER_TOKEN=${f.doppler()}`, ".env")],
    fps: [s(`DOPPLER_TOKEN=dp.pt.xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx`, ".env")],
  },
  "vault-token": {
    tps: [s(`VAULT_TOKEN=${f.vault()}`, ".env")],
    fps: [
      s(`VAULT_TOKEN=hvs.example-token-value-here-for-docs`, ".env"),
      s(`const x = this.hvs.length;`),
    ],
  },
  "age-secret-key": {
    tps: [
      s(
        `# created: 2026-11-25\n# public key: age1qyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqs3290gq\n${f.age()}\n`,
        "keys.txt",
      ),
    ],
    fps: [
      s(
        `recipients:\n  - age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p\n`,
        ".hush.yaml",
      ),
      s(`AGE-SECRET-KEY-1XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX`, "doc.md"),
    ],
  },
  "private-key": {
    tps: [
      s(rsa, "id_rsa"),
      s(ec, "ec.pem"),
      s(pkcs8, "key.pem"),
      s(`const key = ${JSON.stringify(pkcs8)};`),
      s(`const key = \`${rsa}\`;`),
      s(armoured("OPENSSH PRIVATE KEY", rng), "id_ed25519"),
      s(armoured("DSA PRIVATE KEY", rng), "id_dsa"),
      s(armoured("PGP PRIVATE KEY BLOCK", rng).replace("\n", "\nVersion: GnuPG v2\n\n"), "key.asc"),
      s(rsa.split("\n").slice(0, 8).join("\n"), "partial.pem"),
    ],
    fps: [
      s(`-----BEGIN RSA PRIVATE KEY-----\n...\n-----END RSA PRIVATE KEY-----\n`, "README.md"),
      s(
        `-----BEGIN PRIVATE KEY-----\n<paste your key here>\n-----END PRIVATE KEY-----\n`,
        "README.md",
      ),
      s(`const HEADER = "-----BEGIN PRIVATE KEY-----";`),
      s(armoured("PUBLIC KEY", rng), "pub.pem"),
      s(armoured("CERTIFICATE", rng), "cert.pem"),
      s(
        `-----BEGIN AGE ENCRYPTED FILE-----\n${rng.str(B64, 64)}\n-----END AGE ENCRYPTED FILE-----\n`,
        "x.age",
      ),
    ],
  },
  jwt: {
    tps: [
      s(`Authorization: Bearer ${f.jwt()}`, "request.http"),
      s(`const t = "${f.jwt({ sub: "42", role: "service_role" })}";`),
    ],
    fps: [
      s(`const anon = "${f.jwt({ iss: "supabase", role: "anon" })}";`),
      s(
        `const t = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c";`,
      ),
      s(
        `const t = "${Buffer.from('{"foo":1}').toString("base64url")}.${Buffer.from('{"bar":2}').toString("base64url")}.${rng.str(B64.slice(0, 62), 20)}";`,
      ),
    ],
  },
  "url-password": {
    tps: [
      s(
        `DATABASE_URL=postgres://app:${f.password().replace("!", "")}@db.internal:5432/app`,
        ".env",
      ),
      s(`MONGO_URI="mongodb+srv://admin:${f.token(16)}@cluster0.ab1cd.mongodb.net/prod"`, ".env"),
      s(`redis: redis://:${f.token(20)}@cache.internal:6379/0`, "values.yaml"),
      s(`amqp://svc:${f.token(18)}@mq.internal:5672/`, "config.txt"),
    ],
    fps: [
      s(`DATABASE_URL=postgres://postgres:postgres@localhost:5432/app`, ".env"),
      s(`const url = \`postgres://\${user}:\${password}@\${host}/db\`;`),
      s(`DATABASE_URL=postgres://user:password@localhost/db`, ".env.example"),
      s(`see http://user:pass@example.com:8080/`, "README.md"),
      s(`amqp://guest:guest@localhost:5672`, "docker-compose.yml"),
      s(`const re = /https?:\\/\\/[^:]+:[^@]+@/;`),
      s(
        `// example: DOTENV_KEY="dotenv://:key_1234@dotenvx.com/vault/.env.vault?environment=prod"`,
      ),
    ],
  },
  "bearer-token": {
    tps: [
      s(`curl -H "Authorization: Bearer ${f.token(40)}" https://api.internal/v1/me`, "deploy.sh"),
      s(`headers: { Authorization: "Bearer ${f.token(32)}" },`),
      // Heroku, Postmark and others issue UUIDs as API tokens: after `Bearer` one is a token.
      s(`curl -H "Authorization: Bearer ${f.uuid()}" https://api.heroku.com/apps`, "deploy.sh"),
      s(`GET https://api.internal/v1/me\nAuthorization: Bearer ${f.uuid()}`, "me.http"),
    ],
    fps: [
      s(`curl -H "Authorization: Bearer $TOKEN" https://api.internal/v1/me`, "deploy.sh"),
      s(`Authorization: Bearer 00000000-0000-0000-0000-000000000000`, "me.http"),
      s(`Authorization: Bearer 123e4567-e89b-12d3-a456-426614174000`, "README.md"),
      s(`-H "Authorization: Bearer 550e8400-e29b-41d4-a716-446655440000"`, "docs/api.md"),
      s(`const requestId = "${f.uuid()}"; // Bearer tokens are checked later`),
      s(`headers: { Authorization: \`Bearer \${token}\` },`),
      s(`// the header is "Bearer <access-token>"`),
      s(`Authorization: Bearer your-access-token-goes-here`, "README.md"),
    ],
  },
  "aws-presigned-url": {
    tps: [
      s(
        `curl "https://b.s3.amazonaws.com/f?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=${f.awsKeyId()}%2F20240501%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20240501T000000Z&X-Amz-Expires=3600&X-Amz-SignedHeaders=host&X-Amz-Signature=${f.hex(64)}"`,
        "fetch.sh",
      ),
    ],
    fps: [s(`X-Amz-Signature=${f.hex(64)}`, "notes.txt")],
  },
  "azure-sas-token": {
    tps: [
      s(
        `SAS_URL=https://acct.blob.core.windows.net/c/f?sv=2022-11-02&ss=b&srt=co&sp=r&se=2030-01-01T00:00:00Z&spr=https&sig=${encodeURIComponent(rng.str(B64, 43) + "=")}`,
        ".env",
      ),
    ],
    fps: [s(`const url = "https://x.example/api?sig=${rng.str(B64, 43)}";`)],
  },
  "basic-auth": {
    tps: [
      s(
        `Authorization: Basic ${Buffer.from(`admin:${f.password()}`).toString("base64")}`,
        "req.http",
      ),
      s(`_auth=${Buffer.from(`ci:${f.password()}`).toString("base64")}`, ".npmrc"),
      s(`curl -u "deploy:${f.password()}" https://x.internal/`, "run.sh"),
    ],
    fps: [
      s(`Authorization: Basic ${Buffer.from("user:password").toString("base64")}`, "req.http"),
      s(`curl -u "$USER:$PASSWORD" https://x.internal/`, "run.sh"),
    ],
  },
  "kubernetes-secret": {
    tps: [
      s(
        `apiVersion: v1\nkind: Secret\ndata:\n  username: ${Buffer.from("app").toString("base64")}\n  sa: ${Buffer.from(f.password()).toString("base64")}\n`,
        "secret.yaml",
      ),
    ],
    fps: [
      s(
        `apiVersion: v1\nkind: Secret\ndata:\n  username: ${Buffer.from("app-user").toString("base64")}\n  host: ${Buffer.from("db.internal.svc").toString("base64")}\n`,
        "secret.yaml",
      ),
      s(
        `apiVersion: v1\nkind: ConfigMap\ndata:\n  x: ${Buffer.from(f.password()).toString("base64")}\n`,
        "cm.yaml",
      ),
    ],
  },
  "putty-private-key": {
    tps: [
      s(
        [
          "PuTTY-User-Key-File-3: ssh-ed25519",
          "Encryption: none",
          "Comment: k",
          "Public-Lines: 1",
          rng.str(B64, 64),
          "Private-Lines: 2",
          rng.str(B64, 64),
          rng.str(B64, 40),
          `Private-MAC: ${f.hex(64)}`,
        ].join("\n"),
        "k.ppk",
      ),
    ],
    fps: [s("PuTTY-User-Key-File-3: ssh-ed25519\nPrivate-Lines: 1\n<your key here>\n", "k.ppk")],
  },
  "elevenlabs-api-key": {
    tps: [s(`ELEVENLABS_API_KEY=sk_${f.hex(48)}`, ".env")],
    fps: [s(`ELEVENLABS_API_KEY=sk_${"0".repeat(48)}`, ".env")],
  },
  "command-line-password": {
    tps: [
      s(`mysql -h db -u root -p${f.password()} app`, "restore.sh"),
      s(`RUN redis-cli -a '${f.password()}' ping`, "Dockerfile"),
      s(`sshpass -p "${f.password()}" ssh deploy@build`, "deploy.sh"),
    ],
    fps: [
      s("mysql -h db -u root -p app", "restore.sh"),
      s('mysql -u root -p"$MYSQL_PWD" app', "restore.sh"),
      s("docker run -p 3306:3306 mysql:8.0", "run.sh"),
    ],
  },
  "connection-string-password": {
    tps: [
      s(
        `var conn = "Server=db;Database=app;User Id=sa;Password=${f.password().replace("!", "")};";`,
        "Program.cs",
      ),
      s(`Driver={PostgreSQL};Server=db;Uid=app;Pwd={${f.password()}};`, "odbc.ini"),
      s(`url: jdbc:mysql://db/app?user=app&password=${f.token(12)}%21&ssl=true`, "app.yml"),
      s(`dsn = "host=db user=app password=${f.password()} dbname=app"`, "settings.py"),
    ],
    fps: [
      s(`"Server=db;Database=app;User Id=app;Password=<password>;"`, "a.json"),
      s(`var c = "Server=db;User Id=app;Password=" + pw + ";";`, "Db.cs"),
      s(`var c = $"Server=db;User Id=app;Password={pw};";`, "Db.cs"),
      s(`url: jdbc:mysql://db/app?user=app&password=****&ssl=true`, "app.yml"),
      s(`Server=myServerAddress;User Id=myUsername;Password=myPassword;`, "README.md"),
      s(`PASSWORD=${f.password()}`, ".env"),
    ],
  },
  "generic-secret": {
    tps: [
      s(`password: ${f.password()}`, "values.yaml"),
      s(`{ "api_key": "${f.token()}" }`, "config.json"),
      s(`CLIENT_SECRET=${f.token()}`, ".env"),
      s(`const apiKey = "${f.token()}";`),
      s(`db_password = "${f.password()}"`, "settings.py"),
      s(`secret_key_base: ${f.hex(64)}`, "secrets.yml"),
    ],
    fps: [
      s(`password: changeme`, "values.yaml"),
      s(`password: \${DB_PASSWORD}`, "values.yaml"),
      s(`password: {{ .Values.db.password }}`, "templates/secret.yaml"),
      s(`password: "<your-password>"`, "values.yaml"),
      s(`const token = getToken();`),
      s(`this.token = token;`),
      s(`const password = process.env.DB_PASSWORD;`),
      s(`token_type: bearer_token_v2`, "a.yaml"),
      s(`password_reset_url: https://example.com/reset`, "a.yaml"),
      s(`secretName: db-credentials-prod`, "deploy.yaml"),
      s(
        `api_key: ENC[AES256_GCM,data:${rng.str(B64, 24)},iv:${rng.str(B64, 43)}=,tag:${rng.str(B64, 22)}==,type:str]`,
        "secrets.yaml",
      ),
      s(`token: ${f.uuid()}`, "a.yaml"),
      s(`token: ${f.hex(40)}`, "a.yaml"),
      s(`public_key: ${rng.str(B64, 44)}`, "a.yaml"),
      s(`password: "%s"`, "a.yaml"),
      s(`password: "********"`, "a.yaml"),
      s(`secret: redacted-value-1234`, "a.yaml"),
      s(`apiKey: "dummy-api-key-123456"`, "a.yaml"),
      s(`token: abcdef1234567890`, "a.yaml"),
      s(`integrity: sha512-${rng.str(B64, 86)}==`, "a.yaml"),
      s(`secret: "The secret of 42 is kept."`, "a.yaml"),
      s(`if (password === "${f.password()}") {}`),
      s(`nextLastSignificantToken = "?NonExpressionParenEnd";`, "dist/chunk.js"),
      s(`lastSignificantToken = "?InterpolationInJSX";`, "dist/chunk.js"),
      s("/** URLs with an embedded password: `postgres://user:pass@host/db`. */"),
      s(`const re = /("password": "ENC\\[AES256_GCM,data:[^,]+),iv:[^"]+"/;`),
      s(`await write("app.env", "API_TOKEN=tok\\nHOME_URL=https://x\\n");`),
      s(` * const apiToken = "abc123xyz456";`),
      s(
        `"build": "wasm-opt x.wasm --pass-arg=asyncify-imports@env.await_promise_sync -Oz"`,
        "package.json",
      ),
      s(`const validPrivateKey = mod.hashToPrivateScalar(derived, p256.CURVE.n);`, "README.md"),
    ],
  },
};

/** Rules without a hand-written case get one drawn from their own format (see regex-sample.ts). */
const sampled = new Rng(4242);
function drawn(ruleId: string): Case | undefined {
  const rule = RULES.find((r) => r.id === ruleId);
  const re = rule?.shape ?? rule?.pattern;
  if (!rule || !re) return undefined;
  const value = sampleRegex(re, sampled);
  // A provider-named value sits next to its provider's name; a format stands alone.
  const text = rule.shape
    ? `${rule.keywords[0]}_secret = "${value}"`
    : `const credential = ${JSON.stringify(value)};`;
  const flat = value.replace(/[A-Za-z0-9]/g, (c, i: number) => (i < 4 ? c : "x"));
  const fp = rule.shape ? `secret = "${value}"` : `const credential = ${JSON.stringify(flat)};`;
  return {
    tps: [s(text, rule.shape ? "config.env" : "src/config.ts")],
    fps: [s(fp, "config.env")],
  };
}

describe("detector rules", () => {
  const ids = [...new Set(listRules().map((r) => r.id))].sort();

  it("should have true- and false-positive cases for every rule", () => {
    for (const id of ids) {
      const c = CASES[id] ?? drawn(id);
      expect(c, `no case for ${id}`).toBeDefined();
      expect(c!.tps.length).toBeGreaterThan(0);
      expect(c!.fps.length).toBeGreaterThan(0);
    }
  });

  for (const ruleId of ids) {
    const c = CASES[ruleId] ?? drawn(ruleId);
    if (!c) continue;
    describe(ruleId, () => {
      c.tps.forEach((sample, i) => {
        it(`should report true positive #${i + 1}`, () => {
          const found = scanText(sample.text, { path: sample.path ?? "src/a.ts" });
          expect(
            found.map((x) => x.ruleId),
            sample.text,
          ).toContain(ruleId);
        });
      });
      c.fps.forEach((sample, i) => {
        it(`should not report false positive #${i + 1}`, () => {
          const found = scanText(sample.text, { path: sample.path ?? "src/a.ts" });
          expect(
            found.filter((x) => x.ruleId === ruleId),
            sample.text,
          ).toEqual([]);
        });
      });
    });
  }
});

describe("checksummed tokens", () => {
  it("should rate a GitHub token with a valid CRC32 checksum high and a forged one medium", () => {
    const good = f.githubClassic();
    const bad = `${good.slice(0, -1)}${good.endsWith("A") ? "B" : "A"}`;
    expect(scanText(`t = "${good}"`, { path: "a.ts" })[0]?.confidence).toBe("high");
    expect(scanText(`t = "${bad}"`, { path: "a.ts" })[0]?.confidence).toBe("medium");
  });

  it("should rate an npm token with a valid checksum high", () => {
    expect(scanText(`_authToken=${f.npm()}`, { path: ".npmrc" })[0]?.confidence).toBe("high");
  });

  it("should find each of the hex-alphabet Twilio keys", () => {
    for (const h of HEXL) {
      const key = `SK${h}${f.hex(31)}`;
      expect(scanText(`k=${key}`, { path: ".env" }).map((x) => x.ruleId)).toContain(
        "twilio-api-key",
      );
    }
  });
});
