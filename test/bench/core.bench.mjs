// Core speed (issue 2): in-process decrypt of YAML files with 1,000 and 10,000 values next to
// sops-age on the same file in the same run, JSON alongside, and encryption next to the same
// AES-256-GCM work in a bare loop. Uses the BUILT @hush/core. Run alone: node test/bench/run.mjs core
import { createCipheriv, createSecretKey, randomBytes } from "node:crypto";
import { loadavg } from "node:os";
import { decryptSops } from "sops-age";
import { decrypt, encrypt, generateIdentity } from "@hush/core";
import { time } from "./measure.mjs";

/** A config-like YAML: groups of ten keys with mixed value types. */
function yamlDoc(n) {
  const lines = ["# generated for the benchmark"];
  for (let g = 0; g < n / 10; g++) {
    lines.push(`service_${g}:`);
    for (let k = 0; k < 10; k++) {
      const v =
        k % 5 === 0
          ? String(1000 + g * 10 + k)
          : k % 7 === 0
            ? "true"
            : `secret-value-${g}-${k}-${"x".repeat(k * 3)}`;
      lines.push(`  key_${k}: ${v}`);
    }
  }
  return lines.join("\n") + "\n";
}

function jsonDoc(n) {
  const o = {};
  for (let g = 0; g < n / 10; g++) {
    const s = {};
    for (let k = 0; k < 10; k++)
      s[`key_${k}`] =
        k % 5 === 0 ? 1000 + g * 10 + k : `secret-value-${g}-${k}-${"x".repeat(k * 3)}`;
    o[`service_${g}`] = s;
  }
  return JSON.stringify(o, null, "\t");
}

/** The AES-GCM work of encrypting the same values, in a bare loop (random 32-byte IV, AAD). */
function bareLoop(values, key) {
  const k = createSecretKey(key);
  for (const [aad, v] of values) {
    const c = createCipheriv("aes-256-gcm", k, randomBytes(32));
    c.setAAD(Buffer.from(aad));
    c.update(v, "utf8");
    c.final();
    c.getAuthTag();
  }
}

export default async function () {
  const id = await generateIdentity();
  const rows = [];
  for (const [n, targetMs, runs] of [
    [1000, 20, 15],
    [10000, 150, 7],
  ]) {
    for (const format of ["yaml", "json"]) {
      const plain = format === "yaml" ? yamlDoc(n) : jsonDoc(n);
      const enc = await encrypt(plain, { format, recipients: [id.recipient] });
      const check = await decrypt(enc, { format, identities: [id.identity] });
      if (check.values.length !== n)
        throw new Error(`expected ${n} values, got ${check.values.length}`);
      const hush = await time(() => decrypt(enc, { format, identities: [id.identity] }), runs);
      const ref = await time(
        () => decryptSops(enc, { fileType: format, secretKey: id.identity }),
        Math.max(3, Math.floor(runs / 2)),
        1,
      );
      const isYaml = format === "yaml";
      rows.push({
        operation: `decrypt ${format} ${n.toLocaleString("en")} values`,
        hush,
        unit: "ms",
        reference: { name: "sops-age", value: ref },
        target: isYaml
          ? `≤ ${targetMs} ms and ≥3× faster than sops-age`
          : "≥3× faster than sops-age",
        met: (isYaml ? hush <= targetMs : true) && ref / hush >= 3,
        // The issue measured sops-age at 58 ms / 510 ms on a quiet machine; the ratio shows the load now.
        notes: `sops-age ${(ref / (n === 1000 ? 58 : 510)).toFixed(1)}× slower than on the quiet machine of issue 2; load average ${loadavg()[0].toFixed(1)}`,
      });
      if (n === 10000) {
        const values = check.values.map((v) => [
          v.keyPath.filter((k) => typeof k === "string").join(":") + ":",
          v.value,
        ]);
        const key = randomBytes(32);
        const bare = await time(() => bareLoop(values, key), runs);
        const hushEnc = await time(
          () => encrypt(plain, { format, recipients: [id.recipient] }),
          runs,
        );
        rows.push({
          operation: `encrypt ${format} ${n.toLocaleString("en")} values`,
          hush: hushEnc,
          unit: "ms",
          reference: { name: "bare AES-GCM loop", value: bare },
          target: "≤ 2× the bare AES-GCM loop",
          met: hushEnc <= 2 * bare,
          notes: isYaml ? "includes YAML parse, walk, MAC, age wrap and serialize" : undefined,
        });
      }
    }
  }
  rows.push(...(await regexRows(id)));
  return rows;
}

/**
 * Regexes from the file run on the linear-time engine (issue 11): a 10,000-value file under an
 * `encrypted_regex` costs what the plain one does, and the pathological `^(password|(a|aa)+)$`
 * against keys of n `a`s and a `b` grows with n, not 2^n (V8's RegExp: 16 s at n = 40).
 */
async function regexRows(id) {
  const rows = [];
  const opts = { format: "yaml", identities: [id.identity] };
  const plain = yamlDoc(10000);
  const enc = await encrypt(plain, {
    format: "yaml",
    recipients: [id.recipient],
    rules: { encryptedRegex: "^key_[0-9]+$" },
  });
  const ms = await time(() => decrypt(enc, opts), 7);
  rows.push({
    operation: "decrypt yaml 10,000 values, encrypted_regex",
    hush: ms,
    unit: "ms",
    target: "≤ 150 ms (as without the regex)",
    met: ms <= 150,
  });
  const evil = async (n) => {
    const keys = Array.from({ length: 10 }, (_, i) => `${"a".repeat(n)}b${i}: clear\n`).join("");
    const text = await encrypt(`password: pw-value\n${keys}`, {
      format: "yaml",
      recipients: [id.recipient],
      rules: { encryptedRegex: "^(password|(a|aa)+)$" },
    });
    return time(() => decrypt(text, opts), 5);
  };
  const small = await evil(1000);
  const large = await evil(4000);
  rows.push({
    operation: "decrypt, encrypted_regex ^(password|(a|aa)+)$, 10 keys of 4,000 a's + b",
    hush: large,
    unit: "ms",
    target: "< 1000 ms, and linear (4× the key ≈ 4× the time)",
    met: large < 1000 && large / Math.max(small, 0.01) < 8,
    notes: `1,000 a's: ${small.toFixed(1)} ms; 4,000 a's: ${large.toFixed(1)} ms (${(large / small).toFixed(1)}×); V8's RegExp takes 16 s at 40`,
  });
  return rows;
}
