import { spawn } from "node:child_process";
import type { Io } from "../io.js";

/** The editor command line, the way sops picks it. */
export function editorCommand(env: Io["env"]): string {
  for (const name of ["SOPS_EDITOR", "VISUAL", "EDITOR"]) {
    const v = env[name];
    if (v !== undefined && v.trim() !== "") return v;
  }
  return "vi";
}

/** How an editor run ended. */
export interface EditorExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/**
 * Run the editor on `file` through the shell so commands with arguments work (`code --wait`).
 * `exec` makes the editor replace the shell, so a forwarded signal reaches the editor itself.
 * `onChild` receives the process so the caller can forward signals to it.
 */
export function runEditor(
  io: Io,
  file: string,
  onChild: (child: { kill: (signal: NodeJS.Signals) => boolean } | undefined) => void,
): Promise<EditorExit> {
  const command = editorCommand(io.env);
  return new Promise((resolve, reject) => {
    const child = spawn("/bin/sh", ["-c", `exec ${command} "$1"`, "hush-edit", file], {
      stdio: "inherit",
      env: io.env,
    });
    onChild(child);
    child.on("error", (err) => {
      onChild(undefined);
      reject(err);
    });
    child.on("exit", (code, signal) => {
      onChild(undefined);
      resolve({ code, signal });
    });
  });
}

/** Signal numbers for the exit status 128+n of an interrupted command. */
export const SIGNAL_NUMBERS: Partial<Record<NodeJS.Signals, number>> = {
  SIGHUP: 1,
  SIGINT: 2,
  SIGTERM: 15,
};
