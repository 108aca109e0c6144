// Lines from real third-party text (Python's and the C library's headers, READMEs and docs of npm
// packages, shell completions, vim scripts) that the detector reported although they hold no
// secret, found by scanning ~350 MB of such text; each beside a real secret of the same shape,
// which must still be found.
import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { scanText } from "../src/scan/index.js";
import { ALNUM, Rng } from "./scan-fixtures.js";

const rng = new Rng(41);
const ids = (text: string, p: string): string[] =>
  scanText(`${text}\n`, { path: p }).map((x) => x.ruleId);
/** A generated password: letters, digits and a symbol, as a real one would be. */
const password = (): string => `${rng.s(ALNUM, 6)}#${rng.s(ALNUM, 6)}7`;

describe("code and labels are not values", () => {
  it("should read member accesses and scoped names as code", () => {
    expect(ids("    var signingKey = key.publicKey || key.rsaPublicKey;", "README.md")).toEqual([]);
    expect(ids(`    key: typing.Union["rsa.RSAPrivateKey", "rsa.RSAPublicKey"],`, "x.py")).toEqual(
      [],
    );
    expect(ids("\tlet pwd = a:dict.istemp ? a:dict.tmpdir : ''", "autoload/rust.vim")).toEqual([]);
    expect(ids(`    var signingKey = "${rng.s(ALNUM, 24)}";`, "README.md")).toEqual([
      "generic-secret",
    ]);
  });

  it("should read private names, type names and labels that spell their name as code", () => {
    expect(ids(`    key: typing.Union["_RSAPrivateKey", "_RSAPublicKey"],`, "rsa.py")).toEqual([]);
    expect(
      ids(
        `#define SN_dhSinglePass_stdDH_sha1kdf_scheme  "dhSinglePass-stdDH-sha1kdf-scheme"`,
        "o.h",
      ),
    ).toEqual([]);
    expect(ids(`#define SN_id_it_revPassphrase  "id-it-revPassphrase"`, "obj_mac.h")).toEqual([]);
    expect(
      ids(`DUMMY_MACHINE_FUNCTION_PASS("post-RA-sched", PostRASchedulerPass, ())`, "R.def"),
    ).toEqual([]);
    expect(ids(`#define DB_PASSPHRASE  "${password()}"`, "config.h")).toEqual(["generic-secret"]);
  });

  it("should not take a tuple of labels for a credential pair", () => {
    const line =
      "    'Terminal256Formatter': ('pygments.formatters.terminal256', 'Terminal256', ('terminal256', 'console256', '256'), (), 'Format tokens with ANSI color sequences.'),";
    expect(ids(line, "_mapping.py")).toEqual([]);
    expect(ids(`credentials = ("deploy", "${password()}")`, "client.py")).toEqual([
      "generic-secret",
    ]);
    // The requests idiom, and a Basic-auth helper's arguments.
    expect(ids(`r = requests.get(url, auth=("deploy", "${password()}"))`, "c.py")).toEqual([
      "generic-secret",
    ]);
    expect(ids(`auth = HTTPBasicAuth("deploy", "${password()}")`, "c.py")).toEqual([
      "generic-secret",
    ]);
  });

  it("should read words joined by slashes, and paths, as text", () => {
    const prose =
      "- **Token Management** - Supports both JWT and legacy AES token encryption/decryption";
    expect(ids(prose, "README.md")).toEqual([]);
    const scope =
      "    Authorization: 'AWS4-HMAC-SHA256 Credential=ABCDEF/20121226/us-east-1/sqs/aws4_request, ...'";
    expect(ids(scope, "README.md")).toEqual([]);
    const choices = "# com.sun.management.jmxremote.password.toHashes = true|false";
    expect(ids(choices, "management.properties")).toEqual([]);
  });

  it("should read a key with no value yet as no value", () => {
    const line = `\t\t__mvncomp "username= message= passphrase= password= scmVersion= $(x)" "-D"`;
    expect(ids(line, "completions/mvn")).toEqual([]);
    expect(
      ids(`jdbc:mysql://db/app?user=app&password=${password()}`, "app.properties"),
    ).not.toEqual([]);
  });
});

