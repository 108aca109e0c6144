// The command-line clients that take a password or token as an argument, and how each takes it,
// from their manuals: the same letter means a password in one program and a port in another
// (`mysql -pS3cret` vs `docker run -p 8080:80`), and `mysql -p db` prompts and names a database.

/**
 * How a flag's value is written: `next` as the following argument (`redis-cli -a PW`),
 * `attached` only glued to a short flag (`mysql -pPW`; `-p` alone prompts), `equals` only after
 * `=` (`mysql --password=PW`; `--password db` prompts), `any` in each of those ways.
 */
export type Take = "next" | "attached" | "equals" | "any";

/**
 * What the value holds: a password, a token, `user<sep>password` (`curl -u user:pw`), or a
 * password after a `pass:` source prefix (`openssl -passin pass:pw`; `env:`, `file:` are not).
 */
export type Holds = "password" | "token" | "userpass" | "passsource";

/** One flag whose value is a secret. */
export interface SecretFlag {
  readonly names: readonly string[];
  readonly take: Take;
  readonly holds: Holds;
  /** Separator of `user<sep>password` (default `:`). */
  readonly sep?: string;
  /** Only after this subcommand (`docker login -p`; `docker run -p` is a port). */
  readonly sub?: readonly string[];
}

/** A client program and the flags and arguments that carry its secret. */
export interface Client {
  readonly programs: readonly string[];
  readonly flags: readonly SecretFlag[];
  /** Flags that take the next argument as their value (to count positional arguments right). */
  readonly valued?: readonly string[];
  /** Stop at the first positional argument: it is the wrapped command (`sshpass -p pw ssh …`). */
  readonly wraps?: boolean;
  /**
   * The positional argument holding the password, counted from 0 (a subcommand counts), given
   * the letters of the short flags seen; `holds` says how to read it.
   */
  readonly positional?: (letters: string, args: readonly string[]) => number | undefined;
  readonly positionalHolds?: Holds;
  readonly sep?: string;
  /** Windows flags: `/add`, `/user:x` are flags, not positional arguments. */
  readonly slash?: boolean;
  /** The short flags' letters must match (`ConvertTo-SecureString … -AsPlainText`). */
  readonly requires?: RegExp;
}

const pw = (names: string[], take: Take, sub?: string[]): SecretFlag =>
  sub ? { names, take, holds: "password", sub } : { names, take, holds: "password" };
const userpass = (names: string[], sep = ":"): SecretFlag => ({
  names,
  take: "any",
  holds: "userpass",
  sep,
});
const token = (names: string[]): SecretFlag => ({ names, take: "any", holds: "token" });
const source = (names: string[]): SecretFlag => ({ names, take: "next", holds: "passsource" });

const MYSQL = (
  "mysql mysqldump mysqladmin mysqlimport mysqlshow mysqlcheck mysqlpump mysqlslap mysqlbinlog " +
  "mysqlsh mariadb mariadb-dump mariadb-admin mariadb-import mariadb-check mariadb-show"
).split(" ");
const MONGO =
  "mongo mongosh mongodump mongorestore mongoexport mongoimport mongostat mongotop mongofiles".split(
    " ",
  );
const LDAP =
  "ldapsearch ldapadd ldapmodify ldapdelete ldapmodrdn ldapcompare ldapwhoami ldappasswd ldapexop".split(
    " ",
  );
const REGISTRY_LOGIN = ["login"];

