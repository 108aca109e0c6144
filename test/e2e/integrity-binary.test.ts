/**
 * Binary files are bytes end to end (issue 13 item 1): any bytes → `hush encrypt -i` → `hush decrypt`
 * (stdout, `-i`, `--output`), `rotate` and `edit` give the same bytes, and the envelope holds what
 * sops holds — the raw bytes under `data` (AAD `data:`) and a MAC over the raw bytes — checked with
 * an independent reader (node:crypto) and with sops-age.
 */
import { createDecipheriv, createHash } from "node:crypto";
import { copyFile, readFile, writeFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { decryptSops } from "sops-age";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseIdentities, unwrapDataKey } from "@hush/core";
import { createKeyedRepo, type KeyedRepo } from "../helpers/keyed-repo.js";
import { SHARED, spawnHush } from "../helpers/hush.js";

interface Envelope {
  data: string;
  sops: { age: { recipient: string; enc: string }[]; lastmodified: string; mac: string };
}

/** Open one `ENC[…]` value with node:crypto (what sops does), returning the raw plaintext bytes. */
function openValue(enc: string, key: Uint8Array, aad: string): Buffer {
  const m = /^ENC\[AES256_GCM,data:([^,]*),iv:([^,]*),tag:([^,]*),type:str\]$/.exec(enc);
  if (m === null) throw new Error(`not a str envelope: ${enc.slice(0, 40)}`);
  const d = createDecipheriv("aes-256-gcm", key, Buffer.from(m[2]!, "base64"));
  d.setAAD(Buffer.from(aad, "utf8"));
  d.setAuthTag(Buffer.from(m[3]!, "base64"));
  return Buffer.concat([d.update(Buffer.from(m[1]!, "base64")), d.final()]);
}

/** Read a hush-written binary envelope the way sops does: raw bytes, MAC over the raw bytes. */
async function sopsView(text: string, identity: string): Promise<Buffer> {
  const env = JSON.parse(text) as Envelope;
  const { dataKey } = await unwrapDataKey(env.sops.age, [identity]);
  // sops never encrypts an empty value: an empty file is `"data": ""`.
  const bytes = env.data === "" ? Buffer.alloc(0) : openValue(env.data, dataKey, "data:");
  const mac = openValue(env.sops.mac, dataKey, env.sops.lastmodified).toString("utf8");
  expect(mac).toBe(createHash("sha512").update(bytes).digest("hex").toUpperCase());
  return bytes;
}

/** Run hush and collect its stdout as raw bytes. */
function rawStdout(args: string[], repo: KeyedRepo): Promise<Buffer> {
  const child = spawnHush(args, { cwd: repo.dir, env: repo.env });
  const out: Buffer[] = [];
  child.stdout?.on("data", (b: Buffer) => out.push(b));
  child.stdin?.end();
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) =>
      code === 0 ? resolve(Buffer.concat(out)) : reject(new Error(`hush exited ${code}`)),
    );
  });
}

