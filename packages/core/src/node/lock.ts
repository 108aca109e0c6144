/**
 * One writer at a time per file. A command that rewrites a file (read, change, write) holds a lock
 * file beside the file's resolved target: `.<name>.hush-lock`, created exclusively (an atomic link
 * of a finished temp file, so nobody ever reads a half-written lock), holding the owner's pid, host
 * and a random token. A lock whose owner is a dead process on this host is stale and is broken under
 * a second short lock (`….break`), so two waiters can never both break it and delete a fresh one.
 * Waiting wakes on a change in the folder (fs.watch) and otherwise re-checks with a backoff; it is
 * bounded, and a command that cannot get the lock fails with ERR_LOCKED naming the holder.
 */
import { randomBytes } from "node:crypto";
import { watch, type FSWatcher } from "node:fs";
import { hostname } from "node:os";
import { basename, dirname, join } from "node:path";
import { HushError } from "../errors.js";

const fsPromises = () => import("node:fs/promises");

/** Who holds a lock, as written in the lock file. */
export interface LockHolder {
  pid: number;
  host: string;
}

/** Options of {@link withFileLock}. */
export interface LockOptions {
  /** Give up after this many milliseconds (default 60 000). */
  timeoutMs?: number;
  /** Called once when the lock is still held by someone else after `noticeMs` (default 1000). */
  onWait?: (holder: LockHolder | undefined, lockFile: string) => void;
  noticeMs?: number;
}

/** The lock file of a target path (beside the symlink's final target when it is one). */
export async function lockFileFor(target: string): Promise<string> {
  const { realpath } = await fsPromises();
  let resolved: string;
  try {
    resolved = await realpath(target);
  } catch {
    // A new file: lock beside it in its (resolved) folder.
    resolved = await realpath(dirname(target)).then(
      (dir) => join(dir, basename(target)),
      () => target,
    );
  }
  return join(dirname(resolved), `.${basename(resolved)}.hush-lock`);
}

/**
 * Run `fn` while holding the lock of `target`: nobody else running hush rewrites that file meanwhile.
 * The lock is released when `fn` settles.
 * @throws HushError ERR_LOCKED when the lock stays held past the timeout, ERR_IO when the folder
 *   cannot hold a lock file
 */
export async function withFileLock<T>(
  target: string,
  fn: () => Promise<T>,
  options: LockOptions = {},
): Promise<T> {
  const file = await lockFileFor(target);
  const token = await acquire(file, target, options);
  try {
    return await fn();
  } finally {
    await release(file, token);
  }
}

function lockText(token: string): string {
  return `${JSON.stringify({ pid: process.pid, host: hostname(), token })}\n`;
}

function parseLock(text: string): (LockHolder & { token: string }) | undefined {
  try {
    const v = JSON.parse(text) as { pid?: unknown; host?: unknown; token?: unknown };
    if (typeof v.pid === "number" && typeof v.host === "string" && typeof v.token === "string")
      return { pid: v.pid, host: v.host, token: v.token };
  } catch {
    // not a hush lock file (or damaged): never treated as stale
  }
  return undefined;
}

/** Create `file` holding `text` only if it does not exist; false when it does. */
async function createExclusive(file: string, text: string): Promise<boolean> {
  const { link, open, unlink, writeFile } = await fsPromises();
  const temp = `${file}.${randomBytes(6).toString("hex")}.tmp`;
  try {
    await writeFile(temp, text, { mode: 0o600, flag: "wx" });
    try {
      await link(temp, file);
      return true;
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === "EEXIST") return false;
      if (code !== "EPERM" && code !== "ENOTSUP" && code !== "EOPNOTSUPP") throw e;
    }
    // No hard links here (some network and FAT file systems): exclusive create, then write.
    const fh = await open(file, "wx", 0o600).catch((e: NodeJS.ErrnoException) => {
      if (e.code === "EEXIST") return undefined;
      throw e;
    });
    if (fh === undefined) return false;
    try {
      await fh.writeFile(text);
    } finally {
      await fh.close();
    }
    return true;
  } finally {
    await unlink(temp).catch(() => undefined);
  }
}

