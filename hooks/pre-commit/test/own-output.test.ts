/**
 * Property: whatever hush encrypts — any format, any partial-encryption rule, empty values and
 * comments included — passes the guard's checks (structure, values, MAC, recipients under a rule
 * with the same options) and gives the detector nothing from its ciphertext.
 */
import { fc, test } from "@fast-check/vitest";
import { beforeAll, describe, expect } from "vitest";
import type { EncryptionRules, Format, ResolvedRule } from "@hush/core";
import * as core from "@hush/core";
import { scanText } from "@hush/core/scan";
import { checkEncryption, type IdentityProvider } from "../src/checks.js";
import { clearParts } from "../src/detect.js";
import { forDetector } from "../src/text.js";

let me: { identity: string; recipient: string };
beforeAll(async () => {
  me = await core.generateIdentity();
});

const withKey: IdentityProvider = () =>
  Promise.resolve({ identities: [me.identity], problem: undefined });

function rule(rules: EncryptionRules): ResolvedRule {
  return {
    index: 0,
    rule: {
      path: "**",
      pathRegex: undefined,
      recipients: [me.recipient],
      keyGroups: undefined,
      shamirThreshold: undefined,
      rules,
      maxAgeMs: undefined,
      line: 3,
    },
    recipients: [me.recipient],
    readers: ["me"],
    groups: [],
    keyGroups: undefined,
    shamirThreshold: undefined,
    rules,
    maxAgeMs: undefined,
  };
}

// Plain words (no credential shapes): the detector must have nothing to say about them either.
const key = fc.stringMatching(/^[a-z][a-z0-9]{0,5}(_pub|_enc|_unencrypted)?$/);
const word = fc.oneof(fc.constant(""), fc.stringMatching(/^[a-z][a-z ]{0,10}$/));
const comment = fc.oneof(
  fc.constant(" sops:enc"),
  fc.constant(" sops:clear"),
  word.map((w) => ` ${w}`),
);
const entries = fc.uniqueArray(fc.tuple(key, word, fc.option(comment, { nil: undefined })), {
  selector: ([k]) => k,
  minLength: 1,
  maxLength: 6,
});

const RULES: EncryptionRules[] = [
  {},
  { unencryptedSuffix: "_pub" },
  { encryptedSuffix: "_enc" },
  { encryptedRegex: "^(a|b|password)" },
  { unencryptedRegex: "^(a|name)" },
  { encryptedCommentRegex: "sops:enc" },
  { unencryptedCommentRegex: "sops:clear" },
  { macOnlyEncrypted: true },
];

type Entry = [string, string, string | undefined];

function render(format: Format, list: readonly Entry[]): string {
  switch (format) {
    case "yaml":
      return list
        .map(([k, v, c]) => `${c === undefined ? "" : `#${c}\n`}${k}: ${JSON.stringify(v)}\n`)
        .join("");
    case "dotenv":
      return list
        .map(([k, v, c]) => `${c === undefined ? "" : `#${c}\n`}${k.toUpperCase()}=${v.trim()}\n`)
        .join("");
    case "ini":
      return `[s]\n${list.map(([k, v]) => `${k} = ${v.trim()}\n`).join("")}`;
    case "json":
      return `${JSON.stringify({ nested: Object.fromEntries(list.map(([k, v]) => [k, v])) }, null, 2)}\n`;
    case "binary":
      return list.map(([, v]) => v).join("\n");
  }
}

const FILE: Record<Format, string> = {
  yaml: "s.yaml",
  json: "s.json",
  dotenv: "s.env",
  ini: "s.ini",
  binary: "s.bin",
};

describe("hush's own output passes its guard", () => {
  test.prop(
    [
      fc.constantFrom<Format>("yaml", "json", "dotenv", "ini", "binary"),
      fc.constantFrom(...RULES),
      entries,
    ],
    { numRuns: 120 },
  )("encrypt → guard: no finding", async (format, rules, list) => {
    const text = await core.encrypt(render(format, list), {
      format,
      recipients: [me.recipient],
      rules,
    });
    const file = { path: `secrets/${FILE[format]}`, text };
    const checked = await checkEncryption(core, file, rule(rules), ".hush.yaml", withKey);
    expect(checked.findings).toEqual([]);
    expect(checked.encrypted).toBe(true);
    const clear = checked.clearText?.() ?? "";
    expect(clear).not.toMatch(/ENC\[AES256_GCM,data:[^\]]*\]/);
    // As the guard hands it over: the sops block is read too, ciphertext never.
    const found = scanText(forDetector(clear), { path: file.path });
    expect(found).toEqual([]);
  });
});

describe("clearParts", () => {
  test.prop([entries], { numRuns: 30 })("keeps lines and columns", async (list) => {
    const text = await core.encrypt(render("yaml", list), {
      format: "yaml",
      recipients: [me.recipient],
    });
    const clear = clearParts(text, core.inspect(text, "yaml"));
    expect(clear.length).toBe(text.length);
    expect(clear.split("\n").map((l) => l.length)).toEqual(text.split("\n").map((l) => l.length));
  });
});
