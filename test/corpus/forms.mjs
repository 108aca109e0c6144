// The context forms a credential is written in: dotenv, shell, YAML (plain, quoted, block,
// folded, nested), JSON, XML elements and attributes, TOML, INI, properties, HCL, a dozen
// languages' assignments and typed declarations, setter and constructor calls, Dockerfiles,
// Makefiles, comments, Markdown prose and code blocks, CLI flags, HTTP headers and curl; a
// fallback after an environment lookup, source inside a JSON string (notebook cells), ECS task
// definitions and HTML <meta> tags; CSV and TSV columns and SQL INSERT rows; setx, setenv,
// fish and `gh secret set`; Rust wrappers, YAML anchors, form bodies; JSON- and URL-escaped
// values; HCL heredocs, property lists and Gradle settings.
//
// A form takes the name as words (["stripe", "api", "key"]), the value and the random source,
// and returns { path, text, line } — line is the 1-based line the value is on.

/** Name styles: UPPER_SNAKE, snake, camelCase, PascalCase, kebab-case, dotted. */
export const style = {
  upper: (w) => w.join("_").toUpperCase(),
  snake: (w) => w.join("_").toLowerCase(),
  camel: (w) => w.map((x, i) => (i === 0 ? x.toLowerCase() : cap(x))).join(""),
  pascal: (w) => w.map(cap).join(""),
  kebab: (w) => w.join("-").toLowerCase(),
  dotted: (w) => w.join(".").toLowerCase(),
  title: (w) => w.map(cap).join(" "),
  words: (w) => w.join(" ").toLowerCase(),
};
function cap(x) {
  return x.charAt(0).toUpperCase() + x.slice(1).toLowerCase();
}

/** Values that shells or XML would mangle go single-quoted or escaped. */
const xmlSafe = (v) => v.replace(/&/g, "&amp;").replace(/</g, "&lt;");
const sq = (v) => !v.includes("'");
const dq = (v) => !v.includes('"') && !v.includes("$") && !v.includes("\\");

function doc(path, lines, at) {
  return { path, text: `${lines.join("\n")}\n`, line: at + 1 };
}

const filler = (r) =>
  r.pick([
    "# settings for the staging deployment",
    "# managed by the platform team",
    "# TODO: move to the secret store",
    "# do not edit by hand",
  ]);

/**
 * Each form: (words, value, r, parent?) → { path, text, line }. `parent`, when given, is a
 * provider name to nest the value under (YAML/JSON/INI/TOML sections) instead of prefixing it.
 */
