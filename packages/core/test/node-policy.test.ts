import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { findPolicy, privateTempDir } from "../src/node/index.js";
import { generateIdentity } from "../src/keys.js";
import { isHushError } from "../src/errors.js";

let tmp: { dir: string; cleanup: () => Promise<void> };
const { recipient } = await generateIdentity();

beforeAll(async () => {
  tmp = await privateTempDir("hush-policy-");
});
afterAll(async () => {
  await tmp.cleanup();
});

describe("findPolicy", () => {
  it("should find .hush.yaml in a parent folder, before a nearer .sops.yaml", async () => {
    const repo = join(tmp.dir, "repo");
    const deep = join(repo, "apps", "api", "config");
    await mkdir(deep, { recursive: true });
    await writeFile(
      join(repo, ".hush.yaml"),
      `members: {a: ${recipient}}\nrules:\n  - path: "**"\n    recipients: [a]\n`,
    );
    await writeFile(join(repo, "apps", ".sops.yaml"), `creation_rules:\n  - age: ${recipient}\n`);
    const found = await findPolicy(deep);
    expect(found?.root).toBe(repo);
    expect(found?.file).toBe(join(repo, ".hush.yaml"));
    expect(found?.policy.kind).toBe("hush");
  });

  it("should fall back to the nearest .sops.yaml", async () => {
    const repo = join(tmp.dir, "sops-repo");
    await mkdir(join(repo, "sub"), { recursive: true });
    await writeFile(join(repo, ".sops.yaml"), `creation_rules:\n  - age: ${recipient}\n`);
    const found = await findPolicy(join(repo, "sub"));
    expect(found?.policy.kind).toBe("sops");
    expect(found?.root).toBe(repo);
  });

  it("should return undefined when no policy exists up to the root", async () => {
    const lonely = join(tmp.dir, "lonely");
    await mkdir(lonely);
    // tmpdir may sit below a folder with a policy on a dev machine; only assert when it does not.
    const found = await findPolicy(lonely);
    if (found !== undefined) expect(found.root.startsWith(tmp.dir)).toBe(false);
    else expect(found).toBeUndefined();
  });

  it("should report an invalid policy with its path and line", async () => {
    const repo = join(tmp.dir, "bad");
    await mkdir(repo);
    await writeFile(join(repo, ".hush.yaml"), `members:\n  a: age1bad\n`);
    const err = await findPolicy(repo).catch((e: unknown) => e);
    expect(isHushError(err) && err.code).toBe("ERR_POLICY");
    expect((err as Error).message).toContain(`${join(repo, ".hush.yaml")}:2:`);
  });
});
