// Interop with the Go age CLI (Debian package `age`): what hush wraps, `age -d` opens, and what
// `age -e` wraps, hush opens. Debian's age 1.1.1 has no post-quantum keys, so those stay X25519.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import {
  formatIdentityFile,
  generateIdentity,
  parseIdentities,
  unwrapDataKey,
  wrapDataKey,
} from "@hush/core";
import { findIdentities, privateTempDir } from "@hush/core/node";

const AGE = "/usr/bin/age";
const AGE_KEYGEN = "/usr/bin/age-keygen";
const haveAge = existsSync(AGE) && existsSync(AGE_KEYGEN);
if (!haveAge)
  console.warn(
    "age-cli conformance skipped: install the Debian `age` package (/usr/bin/age, age-keygen)",
  );

describe.skipIf(!haveAge)("interop with the age CLI", () => {
  let tmp: { dir: string; cleanup: () => Promise<void> };
  beforeAll(async () => {
    tmp = await privateTempDir("hush-agecli-");
  });
  afterAll(async () => {
    await tmp.cleanup();
  });

  it("should let `age -d -i key.txt` open a data key wrapped by wrapDataKey", async () => {
    const me = await generateIdentity();
    const keyFile = join(tmp.dir, "hush-key.txt");
    await writeFile(keyFile, formatIdentityFile(me.identity, me.recipient, new Date()), {
      mode: 0o600,
    });
    for (const size of [32, 33]) {
      const dataKey = randomBytes(size);
      const encFile = join(tmp.dir, `wrapped-${size}.age`);
      await writeFile(encFile, await wrapDataKey(dataKey, me.recipient));
      const out = execFileSync(AGE, ["-d", "-i", keyFile, encFile]);
      expect(out.equals(dataKey)).toBe(true);
    }
    // age-keygen agrees on the recipient of a hush-made identity.
    expect(execFileSync(AGE_KEYGEN, ["-y", keyFile], { encoding: "utf8" }).trim()).toBe(
      me.recipient,
    );
  });

  it("should make `age -d` refuse a wrapped key for someone else", async () => {
    const me = await generateIdentity();
    const other = await generateIdentity();
    const keyFile = join(tmp.dir, "other-key.txt");
    await writeFile(keyFile, `${other.identity}\n`);
    const encFile = join(tmp.dir, "not-mine.age");
    await writeFile(encFile, await wrapDataKey(randomBytes(32), me.recipient));
    expect(() => execFileSync(AGE, ["-d", "-i", keyFile, encFile], { stdio: "pipe" })).toThrow();
  });

  it("should parse a file made by age-keygen, alone and concatenated, via findIdentities too", async () => {
    const a = join(tmp.dir, "a.txt");
    const b = join(tmp.dir, "b.txt");
    execFileSync(AGE_KEYGEN, ["-o", a], { stdio: "pipe" });
    execFileSync(AGE_KEYGEN, ["-o", b], { stdio: "pipe" });
    const both = join(tmp.dir, "both.txt");
    const text = (await readFile(a, "utf8")) + (await readFile(b, "utf8"));
    await writeFile(both, text.replaceAll("\n", "\r\n"));
    const ids = parseIdentities(text, both);
    expect(ids).toHaveLength(2);
    const found = await findIdentities({ env: { SOPS_AGE_KEY_FILE: both, HOME: tmp.dir } });
    expect(found.map((f) => f.identity)).toEqual(ids);
  });

  it("should unwrap `age -r … -a` output made for several identities", async () => {
    const keyA = join(tmp.dir, "ka.txt");
    const keyB = join(tmp.dir, "kb.txt");
    execFileSync(AGE_KEYGEN, ["-o", keyA], { stdio: "pipe" });
    execFileSync(AGE_KEYGEN, ["-o", keyB], { stdio: "pipe" });
    const ra = execFileSync(AGE_KEYGEN, ["-y", keyA], { encoding: "utf8" }).trim();
    const rb = execFileSync(AGE_KEYGEN, ["-y", keyB], { encoding: "utf8" }).trim();
    const dataKey = randomBytes(32);
    const single = execFileSync(AGE, ["-e", "-a", "-r", ra], { input: dataKey, encoding: "utf8" });
    const double = execFileSync(AGE, ["-e", "-a", "-r", ra, "-r", rb], {
      input: dataKey,
      encoding: "utf8",
    });
    const idA = parseIdentities(await readFile(keyA, "utf8"), keyA);
    const idB = parseIdentities(await readFile(keyB, "utf8"), keyB);
    const one = await unwrapDataKey([{ recipient: ra, enc: single }], idA);
    expect(Buffer.from(one.dataKey).equals(dataKey)).toBe(true);
    const two = await unwrapDataKey([{ recipient: ra, enc: double }], idB);
    expect(Buffer.from(two.dataKey).equals(dataKey)).toBe(true);
    await expect(unwrapDataKey([{ recipient: ra, enc: single }], idB)).rejects.toMatchObject({
      code: "ERR_NO_IDENTITY",
    });
    // A stanza labelled with my recipient that my identity cannot open was altered.
    await expect(unwrapDataKey([{ recipient: rb, enc: single }], idB)).rejects.toMatchObject({
      code: "ERR_FORMAT",
    });
  });
});
