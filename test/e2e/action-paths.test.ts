// Paths the action writes, attacked with committed symlinks: audit-log, dotenv-path, output-dir and
// every file in them must stay inside the workspace or RUNNER_TEMP and never follow a symlink.
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { chainRecord } from "@hush/core";
import { HAVE_NODE24, makeWorkspace, newKey, writeEncrypted } from "../helpers/action-fixtures.js";
import { actionStep, errorsOf, expectFailedStep } from "../helpers/action.js";

let key: { identity: string; recipient: string };
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});
beforeAll(async () => {
  key = await newKey();
});

const VALUES = { DB_PASSWORD: "pw-path-5c0ffee", API_TOKEN: "tok-path-5c0ffee" };

/** A workspace with one secrets file, and a folder outside it holding a file the attacker targets. */
async function setup(): Promise<{ ws: string; outside: string; victim: string }> {
  const ws = await makeWorkspace();
  cleanups.push(ws.cleanup);
  const outside = await mkdtemp(join(tmpdir(), "hush-outside-"));
  cleanups.push(() => rm(outside, { recursive: true, force: true }));
  const victim = join(outside, "victim");
  await writeFile(victim, "keep me\n");
  await writeEncrypted(ws.dir, "app.secret.json", JSON.stringify(VALUES), [key.recipient]);
  return { ws: ws.dir, outside, victim };
}

describe("action: committed symlinks never lead a write outside", () => {
  it("should refuse an audit-log in a committed symlinked folder, export nothing, write nothing outside", async () => {
    const { ws, outside } = await setup();
    await symlink(outside, join(ws, ".hush"));
    const r = await actionStep(ws, key.identity, {
      files: "*.json",
      "audit-log": ".hush/audit.jsonl",
    });
    expect(expectFailedStep(r, "ERR_AUDIT")).toContain("symlink");
    expect(existsSync(join(outside, "audit.jsonl"))).toBe(false);
  });

  it("should refuse an audit-log that is itself a committed symlink, even to a valid log", async () => {
    const { ws, outside } = await setup();
    // Another log outside the workspace, a valid chain the old writer would have extended.
    const other = join(outside, "other-audit.jsonl");
    const content = `${chainRecord({ note: "someone else's log" }, undefined).line}\n`;
    await writeFile(other, content);
    await symlink(other, join(ws, "audit.jsonl"));
    const r = await actionStep(ws, key.identity, { files: "*.json", "audit-log": "audit.jsonl" });
    expect(expectFailedStep(r, "ERR_AUDIT")).toContain("symlink");
    expect(await readFile(other, "utf8")).toBe(content);
  });

  it.each([
    ["a dotenv-path in a symlinked folder", "dotenv", { "dotenv-path": "out/.env" }, "out", "dir"],
    [
      "a dotenv-path that is a symlink",
      "dotenv",
      { "dotenv-path": "app.env" },
      "app.env",
      "victim",
    ],
    ["an output-dir that is a symlink (files)", "files", { "output-dir": "out" }, "out", "dir"],
    [
      "an output-dir that is a symlink (k8s-secret)",
      "k8s-secret",
      { "output-dir": "out" },
      "out",
      "dir",
    ],
    [
      "a file in output-dir that is a symlink",
      "files",
      { "output-dir": "out" },
      "out/DB_PASSWORD",
      "victim",
    ],
  ])(
    "should refuse %s before anything is exported, and record the failure",
    async (_label, exportMode, inputs, link, to) => {
      const { ws, outside, victim } = await setup();
      if (link.includes("/")) await mkdir(join(ws, "out"), { recursive: true });
      await symlink(to === "dir" ? outside : victim, join(ws, link));
      const r = await actionStep(ws, key.identity, {
        files: "*.json",
        export: exportMode,
        "audit-log": "audit.jsonl",
        ...inputs,
      });
      expect(expectFailedStep(r, "ERR_IO")).toContain("symlink");
      expect(await readFile(victim, "utf8")).toBe("keep me\n");
      expect((await readFile(join(ws, "audit.jsonl"), "utf8")).trim().split("\n")).toHaveLength(1);
      expect(existsSync(join(outside, ".env"))).toBe(false);
      expect(existsSync(join(outside, "DB_PASSWORD"))).toBe(false);
    },
  );

  it.each([
    ["a relative path leaving the workspace", { "dotenv-path": "../escape-5c0ffee.env" }],
    [
      "an absolute path elsewhere",
      { "dotenv-path": join(tmpdir(), "hush-escape-5c0ffee", ".env") },
    ],
  ])("should refuse %s", async (_label, inputs) => {
    const { ws } = await setup();
    const r = await actionStep(ws, key.identity, { files: "*.json", export: "dotenv", ...inputs });
    expect(expectFailedStep(r, "ERR_IO")).toContain("outside the workspace and RUNNER_TEMP");
    expect(existsSync(join(ws, "..", "escape-5c0ffee.env"))).toBe(false);
    expect(existsSync(join(tmpdir(), "hush-escape-5c0ffee"))).toBe(false);
  });

  it("should write inside RUNNER_TEMP, creating its folders 0700", async () => {
    const { ws } = await setup();
    const temp = await mkdtemp(join(tmpdir(), "hush-runner-temp-"));
    cleanups.push(() => rm(temp, { recursive: true, force: true }));
    const r = await actionStep(
      ws,
      key.identity,
      {
        files: "*.json",
        export: "dotenv",
        "dotenv-path": join(temp, "deep/er/.env"),
        "audit-log": join(temp, "a/audit.jsonl"),
      },
      { env: { RUNNER_TEMP: temp } },
    );
    expect(errorsOf(r)).toEqual([]);
    expect(await readFile(join(temp, "deep/er/.env"), "utf8")).toContain("DB_PASSWORD=");
  });
});

describe.skipIf(!HAVE_NODE24)("action under Node 24: committed symlinks", () => {
  it("should refuse a symlinked audit folder and a symlinked output-dir", async () => {
    const { ws, outside } = await setup();
    await symlink(outside, join(ws, ".hush"));
    const r = await actionStep(
      ws,
      key.identity,
      { files: "*.json", "audit-log": ".hush/audit.jsonl" },
      { node24: true },
    );
    expectFailedStep(r, "ERR_AUDIT");
    await symlink(outside, join(ws, "out"));
    const f = await actionStep(
      ws,
      key.identity,
      { files: "*.json", export: "files", "output-dir": "out" },
      { node24: true },
    );
    expectFailedStep(f, "ERR_IO");
    expect(existsSync(join(outside, "audit.jsonl"))).toBe(false);
    expect(existsSync(join(outside, "DB_PASSWORD"))).toBe(false);
  });
});
if (!HAVE_NODE24) {
  console.warn(
    "skipping the Node 24 runs of the action's path attacks: run bash scripts/install-node.sh 24",
  );
}