export const FORMS = {
  dotenv: (w, v, r) =>
    doc(
      r.pick([".env", ".env.production", "config/app.env"]),
      ["NODE_ENV=production", `${style.upper(w)}=${v}`, "PORT=8080"],
      1,
    ),
  "dotenv-quoted": (w, v, r) =>
    doc(".env.local", [filler(r), `${style.upper(w)}=${sq(v) ? `'${v}'` : `"${v}"`}`], 1),
  "shell-export": (w, v, r) =>
    doc(
      r.pick(["deploy.sh", "scripts/setup.sh", ".envrc"]),
      [
        "#!/usr/bin/env bash",
        "set -euo pipefail",
        `export ${style.upper(w)}=${sq(v) ? `'${v}'` : `"${v}"`}`,
        "./bin/deploy",
      ],
      2,
    ),
  yaml: (w, v, r, parent) =>
    parent
      ? doc(
          "config/settings.yaml",
          ["server:", "  port: 8080", `${parent}:`, `  ${style.snake(w)}: ${v}`, "  timeout: 30"],
          3,
        )
      : doc(
          r.pick(["config.yaml", "values.yaml", "app/config.yml"]),
          ["app:", "  name: billing", `  ${style.snake(w)}: ${v}`],
          2,
        ),
  "yaml-quoted": (w, v, r) =>
    doc(
      "docker-compose.yml",
      [
        "services:",
        "  api:",
        "    environment:",
        `      ${style.upper(w)}: "${v.replace(/"/g, '\\"')}"`,
      ],
      3,
    ),
  "yaml-block": (w, v, r) =>
    doc("helm/values.yaml", ["secrets:", `  ${style.camel(w)}: |`, `    ${v}`, "  other: x"], 2),
  "yaml-folded": (w, v, r) =>
    doc("ansible/vars.yml", [`${style.snake(w)}: >-`, `  ${v}`, "retries: 3"], 1),
  json: (w, v, r, parent) =>
    parent
      ? doc(
          "appsettings.json",
          [
            "{",
            `  "${parent}": {`,
            `    "${style.camel(w)}": "${v}",`,
            '    "enabled": true',
            "  }",
            "}",
          ],
          2,
        )
      : doc(
          r.pick(["config.json", "secrets.json", ".vscode/settings.json"]),
          ["{", '  "name": "svc",', `  "${style.camel(w)}": "${v}"`, "}"],
          2,
        ),
  "xml-element": (w, v, r) =>
    doc(
      r.pick(["settings.xml", "pom.xml", "config/app.xml"]),
      [
        "<server>",
        "  <id>internal</id>",
        `  <${style.camel(w)}>${xmlSafe(v)}</${style.camel(w)}>`,
        "</server>",
      ],
      2,
    ),
  "xml-attribute": (w, v, r) =>
    doc(
      "Web.config",
      [
        "<appSettings>",
        `  <add key="${style.pascal(w)}" value="${xmlSafe(v)}" />`,
        "</appSettings>",
      ],
      1,
    ),
  "xml-property": (w, v, r) =>
    doc("context.xml", [`<property name="${style.dotted(w)}" value="${xmlSafe(v)}"/>`], 0),
  toml: (w, v, r, parent) =>
    doc(
      r.pick(["config.toml", "pyproject.toml", "Cargo.toml"]),
      [`[${parent ?? "service"}]`, 'region = "eu-west-1"', `${style.snake(w)} = "${v}"`],
      2,
    ),
  ini: (w, v, r, parent) =>
    doc(
      r.pick(["app.ini", "setup.cfg", "config.cfg"]),
      [`[${parent ?? "database"}]`, "host = db.internal", `${style.snake(w)} = ${v}`],
      2,
    ),
  properties: (w, v, r) =>
    doc(
      "src/main/resources/application.properties",
      ["server.port=8080", `app.${style.dotted(w)}=${v}`],
      1,
    ),
  hcl: (w, v, r) =>
    doc(
      "main.tf",
      ['resource "service" "api" {', '  name = "api"', `  ${style.snake(w)} = "${v}"`, "}"],
      2,
    ),
  python: (w, v, r) =>
    doc(
      r.pick(["settings.py", "app/config.py"]),
      ["import os", "", `${style.upper(w)} = ${dq(v) ? `"${v}"` : `'${v}'`}`],
      2,
    ),
  "python-kwarg": (w, v, r) =>
    doc(
      "client.py",
      ["from sdk import Client", "", `client = Client(${style.snake(w)}='${v}', timeout=10)`],
      2,
    ),
  "python-environ": (w, v, r) =>
    doc("conftest.py", ["import os", `os.environ["${style.upper(w)}"] = "${v}"`], 1),
  "python-typed": (w, v, r) => doc("config.py", [`${style.snake(w)}: str = "${v}"`], 0),
  js: (w, v, r) =>
    doc(
      r.pick(["src/config.js", "lib/client.mjs"]),
      [
        "'use strict';",
        `const ${style.camel(w)} = '${v}';`,
        `module.exports = { ${style.camel(w)} };`,
      ],
      1,
    ),
  "js-object": (w, v, r) =>
    doc(
      "src/client.ts",
      [
        "export const client = new Client({",
        `  ${style.camel(w)}: "${v}",`,
        "  retries: 3,",
        "});",
      ],
      1,
    ),
  "ts-typed": (w, v, r) =>
    doc("src/env.ts", [`export const ${style.camel(w)}: string = "${v}";`], 0),
  "js-template": (w, v, r) =>
    doc("scripts/seed.js", [`process.env.${style.upper(w)} = \`${v}\`;`], 0),
  go: (w, v, r) => doc("main.go", ["package main", "", `var ${style.camel(w)} string = "${v}"`], 2),
  "go-short": (w, v, r) =>
    doc("cmd/app/main.go", ["func main() {", `\t${style.camel(w)} := "${v}"`, "}"], 1),
  "go-setenv": (w, v, r) =>
    doc(
      "main_test.go",
      ["func TestX(t *testing.T) {", `\tos.Setenv("${style.upper(w)}", "${v}")`, "}"],
      1,
    ),
  java: (w, v, r) =>
    doc(
      "src/main/java/App.java",
      ["public class App {", `    private static final String ${style.upper(w)} = "${v}";`, "}"],
      1,
    ),
  "java-setproperty": (w, v, r) =>
    doc(
      "src/main/java/Boot.java",
      ["Properties props = new Properties();", `props.setProperty("${style.dotted(w)}", "${v}");`],
      1,
    ),
  "java-setter": (w, v, r) =>
    doc(
      "src/main/java/Client.java",
      ["ClientConfig cfg = new ClientConfig();", `cfg.set${style.pascal(w)}("${v}");`],
      1,
    ),
  csharp: (w, v, r) =>
    doc(
      "Program.cs",
      [
        "var builder = WebApplication.CreateBuilder(args);",
        `options.${style.pascal(w)} = @"${v}";`,
      ],
      1,
    ),
  ruby: (w, v, r) =>
    doc(
      "config/initializers/service.rb",
      ["Service.configure do |config|", `  config.${style.snake(w)} = "${v}"`, "end"],
      1,
    ),
  "ruby-hash": (w, v, r) =>
    doc("config/settings.rb", ["SETTINGS = {", `  :${style.snake(w)} => '${v}',`, "}"], 1),
  "ruby-hash-string": (w, v, r) =>
    doc("config/vendor.rb", ["VENDOR = {", `  "${style.snake(w)}" => "${v}",`, "}.freeze"], 1),
  "ruby-hash-19": (w, v, r) =>
    doc("config/initializers/api.rb", ["Api.configure(", `  ${style.snake(w)}: "${v}",`, ")"], 1),
  "ruby-kwarg": (w, v, r) =>
    doc("lib/client.rb", [`client = Client.new(${style.snake(w)}: '${v}', timeout: 10)`], 0),
  "kotlin-named-arg": (w, v, r) =>
    doc("app/src/Main.kt", [`val client = Client(${style.camel(w)} = "${v}", retries = 3)`], 0),
  "swift-named-arg": (w, v, r) =>
    doc("Sources/App/Api.swift", [`let client = Client(${style.camel(w)}: "${v}", retries: 3)`], 0),
  "csharp-named-arg": (w, v, r) =>
    doc("Program.cs", [`var client = new Client(${style.camel(w)}: "${v}", retries: 3);`], 0),
  php: (w, v, r) => doc("config.php", ["<?php", `$${style.snake(w)} = '${v}';`], 1),
  "php-array": (w, v, r) =>
    doc("config/services.php", ["return [", `    '${style.snake(w)}' => '${v}',`, "];"], 1),
  "php-define": (w, v, r) =>
    doc("wp-config.php", ["<?php", `define( '${style.upper(w)}', '${v}' );`], 1),
  rust: (w, v, r) => doc("src/main.rs", [`const ${style.upper(w)}: &str = "${v}";`], 0),
  kotlin: (w, v, r) =>
    doc("app/src/Config.kt", ["object Config {", `    val ${style.camel(w)} = "${v}"`, "}"], 1),
  pascal: (w, v, r) => doc("unit1.pas", ["begin", `  ${style.camel(w)} := '${v}';`, "end;"], 1),
  r: (w, v, r) => doc("analysis.R", [`${style.snake(w)} <- "${v}"`], 0),
  makefile: (w, v, r) =>
    doc(
      "Makefile",
      [`${style.upper(w)} ${r.pick(["?=", ":=", "::=", "="])} ${v}`, "deploy:", "\t./deploy.sh"],
      0,
    ),
  dockerfile: (w, v, r) =>
    doc(
      "Dockerfile",
      [
        "FROM node:20-alpine",
        r.chance(0.5) ? `ENV ${style.upper(w)} ${v}` : `ARG ${style.upper(w)}=${v}`,
        "RUN npm ci",
      ],
      1,
    ),
  powershell: (w, v, r) => doc("setup.ps1", [`$env:${style.upper(w)} = "${v}"`], 0),
  "c-define": (w, v, r) =>
    doc("src/config.h", ["#pragma once", `#define ${style.upper(w)} "${v}"`], 1),
  "php-append": (w, v, r) => doc("lib/build.php", [`$${style.camel(w)} .= '${v}';`], 0),
  comment: (w, v, r) =>
    doc(
      r.pick(["src/app.py", "lib/util.rb"]),
      ["def main():", `    # ${style.words(w)}: ${v}`, "    pass"],
      1,
    ),
  "comment-slash": (w, v, r) =>
    doc("src/index.ts", [`// ${style.camel(w)} = ${v}`, "export {};"], 0),
  "comment-block": (w, v, r) =>
    doc("src/main.c", ["/*", ` * ${style.words(w)}: ${v}`, " */", "int main(void);"], 1),
  "comment-html": (w, v, r) =>
    doc("templates/index.html", ["<body>", `  <!-- ${style.words(w)}: ${v} -->`, "</body>"], 1),
  "markdown-prose": (w, v, r) =>
    doc(
      r.pick(["README.md", "docs/setup.md"]),
      ["## Setup", "", `The ${style.words(w)} is \`${v}\` for the staging stack.`],
      2,
    ),
  "markdown-list": (w, v, r) =>
    doc("docs/runbook.md", ["# Runbook", "", `- **${style.title(w)}:** \`${v}\``], 2),
  "markdown-code": (w, v, r) =>
    doc(
      "docs/deploy.md",
      ["Run:", "", "```bash", `export ${style.upper(w)}=${sq(v) ? `'${v}'` : `"${v}"`}`, "```"],
      3,
    ),
  "cli-flag": (w, v, r) =>
    doc(
      "scripts/release.sh",
      [`./tool publish --${style.kebab(w)}${r.pick([" ", "="])}${sq(v) ? `'${v}'` : `"${v}"`}`],
      0,
    ),
  "github-actions": (w, v, r) =>
    doc(
      ".github/workflows/ci.yml",
      ["jobs:", "  build:", "    env:", `      ${style.upper(w)}: ${v}`],
      3,
    ),
  "js-env-fallback": (w, v, r) =>
    doc(
      r.pick(["src/config.js", "src/env.ts"]),
      [`const ${style.camel(w)} = process.env.${style.upper(w)} ${r.pick(["||", "??"])} "${v}";`],
      0,
    ),
  notebook: (w, v, r) =>
    doc(
      "notebooks/explore.ipynb",
      ['   "source": [', '    "import os\\n",', `    "${style.snake(w)} = \\"${v}\\"\\n",`, "   ]"],
      2,
    ),
  "json-in-string": (w, v, r) =>
    doc("events/sample.json", [`{"body": "{\\"${style.camel(w)}\\": \\"${v}\\"}"}`], 0),
  "ecs-task": (w, v, r) =>
    doc(
      "ecs/taskdef.json",
      [
        '  "environment": [',
        "    {",
        `      "name": "${style.upper(w)}",`,
        `      "value": "${v}"`,
        "    }",
        "  ]",
      ],
      3,
    ),
  "html-meta": (w, v, r) =>
    doc("public/index.html", ["<head>", `  <meta name="${style.kebab(w)}" content="${v}">`], 1),
  csv: (w, v, r) =>
    doc(
      r.pick(["exports/credentials.csv", "data/keys.csv"]),
      [`service,${style.snake(w)},owner`, "search,,ops", `billing,${v},ops`],
      2,
    ),
  tsv: (w, v, r) => doc("data/keys.tsv", [`service\t${style.title(w)}`, `billing\t${v}`], 1),
  "sql-insert": (w, v, r) =>
    doc(
      "db/seed.sql",
      [
        `INSERT INTO credentials (id, service, ${style.snake(w)}) VALUES`,
        "  (1, 'search', NULL),",
        `  (2, 'billing', '${v}');`,
      ],
      2,
    ),
  "sql-settings": (w, v, r) =>
    doc(
      "db/settings.sql",
      [`INSERT INTO settings (name, value) VALUES ('${style.snake(w)}', '${v}');`],
      0,
    ),
  "shell-set": (w, v, r) => {
    const q = sq(v) ? `'${v}'` : `"${v}"`;
    const line = r.pick([
      `setenv ${style.upper(w)} ${q}`,
      `set -gx ${style.upper(w)} ${q}`,
      `gh secret set ${style.upper(w)} --body ${q}`,
      ...(v.includes("%") ? [] : [`setx ${style.upper(w)} "${v}"`]),
    ]);
    return doc(r.pick(["setup.csh", "config.fish", "scripts/secrets.sh", "setup.cmd"]), [line], 0);
  },
  "rust-wrapped": (w, v, r) =>
    doc(
      "src/config.rs",
      [`let ${style.snake(w)} = ${r.pick(["String::from", "Some", "SecretString::new"])}("${v}");`],
      0,
    ),
  "yaml-anchor": (w, v, r) =>
    doc("config/base.yml", ["defaults:", `  ${style.snake(w)}: &${w[0]} ${v}`], 1),
  "form-body": (w, v, r) =>
    doc(
      r.pick(["requests/token.txt", "logs/oauth.log"]),
      [
        `POST /oauth/token`,
        `${style.snake(w)}=${encodeURIComponent(v)}&grant_type=client_credentials`,
      ],
      1,
    ),
  "hcl-heredoc": (w, v, r) => {
    const [open, close] = r.pick([
      ["EOT", "EOT"],
      ["-EOF", "  EOF"],
    ]);
    return doc(
      "infra/main.tf",
      ['resource "service" "api" {', `  ${style.snake(w)} = <<${open}`, `    ${v}`, close, "}"],
      2,
    );
  },
  plist: (w, v, r) =>
    doc(
      "ios/App/Info.plist",
      ["<dict>", `\t<key>${style.pascal(w)}</key>`, `\t<string>${xmlSafe(v)}</string>`, "</dict>"],
      2,
    ),
  gradle: (w, v, r) =>
    doc(
      "app/build.gradle",
      ["signingConfigs {", "    release {", `        ${style.camel(w)} "${v}"`, "    }", "}"],
      2,
    ),
  nginx: (w, v, r) =>
    doc(
      r.pick(["deploy/nginx.conf", "nginx/conf.d/api.conf"]),
      [
        "location /api/ {",
        `    ${r.pick(["fastcgi_param", "proxy_set_header"])} ${style.upper(w)} "${v.replace(/["\\]/g, "\\$&")}";`,
        "}",
      ],
      1,
    ),
  edn: (w, v, r) =>
    doc(
      r.pick(["resources/config.edn", "src/app/config.clj"]),
      ['{:db {:host "db.internal"', `      :${style.kebab(w)} "${v.replace(/["\\]/g, "\\$&")}"}}`],
      1,
    ),
  "http-header": (w, v, r) =>
    doc(
      "requests.http",
      [
        "GET https://api.internal/v1/me",
        `${style.pascal(w).replace(/([a-z])([A-Z])/g, "$1-$2")}: ${v}`,
      ],
      1,
    ),
};

