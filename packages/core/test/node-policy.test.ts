import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chmod, mkdir, writeFile } from "node:fs/promises";
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
  it("should take the nearest .hush.yaml or .sops.yaml up to the repository root", async () => {
    const repo = join(tmp.dir, "repo");
    const deep = join(repo, "apps", "api", "config");
    await mkdir(deep, { recursive: true });
    await mkdir(join(repo, ".git"));
    await writeFile(
      join(repo, ".hush.yaml"),
      `members: {a: ${recipient}}\nrules:\n  - path: "**"\n    recipients: [a]\n`,
    );
    await writeFile(join(repo, "apps", ".sops.yaml"), `creation_rules:\n  - age: ${recipient}\n`);
    const found = await findPolicy(deep, { env: {} });
    expect(found?.root).toBe(join(repo, "apps"));
    expect(found?.policy.kind).toBe("sops");
    const top = await findPolicy(repo, { env: {} });
    expect(top?.file).toBe(join(repo, ".hush.yaml"));
  });

  it("should never look above the repository root, nor above the folder outside one", async () => {
    const shared = join(tmp.dir, "shared");
    const repo = join(shared, "repo");
    await mkdir(join(repo, "sub"), { recursive: true });
    await writeFile(join(shared, ".hush.yaml"), `members: {a: ${recipient}}\n`);
    // Outside a repository: only the folder itself.
    expect(await findPolicy(join(repo, "sub"), { env: {} })).toBeUndefined();
    // A worktree or submodule marks its root with a .git file.
    await writeFile(join(repo, ".git"), "gitdir: /elsewhere\n");
    expect(await findPolicy(join(repo, "sub"), { env: {} })).toBeUndefined();
    const named = await findPolicy(join(repo, "sub"), { explicit: "../../.hush.yaml", env: {} });
    expect(named?.file).toBe(join(shared, ".hush.yaml"));
    const fromEnv = await findPolicy(repo, { env: { HUSH_POLICY: join(shared, ".hush.yaml") } });
    expect(fromEnv?.root).toBe(shared);
  });

  it("should refuse a policy that group or others can write (ERR_UNTRUSTED)", async () => {
    const repo = join(tmp.dir, "loose");
    await mkdir(repo);
    const file = join(repo, ".sops.yaml");
    await writeFile(file, `creation_rules:\n  - age: ${recipient}\n`);
    await chmod(file, 0o666);
    const err = await findPolicy(repo, { env: {} }).catch((e: unknown) => e);
    expect(isHushError(err) && err.code).toBe("ERR_UNTRUSTED");
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
