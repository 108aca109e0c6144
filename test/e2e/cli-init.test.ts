import { readFile, stat, writeFile, mkdir } from "node:fs/promises";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createRepo, type TestRepo } from "../helpers/git.js";

describe("hush init", () => {
  let repo: TestRepo;
  beforeEach(async () => {
    repo = await createRepo();
  });
  afterEach(async () => {
    await repo.cleanup();
  });

  it("should reuse an existing identity and never overwrite it", async () => {
    const idFile = path.join(repo.home, ".config", "sops", "age", "keys.txt");
    await mkdir(path.dirname(idFile), { recursive: true });
    const k = await repo.hush(["keygen", "-o", idFile]);
    const pub = /Public key: (\S+)/.exec(k.stderr)?.[1] ?? "";
    const before = await readFile(idFile, "utf8");
    const r = await repo.hush(["init", "--no-hooks"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(pub);
    expect(r.stdout).not.toContain("hush hook install");
    // No .sops.yaml here: init must not talk about one.
    expect(r.stdout).not.toContain(".sops.yaml");
    expect(await readFile(idFile, "utf8")).toBe(before);
    expect(await readFile(path.join(repo.dir, ".hush.yaml"), "utf8")).toContain(pub);
  });

  it("should take the member name from git user.name", async () => {
    const r = await repo.hush(["init", "--json"]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { publicKey: string; identityCreated: boolean };
    expect(out.identityCreated).toBe(true);
    expect(await readFile(path.join(repo.dir, ".hush.yaml"), "utf8")).toContain(
      `test-user: ${out.publicKey}`,
    );
  });

  it("should keep using .sops.yaml as is, or convert it with --from-sops", async () => {
    const k = await repo.hush([
      "keygen",
      "-o",
      path.join(repo.home, ".config", "sops", "age", "keys.txt"),
    ]);
    const pub = /Public key: (\S+)/.exec(k.stderr)?.[1] ?? "";
    await writeFile(
      path.join(repo.dir, ".sops.yaml"),
      `creation_rules:\n  - path_regex: secrets/.*\\.yaml$\n    encrypted_regex: ^(password|token)$\n    age: ${pub}\n`,
    );
    const asIs = await repo.hush(["init"]);
    expect(asIs.code).toBe(0);
    expect(asIs.stdout).toContain(".sops.yaml");
    await expect(stat(path.join(repo.dir, ".hush.yaml"))).rejects.toThrow();

    // Works on .sops.yaml as it is: encryption takes recipients and options from creation_rules.
    await repo.write("secrets/a.yaml", "password: p\nuser: u\n");
    const enc = await repo.hush(["encrypt", "secrets/a.yaml"]);
    expect(enc.code).toBe(0);
    expect(enc.stdout).toContain("user: u");
    expect(enc.stdout).not.toContain("password: p\n");

    const conv = await repo.hush(["init", "--from-sops"]);
    expect(conv.code).toBe(0);
    expect(conv.stdout).not.toContain("check these files");
    const text = await readFile(path.join(repo.dir, ".hush.yaml"), "utf8");
    expect(text).toContain(pub);
    expect(text).toContain('path: "**/*secrets/**/*.yaml"');
    expect(text).toContain("encrypted_regex");
    // The converted policy gives the same rule for the same file.
    await repo.write("secrets/b.yaml", "password: p\nuser: u\n");
    const enc2 = await repo.hush(["encrypt", "secrets/b.yaml"]);
    expect(enc2.code).toBe(0);
    expect(enc2.stdout).toContain("user: u");
  });
});
