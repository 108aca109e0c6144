// Connection strings as real configs hold them: every common scheme (URL user-info, SQLAlchemy
// `dialect+driver`, `mongodb+srv`, password-only `redis://:pw@`), IPv6 hosts, ports, percent-
// encoded passwords, JDBC and URL query `password=`, ADO.NET, ODBC and libpq key-value strings,
// each in one of many context forms (env files, YAML, JSON, XML attributes, code arguments,
// Markdown, comments). Positives take a real password; hard negatives the same shapes with the
// placeholders documentation uses. Values are built at run time (the repo's guard scans this file).

const doc = (path, lines, at) => ({ path, text: `${lines.join("\n")}\n`, line: at + 1 });

const SCHEMES = [
  "postgres",
  "postgresql",
  "postgresql+psycopg2",
  "postgresql+asyncpg",
  "mysql",
  "mysql+pymysql",
  "mysql2",
  "mariadb",
  "mongodb",
  "mongodb+srv",
  "redis",
  "rediss",
  "amqp",
  "amqps",
  "mssql",
  "sqlserver",
  "mssql+pyodbc",
  "clickhouse",
  "cockroachdb",
];
const HOSTS = [
  "db.internal",
  "10.0.3.17",
  "[2001:db8::5]",
  "[::1]",
  "pg-prod-1.c9akciq32.eu-west-1.rds.amazonaws.com",
  "cluster0.a1b2c.mongodb.net",
  "localhost",
  "127.0.0.1",
  "sql01",
  "cache-01.prod",
];
const USERS = ["app", "svc_api", "deploy", "root", "admin", "reporting", "sa", "worker"];

/** A password as people set them: generated and long, or short and human-made. */
function password(r, pw) {
  return r.chance(0.4) ? r.password(r.int(8, 12)) : pw;
}

/** A URL with user-info; the password percent-encoded or (as often pasted) raw. */
function url(r, pw, encode = r.chance(0.5)) {
  const scheme = r.pick(SCHEMES);
  const host = r.pick(HOSTS);
  const user = /^rediss?$/.test(scheme) && r.chance(0.5) ? "" : r.pick(USERS);
  const secret = encode ? encodeURIComponent(pw) : pw;
  const port = scheme.includes("+srv")
    ? ""
    : r.pick(["", ":5432", ":3306", ":27017", ":6379", ":1433"]);
  const query = r.pick(["", "?sslmode=require", "?authSource=admin&retryWrites=true", "?ssl=true"]);
  return `${scheme}://${user}:${secret}@${host}${port}/${r.pick(["app", "0", "shop", "jobs"])}${query}`;
}

/** Key-value connection strings: ADO.NET, ODBC, JDBC (URL query and SQL Server), libpq. */
function keyValue(r, pw) {
  const user = r.pick(USERS);
  const host = r.pick(HOSTS);
  const sep = r.pick([";", "; "]);
  const q = encodeURIComponent(pw);
  return r.pick([
    () =>
      [
        `Server=${r.pick(["tcp:", ""])}${host},1433`,
        `${r.pick(["Database", "Initial Catalog"])}=app`,
        `${r.pick(["User Id", "User ID", "UID", "Uid"])}=${user}`,
        `${r.pick(["Password", "Pwd", "PWD", "password"])}=${r.chance(0.3) ? `'${pw}'` : pw}`,
        r.pick(["Encrypt=True", "TrustServerCertificate=true", "Pooling=false"]),
      ].join(sep) + r.pick([";", ""]),
    () =>
      `Driver={${r.pick(["ODBC Driver 18 for SQL Server", "PostgreSQL Unicode", "MySQL ODBC 8.0"])}};Server=${host};Uid=${user};Pwd=${r.chance(0.5) ? `{${pw}}` : pw};`,
    () => `Host=${host};Port=5432;Username=${user};Password=${pw};Database=app${r.pick([";", ""])}`,
    () =>
      `jdbc:${r.pick(["postgresql", "mysql", "mariadb"])}://${host}:${r.pick(["5432", "3306"])}/app?user=${user}&password=${q}${r.pick(["", "&ssl=true", "&useSSL=false"])}`,
    () =>
      `jdbc:sqlserver://${host}:1433;databaseName=app;user=${user};password=${pw};encrypt=true;`,
    () => `host=${host} port=5432 user=${user} password=${pw} dbname=app sslmode=require`,
    () =>
      `jdbc:oracle:thin:${user}/${pw}@${r.pick(["//", ""])}${host}:1521${r.pick(["/ORCLPDB1", ":ORCL"])}`,
  ])();
}

/** One of the places a connection string is written; the string is on the returned line. */
function place(r, cs) {
  const xml = cs.replace(/&/g, "&amp;");
  const json = JSON.stringify(cs);
  return r.pick([
    () => doc(".env", [`DATABASE_URL=${cs}`], 0),
    () => doc(".env.production", ["# primary", `export DB_URL="${cs}"`], 1),
    () => doc("config/database.yml", ["production:", `  url: ${json}`], 1),
    () =>
      doc("docker-compose.yml", ["services:", "  api:", "    environment:", `      - DB=${cs}`], 3),
    () =>
      doc(
        "appsettings.json",
        ["{", '  "ConnectionStrings": {', `    "Main": ${json}`, "  }", "}"],
        2,
      ),
    () =>
      doc(
        "Web.config",
        [`<add name="Main" connectionString="${xml}" providerName="System.Data.SqlClient" />`],
        0,
      ),
    () => doc("context.xml", [`<Resource name="jdbc/app" url="${xml}" />`], 0),
    () => doc("src/db.py", [`engine = create_engine(${json}, pool_pre_ping=True)`], 0),
    () => doc("src/db.ts", [`const pool = new Pool({ connectionString: '${cs}' });`], 0),
    () => doc("main.go", [`db, err := sql.Open("pgx", "${cs}")`], 0),
    () => doc("src/Db.cs", [`var conn = new SqlConnection(@"${cs}");`], 0),
    () => doc("config.toml", ["[database]", `url = "${cs}"`], 1),
    () => doc("application.properties", [`spring.datasource.url=${cs}`], 0),
    () => doc("docs/ops.md", ["Production database:", "", `    ${cs}`], 2),
    () => doc("scripts/backup.sh", [`# psql "${cs}"`], 0),
  ])();
}

/** Connection strings holding a real password, in many shapes and places. */
const anyShape = (r, pw) => place(r, r.chance(0.5) ? url(r, pw) : keyValue(r, pw));
export const CONNECTION_SHAPES = [
  (r, pw) => place(r, url(r, password(r, pw))),
  (r, pw) => place(r, url(r, password(r, pw))),
  (r, pw) => place(r, keyValue(r, password(r, pw))),
  (r, pw) => place(r, keyValue(r, password(r, pw))),
  (r, pw) => anyShape(r, password(r, pw)),
  (r, pw) => anyShape(r, password(r, pw)),
];

/** The same shapes with a documentation placeholder or a reference instead of the password. */
export function connectionNegative(r) {
  const fake = r.pick([
    "password",
    "<password>",
    "<db-password>",
    "${DB_PASS}",
    "$DB_PASSWORD",
    "****",
    "********",
    "changeme",
    "xxx",
    "xxxxxxxx",
    "%(password)s",
    "YOUR_PASSWORD",
    "secret",
    "pass",
  ]);
  const cs = r.chance(0.5) ? url(r, fake, false) : keyValue(r, fake);
  return { ...place(r, cs), family: "placeholders" };
}
