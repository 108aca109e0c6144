// Questions on the terminal: passphrases, a plugin's PIN or confirmation. Always /dev/tty, never
// stdin (which may carry a value or a pipe) and never an argument or an environment variable, so a
// secret typed here is in no shell history and no process listing.
import { closeSync, openSync, writeSync } from "node:fs";
import { ReadStream } from "node:tty";
import type { PluginUi } from "@hush/core";
import { type Io } from "../io.js";
import { HushError } from "@hush/core/errors";

/** Asks on the controlling terminal; `echo: false` for secrets. */
export type Ask = (prompt: string, options?: { echo?: boolean }) => Promise<string>;

function noTerminal(): HushError {
  return new HushError(
    "ERR_PASSPHRASE",
    "a passphrase or PIN is needed and there is no terminal to ask on",
    {
      hint: "run the command in a terminal, or use an identity that needs no passphrase (e.g. SOPS_AGE_KEY in CI)",
    },
  );
}

/** One line from /dev/tty, typed with echo off unless `echo`; Ctrl-C cancels. */
export function askTerminal(prompt: string, options?: { echo?: boolean }): Promise<string> {
  let fd: number;
  try {
    fd = openSync("/dev/tty", "r+");
  } catch {
    return Promise.reject(noTerminal());
  }
  const echo = options?.echo === true;
  const input = new ReadStream(fd);
  input.setRawMode(true);
  writeSync(fd, prompt);
  return new Promise<string>((resolve, reject) => {
    let line = "";
    const finish = (err?: Error): void => {
      input.off("data", onData);
      input.setRawMode(false);
      writeSync(fd, "\r\n");
      input.destroy();
      if (err !== undefined) reject(err);
      else resolve(line);
    };
    const onData = (chunk: Buffer): void => {
      for (const ch of chunk.toString("utf8")) {
        if (ch === "\r" || ch === "\n") return finish();
        if (ch === "\u0003" || ch === "\u0004")
          return finish(new HushError("ERR_INPUT", "cancelled", { exitCode: 130 }));
        if (ch === "\u007f" || ch === "\b") {
          if (line.length > 0) {
            line = [...line].slice(0, -1).join("");
            if (echo) writeSync(fd, "\b \b");
          }
        } else if (ch === "\u0015") {
          line = "";
        } else if (ch >= " ") {
          line += ch;
          if (echo) writeSync(fd, ch);
        }
      }
    };
    input.on("data", onData);
  }).finally(() => {
    try {
      closeSync(fd);
    } catch {
      // the stream closed it already
    }
  });
}

/** The asker of this run: the test's `io.ask` when given, else the terminal. */
export function askerOf(io: Io): Ask {
  return io.ask ?? askTerminal;
}

/** What a plugin says and asks, relayed to the terminal (messages on stderr). */
export function pluginUi(io: Io): PluginUi {
  const ask = askerOf(io);
  const orUndefined = (p: Promise<string>): Promise<string | undefined> => p.catch(() => undefined);
  return {
    message: (plugin, text) => {
      io.stderr(`age-plugin-${plugin}: ${text}\n`);
      return Promise.resolve();
    },
    secret: (plugin, prompt) => orUndefined(ask(`age-plugin-${plugin}: ${prompt} `)),
    publicValue: (plugin, prompt) =>
      orUndefined(ask(`age-plugin-${plugin}: ${prompt} `, { echo: true })),
    confirm: async (plugin, prompt, yes, no) => {
      const answer = await orUndefined(
        ask(`age-plugin-${plugin}: ${prompt} [${yes}${no === undefined ? "" : `/${no}`}] `, {
          echo: true,
        }),
      );
      if (answer === undefined) return undefined;
      return no === undefined || answer.trim().toLowerCase() !== no.toLowerCase();
    },
  };
}
