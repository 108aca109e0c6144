// Passwords on command lines as scripts, Dockerfiles, CI YAML, Makefiles, Markdown and JSON/YAML
// strings hold them: each client's own password flag or argument (`mysql -pX`, `redis-cli -a X`,
// `sshpass -p X`, `curl -u user:X`, `docker login -p X`, `htpasswd -b f user X`, `PGPASSWORD=X`),
// and hard negatives of the same shapes: prompts, ports, variables, placeholders and docs.
// Values are built at run time (the repo's guard scans this file).

import { ALNUM } from "./random.mjs";

const doc = (path, lines, at) => ({ path, text: `${lines.join("\n")}\n`, line: at + 1 });

/** An argument whose value is the secret: `flag` glued to the (quoted when needed) value. */
const arg = (flag, value) => ({ flag, value });

/** Shell quoting as people write it: only when the value holds a character the shell reads. */
function quote(r, v) {
  if (!/[^\w@%+=:,./-]/.test(v) && !v.startsWith("-")) return v;
  return r.chance(0.5) ? `'${v}'` : `"${v}"`;
}

function shell(r, argv) {
  return argv.map((a) => (typeof a === "string" ? a : `${a.flag}${quote(r, a.value)}`)).join(" ");
}

const HOSTS = ["db.internal", "10.0.4.12", "mysql-0.mysql", "prod-db-1"];

