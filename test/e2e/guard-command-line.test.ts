/**
 * Attack: a developer commits a database password on a command line (`mysql -pX` in a restore
 * script, `redis-cli -a X` in a Dockerfile, `sshpass -p X` continued over lines in CI YAML) or an
 * HTTP Basic header whose short password is under the generic entropy floor. Real commits through
 * the hook that `hush hook install` writes, running the BUILT guard; the same files with
 * variables and prompts commit.
 */
import { afterEach, describe, expect, it } from "vitest";
import { Random } from "../corpus/random.mjs";
import { makeRepo, type TempRepo } from "../helpers/guard-repo.js";

let repo: TempRepo | undefined;
afterEach(() => {
  repo?.cleanup();
  repo = undefined;
});

const random = new Random("guard-command-line");

/** A human-made password: 8 characters, three kinds, one repeated (under the generic floor). */
function humanPassword(): string {
  const a = random.s("ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz", 5);
  return `${a}${a[2]}@${random.int(2, 9)}`;
}

function setup(): TempRepo {
  repo = makeRepo();
  const install = repo.hush("hook", "install");
  expect(install.code, install.stderr).toBe(0);
  repo.write("README.md", "# test repo\n");
  expect(repo.commit("init", "README.md").code).toBe(0);
  return repo;
}

describe("guard: passwords on command lines and in Basic headers", () => {
  it("should block each client's password and let the same commands with variables through", () => {
    const r = setup();
    const pw = humanPassword();
    const basic = Buffer.from(`ops:${humanPassword()}`).toString("base64");
    r.write(
      "scripts/restore.sh",
      `#!/bin/sh\nset -eu\nmysql -h db -u root -p'${pw}' app < dump.sql\n`,
    );
    r.write("Dockerfile", `FROM redis:7\nRUN redis-cli -h cache -a ${pw} ping\n`);
    r.write(
      ".github/workflows/deploy.yml",
      `jobs:\n  deploy:\n    steps:\n      - run: |\n          sshpass -p "${pw}" \\\n            ssh deploy@build.internal\n`,
    );
    r.write("api.http", `GET https://status.internal/\nAuthorization: Basic ${basic}\n`);
    const paths = ["scripts/restore.sh", "Dockerfile", ".github/workflows/deploy.yml", "api.http"];
    const c = r.commit("ops scripts", ...paths);
    expect(c.code, c.stderr).toBe(1);
    for (const at of [
      "scripts/restore.sh:3",
      "Dockerfile:2",
      ".github/workflows/deploy.yml:5",
      "api.http:2",
    ])
      expect(c.stderr).toContain(at);
    expect(c.stderr).not.toContain(pw);
    expect(r.git("rev-list", "--count", "HEAD").stdout.trim()).toBe("1");

    r.write("scripts/restore.sh", '#!/bin/sh\nset -eu\nmysql -h db -u root -p"$MYSQL_PWD" app\n');
    r.write("Dockerfile", "FROM redis:7\nRUN redis-cli -h cache -p 6379 ping\n");
    r.write(
      ".github/workflows/deploy.yml",
      "jobs:\n  deploy:\n    steps:\n      - run: |\n          sshpass -e \\\n            ssh deploy@build.internal\n",
    );
    r.write("api.http", "GET https://status.internal/\nAuthorization: Basic {{auth}}\n");
    const ok = r.commit("ops scripts", ...paths);
    expect(ok.code, ok.stderr).toBe(0);
  });
});
