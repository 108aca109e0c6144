// A small age plugin for the tests (the plugin side of the C2SP age-plugin protocol): recipients
// age1hushtest1… and identities AGE-PLUGIN-HUSHTEST-1… hold an X25519 key; its stanza is
// `-> hushtest <share>`. With HUSHTEST_PIN set it asks for a PIN (request-secret) and says a
// message (msg) before opening, as a hardware key's plugin would.
import {
  createCipheriv,
  createDecipheriv,
  createHmac,
  createPrivateKey,
  createPublicKey,
  diffieHellman,
  generateKeyPairSync,
  randomBytes,
} from "node:crypto";
import { appendFileSync } from "node:fs";

const CHARSET = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
const GEN = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3];
const polymod = (v) => {
  let c = 1;
  for (const x of v) {
    const t = c >>> 25;
    c = ((c & 0x1ffffff) << 5) ^ x;
    for (let i = 0; i < 5; i++) if ((t >>> i) & 1) c ^= GEN[i];
  }
  return c;
};
const expand = (h) => [
  ...[...h].map((c) => c.charCodeAt(0) >>> 5),
  0,
  ...[...h].map((c) => c.charCodeAt(0) & 31),
];
export function bech32Encode(hrp, bytes) {
  const words = [];
  let acc = 0,
    bits = 0;
  for (const b of bytes) {
    acc = (acc << 8) | b;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      words.push((acc >>> bits) & 31);
    }
    acc &= (1 << bits) - 1;
  }
  if (bits > 0) words.push((acc << (5 - bits)) & 31);
  const mod = polymod([...expand(hrp), ...words, 0, 0, 0, 0, 0, 0]) ^ 1;
  return `${hrp}1${words.map((w) => CHARSET[w]).join("")}${[0, 1, 2, 3, 4, 5].map((i) => CHARSET[(mod >>> (5 * (5 - i))) & 31]).join("")}`;
}
function bech32Decode(s) {
  const l = s.toLowerCase();
  const sep = l.lastIndexOf("1");
  const words = [...l.slice(sep + 1, -6)].map((c) => CHARSET.indexOf(c));
  const out = [];
  let acc = 0,
    bits = 0;
  for (const w of words) {
    acc = (acc << 5) | w;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      out.push((acc >>> bits) & 255);
    }
  }
  return Buffer.from(out);
}
const PKCS8 = Buffer.from("302e020100300506032b656e04220420", "hex");
const priv = (k) =>
  createPrivateKey({ key: Buffer.concat([PKCS8, k]), format: "der", type: "pkcs8" });
const pub = (b) =>
  createPublicKey({
    key: { kty: "OKP", crv: "X25519", x: Buffer.from(b).toString("base64url") },
    format: "jwk",
  });
const pubOf = (k) => Buffer.from(createPublicKey(priv(k)).export({ format: "jwk" }).x, "base64url");
const hkdf = (ikm, salt) => {
  const prk = createHmac("sha256", salt).update(ikm).digest();
  return createHmac("sha256", prk).update("hushtest").update(Buffer.of(1)).digest();
};
const b64 = (b) => Buffer.from(b).toString("base64").replace(/=+$/, "");

/** A fresh key pair as recipient and identity strings. */
export function newKeys() {
  const k = randomBytes(32);
  return {
    recipient: bech32Encode("age1hushtest", pubOf(k)),
    identity: bech32Encode("age-plugin-hushtest-", k).toUpperCase(),
  };
}

function stanzaText(args, body = Buffer.alloc(0)) {
  const t = b64(body);
  const lines = [];
  for (let i = 0; i < t.length; i += 64) lines.push(t.slice(i, i + 64));
  if (t.length % 64 === 0) lines.push("");
  return `-> ${args.join(" ")}\n${lines.join("\n")}\n`;
}