/** The table; program names are matched whole (after an optional path, before `.exe`). */
export const CLIENTS: readonly Client[] = [
  {
    programs: MYSQL,
    flags: [pw(["-p"], "attached"), pw(["--password"], "equals")],
    // `mysqladmin -uroot password NEW`.
    positional: (_l, args) => (args[0] === "password" ? 1 : undefined),
  },
  { programs: MONGO, flags: [pw(["-p", "--password"], "any")] },
  { programs: ["redis-cli", "valkey-cli", "keydb-cli"], flags: [pw(["-a", "--pass"], "next")] },
  { programs: ["sshpass"], flags: [pw(["-p"], "any")], wraps: true },
  {
    programs: ["curl"],
    flags: [userpass(["-u", "--user", "-U", "--proxy-user"]), token(["--oauth2-bearer"])],
  },
  // HTTPie: `http -a user:pw GET …`, `https --auth=user:pw …` (`-a user` alone prompts).
  { programs: ["http", "https"], flags: [userpass(["-a", "--auth"])] },
  {
    programs: ["vault"],
    flags: [],
    valued: ["-address", "-namespace", "-ns", "-path", "-format", "-field"],
    // `vault login TOKEN`; `vault login -method=userpass username=u` passes pairs, not a token.
    positional: (_l, a) => (a[0] === "login" && !(a[1] ?? "").includes("=") ? 1 : undefined),
    positionalHolds: "token",
  },
  {
    programs: ["aws"],
    flags: [],
    valued: ["--profile", "--region", "--output", "--endpoint-url"],
    // `aws configure set aws_secret_access_key VALUE` (also `aws_session_token`, `default.…`).
    positional: (_l, a) =>
      a[0] === "configure" && a[1] === "set" && /secret|token|password/i.test(a[2] ?? "")
        ? 3
        : undefined,
    positionalHolds: "token",
  },
  {
    programs: ["wget"],
    flags: [pw(["--password", "--http-password", "--ftp-password", "--proxy-password"], "any")],
  },
  {
    programs: ["docker", "podman", "nerdctl", "buildah", "skopeo", "oras", "finch"],
    flags: [pw(["-p", "--password"], "any", REGISTRY_LOGIN)],
    valued: ["--config", "-H", "--host", "--context", "-c", "-l", "--log-level", "--tlscacert"],
  },
  { programs: ["crane"], flags: [pw(["-p", "--password"], "any", ["auth"])] },
  {
    programs: ["helm"],
    flags: [pw(["--password"], "any"), pw(["-p"], "any", ["registry"])],
  },
  {
    programs: ["htpasswd"],
    flags: [],
    valued: ["-C"],
    // `htpasswd -b[c] FILE USER PASSWORD`, `htpasswd -nb USER PASSWORD`.
    positional: (letters) => (letters.includes("b") ? (letters.includes("n") ? 1 : 2) : undefined),
  },
  {
    programs: ["az"],
    flags: [
      pw(["--password", "--admin-password", "--client-secret"], "any"),
      pw(["-p"], "any", ["login"]),
    ],
  },
  { programs: ["kubectl", "kubeadm"], flags: [token(["--token"]), pw(["--password"], "any")] },
  {
    programs: ["oc"],
    flags: [token(["--token"]), pw(["--password"], "any"), pw(["-p"], "any", ["login"])],
  },
  {
    programs: ["cf"],
    flags: [pw(["-p"], "any", ["login"])],
    positional: (_l, args) => (args[0] === "auth" ? 2 : undefined),
  },
  { programs: ["sqlcmd", "bcp", "osql", "mssql-cli"], flags: [pw(["-P", "--password"], "any")] },
  // Sybase `isql -P pw`; unixODBC `isql DSN USER PASSWORD`.
  { programs: ["isql"], flags: [pw(["-P"], "any")], positional: () => 2 },
  { programs: ["vsql"], flags: [pw(["-w", "--password"], "any")] },
  { programs: ["cqlsh", "rabbitmqadmin"], flags: [pw(["-p", "--password"], "any")] },
  { programs: ["psexec", "psexec64", "paexec"], flags: [pw(["-p"], "next")] },
  {
    programs: ["convertto-securestring"],
    flags: [pw(["-String", "-string"], "next")],
    requires: /asplaintext/i,
    positional: () => 0,
  },
  {
    programs: ["net"],
    flags: [],
    slash: true,
    // `net user NAME PW /add`, `net use [X:] \\srv\share PW /user:NAME` (PW: the password).
    positional: (_l, args) =>
      args[0] === "user"
        ? 2
        : args[0] === "use"
          ? /^(?:[A-Za-z]:|\*)$/.test(args[1] ?? "")
            ? 3
            : 2
          : undefined,
  },
  { programs: ["cmdkey"], flags: [pw(["/pass:"], "attached")], slash: true },
  {
    programs: ["xfreerdp", "wlfreerdp", "sdl-freerdp"],
    flags: [pw(["/p:"], "attached")],
    slash: true,
  },
  {
    programs: ["mc", "mcli"],
    flags: [],
    // `mc alias set NAME URL ACCESS SECRET`, `mc config host add NAME URL ACCESS SECRET`.
    positional: (_l, a) =>
      a[0] === "alias" && a[1] === "set" ? 5 : a[0] === "config" && a[2] === "add" ? 6 : undefined,
  },
  {
    programs: ["sqlplus", "expdp", "impdp", "sqlldr", "rman"],
    flags: [],
    valued: ["-M", "-R"],
    // `sqlplus user/password@db`: the first argument, unless it is `/` (OS authentication).
    positional: () => 0,
    positionalHolds: "userpass",
    sep: "/",
  },
  { programs: LDAP, flags: [pw(["-w"], "any")] },
  { programs: ["smbclient", "rpcclient", "smbmap"], flags: [userpass(["-U", "--user"], "%")] },
  { programs: ["lftp"], flags: [userpass(["-u"], ",")] },
  {
    programs: ["rabbitmqctl"],
    flags: [],
    valued: ["-n", "--node", "-t", "--timeout"],
    positional: (_l, args) =>
      args[0] === "add_user" || args[0] === "change_password" ? 2 : undefined,
  },
  {
    programs: ["openssl"],
    flags: [source(["-passin", "-passout", "-pass", "-password"]), pw(["-k"], "next")],
  },
  {
    programs: ["keytool", "jarsigner"],
    flags: [
      pw(["-storepass", "-keypass", "-srcstorepass", "-deststorepass", "-srckeypass"], "next"),
      pw(["-destkeypass", "-new"], "next"),
    ],
  },
  { programs: ["apksigner"], flags: [source(["--ks-pass", "--key-pass"])] },
  { programs: ["gpg", "gpg2"], flags: [pw(["--passphrase"], "any")] },
  { programs: ["ssh-keygen"], flags: [pw(["-N", "-P"], "next")] },
  { programs: ["twine"], flags: [pw(["-p", "--password"], "any")] },
  { programs: ["clickhouse-client", "cypher-shell"], flags: [pw(["--password"], "any")] },
  { programs: ["influx"], flags: [pw(["-password", "--password"], "any")] },
  { programs: ["zip", "unzip"], flags: [pw(["-P"], "next")] },
  { programs: ["7z", "7za", "7zz"], flags: [pw(["-p"], "attached")] },
];

