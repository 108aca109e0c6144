// Connection strings: short human-made passwords in ADO.NET, ODBC, JDBC, libpq and SQL
// statements, values that start with `=`, XML-escaped values, IPv6 hosts, and URL query values
// (cut at the next pair, percent-decoded before they are judged). Values are built at run time.
import { describe, expect, it } from "vitest";
import { isConnectionPassword } from "../src/scan/connection.js";
import { scanText } from "../src/scan/index.js";
import { isSecretValue } from "../src/scan/values.js";
import { ALNUM, Rng } from "./scan-fixtures.js";

const rng = new Rng(20261203);

/**
 * A human-made password as people type them: 10 characters, three kinds, repeated characters,
 * so below the generic rule's entropy floor (asserted, or the tests would prove nothing).
 */
function humanPassword(): string {
  for (;;) {
    const a = rng.str(ALNUM, 3);
    const p = `${a}${a[0]}@9${a.slice(1)}Q!`;
    if (!isSecretValue(p, { password: true }) && /[a-z]/.test(p)) return p;
  }
}

const found = (text: string, path: string): string[] =>
  scanText(`${text}\n`, { path }).map((f) => f.ruleId);

describe("connection-string passwords", () => {
  const pw = humanPassword();

  it.each([
    ["appsettings.json", `{"Main": "Server=db,1433;Database=app;User Id=app;Password=${pw};"}`],
    ["odbc.ini", `ConnectionString=Driver={PostgreSQL};Server=db;Uid=app;Pwd={${pw}};`],
    ["app.yml", `url: "jdbc:sqlserver://db:1433;databaseName=app;user=sa;password=${pw};"`],
    ["app.yml", `url: jdbc:mysql://db:3306/app?user=app&password=${encodeURIComponent(pw)}`],
    ["main.go", `db, _ := sql.Open("pgx", "host=db port=5432 user=app password=${pw} dbname=app")`],
    ["Web.config", `<add name="M" connectionString="Server=db;Uid=app;Pwd=${pw};" />`],
    ["setup.sql", `ALTER USER 'app'@'%' IDENTIFIED BY '${pw}';`],
    ["init.sql", `CREATE USER reporting WITH PASSWORD '${pw}';`],
  ])("should report a short human-made password in %s", (path, text) => {
    expect(found(text, path), text).not.toEqual([]);
  });

  it("should report an ADO.NET password that starts with =", () => {
    const text = `{"Main": "Server=db;User ID=app;Password==${rng.str(ALNUM, 12)}?3;Encrypt=True;"}`;
    expect(found(text, "appsettings.json")).not.toEqual([]);
  });

  it("should read &amp; inside an XML attribute as part of the password", () => {
    const p = `${rng.str(ALNUM, 4)}&amp;${rng.str(ALNUM, 6)}`;
    const text = `<Resource url="host=db user=app password=${p} dbname=app" />`;
    const hits = scanText(`${text}\n`, { path: "context.xml" });
    expect(hits).toHaveLength(1);
    // The reported range is the whole value, not the part before the entity's `;`.
    const at = text.indexOf(p) + 1;
    expect([hits[0]!.column, hits[0]!.endColumn]).toEqual([at, at + p.length]);
  });

  it("should report the password of an Oracle user/password@host URL, and only it", () => {
    const p = `${humanPassword()}@x`;
    for (const host of ["//db.internal:1521/ORCL", "db.internal:1521:ORCL"]) {
      const text = `db.url=jdbc:oracle:thin:app/${p}@${host}`;
      const hits = scanText(`${text}\n`, { path: "db.properties" });
      const at = text.indexOf(p) + 1;
      expect(
        hits.map((h) => [h.column, h.endColumn]),
        text,
      ).toEqual([[at, at + p.length]]);
    }
    for (const text of [
      "jdbc:oracle:thin:scott/tiger@localhost:1521:ORCL",
      "jdbc:oracle:thin:${user}/${pass}@db:1521/ORCL",
    ])
      expect(found(text, "db.properties"), text).toEqual([]);
  });

  it("should report a URL password whose host is an IPv6 literal", () => {
    for (const host of ["[2001:db8::5]:5432", "[::1]"]) {
      const text = `DATABASE_URL=postgres://app:${rng.str(ALNUM, 16)}!@${host}/app`;
      expect(found(text, ".env"), text).toContain("url-password");
    }
  });

  it("should still report a password pasted into a query with a bare & in it", () => {
    const p = `${rng.str(ALNUM, 5)}&^${rng.str(ALNUM, 7)}`;
    expect(found(`url: jdbc:postgresql://db/app?user=app&password=${p}`, "a.yml")).not.toEqual([]);
  });

  it.each([
    ["a.yml", "url: jdbc:postgresql://db:5432/app?user=app&password=****&useSSL=false"],
    ["a.xml", '<Resource url="jdbc:mysql://db/app?user=sa&amp;password=%24%7BDB_PASS%7D" />'],
    ["a.cs", 'var c = "jdbc:mysql://db/app?user=sa&password=%24%7BDB_PASS%7D&ssl=true";'],
    ["a.json", '{"c": "Server=db;Database=app;User Id=app;Password=<password>;"}'],
    ["a.json", '{"c": "Server=db;Database=app;User Id=app;Password=${DB_PASS};"}'],
    ["a.json", '{"c": "Server=db;Database=app;User Id=app;Password=%DB_PASS%;"}'],
    ["a.json", '{"c": "Server=db;Database=app;User Id=app;Password=changeme;"}'],
    ["a.json", '{"c": "Server=db;Database=app;User Id=app;Password=********;"}'],
    ["a.cs", 'var c = "Server=db;Database=app;User Id=app;Password=" + pw + ";";'],
    ["a.cs", 'var c = $"Server=db;Database=app;User Id=app;Password={pw};";'],
    ["a.sql", "EXEC sp_connect 'Server=db;Uid=app;Pwd=@password;'"],
    [
      "a.md",
      "`Server=myServerAddress;Database=myDataBase;User Id=myUsername;Password=myPassword;`",
    ],
    ["a.py", 'DSN = "host=db user=app password=%(password)s dbname=app"'],
    [".env", "DATABASE_URL=postgres://app:xxx@[::1]:5432/app"],
  ])("should not report a placeholder (%s: %s)", (path, text) => {
    expect(found(text, path), text).toEqual([]);
  });
});

describe("isConnectionPassword", () => {
  it("should take human-made passwords and refuse defaults and references", () => {
    expect(isConnectionPassword(humanPassword())).toBe(true);
    for (const v of ["postgres", "letmein", "$DB_PASS", "%DB_PASS%", "@pwd", ":pwd", "xxxxxxxx"])
      expect(isConnectionPassword(v), v).toBe(false);
  });
});
