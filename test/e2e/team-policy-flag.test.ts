/**
 * `--policy FILE` chooses the policy for every command, the team views included (access, report,
 * log, git setup, and the history checks of status and rotate): they read who may read what from it,
 * not from the `.hush.yaml` found above the folder. They ignored the flag, so
 * `hush --policy staging.hush.yaml access` answered for the wrong team.
 */
import { afterEach, describe, expect, it } from "vitest";
import { generateIdentity } from "@hush/core";
import { createKeyedRepo, type KeyedRepo } from "../helpers/keyed-repo.js";

let repo: KeyedRepo | undefined;
afterEach(async () => {
  await repo?.cleanup();
  repo = undefined;
});

describe("--policy with the team commands", () => {
  it("should answer access and report from the policy the flag names", async () => {
    repo = await createKeyedRepo();
    await repo.write("app.secret.yaml", "a: one\n");
    expect((await repo.hush(["encrypt", "-i", "app.secret.yaml"])).code).toBe(0);
    await repo.git("add", "-A");
    await repo.git("commit", "-qm", "first");
    const bob = await generateIdentity();
    await repo.write(
      "other.hush.yaml",
      `members:\n  me: ${repo.me.recipient}\n  bob: ${bob.recipient}\nrules:\n  - path: "**"\n    recipients: [me, bob]\n`,
    );

    const found = await repo.hush(["access", "--json"]);
    expect(found.code, found.stderr).toBe(0);
    const names = (out: string): string[] =>
      (JSON.parse(out) as { members: { name: string }[] }).members.map((m) => m.name).sort();
    expect(names(found.stdout)).toEqual(["me"]);

    // The named policy adds bob: the file, wrapped for me alone, now lags behind it.
    const named = await repo.hush(["--policy", "other.hush.yaml", "access", "--json"]);
    expect(names(named.stdout)).toEqual(["bob", "me"]);
    expect(named.code).toBe(1);

    const report = await repo.hush(["--policy", "other.hush.yaml", "report", "--format", "json"]);
    expect(report.stdout).toContain(bob.recipient.slice(0, 20));
  });
});
