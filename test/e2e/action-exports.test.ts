// Attacks on what the action exports, through the committed bundle under the runner emulation: a
// secrets file anyone with the public recipient can write tries to make later steps run code
// (names of every family, dotenv values), and an encrypted comment tries to reach the output.
import { existsSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { ENV_NAME_FAMILIES, encrypt } from "@hush/core";
import {
  HAVE_NODE24,
  makeWorkspace,
  newKey,
  readText,
  writeEncrypted,
} from "../helpers/action-fixtures.js";
import { readBash, readDotenv } from "../helpers/dotenv-readers.js";
import { actionStep, errorsOf, expectFailedStep, expectNeverShown } from "../helpers/action.js";

let key: { identity: string; recipient: string };
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});
beforeAll(async () => {
  key = await newKey();
});

async function workspace(files: Record<string, string>): Promise<string> {
  const ws = await makeWorkspace();
  cleanups.push(ws.cleanup);
  for (const [rel, plain] of Object.entries(files))
    await writeEncrypted(ws.dir, rel, plain, [key.recipient]);
  return ws.dir;
}

/** One name of every family, chosen here (not from the code's own examples). */
const REPRESENTATIVE: Record<string, string> = {
  runner: "GITHUB_ENV",
  loader: "LD_AUDIT",
  shell: "PROMPT_COMMAND",
  "secrets-tools": "SOPS_AGE_KEY_CMD",
  git: "GIT_CONFIG_PARAMETERS",
  ssh: "SSH_ASKPASS",
  node: "NODE_REPL_EXTERNAL_MODULE",
  python: "PYTHONBREAKPOINT",
  java: "_JAVA_OPTIONS",
  dotnet: "DOTNET_STARTUP_HOOKS",
  perl: "PERL5DB",
  ruby: "RUBYOPT",
  php: "PHP_INI_SCAN_DIR",
  go: "GOFLAGS",
  rust: "RUSTC_WRAPPER",
  build: "MAKEFILES",
  "search-path": "GCONV_PATH",
  program: "LESSOPEN",
  options: "CXXFLAGS",
  config: "KUBECONFIG",
  locale: "LC_ALL",
  network: "https_proxy",
  cluster: "DOCKER_HOST",
};

describe("action: names of every family that runs code or moves traffic are refused", () => {
  it("should have a representative for every family", () => {
    expect(Object.keys(REPRESENTATIVE).sort()).toEqual(ENV_NAME_FAMILIES.map((f) => f.id).sort());
  });

  it.each(["env", "dotenv"])(
    "should refuse one name of each family in export %s, naming each key and the file, exporting nothing",
    async (exportMode) => {
      const data = Object.fromEntries(
        Object.values(REPRESENTATIVE).map((n, i) => [n, `/tmp/evil-${i}-5c0ffee`]),
      );
      const ws = await workspace({
        "secrets.json": JSON.stringify({ SAFE_NAME: "fine-5c0ffee", ...data }),
      });
      const r = await actionStep(ws, key.identity, {
        files: "secrets.json",
        export: exportMode,
        "dotenv-path": "out/.env",
      });
      const error = expectFailedStep(r, "ERR_ENV_NAME");
      for (const [family, name] of Object.entries(REPRESENTATIVE)) {
        expect(error).toContain(`"${name}" in secrets.json: reserved family "${family}"`);
      }
      expect(error).not.toContain("SAFE_NAME");
      expect(existsSync(join(ws, "out/.env"))).toBe(false);
      for (const v of Object.values(data)) expect(r.masker.originals.has(v)).toBe(true);
    },
  );

  it("should open open families with allow-names, but never the runner's, loader, shell or key-discovery ones", async () => {
    const ws = await workspace({
      "open.json": JSON.stringify({
        TF_LOG: "debug-5c0ffee",
        MAVEN_OPTS: "-Xmx1g-5c0ffee",
        OK: "ok-5c0ffee",
      }),
    });
    const opened = await actionStep(ws, key.identity, {
      files: "open.json",
      "allow-names": "TF_LOG|MAVEN_OPTS",
    });
    expect(errorsOf(opened)).toEqual([]);
    expect(opened.env).toEqual({
      TF_LOG: "debug-5c0ffee",
      MAVEN_OPTS: "-Xmx1g-5c0ffee",
      OK: "ok-5c0ffee",
    });
    // The regex matches whole names: MAVEN alone does not open MAVEN_OPTS.
    const partial = await actionStep(ws, key.identity, {
      files: "open.json",
      "allow-names": "MAVEN|TF_LOG",
    });
    expect(expectFailedStep(partial, "ERR_ENV_NAME")).toContain('"MAVEN_OPTS"');

    for (const name of ["GITHUB_PATH", "LD_PRELOAD", "BASH_ENV", "HUSH_AGE_KEY", "PATH"]) {
      await writeEncrypted(ws, "locked.json", JSON.stringify({ [name]: "x-5c0ffee" }), [
        key.recipient,
      ]);
      const r = await actionStep(ws, key.identity, { files: "locked.json", "allow-names": ".*" });
      expect(expectFailedStep(r, "ERR_ENV_NAME")).toContain(`"${name}" in locked.json`);
    }
    const bad = await actionStep(ws, key.identity, { files: "open.json", "allow-names": "(" });
    expectFailedStep(bad, "ERR_INPUT");
  });
});

