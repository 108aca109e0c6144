/**
 * Node's compile cache for the bins, in a folder only this user can write.
 *
 * Compiled code read back from disk runs without its source being compiled again, so whoever can
 * write the cache can run code as the user: a cache beside the bundle is writable by the repository
 * (a branch can force-add a file under an ignored `dist/`) and Node's default folder lives in the
 * shared temp directory. The cache therefore goes in `$XDG_CACHE_HOME/hush` (else `~/.cache/hush`),
 * created 0700, and is not used at all when that folder, or any folder above it, could be changed
 * by another user. Node 20 (no `module.enableCompileCache`) runs without a cache.
 *
 * CommonJS like stdio.cts: the bins `require()` it before the bundle (see scripts/cjs-bundle.mjs).
 */
import fs = require("node:fs");
import os = require("node:os");
import path = require("node:path");
import Module = require("node:module");

/** The folder hush keeps Node's compile cache in for this user (not checked, not created). */
function compileCacheDir(env: NodeJS.ProcessEnv): string | undefined {
  const xdg = env["XDG_CACHE_HOME"];
  // The XDG spec: a relative XDG_CACHE_HOME is invalid and ignored.
  if (xdg !== undefined && path.isAbsolute(xdg)) return path.join(xdg, "hush");
  const home = os.homedir();
  return path.isAbsolute(home) ? path.join(home, ".cache", "hush") : undefined;
}

/**
 * True when only `uid` (and root) can change what `dir` holds: `dir` is a real folder of `uid`
 * that group and others cannot write, and every folder above it, on the path as given and on the
 * resolved path, belongs to `uid` or root and is not writable by others unless sticky (like /tmp,
 * where nobody else can rename our folder away).
 */
function isPrivateFolder(dir: string, uid: number): boolean {
  const own = fs.lstatSync(dir);
  if (!own.isDirectory() || own.uid !== uid || (own.mode & 0o022) !== 0) return false;
  return safeAbove(dir, uid) && safeAbove(fs.realpathSync(dir), uid);
}

function safeAbove(dir: string, uid: number): boolean {
  for (let parent = path.dirname(dir); ; parent = path.dirname(parent)) {
    const st = fs.lstatSync(parent);
    // A symbolic link can only be replaced through the folder holding it, checked next; where it
    // points is checked on the resolved path.
    if (!st.isSymbolicLink()) {
      if (st.uid !== uid && st.uid !== 0) return false;
      if ((st.mode & 0o022) !== 0 && (st.mode & 0o1000) === 0) return false;
    }
    if (path.dirname(parent) === parent) return true;
  }
}

/**
 * Turn on Node's compile cache in the user's private hush cache folder, when this Node has one
 * (≥ 22.1) and the folder is safe. Never throws: without a cache hush only starts slower.
 * @returns the folder in use, or undefined when running without a cache
 */
function enableUserCompileCache(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const enable = (Module as { enableCompileCache?: (dir: string) => { directory?: string } })
    .enableCompileCache;
  const uid = process.getuid?.();
  // Without uids (Windows) the folder's safety cannot be checked here: no cache.
  if (typeof enable !== "function" || uid === undefined) return undefined;
  try {
    const dir = compileCacheDir(env);
    if (dir === undefined) return undefined;
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    if (!isPrivateFolder(dir, uid)) return undefined;
    // A NODE_COMPILE_CACHE the user set wins (Node enabled it already): their choice, their folder.
    return enable(dir).directory;
  } catch {
    return undefined;
  }
}

export = { enableUserCompileCache, compileCacheDir };
