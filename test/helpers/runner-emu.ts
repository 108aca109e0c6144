/**
 * An emulation of the parts of the GitHub Actions runner (actions/runner v2.336) that a node action
 * meets: how it starts the action (INPUT_* variables, fresh GITHUB_ENV/OUTPUT/STATE/STEP_SUMMARY/PATH
 * files), how it reads workflow commands from the action's output (`ActionCommand.TryParseV2`,
 * `::add-mask::`, `::stop-commands::`), how it masks secrets (`SecretMasker` and its value encoders)
 * and how it parses the file commands after the step (`EnvFileKeyValuePairs`). Behaviour as described
 * in ../shared/reference/github-action.md §2.3–2.5 and Appendix A (Linux semantics, LF only).
 *
 * One deliberate difference: stdout and stderr are written to one file so their lines keep their
 * real order; the runner reads them on two pipes and could process either first, so this is the
 * stricter check ("masked before any output containing it" must hold across both streams).
 */
import { spawn } from "node:child_process";
import { mkdtemp, open, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

const b64 = (s: string): string => Buffer.from(s, "utf8").toString("base64");
const b64shift = (s: string, n: number): string => {
  const b = Buffer.from(s, "utf8");
  return (b.length > n ? b.subarray(n) : b).toString("base64");
};
/** .NET Uri.EscapeDataString: RFC 3986, so `!'()*` are escaped too (unlike encodeURIComponent). */
const uriEscape = (s: string): string =>
  encodeURIComponent(s).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
const XML: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&apos;",
};
const xmlEscape = (s: string): string => s.replace(/[&<>"']/g, (c) => XML[c] ?? c);
const jsonEscape = (s: string): string => JSON.stringify(s).slice(1, -1);
const trimDoubleQuotes = (s: string): string =>
  s.length > 8 && s.startsWith('"') && s.endsWith('"') ? s.slice(1, -1) : "";
function powerShellPre(v: string): string {
  if (!v.includes("&")) return "";
  const sec = v.includes("&+")
    ? v.slice(0, v.indexOf("&+") + 2)
    : v.slice(0, v.lastIndexOf("&") + 1);
  return sec.length >= 6 ? sec : "";
}
function powerShellPost(v: string): string {
  if (!v.includes("&")) return "";
  let sec = "";
  if (v.includes("&+")) {
    if (v.length > v.indexOf("&+") + 3) sec = v.slice(v.indexOf("&+") + 3);
  } else sec = v.slice(v.lastIndexOf("&") + 1);
  return sec.length >= 6 ? sec : "";
}

/** The value encoders the runner registers in HostContext, in order. */
export const ENCODERS: readonly ((s: string) => string)[] = [
  b64,
  (s) => b64shift(s, 1),
  (s) => b64shift(s, 2),
  (s) => s.replace(/"/g, '\\"'),
  (s) => s.replace(/'/g, "''"),
  jsonEscape,
  uriEscape,
  xmlEscape,
  trimDoubleQuotes,
  powerShellPre,
  powerShellPost,
];

/** SecretMasker: ordinal, overlapping matches of every registered value and its encodings → `***`. */
export class SecretMasker {
  /** Values registered through add-mask (before encoding). */
  readonly originals = new Set<string>();
  private readonly values = new Set<string>();

  addValue(v: string): void {
    if (v === "" || this.originals.has(v)) return;
    this.originals.add(v);
    this.values.add(v);
    for (const enc of ENCODERS) {
      const e = enc(v);
      if (e !== "") this.values.add(e);
    }
  }

  mask(input: string): string {
    if (input === "") return "";
    const found: [number, number][] = [];
    for (const v of this.values) {
      let i = input.indexOf(v);
      while (i > -1) {
        found.push([i, v.length]);
        i = input.indexOf(v, i + 1);
      }
    }
    if (found.length === 0) return input;
    found.sort((a, b) => a[0] - b[0]);
    const merged: [number, number][] = [];
    for (const [s, l] of found) {
      const c = merged.at(-1);
      if (c !== undefined && s <= c[0] + c[1]) c[1] = Math.max(c[0] + c[1], s + l) - c[0];
      else merged.push([s, l]);
    }
    let out = "";
    let at = 0;
    for (const [s, l] of merged) {
      out += `${input.slice(at, s)}***`;
      at = s + l;
    }
    return out + input.slice(at);
  }
}

export interface WorkflowCommand {
  name: string;
  data: string;
  /** `key=value` properties between the name and `::` (`file`, `line`, `title`…), unescaped. */
  properties?: Record<string, string>;
}

const unescapeData = (s: string): string =>
  s.replace(/%0D/g, "\r").replace(/%0A/g, "\n").replace(/%25/g, "%");
const unescapeProperty = (s: string): string =>
  s
    .replace(/%0D/g, "\r")
    .replace(/%0A/g, "\n")
    .replace(/%3A/g, ":")
    .replace(/%2C/g, ",")
    .replace(/%25/g, "%");
const REGISTERED = [
  "add-mask",
  "debug",
  "error",
  "warning",
  "notice",
  "group",
  "endgroup",
  "echo",
  "set-output",
  "set-env",
  "add-path",
  "save-state",
  "add-matcher",
  "remove-matcher",
  "stop-commands",
  "internal-set-repo-path",
];

/** ActionCommand.TryParseV2: `::name props::data` with a registered name, or null. */
export function parseCommand(
  line: string,
  registered: ReadonlySet<string>,
): WorkflowCommand | null {
  const m = line.trimStart();
  if (!m.startsWith("::")) return null;
  const end = m.indexOf("::", 2);
  if (end < 0) return null;
  const info = m.slice(2, end);
  const sp = info.indexOf(" ");
  const name = sp < 0 ? info : info.slice(0, sp);
  if (!registered.has(name)) return null;
  const data = unescapeData(m.slice(end + 2));
  if (sp < 0) return { name, data };
  const properties: Record<string, string> = {};
  for (const pair of info.slice(sp + 1).split(",")) {
    const eq = pair.indexOf("=");
    if (eq > 0) properties[pair.slice(0, eq)] = unescapeProperty(pair.slice(eq + 1));
  }
  return { name, data, properties };
}

/** OutputManager + ActionCommandManager: commands applied in order, every other line masked as it is seen. */
export function processOutput(
  text: string,
  masker: SecretMasker,
): { log: string[]; commands: WorkflowCommand[] } {
  const registered = new Set(REGISTERED);
  let stopToken: string | null = null;
  const log: string[] = [];
  const commands: WorkflowCommand[] = [];
  for (const raw of text.split("\n")) {
    const line = raw.replace(/\r$/, "");
    const cmd = line.includes("::") || line.includes("##[") ? parseCommand(line, registered) : null;
    if (cmd !== null && stopToken !== null) {
      if (cmd.name.toLowerCase() === stopToken.toLowerCase()) {
        registered.delete(stopToken);
        stopToken = null;
      }
      log.push(masker.mask(line));
      continue;
    }
    if (cmd !== null) {
      commands.push(cmd);
      if (cmd.name === "stop-commands") {
        stopToken = cmd.data;
        registered.add(stopToken);
        if (stopToken.length > 6) masker.addValue(stopToken);
        log.push(masker.mask(line));
        continue;
      }
      if (cmd.name === "add-mask") {
        if (cmd.data.trim() === "") {
          log.push("##[warning]Can't add secret mask for empty string in ##[add-mask] command.");
          continue;
        }
        masker.addValue(cmd.data);
        for (const part of cmd.data.split(/[\r\n]+/)) {
          const t = part.trim();
          if (t !== "") masker.addValue(t);
        }
        continue; // OmitEcho: the mask command itself is never shown
      }
      log.push(masker.mask(`##[${cmd.name}]${cmd.data}`));
      continue;
    }
    log.push(masker.mask(line));
  }
  return { log, commands };
}

/** EnvFileKeyValuePairs: `NAME=VALUE` and heredoc `NAME<<DELIM` … `DELIM`; lazy, so pairs before an error count. */
export function* iterEnvFile(input: string): Generator<[string, string]> {
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  let index = 0;
  const readLine = (): { line: string | null; nl: string | null } => {
    if (index >= text.length) return { line: null, nl: null };
    const lf = text.indexOf("\n", index);
    if (lf < 0) {
      const line = text.slice(index);
      index = text.length;
      return { line, nl: null };
    }
    const line = text.slice(index, lf);
    index = lf + 1;
    return { line, nl: "\n" };
  };
  let { line } = readLine();
  while (line !== null) {
    if (line !== "") {
      const eq = line.indexOf("=");
      const hd = line.indexOf("<<");
      if (eq >= 0 && (hd < 0 || eq < hd)) {
        yield [line.slice(0, eq), line.slice(eq + 1)];
      } else if (hd >= 0 && (eq < 0 || hd < eq)) {
        const key = line.slice(0, hd);
        const delim = line.slice(hd + 2);
        if (key === "" || delim === "") {
          throw new Error(
            `Invalid format '${line}'. Name must not be empty and delimiter must not be empty`,
          );
        }
        const start = index;
        let end = index;
        let r = readLine();
        while (r.line !== delim) {
          if (r.line === null)
            throw new Error(`Invalid value. Matching delimiter not found '${delim}'`);
          if (r.nl === null) throw new Error("Invalid value. EOF marker missing new line.");
          end = index - r.nl.length;
          r = readLine();
        }
        yield [key, end > start ? text.slice(start, end) : ""];
      } else {
        throw new Error(`Invalid format '${line}'`);
      }
    }
    ({ line } = readLine());
  }
}

export function parseEnvFile(text: string): [string, string][] {
  return [...iterEnvFile(text)];
}

/** `INPUT_<NAME>` as the runner and @actions/core spell it: spaces to `_`, upper case, hyphens kept. */
export function inputVariable(name: string): string {
  return `INPUT_${name.replace(/ /g, "_").toUpperCase()}`;
}

export interface StepOptions {
  /** Inputs by their action.yml name. */
  inputs?: Record<string, string>;
  /** Run variables (GITHUB_*, RUNNER_*, ACTIONS_ID_TOKEN_*…). */
  env?: Record<string, string>;
  cwd?: string;
  /** The node binary (default: the one running the tests). */
  node?: string;
}

export interface StepResult {
  status: number | null;
  /** What the runner would show in the job log, masked line by line as it was read. */
  log: string[];
  commands: WorkflowCommand[];
  masker: SecretMasker;
  /** Raw stdout+stderr as the action wrote it (for ordering checks only). */
  raw: string;
  env: Record<string, string>;
  outputs: Record<string, string>;
  state: Record<string, string>;
  fileCommandErrors: string[];
  /** The step summary after masking, as uploaded. */
  summary: string;
}

/** Run a node action entry the way NodeScriptActionHandler does, then process its output and file commands. */
export async function runStep(entry: string, options: StepOptions = {}): Promise<StepResult> {
  const dir = await mkdtemp(join(tmpdir(), "hush-runner-"));
  try {
    const names = {
      ENV: "set_env",
      OUTPUT: "set_output",
      STATE: "save_state",
      STEP_SUMMARY: "step_summary",
      PATH: "add_path",
    };
    const fileEnv: Record<string, string> = {};
    for (const [k, base] of Object.entries(names)) {
      const f = join(dir, base);
      await writeFile(f, "");
      fileEnv[`GITHUB_${k}`] = f;
    }
    const inputEnv = Object.fromEntries(
      Object.entries(options.inputs ?? {}).map(([k, v]) => [inputVariable(k), v]),
    );
    const outFile = join(dir, "output.log");
    const out = await open(outFile, "w");
    let status: number | null;
    try {
      status = await new Promise<number | null>((resolvePromise, reject) => {
        const child = spawn(options.node ?? process.execPath, [entry], {
          cwd: options.cwd ?? dir,
          stdio: ["ignore", out.fd, out.fd],
          env: {
            PATH: process.env.PATH ?? "/usr/bin:/bin",
            HOME: process.env.HOME ?? dir,
            GITHUB_ACTIONS: "true",
            CI: "true",
            RUNNER_TEMP: dir,
            ...options.env,
            ...inputEnv,
            ...fileEnv,
          },
        });
        child.on("error", reject);
        child.on("close", (code) => resolvePromise(code));
      });
    } finally {
      await out.close();
    }
    const raw = await readFile(outFile, "utf8");
    const masker = new SecretMasker();
    const { log, commands } = processOutput(raw, masker);
    const read = (k: string): Promise<string> => readFile(fileEnv[`GITHUB_${k}`]!, "utf8");
    const result: StepResult = {
      status,
      log,
      commands,
      masker,
      raw,
      env: {},
      outputs: {},
      state: {},
      fileCommandErrors: [],
      summary: (await read("STEP_SUMMARY"))
        .split("\n")
        .map((l) => masker.mask(l))
        .join("\n"),
    };
    const targets = [
      ["ENV", result.env, "env"],
      ["OUTPUT", result.outputs, "output"],
      ["STATE", result.state, "state"],
    ] as const;
    for (const [file, target, label] of targets) {
      try {
        for (const [k, v] of iterEnvFile(await read(file))) {
          if (file === "ENV" && k.toUpperCase() === "NODE_OPTIONS") continue;
          target[k] = v;
        }
      } catch (e) {
        result.fileCommandErrors.push(
          `Unable to process file command '${label}' successfully. ${(e as Error).message}`,
        );
      }
    }
    return result;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
