/**
 * Run a command on a pseudo-terminal (python3's pty module), so it can ask on /dev/tty the way it
 * asks a person: each answer is typed when its prompt text has appeared on the terminal (no timers).
 */
import { spawn } from "node:child_process";

/** A prompt to wait for and what to type then (Enter is added). */
export interface PtyAnswer {
  expect: string;
  send: string;
}

/** What the terminal showed and how the command ended. */
export interface PtyRun {
  code: number;
  /** Everything written to the terminal (stdout and stderr share it), CRLF as the tty writes it. */
  output: string;
}

// The child gets the pty as its controlling terminal (pty.fork calls setsid and TIOCSCTTY).
const DRIVER = String.raw`
import json, os, pty, sys
cfg = json.loads(sys.argv[1])
pid, fd = pty.fork()
if pid == 0:
    os.chdir(cfg["cwd"])
    os.execve(cfg["argv"][0], cfg["argv"], cfg["env"])
seen = b""
answers = [(a["expect"].encode(), a["send"].encode()) for a in cfg["answers"]]
typed_upto = 0
while True:
    try:
        chunk = os.read(fd, 4096)
    except OSError:
        break
    if not chunk:
        break
    seen += chunk
    while answers and answers[0][0] in seen[typed_upto:]:
        exp, send = answers.pop(0)
        typed_upto = seen.index(exp, typed_upto) + len(exp)
        os.write(fd, send + b"\r")
_, status = os.waitpid(pid, 0)
sys.stdout.write(json.dumps({"code": os.waitstatus_to_exitcode(status), "output": seen.decode("utf8", "replace")}))
`;

/** Run `argv` in `cwd` with `env` on a terminal, answering prompts in order. */
export function runOnPty(
  argv: readonly string[],
  options: { cwd: string; env: Record<string, string>; answers?: readonly PtyAnswer[] },
): Promise<PtyRun> {
  const cfg = JSON.stringify({
    argv,
    cwd: options.cwd,
    env: options.env,
    answers: options.answers ?? [],
  });
  return new Promise((resolve, reject) => {
    const child = spawn("python3", ["-c", DRIVER, cfg], { stdio: ["ignore", "pipe", "inherit"] });
    const out: Buffer[] = [];
    child.stdout.on("data", (b: Buffer) => out.push(b));
    child.on("error", reject);
    child.on("close", (code) => {
      try {
        resolve(JSON.parse(Buffer.concat(out).toString("utf8")) as PtyRun);
      } catch {
        reject(new Error(`pty driver failed (exit ${code})`));
      }
    });
  });
}

/** True when python3 (for the pty) is on this machine. */
export async function hasPty(): Promise<boolean> {
  return new Promise((resolve) => {
    const child = spawn("python3", ["-c", "import pty"], { stdio: "ignore" });
    child.on("error", () => resolve(false));
    child.on("close", (code) => resolve(code === 0));
  });
}