describe("action: export dotenv writes a dialect bash and dotenv read back exactly", () => {
  it("should give back hostile values exactly and run none of them when a step sources the file", async () => {
    const ws = await makeWorkspace();
    cleanups.push(ws.cleanup);
    const marker = join(ws.dir, "pwned");
    const values: Record<string, string> = {
      SUBST: `$(touch ${marker})`,
      TICKS: `\`touch ${marker}\``,
      SINGLE: "it's",
      DOUBLE: 'say "hi" #1',
      BACKSLASH: "a\\nb\\c",
      DOLLAR: "$HOME ${PATH}",
      SPACES: "  padded  ",
      UNICODE: "žluťoučký 🐎",
    };
    await writeEncrypted(ws.dir, "app.secret.json", JSON.stringify(values), [key.recipient]);
    const r = await actionStep(ws.dir, key.identity, {
      files: "*.json",
      export: "dotenv",
      "dotenv-path": "out/.env",
    });
    expect(errorsOf(r)).toEqual([]);
    const path = join(ws.dir, "out/.env");
    const fromBash = readBash(path, Object.keys(values));
    expect(existsSync(marker), "sourcing the file ran a command").toBe(false);
    expect(fromBash).toEqual(values);
    expect(readDotenv(await readText(path))).toEqual(values);
  });

  it.each([
    ["a newline", "-----BEGIN KEY-----\nMIIB\n-----END KEY-----"],
    ["a CR that starts a new variable for dotenv readers", "ok\rINJECTED=1"],
  ])(
    "should refuse a value with %s before anything is exported, and record the failure",
    async (_l, value) => {
      const ws = await workspace({
        "app.secret.json": JSON.stringify({ FINE: "fine-5c0ffee", TLS_KEY: value }),
      });
      const r = await actionStep(ws, key.identity, {
        files: "*.json",
        export: "dotenv",
        "dotenv-path": "out/.env",
        "audit-log": "audit.jsonl",
      });
      const error = expectFailedStep(r, "ERR_VALUE");
      expect(error).toContain("TLS_KEY");
      expect(error).toContain("app.secret.json");
      expect(existsSync(join(ws, "out/.env"))).toBe(false);
      const records = (await readText(join(ws, "audit.jsonl"))).trim().split("\n");
      expect(records).toHaveLength(1);
      expect(JSON.parse(records[0]!)).toMatchObject({
        outcome: "failure",
        error: { code: "ERR_VALUE" },
      });
    },
  );
});

