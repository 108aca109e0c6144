/**
 * The README's five-minute tour (issue 13 item 13) runs verbatim in a fresh repository right after
 * `hush init`: every command is read from README.md itself, so the README cannot drift from what
 * hush does. The repository holds what the tour assumes: a Kubernetes Secret manifest and an app
 * with an npm start script.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRepo, type TestRepo } from "../helpers/git.js";
import { REPO_ROOT } from "../helpers/hush.js";

/** The commands of the README's first ```sh block after "## A five-minute tour", comments cut. */
async function tourCommands(): Promise<string[][]> {
  const readme = await readFile(path.join(REPO_ROOT, "README.md"), "utf8");
  const section = readme.slice(readme.indexOf("## A five-minute tour"));
  const block = /```sh\n([\s\S]*?)```/.exec(section)?.[1] ?? "";
  return block
    .split("\n")
    .map((l) => l.replace(/\s+#.*$/, "").trim())
    .filter((l) => l !== "")
    .map((l) => l.split(/\s+/));
}

const MANIFEST = [
  "apiVersion: v1",
  "kind: Secret",
  "metadata:",
  "  name: api",
  "  namespace: prod",
  "type: Opaque",
  "stringData:",
  "  STRIPE_KEY: sk_tour_value",
  "",
].join("\n");

describe("the README tour", () => {
  let repo: TestRepo;
  beforeAll(async () => {
    repo = await createRepo();
    await repo.write("k8s/prod/api-secret.yaml", MANIFEST);
    await repo.write(
      "package.json",
      JSON.stringify({
        name: "web",
        private: true,
        scripts: {
          start: "node -e \"process.stdout.write('started ' + process.env.COOKIE_SECRET.length)\"",
        },
      }),
    );
  });
  afterAll(async () => {
    await repo.cleanup();
  });

  it("should run every command verbatim right after hush init", async () => {
    const commands = await tourCommands();
    expect(commands.map((c) => c.slice(0, 2).join(" "))).toEqual([
      "hush init",
      "hush encrypt",
      "git diff",
      "hush decrypt",
      "hush edit",
      "hush set",
      "hush get",
      "hush exec",
    ]);
    const out: Record<string, string> = {};
    for (const [program, ...args] of commands) {
      if (program === "git") {
        await repo.git(...args);
        continue;
      }
      expect(program).toBe("hush");
      // The editor saves without a change; npm stays quiet about its own updates.
      const r = await repo.hush(args, {
        env: { EDITOR: "true", npm_config_update_notifier: "false" },
      });
      expect({ args, code: r.code, stderr: r.stderr }).toEqual({ args, code: 0, stderr: r.stderr });
      out[args[0]!] = r.stdout;
    }
    const encrypted = await readFile(path.join(repo.dir, "k8s/prod/api-secret.yaml"), "utf8");
    expect(encrypted).toContain("  STRIPE_KEY: ENC[AES256_GCM,");
    expect(encrypted).toContain("  namespace: prod\n");
    expect(out["decrypt"]).toBe(MANIFEST);
    expect(out["get"]).toBe("sk_tour_value\n");
    expect(out["exec"]).toContain("started 32");
    const env = await readFile(path.join(repo.dir, "apps/web/.env"), "utf8");
    expect(env).toMatch(/^COOKIE_SECRET=ENC\[AES256_GCM,/m);
  });
});
