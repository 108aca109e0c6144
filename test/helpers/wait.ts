/**
 * Waiting on events, not on timers: a test that must act once another process reached a point
 * (an editor holding the plaintext open, a command started) has that process write a file, and
 * waits for the file-system event that announces it.
 */
import { watch } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";

/**
 * Resolves with the text of `file` once it exists and is not empty: woken by `fs.watch` on its
 * folder (which must exist), never by polling. Bounded by the test's own timeout.
 */
export function fileWritten(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let done = false;
    const look = (): void => {
      void readFile(file, "utf8").then(
        (text) => {
          if (done || text.length === 0) return;
          done = true;
          watcher.close();
          resolve(text);
        },
        () => undefined,
      );
    };
    const watcher = watch(path.dirname(file), look);
    watcher.on("error", (e) => {
      done = true;
      watcher.close();
      reject(e);
    });
    // The file may have been written before the watch began.
    look();
  });
}
