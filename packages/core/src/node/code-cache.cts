/**
 * Start a bundled command line fast: load a CommonJS bundle through V8's code cache, kept in a file
 * beside it. Compiling the JavaScript of age, yaml and the CLI is most of a cold `hush decrypt`;
 * with the cache V8 deserializes the compiled functions instead (what `module.enableCompileCache()`
 * does on Node 22, which Node 20 lacks).
 *
 * CommonJS on purpose: the bins `require()` this before anything else, and a CommonJS start skips
 * the ES module loader's set-up. The cache is only an accelerator: when it is missing, stale (the
 * bundle changed) or refused by V8 (another Node version or V8 flags), the bundle compiles from
 * source as usual and the cache is written again when the process exits.
 */
import buffer = require("node:buffer");
import crypto = require("node:crypto");
import fs = require("node:fs");
import path = require("node:path");
import vm = require("node:vm");
import Module = require("node:module");

/** A loaded bundle: its exports, and a way to write the cache now (the build trains it). */
interface CachedBundle {
  exports: unknown;
  /** Where the cache is kept. */
  cacheFile: string;
  /** True when V8 used the cache file: no write is due. */
  cacheUsed: boolean;
  /** Write the cache with every function compiled so far; errors are ignored (a read-only install). */
  save(): void;
}

const MAGIC = "hush-code-cache-2";

/** What the cache must match: this very bundle (by content: copies and installs keep it) and engine. */
function stampOf(source: Uint8Array): string {
  return `${MAGIC}\n${digest(source)}\n${process.version}-${process.arch}\n`;
}

/** V8 does not verify a code cache in release builds (a damaged one crashes it): a digest does. */
function digest(data: Uint8Array): string {
  return crypto.createHash("sha256").update(data).digest("hex");
}

function readCache(cacheFile: string, stamp: string): Buffer | undefined {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(cacheFile);
  } catch {
    return undefined;
  }
  const head = Buffer.byteLength(stamp);
  const digestEnd = head + 65;
  if (bytes.length <= digestEnd || bytes.toString("latin1", 0, head) !== stamp) return undefined;
  const data = bytes.subarray(digestEnd);
  return bytes.toString("latin1", head, digestEnd - 1) === digest(data) ? data : undefined;
}

function writeCache(cacheFile: string, stamp: string, data: Buffer): void {
  // Temp file then rename: parallel processes never read half a cache.
  const temp = `${cacheFile}.${process.pid}.tmp`;
  try {
    const head = Buffer.from(`${stamp}${digest(data)}\n`, "latin1");
    fs.writeFileSync(temp, Buffer.concat([head, data]), { mode: 0o644 });
    fs.renameSync(temp, cacheFile);
  } catch {
    try {
      fs.rmSync(temp, { force: true });
    } catch {
      // nothing more to do: the next start compiles from source
    }
  }
}

/**
 * The cache's file: one per V8 version and architecture, so machines that switch between Node
 * versions (nvm, CI matrices) keep one good cache each instead of rebuilding one in turns.
 */
function cacheFileOf(file: string): string {
  return `${file}.${process.arch}-v8-${process.versions.v8}.cache`;
}

/**
 * Load the CommonJS bundle `file` (absolute) with its code cache beside it (see cacheFileOf).
 * @param options.saveOnExit - write the cache at exit when it was not used (default true)
 */
function loadBundle(file: string, options: { saveOnExit?: boolean } = {}): CachedBundle {
  const cacheFile = cacheFileOf(file);
  const bytes = fs.readFileSync(file);
  const stamp = stampOf(bytes);
  const cachedData = readCache(cacheFile, stamp);
  // esbuild writes ASCII (it escapes the rest): decoding that as latin1 skips UTF-8 validation.
  const source = bytes.toString(buffer.isAscii(bytes) ? "latin1" : "utf8");
  const script = new vm.Script(Module.wrap(source), {
    filename: file,
    // No importModuleDynamically: the bundles are built with every import() turned into require().
    ...(cachedData === undefined ? {} : { cachedData }),
  });
  const cacheUsed = cachedData !== undefined && !script.cachedDataRejected;
  const mod = new Module(file);
  mod.filename = file;
  const dir = path.dirname(file);
  const wrapper = script.runInThisContext() as (
    exports: unknown,
    require: NodeJS.Require,
    module: Module,
    filename: string,
    dirname: string,
  ) => void;
  wrapper.call(mod.exports, mod.exports, Module.createRequire(file), mod, file, dir);
  const save = (): void => writeCache(cacheFile, stamp, script.createCachedData());
  if (!cacheUsed && options.saveOnExit !== false) process.once("exit", save);
  return { exports: mod.exports, cacheFile, cacheUsed, save };
}

export = { loadBundle };
