import { randomBytes } from "node:crypto";
import { open, rename, rm } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { checkWritePath, makeDirs, O_NOFOLLOW, type WriteTarget } from "./paths.js";
import { constants } from "node:fs";

/**
 * Write a file holding secrets: its folders created below their root through no symlink, a temp
 * file (0600, created exclusively, so never through a symlink) beside the target, fsync, rename
 * (which replaces the name, never what a symlink points at; a symlink there is refused first).
 */
export async function writeSecretFile(
  path: string,
  data: string,
  target: WriteTarget,
): Promise<void> {
  await makeDirs(dirname(path), target);
  await checkWritePath(path, target);
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString("hex")}.tmp`);
  const flags = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | O_NOFOLLOW;
  const handle = await open(temp, flags, 0o600);
  try {
    await handle.writeFile(data, "utf8");
    await handle.sync();
  } catch (e) {
    await handle.close();
    await rm(temp, { force: true });
    throw e;
  }
  await handle.close();
  await rename(temp, path);
}