async function readHolder(file: string): Promise<(LockHolder & { token: string }) | undefined> {
  const { readFile } = await fsPromises();
  try {
    return parseLock(await readFile(file, "utf8"));
  } catch {
    return undefined;
  }
}

/** A lock is stale only when its owner provably died: a pid on this host that no longer runs. */
function isDead(holder: LockHolder): boolean {
  if (holder.host !== hostname()) return false;
  if (holder.pid === process.pid) return false;
  try {
    process.kill(holder.pid, 0);
    return false;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "ESRCH";
  }
}

/** Remove a stale lock, but only the one whose token we saw (under the `.break` lock). */
async function breakStale(file: string, seen: string): Promise<void> {
  const { unlink } = await fsPromises();
  const guard = `${file}.break`;
  if (!(await createExclusive(guard, lockText(randomBytes(8).toString("hex"))))) {
    // Another waiter is breaking it right now, or died doing so (a dead breaker is cleared here).
    const other = await readHolder(guard);
    if (other !== undefined && isDead(other)) await unlink(guard).catch(() => undefined);
    return;
  }
  try {
    const now = await readHolder(file);
    if (now?.token === seen) await unlink(file).catch(() => undefined);
  } finally {
    await unlink(guard).catch(() => undefined);
  }
}

async function acquire(file: string, target: string, options: LockOptions): Promise<string> {
  const token = randomBytes(12).toString("hex");
  const text = lockText(token);
  const timeoutMs = options.timeoutMs ?? 60_000;
  const noticeMs = options.noticeMs ?? 1000;
  const start = Date.now();
  let noticed = false;
  let delay = 10;
  let watcher: FSWatcher | undefined;
  let wake: (() => void) | undefined;
  try {
    for (;;) {
      try {
        if (await createExclusive(file, text)) return token;
      } catch (e) {
        throw new HushError(
          "ERR_IO",
          `cannot create the lock file ${file}: ${(e as NodeJS.ErrnoException).code ?? "error"}`,
          { hint: "check that the folder exists and is writable", cause: e },
        );
      }
      const holder = await readHolder(file);
      if (holder !== undefined && isDead(holder)) {
        await breakStale(file, holder.token);
        continue;
      }
      const waited = Date.now() - start;
      // The notice comes first: a wait that ends in ERR_LOCKED was announced, however slow the
      // machine made the first look at the lock.
      if (!noticed && waited >= noticeMs) {
        noticed = true;
        const who = holder === undefined ? undefined : { pid: holder.pid, host: holder.host };
        options.onWait?.(who, file);
      }
      if (waited >= timeoutMs) {
        const who = holder === undefined ? "" : ` by pid ${holder.pid} on ${holder.host}`;
        throw new HushError("ERR_LOCKED", `${target} is locked${who}`, {
          hint: `wait for the other hush command to finish; if none runs, remove ${file}`,
        });
      }
      // Wake on any change in the folder (the holder removing its lock), else after a backoff.
      watcher ??= watchFolder(dirname(file), () => wake?.());
      const wait = Math.min(delay, timeoutMs - waited, noticed ? 250 : noticeMs - waited);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, Math.max(1, wait));
        wake = () => {
          clearTimeout(t);
          resolve();
        };
      });
      wake = undefined;
      delay = Math.min(delay * 2, 250);
    }
  } finally {
    watcher?.close();
  }
}

function watchFolder(dir: string, onChange: () => void): FSWatcher | undefined {
  try {
    const w = watch(dir, { persistent: false }, onChange);
    w.on("error", () => undefined);
    return w;
  } catch {
    return undefined; // the backoff alone then
  }
}

async function release(file: string, token: string): Promise<void> {
  const { unlink } = await fsPromises();
  // Only our own lock: if it was (wrongly) broken and retaken meanwhile, leave the new owner's.
  if ((await readHolder(file))?.token === token) await unlink(file).catch(() => undefined);
}