async function main() {
  const protocol = (process.argv.find((a) => a.startsWith("--age-plugin=")) ?? "").slice(13);
  if (process.env.HUSHTEST_LOG) appendFileSync(process.env.HUSHTEST_LOG, `${protocol}\n`);
  let buf = "";
  const waiting = [];
  let ended = false;
  process.stdin.setEncoding("utf8");
  process.stdin.on("data", (c) => {
    buf += c;
    while (waiting.length) waiting.shift()();
  });
  process.stdin.on("end", () => {
    ended = true;
    while (waiting.length) waiting.shift()();
  });
  const line = async () => {
    for (;;) {
      const i = buf.indexOf("\n");
      if (i >= 0) {
        const l = buf.slice(0, i);
        buf = buf.slice(i + 1);
        return l;
      }
      if (ended) return null;
      await new Promise((r) => waiting.push(r));
    }
  };
  const stanza = async () => {
    const h = await line();
    if (h === null) return null;
    const args = h.split(" ").slice(1);
    const parts = [];
    for (;;) {
      const l = await line();
      parts.push(Buffer.from(l, "base64"));
      if (l.length < 64) break;
    }
    return { args, body: Buffer.concat(parts) };
  };
  const send = (args, body) => process.stdout.write(stanzaText(args, body));
  const phase1 = [];
  for (;;) {
    const s = await stanza();
    if (s === null || s.args[0] === "done") break;
    phase1.push(s);
  }
  if (protocol === "recipient-v1") {
    const recipients = phase1
      .filter((s) => s.args[0] === "add-recipient")
      .map((s) => bech32Decode(s.args[1]));
    const keys = phase1.filter((s) => s.args[0] === "wrap-file-key").map((s) => s.body);
    for (const [i, fileKey] of keys.entries())
      for (const to of recipients) {
        const eph = generateKeyPairSync("x25519");
        const share = Buffer.from(eph.publicKey.export({ format: "jwk" }).x, "base64url");
        const key = hkdf(
          diffieHellman({ privateKey: eph.privateKey, publicKey: pub(to) }),
          Buffer.concat([share, to]),
        );
        const c = createCipheriv("chacha20-poly1305", key, Buffer.alloc(12), { authTagLength: 16 });
        send(
          ["recipient-stanza", String(i), "hushtest", b64(share)],
          Buffer.concat([c.update(fileKey), c.final(), c.getAuthTag()]),
        );
        await stanza(); // ok
      }
    send(["done"]);
    return;
  }
  const ids = phase1
    .filter((s) => s.args[0] === "add-identity")
    .map((s) => bech32Decode(s.args[1]));
  const mine = phase1.filter((s) => s.args[0] === "recipient-stanza" && s.args[2] === "hushtest");
  if (mine.length > 0 && process.env.HUSHTEST_PIN) {
    send(["msg"], Buffer.from("touch your hushtest key"));
    await stanza();
    send(["request-secret"], Buffer.from("Enter the PIN:"));
    const answer = await stanza();
    if (answer?.args[0] !== "ok" || answer.body.toString() !== process.env.HUSHTEST_PIN) {
      send(["error", "internal"], Buffer.from("wrong PIN"));
      await stanza();
      send(["done"]);
      return;
    }
  }
  for (const s of mine) {
    for (const id of ids) {
      const share = Buffer.from(s.args[3], "base64");
      const key = hkdf(
        diffieHellman({ privateKey: priv(id), publicKey: pub(share) }),
        Buffer.concat([share, pubOf(id)]),
      );
      const d = createDecipheriv("chacha20-poly1305", key, Buffer.alloc(12), { authTagLength: 16 });
      d.setAuthTag(s.body.subarray(16));
      try {
        const fileKey = Buffer.concat([d.update(s.body.subarray(0, 16)), d.final()]);
        send(["file-key", s.args[1]], fileKey);
        await stanza();
        send(["done"]);
        return;
      } catch {
        /* not this identity */
      }
    }
  }
  send(["done"]);
}

if (process.argv.some((a) => a.startsWith("--age-plugin="))) await main();
