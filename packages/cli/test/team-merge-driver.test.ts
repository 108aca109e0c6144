import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import * as core from "@hush/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mergeDriver } from "../src/team/merge-driver.js";
import { SnapshotReader, diffSnapshots, isRotation } from "../src/team/snapshot.js";

let dir: string;
let identity: string;
let recipient: string;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "hush-team-merge-"));
  ({ identity, recipient } = await core.generateIdentity());
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const write = (f: string, t: string): Promise<void> => Promise.resolve(writeFileSync(f, t));

async function threeWay(
  format: "yaml" | "json",
  base: string,
  edit: (text: string, side: "ours" | "theirs") => Promise<string>,
) {
  const opts = { format, identities: [identity] };
  const baseText = await core.encrypt(base, { format, recipients: [recipient] });
  const files = {
    base: path.join(dir, "O"),
    ours: path.join(dir, "A"),
    theirs: path.join(dir, "B"),
    path: `app.secret.${format}`,
  };
  writeFileSync(files.base, baseText);
  writeFileSync(files.ours, await edit(baseText, "ours"));
  writeFileSync(files.theirs, await edit(baseText, "theirs"));
  const theirsText = readFileSync(files.theirs, "utf8");
  const outcome = await mergeDriver(core, [identity], files, write);
  return { outcome, merged: readFileSync(files.ours, "utf8"), theirsText, opts };
}

describe.each(["yaml", "json"] as const)("mergeDriver (%s)", (format) => {
  const base =
    format === "yaml" ? "a: one\nb: two\nc: three\n" : '{"a": "one", "b": "two", "c": "three"}\n';
  const set = (text: string, key: string, value: string) =>
    core.setValue(text, [key], value, { format, identities: [identity] }).then((r) => r.text);

  it("should merge changes to different values and keep their exact ciphertext", async () => {
    const { outcome, merged, theirsText } = await threeWay(format, base, (t, side) =>
      side === "ours" ? set(t, "a", "ONE") : set(t, "b", "TWO"),
    );
    expect(outcome.conflicts).toEqual([]);
    const dec = await core.decrypt(merged, { format, identities: [identity] });
    expect(dec.tree).toEqual({ a: "ONE", b: "TWO", c: "three" });
    const reader = new SnapshotReader(core);
    const m = reader.read(`x.${format}`, merged);
    const t = reader.read(`x.${format}`, theirsText);
    expect(m?.values.get("b")?.stored).toBe(t?.values.get("b")?.stored);
    expect(merged).not.toContain("TWO");
  });

  it("should stop on a value both sides changed, with markers around ciphertext only", async () => {
    const { outcome, merged } = await threeWay(format, base, (t, side) =>
      set(t, "c", side === "ours" ? "mine" : "yours"),
    );
    expect(outcome.conflicts).toEqual(["c"]);
    expect(merged).toContain("<<<<<<< ours");
    expect(merged).toContain(">>>>>>> theirs");
    expect(merged).not.toContain("mine");
    expect(merged).not.toContain("yours");
  });
});

describe("snapshots", () => {
  it("should tell added, changed and removed paths and a rotation apart without a key", async () => {
    const opts = { format: "yaml" as const, identities: [identity] };
    const v1 = await core.encrypt("a: 1\nb: 2\n", { format: "yaml", recipients: [recipient] });
    const v2 = (await core.setValue(v1, ["a"], "9", opts)).text;
    const v3 = (await core.unsetValue(v2, ["b"], opts)).text;
    const v4 = await core.rotate(v2, opts);
    const reader = new SnapshotReader(core);
    const s = (t: string) => reader.read("f.yaml", t);
    expect(diffSnapshots(s(v1), s(v2))).toEqual({ added: [], changed: ["a"], removed: [] });
    expect(diffSnapshots(s(v2), s(v3))).toEqual({ added: [], changed: [], removed: ["b"] });
    expect(diffSnapshots(undefined, s(v1)).added).toEqual(["a", "b"]);
    expect(isRotation(s(v1), s(v2))).toBe(false);
    expect(isRotation(s(v2), s(v4))).toBe(true);
  });
});

describe("mergeDriver and an off-boarding on the other branch", () => {
  it("should keep their rekey and rotation when ours only edited a value", async () => {
    const bob = await core.generateIdentity();
    const format = "yaml" as const;
    const opts = { format, identities: [identity] };
    const base = await core.encrypt("a: one\nb: two\nc: three\n", {
      format,
      recipients: [recipient, bob.recipient],
    });
    const ours = (await core.setValue(base, ["a"], "ONE", opts)).text;
    const theirs = await core.rotate(
      await core.rekey(base, { ...opts, recipients: [recipient] }),
      opts,
    );
    const files = {
      base: path.join(dir, "O2"),
      ours: path.join(dir, "A2"),
      theirs: path.join(dir, "B2"),
      path: "x.yaml",
    };
    writeFileSync(files.base, base);
    writeFileSync(files.ours, ours);
    writeFileSync(files.theirs, theirs);
    const outcome = await mergeDriver(core, [identity], files, write);
    expect(outcome.conflicts).toEqual([]);
    expect(outcome.notes.length).toBe(2);
    const merged = readFileSync(files.ours, "utf8");
    expect(core.inspect(merged, format).keyGroups).toEqual([[recipient]]);
    expect((await core.decrypt(merged, opts)).tree).toEqual({ a: "ONE", b: "two", c: "three" });
    await expect(
      core.decrypt(merged, { format, identities: [bob.identity] }),
    ).rejects.toMatchObject({ code: "ERR_NO_IDENTITY" });
    // A new data key: no ciphertext of the base (which bob could open) survives.
    const baseStored = core.inspect(base, format).values.map((v) => v.stored);
    for (const v of core.inspect(merged, format).values) expect(baseStored).not.toContain(v.stored);
  });
});
