import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRepo, type TestRepo } from "../helpers/git.js";
import { collectRun, hushEnv, spawnHush } from "../helpers/hush.js";
import { fileWritten } from "../helpers/wait.js";

describe("hush exec", () => {
  let repo: TestRepo;
  beforeAll(async () => {
    repo = await createRepo();
    expect((await repo.hush(["init", "--name", "me"])).code).toBe(0);
    await repo.write("app.secret.env", "API_TOKEN=tok\nHOME_URL=https://x\n");
    await repo.write("bad.secret.yaml", "bad-name: x\n");
    await repo.write("evil.secret.env", "LD_PRELOAD=/tmp/x.so\n");
    for (const f of ["app.secret.env", "bad.secret.yaml", "evil.secret.env"]) {
      expect((await repo.hush(["encrypt", "-i", f])).code).toBe(0);
    }
  });
  afterAll(async () => {
    await repo.cleanup();
  });

  const print = (name: string): string[] => [
    process.execPath,
    "-e",
    `process.stdout.write(String(process.env[${JSON.stringify(name)}]))`,
  ];

  it("should add a prefix and keep existing variables with --no-override", async () => {
    const p = await repo.hush([
      "exec",
      "--prefix",
      "APP_",
      "app.secret.env",
      "--",
      ...print("APP_API_TOKEN"),
    ]);
    expect(p.stdout).toBe("tok");
    const keep = await repo.hush(
      ["exec", "--no-override", "app.secret.env", "--", ...print("API_TOKEN")],
      {
        env: { API_TOKEN: "from-env" },
      },
    );
    expect(keep.stdout).toBe("from-env");
  });

  it("should refuse invalid or reserved names before running anything", async () => {
    const marker = path.join(repo.home, "ran");
    const cmd = [
      process.execPath,
      "-e",
      `require("fs").writeFileSync(${JSON.stringify(marker)}, "x")`,
    ];
    for (const f of ["bad.secret.yaml", "evil.secret.env"]) {
      const r = await repo.hush(["exec", f, "--", ...cmd]);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/^hush: cannot export/);
      expect(r.stderr).not.toContain("/tmp/x.so");
    }
    await expect(readFile(marker)).rejects.toThrow();
  });

  it("should forward SIGTERM to the command and exit 128+15", async () => {
    const ready = path.join(repo.home, "exec-ready");
    const script = path.join(repo.home, "wait.js");
    await writeFile(
      script,
      `require("fs").writeFileSync(${JSON.stringify(ready)}, "1"); setInterval(() => {}, 1000);`,
    );
    const child = spawnHush(["exec", "app.secret.env", "--", process.execPath, script], {
      cwd: repo.dir,
      env: hushEnv(repo.home),
    });
    const done = collectRun(child);
    await fileWritten(ready);
    child.kill("SIGTERM");
    const r = await done;
    expect(r.code).toBe(143);
  });

  it("should fail with exit 1 when the command does not exist", async () => {
    const r = await repo.hush(["exec", "app.secret.env", "--", "no-such-command-hush"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("command not found");
  });

  it("should be a usage error without -- CMD", async () => {
    const r = await repo.hush(["exec", "app.secret.env"]);
    expect(r.code).toBe(2);
  });
});