describe("binary files are bytes end to end", () => {
  let repo: KeyedRepo;
  beforeAll(async () => {
    repo = await createKeyedRepo();
  });
  afterAll(async () => {
    await repo.cleanup();
  });

  it("should give back arbitrary bytes exactly through encrypt -i and decrypt -i", async () => {
    const samples = fc.sample(fc.uint8Array({ minLength: 0, maxLength: 3000 }), {
      numRuns: 40,
      seed: 13,
    });
    // Always include what broke before: invalid UTF-8, lone continuation bytes, NUL, a BOM, CRLF.
    samples.push(
      Uint8Array.from([0xff, 0xfe, 0x00, 0x80, 0xc3, 0x28, 0xed, 0xa0, 0x80]),
      Uint8Array.from([0xef, 0xbb, 0xbf, 0x0d, 0x0a, 0x0d]),
    );
    const files = samples.map((_, i) => `blobs/b${i}.bin`);
    for (const [i, f] of files.entries()) await repo.write(f, Buffer.from(samples[i]!) as never);
    const enc = await repo.hush(["encrypt", "-i", ...files]);
    expect(enc.stderr).toBe("recipients from .hush.yaml\n");
    expect(enc.code).toBe(0);
    for (const [i, f] of files.entries()) {
      const text = await readFile(path.join(repo.dir, f), "utf8");
      expect(text).toMatch(/^\{\n\t"data": "/);
      expect((await sopsView(text, repo.me.identity)).equals(Buffer.from(samples[i]!))).toBe(true);
    }
    const dec = await repo.hush(["decrypt", "-i", ...files]);
    expect(dec.code).toBe(0);
    for (const [i, f] of files.entries()) {
      const back = await readFile(path.join(repo.dir, f));
      expect(back.equals(Buffer.from(samples[i]!))).toBe(true);
    }
  });

  it("should write the exact bytes to stdout, --output, and keep them through rotate and edit", async () => {
    const bytes = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 131 + 7) & 0xff));
    const f = "blob.dat";
    await writeFile(path.join(repo.dir, f), bytes);
    expect((await repo.hush(["encrypt", "-i", f])).code).toBe(0);
    const rot = await repo.hush(["rotate", f]);
    expect(rot.code).toBe(0);
    const out = await repo.hush(["decrypt", "--output", "out.dat", f]);
    expect(out.code).toBe(0);
    expect((await readFile(path.join(repo.dir, "out.dat"))).equals(bytes)).toBe(true);
    expect((await rawStdout(["decrypt", f], repo)).equals(bytes)).toBe(true);
    // An editor that flips one byte: the file then decrypts to exactly the edited bytes.
    const editor = path.join(repo.home, "flip.js");
    await writeFile(
      editor,
      `const fs=require("fs");const b=fs.readFileSync(process.argv[2]);b[10]^=0xff;fs.writeFileSync(process.argv[2],b);`,
    );
    const ed = await repo.hush(["edit", f], {
      env: { EDITOR: `${process.execPath} ${editor}` },
    });
    expect(ed.stderr).toContain("saved");
    expect(ed.code).toBe(0);
    const want = Buffer.from(bytes);
    want[10] = want[10]! ^ 0xff;
    const text = await readFile(path.join(repo.dir, f), "utf8");
    expect((await sopsView(text, repo.me.identity)).equals(want)).toBe(true);
  });

  it("should let sops-age read a binary envelope hush wrote from UTF-8 text", async () => {
    const plain = "héllo\r\nwörld\n\u{1F40E}\n";
    await repo.write("note.txt", plain);
    expect((await repo.hush(["encrypt", "-i", "note.txt"])).code).toBe(0);
    const text = await readFile(path.join(repo.dir, "note.txt"), "utf8");
    const theirs = (await decryptSops(text, {
      fileType: "json",
      secretKey: repo.me.identity,
    })) as { data: string };
    expect(theirs.data).toBe(plain);
  });

  const fixture = path.join(SHARED, "sops-fixtures/getsops-sops-pr1031");
  it.skipIf(!existsSync(fixture))(
    "should rotate the sops-made binary fixture and still give its bytes",
    async () => {
      const keys = path.join(repo.home, "sops-keys.txt");
      await copyFile(path.join(fixture, "keys.txt"), keys);
      await copyFile(path.join(fixture, "example.txt"), path.join(repo.dir, "example.txt"));
      const env = { SOPS_AGE_KEY_FILE: keys, XDG_CONFIG_HOME: path.join(repo.home, "none") };
      const before = await repo.hush(["decrypt", "--output", "a.out", "example.txt"], { env });
      expect(before.code).toBe(0);
      const rot = await repo.hush(["rotate", "--identity", keys, "example.txt"], { env });
      expect(rot.stderr).not.toContain("Error");
      const after = await repo.hush(["decrypt", "--output", "b.out", "example.txt"], { env });
      expect(after.code).toBe(0);
      const a = await readFile(path.join(repo.dir, "a.out"));
      expect(a.toString("utf8")).toContain("Welcome to SOPS!");
      expect((await readFile(path.join(repo.dir, "b.out"))).equals(a)).toBe(true);
      const [identity] = parseIdentities(await readFile(keys, "utf8"), "keys.txt");
      const text = await readFile(path.join(repo.dir, "example.txt"), "utf8");
      expect((await sopsView(text, identity!)).equals(a)).toBe(true);
    },
  );
});