describe("action: decrypted comments are never output", () => {
  const secretComment = "previous password was hunter2-old-5c0ffee";
  const manifest = [
    "apiVersion: v1",
    "kind: Secret",
    "metadata:",
    "  name: api-credentials",
    "  namespace: production",
    "  labels:",
    "    app: api",
    "  annotations:",
    "    owner: platform",
    "type: Opaque",
    "stringData:",
    `  # ${secretComment}`,
    "  DB_PASSWORD: pw-now-5c0ffee # rotated in May",
    "data:",
    `  API_KEY: ${Buffer.from("apikey-5c0ffee").toString("base64")}`,
    "",
  ].join("\n");

  it.each(["k8s-secret", "env", "dotenv", "files"])(
    "should leave an encrypted comment out of export %s and the log",
    async (exportMode) => {
      const ws = await makeWorkspace();
      cleanups.push(ws.cleanup);
      await mkdir(join(ws.dir, "k8s"), { recursive: true });
      const enc = await encrypt(manifest, {
        format: "yaml",
        recipients: [key.recipient],
        rules: { encryptedRegex: "^(data|stringData)$" },
      });
      expect(enc).not.toContain("hunter2");
      await writeFile(join(ws.dir, "k8s/api.yaml"), enc);
      const r = await actionStep(ws.dir, key.identity, {
        files: "k8s/*.yaml",
        export: exportMode,
        "output-dir": "out",
        "dotenv-path": "out/.env",
      });
      expect(errorsOf(r)).toEqual([]);
      expectNeverShown(r, "hunter2");
      expect(JSON.stringify(r.env)).not.toContain("hunter2");
      if (exportMode === "k8s-secret") {
        const written = await readText(join(ws.dir, "out/api-credentials.yaml"));
        expect(written).not.toContain("hunter2");
        expect(written).not.toContain("rotated in May");
        // The manifest stays itself: name, namespace, labels, annotations, type, data, stringData.
        expect(written).toContain("name: api-credentials");
        expect(written).toContain("namespace: production");
        expect(written).toContain("app: api");
        expect(written).toContain("owner: platform");
        expect(written).toContain("type: Opaque");
        expect(written).toContain("DB_PASSWORD: pw-now-5c0ffee");
        expect(written).toContain(`API_KEY: ${Buffer.from("apikey-5c0ffee").toString("base64")}`);
      }
      if (exportMode === "dotenv")
        expect(await readText(join(ws.dir, "out/.env"))).not.toContain("hunter2");
      if (exportMode === "env") {
        expect(r.env).toEqual({ API_KEY: "apikey-5c0ffee", DB_PASSWORD: "pw-now-5c0ffee" });
      }
    },
  );
});

describe.skipIf(!HAVE_NODE24)("action under Node 24: the same refusals", () => {
  it("should refuse a name of every family and write a dotenv export bash reads back exactly", async () => {
    const data = Object.fromEntries(Object.values(REPRESENTATIVE).map((n) => [n, "x-5c0ffee"]));
    const ws = await workspace({ "secrets.json": JSON.stringify(data) });
    const r = await actionStep(ws, key.identity, { files: "secrets.json" }, { node24: true });
    const error = expectFailedStep(r, "ERR_ENV_NAME");
    for (const name of Object.values(REPRESENTATIVE)) expect(error).toContain(`"${name}"`);

    const values = { SUBST: "$(id)", QUOTE: "it's", HASH: "a#b" };
    await writeEncrypted(ws, "ok.json", JSON.stringify(values), [key.recipient]);
    const ok = await actionStep(
      ws,
      key.identity,
      { files: "ok.json", export: "dotenv", "dotenv-path": "out/.env" },
      { node24: true },
    );
    expect(errorsOf(ok)).toEqual([]);
    expect(readBash(join(ws, "out/.env"), Object.keys(values))).toEqual(values);
  });
});
if (!HAVE_NODE24) {
  console.warn(
    "skipping the Node 24 runs of the action's export attacks: run bash scripts/install-node.sh 24",
  );
}