/** Commands that give a client its password; `pw` is the password, `r` the random source. */
const COMMANDS = [
  (r, pw) => [
    r.pick(["mysql", "mariadb"]),
    "-h",
    r.pick(HOSTS),
    "-u",
    "root",
    arg("-p", pw),
    "app",
  ],
  (r, pw) => [
    "mysql",
    `--user=${r.pick(["app", "root"])}`,
    arg("--password=", pw),
    "-e",
    "'SHOW DATABASES'",
  ],
  (r, pw) => ["mysqldump", "-uroot", arg("-p", pw), "--single-transaction", "app", ">", "dump.sql"],
  (r, pw) => ["mysqladmin", "-u", "root", arg("-p", pw), "ping"],
  (r, pw) => [
    { flag: "PGPASSWORD=", value: pw },
    "psql",
    "-h",
    r.pick(HOSTS),
    "-U",
    "app",
    "-d",
    "app",
  ],
  (r, pw) => [
    { flag: "PGPASSWORD=", value: pw },
    "pg_dump",
    "-h",
    r.pick(HOSTS),
    "-p",
    "5432",
    "app",
  ],
  (r, pw) => ["redis-cli", "-h", "cache", "-p", "6379", "-a", arg("", pw), "ping"],
  (r, pw) => ["redis-cli", "--user", "app", "--pass", arg("", pw), "info"],
  // Piped into a command that reads it on standard input.
  (r, pw) => [
    "echo",
    arg("", pw),
    "|",
    "docker",
    "login",
    "-u",
    "ci",
    "--password-stdin",
    "reg.internal",
  ],
  (r, pw) => ["echo", arg(r.pick(["deploy:", "root:", "app:"]), pw), "|", "chpasswd"],
  (r, pw) => ["printf", "'%s'", arg("", pw), "|", "sudo", "-S", "systemctl", "restart", "app"],
  (r, pw) => ["sshpass", "-p", arg("", pw), "ssh", "-p", "2222", "deploy@build.internal"],
  (r, pw) => ["sshpass", arg("-p", pw), "scp", "app.tar.gz", "deploy@build.internal:/srv"],
  (r, pw) => ["curl", "-fsS", "-u", arg("deploy:", pw), "https://artifacts.internal/upload"],
  (r, pw) => ["curl", "--user", arg("ci:", pw), "-T", "app.zip", "https://nexus.internal/repo/"],
  (r, pw) => ["wget", "--user=ci", arg("--password=", pw), "https://files.internal/a.tgz"],
  (r, pw) => ["wget", arg("--http-password=", pw), "--http-user=ci", "https://files.internal/"],
  (r, pw) => ["docker", "login", "-u", "ci", "-p", arg("", pw), "registry.internal"],
  (r, pw) => [
    "docker",
    "login",
    "registry.internal",
    "--username",
    "ci",
    "--password",
    arg("", pw),
  ],
  (r, pw) => ["podman", "login", "-u", "ci", arg("--password=", pw), "quay.internal"],
  (r, pw) => ["htpasswd", "-bc", "/etc/nginx/.htpasswd", "admin", arg("", pw)],
  (r, pw) => ["htpasswd", "-nbB", "admin", arg("", pw), ">>", "auth/htpasswd"],
  (r, pw) => ["mongosh", "-u", "admin", "-p", arg("", pw), "--authenticationDatabase", "admin"],
  (r, pw) => ["mongodump", "--username=backup", arg("--password=", pw), "--out=/backup"],
  (r, pw) => ["az", "login", "-u", "ops@corp.internal", "-p", arg("", pw)],
  (r, pw) => [
    "az",
    "login",
    "--service-principal",
    "-u",
    r.uuid(),
    "-p",
    arg("", pw),
    "--tenant",
    r.uuid(),
  ],
  (r) => [
    "kubectl",
    arg("--token=", r.s("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", 40)),
    "get",
    "pods",
  ],
  (r, pw) => [
    "helm",
    "repo",
    "add",
    "internal",
    "https://charts.internal",
    "--username",
    "ci",
    "--password",
    arg("", pw),
  ],
  (r, pw) => ["sqlcmd", "-S", "sql01", "-U", "sa", "-P", arg("", pw), "-Q", "'SELECT 1'"],
  (r, pw) => [
    "openssl",
    "pkcs12",
    "-export",
    "-in",
    "tls.crt",
    "-inkey",
    "tls.key",
    "-out",
    "tls.p12",
    "-passout",
    arg("pass:", pw),
  ],
  (r, pw) => [
    "keytool",
    "-importkeystore",
    "-srckeystore",
    "tls.p12",
    "-destkeystore",
    "app.jks",
    "-deststorepass",
    arg("", pw),
  ],
  (r, pw) => [
    "ldapsearch",
    "-x",
    "-H",
    "ldap://ldap.internal",
    "-D",
    "cn=admin,dc=corp",
    "-w",
    arg("", pw),
    "-b",
    "dc=corp",
  ],
  (r, pw) => ["sqlplus", "-s", arg("app/", `${pw}@//db.internal:1521/ORCL`)],
  (r, pw) => ["rabbitmqctl", "add_user", "app", arg("", pw)],
  (r, pw) => ["gpg", "--batch", "--passphrase", arg("", pw), "-d", "secrets.gpg"],
  (r, pw) => ["smbclient", "//fs.internal/share", "-U", arg("svc%", pw), "-c", "'ls'"],
  (r, pw) => ["oc", "login", "-u", "dev", "-p", arg("", pw), "https://api.cluster.internal:6443"],
  (r, pw) => ["ConvertTo-SecureString", arg("", pw), "-AsPlainText", "-Force"],
  (r, pw) => ["net", "user", "svc_backup", arg("", pw), "/add"],
  (r, pw) => ["xfreerdp", "/v:10.0.0.5", "/u:admin", arg("/p:", pw), "/cert:ignore"],
  (r, pw) => ["cqlsh", "-u", "cassandra", "-p", arg("", pw), "cassandra.internal"],
  (r, pw) => ["rabbitmqadmin", "-u", "admin", "-p", arg("", pw), "list", "queues"],
  (r, pw) => noBlock(["http", "-a", arg("ci:", pw), "GET", "https://api.internal/v1/me"]),
  (r, pw) => noBlock(["https", "--auth", arg("deploy:", pw), "api.internal/jobs", "--verify=no"]),
  (r) => ["vault", "login", "-no-print", arg("", `s.${r.s(ALNUM, 24)}`)],
  (r) => [
    "aws",
    "configure",
    "set",
    r.pick(["aws_secret_access_key", "default.aws_secret_access_key"]),
    arg("", r.s(`${ALNUM}+/`, 40)),
  ],
];

/**
 * A command never written as a YAML block list (`- http` / `- -a`): `- http` begins every list of
 * URLs, so HTTPie's name there is no keyword.
 */
function noBlock(argv) {
  return Object.assign(argv, { noBlock: true });
}

