import { describe, expect, it } from "vitest";
import {
  ENV_NAME_FAMILIES,
  compileAllowNames,
  decrypt,
  encrypt,
  envNameRefusal,
  exportPairs,
  generateIdentity,
  renderSecret,
  secretName,
} from "../src/index.js";

const me = await generateIdentity();
const open = async (text: string, format: "yaml" | "json" = "yaml") =>
  decrypt(await encrypt(text, { format, recipients: [me.recipient] }), {
    format,
    identities: [me.identity],
  });

describe("environment names by family", () => {
  it.each(ENV_NAME_FAMILIES.flatMap((f) => f.examples.map((e) => [f.id, e] as const)))(
    "should refuse %s's example %s",
    (family, name) => {
      expect(envNameRefusal(name)?.family).toBe(family);
    },
  );

  it.each([
    "DATABASE_URL",
    "DB_PASSWORD",
    "API_KEY",
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "STRIPE_SECRET_KEY",
    "SENTRY_DSN",
    "NODE_ENV",
    "NPM_TOKEN",
    "TF_VAR_db_password",
    "TF_VAR_key_path",
    "GEMINI_API_KEY",
    "MAIL_PASSWORD",
    "TLS_KEY",
    "CORS_ORIGIN",
    "db_password",
  ])("should accept the ordinary secret name %s", (name) => {
    expect(envNameRefusal(name)).toBeUndefined();
  });

  it("should open an open family only for names the whole-name regex matches, never a locked one", () => {
    const allow = compileAllowNames("TF_LOG|.*_PATH|LD_PRELOAD|GITHUB_TOKEN");
    expect(envNameRefusal("TF_LOG", { allow })).toBeUndefined();
    expect(envNameRefusal("UPLOAD_PATH", { allow })).toBeUndefined();
    expect(envNameRefusal("TF_LOG_PATH", { allow })).toBeUndefined();
    expect(envNameRefusal("TF_LOGX", { allow })?.family).toBe("cluster");
    expect(envNameRefusal("LD_PRELOAD", { allow })?.family).toBe("loader");
    expect(envNameRefusal("GITHUB_TOKEN", { allow })?.family).toBe("runner");
    expect(envNameRefusal("A=B", { allow: /.*/ })?.family).toBe("syntax");
    expect(() => compileAllowNames("(")).toThrow(
      expect.objectContaining({ code: "ERR_CONFIG" }) as Error,
    );
  });

  it("should refuse by family whatever the case", () => {
    expect(envNameRefusal("path")?.family).toBe("loader");
    expect(envNameRefusal("Http_Proxy")?.family).toBe("network");
  });
});

describe("the export mapping", () => {
  it("should name a Secret after the file's base name up to its first dot", () => {
    expect(secretName("secrets/app.secret.yaml")).toBe("app");
    expect(secretName("k8s/prod/db.enc.yaml")).toBe("db");
    expect(secretName("Api_Keys.json")).toBe("api-keys");
    expect(secretName(".env.production")).toBe("env");
    expect(secretName("__.yaml")).toBe("secret");
    expect(secretName(`${"x".repeat(80)}.yaml`)).toHaveLength(63);
  });

  it("should flatten a file and keep each value's exact text", async () => {
    const r = await open("db:\n  port: 5432\n  ratio: 0.50\nhosts: [a, b]\nflag: true\nnone:\n");
    expect(exportPairs(r, { prefix: "APP_" }).map((p) => [p.name, p.value])).toEqual([
      ["APP_db_port", "5432"],
      ["APP_db_ratio", r.values[1]!.value],
      ["APP_hosts_0", "a"],
      ["APP_hosts_1", "b"],
      ["APP_flag", "true"],
    ]);
    expect(exportPairs(r, { under: ["db"] }).map((p) => p.name)).toEqual(["port", "ratio"]);
  });

  it("should give a Secret manifest's keys, data decoded, stringData winning, nothing else", async () => {
    const r = await open(
      [
        "apiVersion: v1",
        "kind: Secret",
        "metadata: {name: s, namespace: n}",
        "data:",
        `  A: ${Buffer.from("from-data").toString("base64")}`,
        `  BIN: ${Buffer.from([0xff, 0xfe]).toString("base64")}`,
        `  B: ${Buffer.from("loses").toString("base64")}`,
        "stringData:",
        "  B: wins",
        "",
      ].join("\n"),
    );
    expect(exportPairs(r).map((p) => [p.name, p.value])).toEqual([
      ["A", "from-data"],
      ["BIN", "//4="],
      ["B", "wins"],
    ]);
    expect(renderSecret(r, { file: "k8s/x.yaml", namespace: "other" })).toContain(
      "namespace: other",
    );
    expect(renderSecret(r, { file: "k8s/x.yaml" })).toContain("name: s\n");
  });

  it("should refuse a flattened name that is no Secret key", async () => {
    const r = await open('{"a b": "x"}', "json");
    expect(() => renderSecret(r, { file: "x.json" })).toThrow(
      expect.objectContaining({ code: "ERR_ENV_NAME" }) as Error,
    );
  });
});
