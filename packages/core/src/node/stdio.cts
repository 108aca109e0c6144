/**
 * Output for the bins without `process.stdout`: creating that stream on a pipe loads net and the
 * stream machinery, ~5 ms of a start that is ~45 ms in all. Writes go straight to the file
 * descriptor, synchronously and in order, which is what Node does for pipes and files on Linux anyway.
 *
 * CommonJS: the bins `require()` it from beside the bundle (see scripts/cjs-bundle.mjs).
 */
import fs = require("node:fs");
import tty = require("node:tty");

/** Writes all of `data` to fd 1 or 2; a closed reader (EPIPE) calls `onClosed`. */
type Writer = (data: string | Uint8Array) => void;

/**
 * A writer for `fd`. Should the descriptor be non-blocking (EAGAIN, e.g. a pipe a parent made so),
 * this and every later write go through the process stream instead, which queues them in order.
 */
function syncWriter(fd: 1 | 2, onClosed: () => void): Writer {
  let queued = false;
  const stream = (): NodeJS.WriteStream => (fd === 1 ? process.stdout : process.stderr);
  return (data) => {
    if (queued) {
      stream().write(data);
      return;
    }
    let rest = typeof data === "string" ? Buffer.from(data, "utf8") : data;
    try {
      while (rest.length > 0) rest = rest.subarray(fs.writeSync(fd, rest));
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === "EPIPE") return onClosed();
      if (code !== "EAGAIN") {
        // Said like a file error (e.g. `no space left on device (standard output)`).
        (err as NodeJS.ErrnoException).path ??= fd === 1 ? "standard output" : "standard error";
        throw err;
      }
      queued = true;
      stream().on("error", (e: NodeJS.ErrnoException) => {
        if (e.code === "EPIPE") onClosed();
        else throw e;
      });
      stream().write(rest);
    }
  };
}

/** Whether fd is a terminal, without creating its process stream. */
function isTerminal(fd: 1 | 2): boolean {
  return tty.isatty(fd);
}

export = { syncWriter, isTerminal };