/** Where a command is written; returns the document and the line holding `secret`. */
function place(r, argv, secret) {
  const cmd = shell(r, argv);
  const exec = JSON.stringify(argv.map((a) => (typeof a === "string" ? a : `${a.flag}${a.value}`)));
  const canExec =
    // A redirection, a pipe or shell quoting means a shell: never an exec form.
    !argv.some((a) => typeof a === "string" && /[>|']/.test(a)) && typeof argv[0] === "string";
  const continued = () => {
    // Split before an argument after the secret's own: `cmd \` + indented rest.
    const parts = cmd.split(" ");
    const cut = Math.max(2, Math.floor(parts.length / 2));
    return [`${parts.slice(0, cut).join(" ")} \\`, `  ${parts.slice(cut).join(" ")}`];
  };
  const forms = [
    () => ["scripts/restore.sh", ["#!/usr/bin/env bash", "set -euo pipefail", cmd]],
    () => ["scripts/deploy.sh", ["#!/bin/sh", ...continued()]],
    () => ["Dockerfile", ["FROM debian:12", `RUN ${cmd}`]],
    () => [
      ".github/workflows/ci.yml",
      ["jobs:", "  db:", "    steps:", "      - run: |", `          ${cmd}`],
    ],
    () => [".gitlab-ci.yml", ["migrate:", "  script:", "    - echo start", `    - ${cmd}`]],
    () => ["Makefile", ["restore:", `\t${cmd}`]],
    () => ["docs/ops.md", ["# Restore", "", "```bash", cmd, "```"]],
    () => ["README.md", ["## Debugging", "", `Connect with \`${cmd}\` from the bastion.`]],
    () => ["package.json", ["{", '  "scripts": {', `    "db": ${JSON.stringify(cmd)}`, "  }", "}"]],
    () => ["docker-compose.yml", ["services:", "  job:", `    command: ${JSON.stringify(cmd)}`]],
  ];
  if (canExec) {
    forms.push(() => ["Dockerfile", ["FROM alpine", `CMD ${exec}`]]);
    if (!argv.noBlock)
      forms.push(() => [
        "k8s/cronjob.yaml",
        [
          "containers:",
          "  - name: job",
          "    command:",
          ...JSON.parse(exec).map(
            (a) => `      - ${/^[\w./:@-]+$/.test(a) ? a : JSON.stringify(a)}`,
          ),
        ],
      ]);
    forms.push(() => [
      "k8s/job.yaml",
      ["spec:", "  containers:", "    - name: job", `      command: ${exec}`],
    ]);
    // The client in `command:`, its arguments in `args:` (Compose: `entrypoint:`, `command:`).
    const [program, ...rest] = JSON.parse(exec);
    forms.push(() => [
      "k8s/deployment.yaml",
      [
        "containers:",
        "  - name: job",
        `    command: ${JSON.stringify([program])}`,
        `    args: ${JSON.stringify(rest)}`,
      ],
    ]);
    forms.push(() => [
      "compose.yaml",
      [
        "services:",
        "  job:",
        `    entrypoint: ["${program}"]`,
        `    command: ${JSON.stringify(rest)}`,
      ],
    ]);
    if (!argv.noBlock)
      forms.push(() => [
        "k8s/pod.yaml",
        [
          "containers:",
          "  - name: job",
          "    command:",
          `      - ${program}`,
          "    args:",
          ...rest.map((a) => `      - ${/^[\w./:@-]+$/.test(a) ? a : JSON.stringify(a)}`),
        ],
      ]);
  }
  const [path, lines] = r.pick(forms)();
  const at = lines.findIndex((l) => l.includes(secret));
  return doc(path, lines, at < 0 ? lines.length - 1 : at);
}

/** A password as people set them on command lines: generated, or short and human-made. */
function password(r, pw) {
  return r.chance(0.4) ? r.password(r.int(6, 9)) : pw;
}

/** Positive shapes: each command in a random place (one maker per command, for per-type scores). */
export const COMMAND_SHAPES = COMMANDS.map((make) => (r, pw) => {
  const argv = make(r, password(r, pw));
  const secretArg = argv.find((a) => typeof a !== "string");
  const secret = secretArg.value.split("@//")[0];
  return place(r, argv, secret);
});

/** Values that stand for a password without being one. */
function fake(r) {
  return r.pick([
    "$MYSQL_PWD",
    "${DB_PASS}",
    "$DB_PASSWORD",
    '"$PASSWORD"',
    '"${REDIS_PASSWORD}"',
    "<password>",
    "<db-password>",
    "[password]",
    "****",
    "changeme",
    "secret",
    "password",
    "YOUR_PASSWORD",
    "$(cat /run/secrets/db)",
    "%DB_PASS%",
    "{{ db_password }}",
    "$env:SA_PASSWORD",
  ]);
}

/** The same commands with a placeholder, and commands whose flag is not a password. */
const NEGATIVE_COMMANDS = [
  (r) => `mysql -h ${r.pick(HOSTS)} -u root -p app`,
  () => "mysql -u root -p",
  () => "mysql -u root -p -e 'SELECT 1'",
  (r) => `mysql -u root -p${fake(r)} app`,
  (r) => `mysql --user=app --password=${fake(r)} app`,
  () => "mysql -u <user> -p<password> <database>",
  (r) => `docker run -d -p ${r.pick(["3306:3306", "6379:6379", "8080:80"])} --name db mysql:8.0`,
  () => "redis-cli -h cache -p 6379 ping",
  (r) => `redis-cli -a ${fake(r)} ping`,
  () => "psql -h db.internal -p 5432 -U app -d app",
  (r) => `PGPASSWORD=${fake(r)} psql -h db.internal -U app`,
  () => "ssh -p 2222 deploy@build.internal",
  () => "scp -P 2222 app.tar.gz deploy@build.internal:/srv",
  (r) => `sshpass -p ${fake(r)} ssh deploy@build.internal`,
  () => "sshpass -e ssh deploy@build.internal",
  () => 'echo "$REGISTRY_TOKEN" | docker login -u ci --password-stdin registry.internal',
  (r) => `echo ${fake(r)} | docker login -u ci --password-stdin registry.internal`,
  (r) => `echo "deploy:${fake(r).replace(/"/g, "")}" | chpasswd`,
  (r) => `echo "${r.password()}" | sha256sum`,
  (r) => `printf '%s' "${r.password()}" | base64`,
  (r) => `docker login -u ci -p ${fake(r)} registry.internal`,
  () => "curl -u admin https://status.internal/",
  (r) => `curl -u "ci:${fake(r).replace(/"/g, "")}" https://artifacts.internal/`,
  () => "htpasswd -c /etc/nginx/.htpasswd admin",
  (r) => `htpasswd -b .htpasswd admin ${fake(r)}`,
  () => "mongosh --port 27017 -u admin -p --authenticationDatabase admin",
  (r) => `kubectl --token=${fake(r)} get pods`,
  () => "kubectl --token=$(cat /var/run/secrets/kubernetes.io/serviceaccount/token) get pods",
  (r) => `helm repo add internal https://charts.internal --username ci --password ${fake(r)}`,
  () => "openssl pkcs12 -export -in tls.crt -out tls.p12 -passout env:P12_PASSWORD",
  () => "openssl rsa -in key.pem -passin file:/run/secrets/key-pass -out plain.pem",
  () => "sqlplus / as sysdba",
  () => "sqlplus scott/tiger@orcl",
  (r) => `sqlcmd -S sql01 -U sa -P ${fake(r)} -Q 'SELECT 1'`,
  (r) => `wget --user=ci --password=${fake(r)} https://files.internal/`,
  (r) => `az login -u ops@corp.internal -p ${fake(r)}`,
  () => "docker compose -p shop up -d",
  () => "npm publish -p",
  () => "net user svc_backup * /add",
  (r) => `ConvertTo-SecureString "${fake(r).replace(/"/g, "")}" -AsPlainText -Force`,
  () => "rabbitmqadmin -u guest -p guest list queues",
  () => "http -a admin https://api.internal/v1/me",
  (r) => `http -a "ci:${fake(r).replace(/"/g, "")}" GET https://api.internal/v1/me`,
  () => "https --auth-type=bearer --auth $API_TOKEN api.internal/v1/me",
  () => "python -m http.server 8000",
  () => "vault login",
  (r) => `vault login ${fake(r)}`,
  () => "vault login -method=userpass username=ops",
  () => "aws configure set region eu-west-1",
  (r) => `aws configure set aws_secret_access_key ${fake(r)}`,
];

/** A hard negative of the command-line family. */
export function commandNegative(r) {
  const cmd = r.pick(NEGATIVE_COMMANDS)(r);
  const d = r.pick([
    () => doc("scripts/restore.sh", ["#!/usr/bin/env bash", cmd], 1),
    () => doc("Dockerfile", ["FROM debian:12", `RUN ${cmd}`], 1),
    () => doc(".github/workflows/ci.yml", ["steps:", "  - run: |", `      ${cmd}`], 2),
    () => doc("docs/ops.md", ["```bash", cmd, "```"], 1),
    () => doc("package.json", ['{ "scripts": {', `  "db": ${JSON.stringify(cmd)}`, "} }"], 1),
  ])();
  return { ...d, family: "placeholders" };
}

/** Container commands split over two keys whose password is a prompt or a reference. */
const CONTAINER_NEGATIVES = [
  (r) => ['command: ["mysql"]', 'args: ["-uroot", "-p", "app"]'],
  (r) => ['command: ["mysql"]', `args: ["-uroot", "-p${fake(r).replace(/"/g, "")}"]`],
  () => ["command:", "  - redis-cli", "args:", "  - -a", '  - "$(REDIS_PASSWORD)"'],
  () => ['entrypoint: ["docker"]', 'command: ["run", "-p", "8080:80", "app"]'],
  () => ['command: ["mysql", "-uroot", "-p"]', 'args: ["app"]'],
];

/** A hard negative: a Kubernetes or Compose container whose command is split over two keys. */
export function containerNegative(r) {
  const lines = r.pick(CONTAINER_NEGATIVES)(r);
  const d = doc(
    r.pick(["k8s/job.yaml", "compose.yaml"]),
    ["containers:", "  - name: job", ...lines.map((l) => `    ${l}`)],
    3,
  );
  return { ...d, family: "placeholders" };
}