/** Forms that carry a value with no name context (a token in prose, a curl header, a URL). */
export const BARE_FORMS = {
  "prose-bare": (v, r) =>
    doc(
      r.pick(["NOTES.md", "docs/incident.md", "notes.txt"]),
      ["Rotated on Monday.", `Use ${v} until the new one is issued.`],
      1,
    ),
  "curl-bearer": (v, r) =>
    doc(
      "scripts/smoke.sh",
      [`curl -fsS -H "Authorization: Bearer ${v}" https://api.internal/v1/health`],
      0,
    ),
  "log-line": (v, r) =>
    doc(
      "logs/debug.log",
      [`2024-05-01T10:00:00Z DEBUG request headers={"authorization": "${v}"}`],
      0,
    ),
  "json-unicode": (v, r) =>
    doc(
      "logs/events.json",
      [
        `{"event":"configured","credential":"${v.replace(/\//g, "\\u002F").replace(/\+/g, "\\u002B")}"}`,
      ],
      0,
    ),
  "url-encoded": (v, r) =>
    doc(
      "logs/access.log",
      [`10.0.0.7 - - "GET /v1/callback?auth=${encodeURIComponent(v)}&page=2 HTTP/1.1" 200`],
      0,
    ),
  "js-array": (v, r) => doc("test/fixtures.js", ["export const keys = [", `  "${v}",`, "];"], 1),
  "comment-bare": (v, r) =>
    r.pick([
      () => doc("src/aws.ts", ["import { S3 } from './s3';", `// ${v}`], 1),
      () => doc("deploy/main.py", ["def main():", `    # old key: ${v}`, "    pass"], 1),
      () => doc("src/keys.c", [`/* ${v} */`, "int x;"], 0),
      () => doc("public/index.html", ["<head>", `<!-- ${v} -->`, "</head>"], 1),
    ])(),
};

/** Forms that take a provider as the parent key rather than a name prefix. */
export const NESTED_FORMS = ["yaml", "json", "toml", "ini"];
