/**
 * `hush edit` with scripted editors: success paths and every failure that must lose nothing (the
 * original file byte-identical, no plaintext left in the private temp area).
 */
import { chmod, readdir, readFile, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createRepo, type TestRepo } from "../helpers/git.js";
import { collectRun, hushEnv, spawnHush } from "../helpers/hush.js";
import { fileWritten } from "../helpers/wait.js";

const PLAIN = `db:
  user: app
  password: hunter2
`;
const FILE = "secrets/app.secret.yaml";

describe("hush edit", () => {
  let repo: TestRepo;
  let original: string;
  const abs = (): string => path.join(repo.dir, FILE);
  /** A node editor script; `body` sees `f` (the file) and `log` (append what it saw). */
  const editor = async (name: string, body: string): Promise<string> => {
    const script = path.join(repo.home, `${name}.mjs`);
    await writeFile(
      script,
      `import fs from "node:fs"; const f = process.argv[2]; const log = (s) => fs.appendFileSync(${JSON.stringify(path.join(repo.home, `${name}.log`))}, s + "\\n---\\n");\n${body}\n`,
    );
    return `"${process.execPath}" "${script}"`;
  };
  const seen = async (name: string): Promise<string[]> =>
    (await readFile(path.join(repo.home, `${name}.log`), "utf8").catch(() => ""))
      .split("\n---\n")
      .filter((s) => s !== "");

  beforeAll(async () => {
    repo = await createRepo();
    expect((await repo.hush(["init", "--name", "me"])).code).toBe(0);
    await repo.write(FILE, PLAIN);
    expect((await repo.hush(["encrypt", "-i", FILE])).code).toBe(0);
    original = await readFile(abs(), "utf8");
  });
  afterAll(async () => {
    await repo.cleanup();
  });
  beforeEach(async () => {
    await chmod(abs(), 0o644);
    await writeFile(abs(), original);
  });
  const unchangedAndClean = async (): Promise<void> => {
    expect(await readFile(abs(), "utf8")).toBe(original);
    expect(await readdir(repo.tmp)).toEqual([]);
  };

  it("should hand the editor a 0600 file with the file's extension in a private folder", async () => {
    const ed = await editor(
      "probe",
      `const st = fs.statSync(f); const dir = fs.statSync(f.slice(0, f.lastIndexOf("/"))); log(JSON.stringify({ f, mode: st.mode & 0o777, dir: dir.mode & 0o777, text: fs.readFileSync(f, "utf8") }));`,
    );
    const r = await repo.hush(["edit", FILE], { env: { EDITOR: ed } });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("no changes");
    const info = JSON.parse((await seen("probe"))[0] ?? "{}") as {
      f: string;
      mode: number;
      dir: number;
      text: string;
    };
    expect(info.f.endsWith(".yaml")).toBe(true);
    expect(info.f.startsWith(repo.tmp)).toBe(true);
    expect(info.mode).toBe(0o600);
    expect(info.dir).toBe(0o700);
    expect(info.text).toBe(PLAIN);
    await unchangedAndClean();
  });

  it("should prefer $SOPS_EDITOR over $VISUAL and $EDITOR", async () => {
    const ed = await editor(
      "sops-editor",
      `fs.writeFileSync(f, fs.readFileSync(f, "utf8").replace("user: app", "user: admin"));`,
    );
    const r = await repo.hush(["edit", FILE], {
      env: { SOPS_EDITOR: ed, VISUAL: "false", EDITOR: "false" },
    });
    expect(r.code).toBe(0);
    expect((await repo.hush(["get", FILE, "db.user"])).stdout).toBe("admin\n");
    expect(await readdir(repo.tmp)).toEqual([]);
  });

  it("should keep the file's mode when it writes", async () => {
    await chmod(abs(), 0o640);
    const ed = await editor(
      "mode",
      `fs.writeFileSync(f, fs.readFileSync(f, "utf8").replace("user: app", "user: mode"));`,
    );
    const r = await repo.hush(["edit", FILE], { env: { EDITOR: ed } });
    expect(r.code).toBe(0);
    expect((await stat(abs())).mode & 0o777).toBe(0o640);
    expect(await readFile(abs(), "utf8")).not.toBe(original);
  });

  it("should lose nothing when the editor exits non-zero", async () => {
    const ed = await editor(
      "fail",
      `fs.writeFileSync(f, "db:\\n  password: changed\\n"); process.exit(3);`,
    );
    const r = await repo.hush(["edit", FILE], { env: { EDITOR: ed } });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^hush: editor exited with status 3/);
    expect(r.stderr).not.toContain("hunter2");
    await unchangedAndClean();
  });

  it("should reopen on invalid YAML with the error on top, and give up when left unchanged", async () => {
    const ed = await editor(
      "invalid",
      `const t = fs.readFileSync(f, "utf8"); log(t); if (!t.startsWith("# hush:")) fs.writeFileSync(f, "db: [unclosed\\n");`,
    );
    const r = await repo.hush(["edit", FILE], { env: { EDITOR: ed } });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("still invalid");
    const calls = await seen("invalid");
    expect(calls).toHaveLength(2);
    expect(calls[1]).toMatch(/^# hush: error: /);
    expect(calls[1]).toContain("db: [unclosed");
    await unchangedAndClean();
  });

  it("should accept a fix made after the error was shown", async () => {
    const ed = await editor(
      "fixed",
      `const t = fs.readFileSync(f, "utf8"); if (!t.startsWith("# hush:")) fs.writeFileSync(f, "db: [unclosed\\n"); else fs.writeFileSync(f, ${JSON.stringify(PLAIN.replace("hunter2", "fixed-pw"))});`,
    );
    const r = await repo.hush(["edit", FILE], { env: { EDITOR: ed } });
    expect(r.code).toBe(0);
    expect((await repo.hush(["get", FILE, "db.password"])).stdout).toBe("fixed-pw\n");
    expect(await readdir(repo.tmp)).toEqual([]);
  });

  it("should write nothing when nothing changed", async () => {
    const before = (await stat(abs())).mtimeMs;
    const r = await repo.hush(["edit", FILE], { env: { EDITOR: "true" } });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("no changes");
    expect((await stat(abs())).mtimeMs).toBe(before);
    await unchangedAndClean();
  });

  it("should lose nothing on SIGINT while the editor is open", async () => {
    const ready = path.join(repo.home, "editor-ready");
    const ed = await editor(
      "wait",
      `fs.writeFileSync(${JSON.stringify(ready)}, f); setInterval(() => {}, 1000);`,
    );
    const child = spawnHush(["edit", FILE], {
      cwd: repo.dir,
      env: hushEnv(repo.home, { EDITOR: ed }),
    });
    const done = collectRun(child);
    // The editor has the plaintext open once it wrote `ready`.
    const tempCopy = await fileWritten(ready);
    child.kill("SIGINT");
    const r = await done;
    expect(r.code).toBe(130);
    expect(r.stderr).toContain("interrupted");
    await expect(stat(tempCopy)).rejects.toThrow();
    await unchangedAndClean();
  });

  it("should keep the edit when the editor ignores Ctrl-C and exits cleanly (like vim)", async () => {
    const ready = path.join(repo.home, "vim-ready");
    // The editor saves and quits only after the forwarded SIGINT has reached it: were it to quit
    // first, the late signal could land in its exit and kill it (a race of the test, not of hush).
    const ed = await editor(
      "vimlike",
      `let got = false; process.on("SIGINT", () => { got = true; }); fs.writeFileSync(${JSON.stringify(ready)}, "1");
       const t = setInterval(() => { if (got) { clearInterval(t); fs.writeFileSync(f, fs.readFileSync(f, "utf8").replace("user: app", "user: vim")); } }, 5);`,
    );
    const child = spawnHush(["edit", FILE], {
      cwd: repo.dir,
      env: hushEnv(repo.home, { EDITOR: ed }),
    });
    const done = collectRun(child);
    await fileWritten(ready);
    child.kill("SIGINT");
    const r = await done;
    expect(r.code).toBe(0);
    expect((await repo.hush(["get", FILE, "db.user"])).stdout).toBe("vim\n");
    expect(await readdir(repo.tmp)).toEqual([]);
  });

  it("should fail before opening the editor with the wrong key", async () => {
    const other = path.join(repo.home, "other.key");
    expect((await repo.hush(["keygen", "-o", other])).code).toBe(0);
    const ed = await editor("never", `log("opened");`);
    const r = await repo.hush(["edit", FILE], {
      env: { EDITOR: ed, SOPS_AGE_KEY_FILE: other, XDG_CONFIG_HOME: path.join(repo.home, "none") },
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^hush: /);
    expect(await seen("never")).toEqual([]);
    await unchangedAndClean();
  });

  it("should refuse a read-only target before anything is edited", async () => {
    await chmod(abs(), 0o444);
    const ed = await editor("ro", `fs.writeFileSync(f, "db:\\n  password: nope\\n");`);
    const r = await repo.hush(["edit", FILE], { env: { EDITOR: ed } });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("read-only");
    const s = await repo.hush(["set", FILE, "db.password", "nope"]);
    expect(s.code).toBe(1);
    await unchangedAndClean();
  });

  it("should fail on a missing key path without touching the file", async () => {
    const r = await repo.hush(["unset", FILE, "db.nothing"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^hush: /);
    const g = await repo.hush(["get", FILE, "no.such.path"]);
    expect(g.code).toBe(1);
    await unchangedAndClean();
  });

  it("should fail on a missing file that no rule covers, creating nothing", async () => {
    const ed = await editor("nofile", `fs.writeFileSync(f, "a: b\\n");`);
    const r = await repo.hush(["edit", "elsewhere/x.yaml"], { env: { EDITOR: ed } });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("no rule");
    await expect(stat(path.join(repo.dir, "elsewhere"))).rejects.toThrow();
    const d = await repo.hush(["decrypt", "elsewhere/x.yaml"]);
    expect(d.code).toBe(1);
    expect(await readdir(repo.tmp)).toEqual([]);
  });

  it("should create a new file under its rule", async () => {
    const ed = await editor("create", `fs.writeFileSync(f, "token: brand-new\\n");`);
    const r = await repo.hush(["edit", "secrets/sub/new.secret.yaml"], { env: { EDITOR: ed } });
    expect(r.code).toBe(0);
    const text = await readFile(path.join(repo.dir, "secrets/sub/new.secret.yaml"), "utf8");
    expect(text).not.toContain("brand-new");
    expect((await repo.hush(["get", "secrets/sub/new.secret.yaml", "token"])).stdout).toBe(
      "brand-new\n",
    );
    expect(await readdir(repo.tmp)).toEqual([]);
  });
});