describe("documentation examples", () => {
  it("should not take another tool's URL option for curl's user:password", () => {
    expect(ids("$ node app.js | pino-couch -U https://couch-server -d mylogs", "t.md")).toEqual([]);
    expect(ids("$ node app.js | pino-http-send -u http://localhost:8080/logs", "t.md")).toEqual([]);
    expect(
      ids(`node app.js | pino-mq -u "amqp://guest:guest@localhost/" -q "logs"`, "t.md"),
    ).toEqual([]);
    expect(ids(`curl -u deploy:${password()} https://api.internal/v1`, "t.md")).toEqual([
      "basic-auth",
    ]);
  });

  it("should know the sample credentials of the OAuth RFCs and the Telegram and Python docs", () => {
    expect(ids(`      botToken: "123456:ABC-DEF1234ghIkl-zyx57W2v1u123ew11",`, "t.md")).toEqual([]);
    expect(ids(`            "access_token":"2YotnFZFEjr1zCsicMWpAA",`, "parameters.py")).toEqual(
      [],
    );
    expect(ids("            Authorization: Basic czZCaGRSa3F0MzpnWDFmQmF0M2JW", "base.py")).toEqual(
      [],
    );
    expect(ids(`            oauth_consumer_key="0685bd9184jfhq22",`, "parameters.py")).toEqual([]);
    expect(ids("                      passwd='geheim$parole')", "request.py")).toEqual([]);
    const token = `${rng.int(100000, 999999)}:AA${rng.s(ALNUM, 33)}`;
    expect(ids(`      botToken: "${token}",`, "t.md")).not.toEqual([]);
  });

  it("should read a base64 placeholder as one", () => {
    const placeholder = btoa("not my real password");
    expect(ids(`  password: '${placeholder}',`, "README.md")).toEqual([]);
    expect(ids(`  password: '${btoa(password())}',`, "README.md")).toEqual(["generic-secret"]);
  });

  it("should not report a JWT signed with a documentation example key, and report others", () => {
    const b64 = (o: object): string => Buffer.from(JSON.stringify(o)).toString("base64url");
    const jwt = (key: string): string => {
      const signed = `${b64({ alg: "HS256", typ: "JWT" })}.${b64({ some: "payload", n: rng.s(ALNUM, 8) })}`;
      return `${signed}.${createHmac("sha256", key).update(signed).digest("base64url")}`;
    };
    expect(ids(`token = "${jwt("secret")}"`, "README.rst")).toEqual([]);
    expect(ids(`token = "${jwt("your-256-bit-secret")}"`, "README.md")).toEqual([]);
    expect(ids(`token = "${jwt(rng.s(ALNUM, 32))}"`, "README.md")).toEqual(["jwt"]);
  });
});

// Found by scanning a Python installation's site-packages (awscli, botocore, typeshed stubs,
// moto, cfn-lint, SAM): 249 MB, 202 findings, most of them these classes.
describe("stubs, data files and code of a Python installation", () => {
  it("should read type stubs (.pyi) as code: annotations are no values", () => {
    expect(ids("    HAS_PSK: Final[bool]", "typeshed/stdlib/_ssl.pyi")).toEqual([]);
    expect(ids("    Credential: _win32typing.PyCredHandle,", "win32security.pyi")).toEqual([]);
    expect(ids(`    API_TOKEN: str = "${rng.s(ALNUM, 32)}"`, "settings.pyi")).toEqual([
      "generic-secret",
    ]);
  });

  it("should read a JMESPath or indexed member path as code", () => {
    const path = "botocore/data/kinesis/2013-12-02/paginators-1.json";
    expect(ids(`      "output_token": "StreamDescription.Shards[-1].ShardId",`, path)).toEqual([]);
    expect(ids(`      "output_token": "Jobs[-1].JobId",`, path)).toEqual([]);
    expect(ids(`    _SAR_APP_KEY = "serverlessrepo:applicationId"`, "model.py")).toEqual([]);
    expect(ids(`      "output_token": "${rng.s(ALNUM, 28)}",`, path)).toEqual(["generic-secret"]);
  });

  it("should not take AWS's or Google's secret manager service for a secret's name", () => {
    expect(ids(`     "secretsmanager:ResourceTag/tag-key",`, "Policies.json")).toEqual([]);
    expect(ids(`"secretsmanager:resource/AllowRotationLambdaArn": {`, "templates.json")).toEqual(
      [],
    );
    expect(ids(`  secretmanager: projects/p1/secrets/db-pass/versions/3`, "app.yaml")).toEqual([]);
  });

  it("should read a time stamp, a constant's name and a format string as no secret", () => {
    expect(ids(`  "PasswordLastUsed": "2016-09-08T21:47:36Z",`, "examples-1.json")).toEqual([]);
    expect(ids(`  "TokenExpiry": "2024-05-01 12:00:00+00:00",`, "token.json")).toEqual([]);
    expect(
      ids(
        "# hashedPassword = base64_encoded_64_byte_salt W base64_encoded_hash W hash_algorithm",
        "conf/management/jmxremote.password.template",
      ),
    ).toEqual([]);
    expect(ids(`   '__gnuc_va_list', 'AES_KEY', 'PKCS7_ISSUER_AND_SERIAL',`, "data.py")).toEqual(
      [],
    );
    expect(
      ids(`    portfolio_share_token = f"share-{portfolio_id}-{org_type}-{org_value}"`, "m.py"),
    ).toEqual([]);
    expect(ids(`    message = "token={token} user={user}".format(**kw)`, "log.py")).toEqual([]);
    expect(ids(`  "password": "${password()}",`, "examples-1.json")).toEqual(["generic-secret"]);
  });

  it("should read the right side of a subscript assignment in code as an expression", () => {
    expect(ids(`        kwargs['request_credentials'] = signing_context[`, "signers.py")).toEqual(
      [],
    );
    expect(ids(`        event_dict['SessionToken'] = request_headers[`, "monitoring.py")).toEqual(
      [],
    );
    expect(ids(`        settings['api_token'] = '${rng.s(ALNUM, 32)}'`, "conf.py")).toEqual([
      "generic-secret",
    ]);
    // A connection string keeps its bare values: `"Server=db;Password=…;"`.
    expect(ids(`    cs = "Server=db;User Id=app;Password=${password()};"`, "db.cs")).not.toEqual(
      [],
    );
  });
});

