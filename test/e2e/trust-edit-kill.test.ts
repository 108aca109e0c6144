// Attack: SIGKILL runs no cleanup. A `hush edit` killed while the editor had the plaintext open
// used to leave the 0600 copy in the system temp folder (`hush-edit-*`) for good. Now the copy
// lives in $XDG_RUNTIME_DIR when that is a private folder of the user's (tmpfs: never on disk),
// in a 0700 folder named after the owning pid, and the next start removes the user's folders
// whose process is gone: never a live one, never another user's.
import { chmod, chown, mkdir, readdir, readFile, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRepo, type TestRepo } from "../helpers/git.js";
import { hushEnv, spawnHush } from "../helpers/hush.js";

const FILE = "secrets/app.secret.yaml";
const MARKER = "visible-in-the-copy";
const isRoot = process.getuid?.() === 0;

describe("attack: plaintext left by a killed hush edit", () => {
  let repo: TestRepo;
  let runtime: string;
  let editorScript: string;

  beforeAll(async () => {
    repo = await createRepo();
    expect((await repo.hush(["init", "--name", "me"])).code).toBe(0);
    await repo.write(FILE, `db:\n  password: ${MARKER}\n`);
    expect((await repo.hush(["encrypt", "-i", FILE])).code).toBe(0);
    runtime = path.join(repo.home, "run-user");
    await mkdir(runtime, { mode: 0o700 });
    await chmod(runtime, 0o700);
    // The editor says where the copy is and who it is (hush's stdout is its stdout), then waits.
    editorScript = path.join(repo.home, "editor.mjs");
    await writeFile(
      editorScript,
      `process.stdout.write(JSON.stringify({ file: process.argv[2], pid: process.pid }) + "\\n");\nsetInterval(() => {}, 1 << 30);\n`,
    );
  });
  afterAll(async () => {
    await repo?.cleanup();
  });

  /** Start `hush edit`, resolve once the editor has the copy open (its line on stdout). */
  const openEditor = (
    env: Record<string, string>,
  ): Promise<{ hushPid: number; file: string; editorPid: number; kill: () => Promise<void> }> =>
    new Promise((resolve, reject) => {
      const child = spawnHush(["edit", FILE], {
        cwd: repo.dir,
        env: { ...env, EDITOR: `"${process.execPath}" "${editorScript}"` },
      });
      // "exit", not "close": the orphaned editor keeps hush's stdout open after the kill.
      const ended = new Promise<void>((r) => child.on("exit", () => r()));
      let out = "";
      let err = "";
      child.stderr?.on("data", (b: Buffer) => (err += b.toString()));
      child.on("exit", (code) => reject(new Error(`hush edit exited ${code}: ${err}`)));
      child.stdout?.on("data", (b: Buffer) => {
        out += b.toString();
        const nl = out.indexOf("\n");
        if (nl === -1) return;
        const { file, pid } = JSON.parse(out.slice(0, nl)) as { file: string; pid: number };
        resolve({
          hushPid: child.pid!,
          file,
          editorPid: pid,
          // Idempotent, so a failed assertion's cleanup can call it again.
          kill: async () => {
            child.kill("SIGKILL");
            await ended;
            // The orphaned editor would hold the test open; it is not what is under test.
            try {
              process.kill(pid, "SIGKILL");
            } catch {
              // already gone
            }
          },
        });
      });
    });

  it("should keep the copy in a private XDG_RUNTIME_DIR folder and remove it on the next start after a SIGKILL", async () => {
    const env = hushEnv(repo.home, { XDG_RUNTIME_DIR: runtime });
    // Someone else's folder (root only: chown) and a live process's look alike: both must stay.
    const live = path.join(runtime, `hush-edit-${process.pid}-00aa`);
    await mkdir(live, { mode: 0o700 });
    const foreign = path.join(runtime, "hush-edit-999999-00bb");
    if (isRoot) {
      await mkdir(foreign, { mode: 0o700 });
      await chown(foreign, 65534, 65534);
    }
    const unrelated = path.join(runtime, "hush-editor-notes");
    await mkdir(unrelated);

    const session = await openEditor(env);
    const folder = path.dirname(session.file);
    try {
      expect(path.dirname(folder)).toBe(runtime);
      expect(path.basename(folder)).toMatch(new RegExp(`^hush-edit-${session.hushPid}-[0-9a-f]+$`));
      expect((await stat(folder)).mode & 0o777).toBe(0o700);
      expect((await stat(session.file)).mode & 0o777).toBe(0o600);
    } finally {
      await session.kill();
    }
    // SIGKILL ran no cleanup: the plaintext is still there until the next start.
    expect(await readFile(session.file, "utf8")).toContain(MARKER);

    const again = await repo.hush(["edit", FILE], {
      env: { XDG_RUNTIME_DIR: runtime, EDITOR: "true" },
    });
    expect(again.code, again.stderr).toBe(0);
    const left = await readdir(runtime);
    expect(left).not.toContain(path.basename(folder));
    expect(left).toContain(path.basename(live));
    expect(left).toContain(path.basename(unrelated));
    if (isRoot) expect(left).toContain(path.basename(foreign));
    expect(await readdir(repo.tmp)).toEqual([]);
  });

  it("should not use an XDG_RUNTIME_DIR that group or others can enter", async () => {
    const open = path.join(repo.home, "run-open");
    await mkdir(open);
    await chmod(open, 0o755);
    const session = await openEditor(hushEnv(repo.home, { XDG_RUNTIME_DIR: open }));
    try {
      expect(path.dirname(path.dirname(session.file))).toBe(repo.tmp);
      expect((await stat(path.dirname(session.file))).mode & 0o777).toBe(0o700);
    } finally {
      await session.kill();
    }
    expect(await readdir(open)).toEqual([]);
    // The copy that kill left behind in TMPDIR goes at the next start too.
    const again = await repo.hush(["edit", FILE], {
      env: { XDG_RUNTIME_DIR: open, EDITOR: "true" },
    });
    expect(again.code, again.stderr).toBe(0);
    expect(await readdir(repo.tmp)).toEqual([]);
  });
});
