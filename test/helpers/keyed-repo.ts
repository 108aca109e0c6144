/**
 * A temp git repo (helpers/git.ts) where hush is ready to use: an age identity at the default place
 * (`$XDG_CONFIG_HOME/sops/age/keys.txt`) and a `.hush.yaml` whose one rule covers every file.
 */
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { formatIdentityFile, generateIdentity } from "@hush/core";
import { createRepo, type TestRepo } from "./git.js";

/** A repo plus the identity its policy names. */
export interface KeyedRepo extends TestRepo {
  me: { identity: string; recipient: string };
}

/** Create the repo; `rules` replaces the default rule list (`- path: "**"`). */
export async function createKeyedRepo(rules?: string): Promise<KeyedRepo> {
  const repo = await createRepo();
  const me = await generateIdentity();
  const keys = path.join(repo.home, ".config", "sops", "age");
  await mkdir(keys, { recursive: true });
  await writeFile(
    path.join(keys, "keys.txt"),
    formatIdentityFile(me.identity, me.recipient, new Date()),
    { mode: 0o600 },
  );
  await repo.write(
    ".hush.yaml",
    `members:\n  me: ${me.recipient}\nrules:\n${rules ?? '  - path: "**"\n    recipients: [me]\n'}`,
  );
  return { ...repo, me };
}