describe("documentation's long tokens and calls that inspect a password", () => {
  it("should read a long token with EXAMPLE written into it as AWS's documentation sample", () => {
    const body = rng.s(ALNUM, 150);
    const sample = `IQoJb3JpZ2luX2VjEOz////////////////////wEXAMPLEtMSJHMEUCIDoKK3JH9uGQE1z0sINr5M4jk${body}`;
    const path = "botocore/data/sts/2011-06-15/examples-1.json";
    expect(ids(`  "SessionToken": "${sample}",`, path)).toEqual([]);
    expect(ids(`  "SessionToken": "IQoJb3JpZ2luX2VjE${body}${body}",`, path)).not.toEqual([]);
  });

  it("should not take the argument of a call that checks, splits or hashes a password for one", () => {
    expect(
      ids(`    self.assertEqual(splitpasswd('user:a\\nb'), ('user', 'a\\nb'))`, "t.py"),
    ).toEqual([]);
    expect(ids(`    ok = verifyPassword('${password()}', stored)`, "t.js")).toEqual([]);
    expect(ids(`    const h = hashPassword("${password()}");`, "t.ts")).toEqual([]);
    expect(ids(`    client.setPassword("${password()}");`, "c.java")).toEqual(["generic-secret"]);
  });
});

// Found in the AWS CLI's examples (site-packages/awscli/examples): tokens that page, order or
// de-duplicate requests, and ids that share a provider's name, are no credentials.
describe("tokens that are no credentials, and ids named after a provider", () => {
  it("should not read a paging, change or idempotency token as a secret", () => {
    const rst = "awscli/examples/logs/get-log-events.rst";
    expect(
      ids(
        `  "nextForwardToken": "f/31961209122447488583055879464742346735121166569214640130",`,
        rst,
      ),
    ).toEqual([]);
    expect(
      ids(
        `  --next-page-token "AAAAKgAAAAEAAAAAAAAAA1Gp1BelJq+PmHvAnDxJYbup8+0R4LVtbXLDl7QN"`,
        rst,
      ),
    ).toEqual([]);
    expect(ids(`  --change-token 12cs345-67cd-890b-1cd2-c3a4567d89f1 \\`, rst)).toEqual([]);
    expect(ids(`  "PolicyUpdateToken": "1:p+2RpKR4wPFx7mcrL1UOQQ==",`, rst)).toEqual([]);
    expect(ids(`  "ClientRequestToken": "${rng.s(ALNUM, 32)}",`, "req.json")).toEqual([]);
    expect(ids(`  --participant-token-configurations userId=alice`, rst)).toEqual([]);
    // Tokens that do authenticate stay found.
    expect(ids(`  "refreshToken": "${rng.s(ALNUM, 40)}",`, "auth.json")).toEqual([
      "generic-secret",
    ]);
    expect(ids(`  --session-token "${rng.s(ALNUM, 40)}"`, "run.sh")).not.toEqual([]);
  });

  it("should not read an id that carries a provider's name as that provider's key", () => {
    const hex = rng.s("0123456789abcdef", 32);
    expect(ids(`            "SegmentId": "${hex}",`, "pinpoint/get-campaign.rst")).toEqual([]);
    expect(ids(`SEGMENT_WRITE_KEY=${rng.s(ALNUM, 32)}`, ".env")).toEqual(["segment-write-key"]);
  });
});