/** Environment variables the clients read their password from (`PGPASSWORD=… psql`). */
export const PASSWORD_VARIABLES = [
  "PGPASSWORD",
  "MYSQL_PWD",
  "REDISCLI_AUTH",
  "SSHPASS",
  "SQLCMDPASSWORD",
  "RSYNC_PASSWORD",
];

/**
 * Prefilter keywords: program names rare in source; a short or common name with what follows it
 * in a shell line (`az `), an exec-form array (`"az"`) or a YAML block sequence (`- az`).
 */
export const CLIENT_KEYWORDS = [
  ...[
    "az",
    "oc",
    "cf",
    "helm",
    "crane",
    "oras",
    "finch",
    "bcp",
    "zip",
    "net",
    "mc",
    "7z",
    "rman",
  ].map((p) => `- ${p}`),
  '"az"',
  '"oc"',
  '"cf"',
  '"helm"',
  '"crane"',
  '"oras"',
  '"finch"',
  '"bcp"',
  '"zip"',
  '"net"',
  '"mc"',
  "mysql",
  "mariadb",
  "mongo",
  "redis-cli",
  "valkey-cli",
  "keydb-cli",
  "sshpass",
  "curl",
  // HTTPie's name is a common word: its `-a` right after it, `--auth` anywhere, an exec form's
  // item (`"http",`); not a block item (`- http` starts every YAML or Markdown list of URLs).
  "http -a",
  "https -a",
  "--auth",
  '"http",',
  '"https",',
  '"http"]',
  '"https"]',
  "vault login",
  "aws configure",
  // Exec forms and YAML block items of those two (`["vault", "login", …]`, `- aws`).
  '"vault",',
  '"vault"]',
  "- vault",
  '"aws",',
  '"aws"]',
  "- aws",
  "wget",
  "docker",
  "podman",
  "nerdctl",
  "buildah",
  "skopeo",
  "oras ",
  "finch ",
  "crane ",
  "helm ",
  "htpasswd",
  "az ",
  "kubectl",
  "kubeadm",
  "oc login",
  "cf login",
  "cf auth",
  "sqlcmd",
  "bcp ",
  "osql",
  "isql",
  "sqlplus",
  "expdp",
  "impdp",
  "sqlldr",
  "rman ",
  "ldap",
  "smbclient",
  "rpcclient",
  "smbmap",
  "lftp",
  "rabbitmqctl",
  "openssl",
  "keytool",
  "jarsigner",
  "apksigner",
  "gpg",
  "ssh-keygen",
  "twine",
  "clickhouse-client",
  "cypher-shell",
  "influx",
  "zip -",
  "unzip",
  "7z ",
  "7za ",
  "7zz ",
  "pgpassword",
  "rsync_password",
  "mssql-cli",
  "vsql",
  "cqlsh",
  "rabbitmqadmin",
  "psexec",
  "paexec",
  "securestring",
  "net use",
  "cmdkey",
  "freerdp",
  "mc alias",
  "mcli alias",
  "mc config",
  "rediscli_auth",
  // A secret on a command's standard input (stdin.ts): `echo x | docker login --password-stdin`.
  "-stdin",
  "chpasswd",
  "with-token",
  "sudo -S",
];