describe("Python's interactive examples (doctests)", () => {
  it("should read a doctest's lines and the output under them as a documented example", () => {
    const doc = [
      "        Example::",
      "",
      "            >>> b",
      // oauthlib's made-up values as its docstrings print them (split: the repo scans itself).
      `            'oauth_token=${"lsdkfol23w54"}jlksdef&oauth_token_secret=${"qwe089"}234lkjsdf&x=1'`,
      `            >>> client = Client(client_secret='${"qwe089"}234lkjsdfx2')`,
    ].join("\n");
    expect(ids(doc, "oauthlib/endpoints/access_token.py")).toEqual([]);
    // Below the example, after a blank line, code is code again.
    expect(ids(`${doc}\n\n    client_secret = '${rng.s(ALNUM, 24)}'`, "app.py")).toEqual([
      "generic-secret",
    ]);
  });
});

describe("a Debian system's /usr/share", () => {
  it("should skip compiled gettext catalogs (.mo) as binary, by their content", () => {
    // As the guard hands it over: its NULs made blanks (hooks/pre-commit/src/text.ts), its
    // magic number's high bytes replacement characters (not UTF-8).
    const body = `     msgstr "contraseña: ${password()}"`;
    const path = "locale/es/LC_MESSAGES/shadow.mo";
    expect(scanText(`\ufffd\u0012\u0004\ufffd${body}`, { path })).toEqual([]);
    expect(scanText(`\ufffd\u0004\u0012\ufffd${body}`, { path })).toEqual([]);
    // The name alone hides nothing: a text file called `.mo` is read like any other.
    expect(ids(`db_password: ${password()}`, "secrets.mo")).toEqual(["generic-secret"]);
  });

  it("should read a package version as no password", () => {
    const list = "usr/share/package-lists/installed-cpp.txt";
    expect(ids("apt\tpasswd\t1:4.13+dfsg1-1+deb12u1", list)).toEqual([]);
    expect(ids("libpam-pwdfile\t1.0-2.1+b1", list)).toEqual([]);
    expect(ids(`password ${password()}`, "notes.txt")).toEqual(["generic-secret"]);
  });

  it("should read xyzzy in a URL as the placeholder it is", () => {
    const tm = "tcl8/http-2.9.8.tm";
    expect(ids("    #     http://jschmoe:xyzzy@www.bogus.net:8000/foo/bar.tml?q=foo", tm)).toEqual(
      [],
    );
  });
});

// Found in Rust's documentation (630 MB of HTML and search indexes: 13 findings).
describe("generated data and escaped code in HTML documentation", () => {
  const blob = (n: number): string => rng.s(`${ALNUM}+/`, n);
  it("should not read a token prefix inside a base64 blob as a token", () => {
    const square = `EAAA${rng.s(ALNUM, 60)}`;
    const index = `rn_("${blob(200)}/${square}/${blob(300)}")`;
    expect(ids(index, "rust/html/search.index/root1.95.0.js")).toEqual([]);
    expect(ids(`SQUARE_ACCESS_TOKEN="${square}"`, ".env")).toEqual(["square-token"]);
    // A token in a URL path stays one: the path around it is short.
    const telegram = `${rng.s("0123456789", 10)}:AA${rng.s(`${ALNUM}_-`, 33)}`;
    expect(
      ids(`curl https://api.telegram.org/bot${telegram}/sendMessage?chat_id=1`, "ping.sh"),
    ).toEqual(["telegram-bot-token"]);
  });

  it("should read HTML-escaped code as code", () => {
    const line = `    token_stream: handle::OwnedStore&lt;MarkedTokenStream&lt;S&gt;&gt;,`;
    expect(ids(line, "rust/html/src/proc_macro/bridge/server.rs.html")).toEqual([]);
  });
});

describe("sample passwords of the AWS CLI's examples", () => {
  it("should read a dummy word spelled around symbols, and interleaved runs, as samples", () => {
    const rst = "awscli/examples/connect/create-user.rst";
    expect(ids("        --password Pass@Word1 \\", rst)).toEqual([]);
    expect(ids("        --hsm-partition-password A1b2c3d4 /", rst)).toEqual([]);
    expect(ids(`        --password ${password()} \\`, rst)).not.toEqual([]);
  });
});
