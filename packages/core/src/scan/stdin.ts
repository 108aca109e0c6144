// Secrets a script hands to a command on its standard input: `echo "pw" | docker login
// --password-stdin`, `echo "user:pw" | chpasswd`, `echo pw | sudo -S …`, `echo tok | gh auth login
// --with-token`, `… | vault login -`, and the same with a here-string (`docker login
// --password-stdin <<< "pw"`). The command reading stdin is the context: the echoed word of
// `echo x | sha256sum` is no secret. Judged as command-line passwords are (command.ts).

import { candidate, judge, words } from "./command.js";
import type { Word } from "./container.js";
import type { Candidate, RuleContext } from "./rule.js";

/** `echo`/`printf` at the start of a command (its words are read as the shell reads them). */
const ECHO = /(?<![\w.$/-])(echo|printf)[ \t]+/g;
/** A pipe (not `||`) after the last word, with a `\` continuation before or after it. */
const PIPE = /(?:[ \t]*\\\r?\n)?[ \t]*\|(?!\|)[ \t]*(?:\\\r?\n[ \t]*)?/y;
/** A here-string's word. */
const HERE_STRING = /<<<[ \t]*/g;

type Holds = "password" | "token" | "userpass";

/** `sudo` (and its options) before a command. */
const SUDO = String.raw`(?:sudo(?:[ \t]+-[A-Za-z]+)*[ \t]+)?`;
/** Commands that read a secret on stdin, and what they read; each from the command's start. */
const TAKERS: readonly (readonly [RegExp, Holds])[] = [
  [new RegExp(String.raw`^${SUDO}(?:\S*/)?chpasswd(?![\w-])`), "userpass"],
  [/^\S[^|;&\n]*[ \t]--password-stdin(?![\w-])/, "password"],
  [
    /^(?:\S*\/)?sudo(?:[ \t]+-[A-Za-z]+)*[ \t]+(?:-[A-Za-z]*S[A-Za-z]*|--stdin)(?![\w-])/,
    "password",
  ],
  [new RegExp(String.raw`^${SUDO}(?:\S*/)?passwd[ \t][^|;&\n]*--stdin(?![\w-])`), "password"],
  [/^gh[ \t]+auth[ \t]+login[ \t][^|;&\n]*--with-token(?![\w-])/, "token"],
  [/^vault[ \t]+login(?:[ \t]+-[\w-]+(?:=\S*)?)*[ \t]+-(?=[ \t]*(?:$|[;&|)#]))/, "token"],
];

/** What the command at the start of `cmd` reads on stdin, if it is one of {@link TAKERS}. */
function taker(cmd: string): Holds | undefined {
  for (const [re, holds] of TAKERS) if (re.test(cmd)) return holds;
  return undefined;
}

/** The one command of `text` from `from` (to `;`, `|`, `&`, or a line end no `\` continues). */
function commandAt(text: string, from: number): string {
  const rest = /^[^;|&\n]*/.exec(text.slice(from, from + 500).replace(/\\\r?\n[ \t]*/g, " "));
  return rest ? rest[0] : "";
}

/** The secret `echo`'s (or `printf`'s) words print, among its words `args`. */
function echoed(args: readonly Word[], printf: boolean): Word | undefined {
  const printed = args.filter((w) => w.quoted || !/^-[neE]+$/.test(w.value));
  // `printf '%s' x` prints x; `printf x` prints its format (no `%` in a password read this way).
  if (printf && printed.length === 2 && /^%s(?:\\n)?$/.test(printed[0]!.value)) return printed[1];
  return printed.length === 1 ? printed[0] : undefined;
}

/** Secrets piped or here-stringed into a command that reads them, on the lines of `[start, end)`. */
export function findPipedSecrets(ctx: RuleContext, start: number, end: number): Candidate[] {
  const { text } = ctx;
  const region = text.slice(start, end);
  const out: Candidate[] = [];
  if (region.includes("|")) {
    ECHO.lastIndex = 0;
    for (let m = ECHO.exec(region); m; m = ECHO.exec(region)) {
      const from = start + m.index + m[0].length;
      const args = words(text, from, Math.min(text.length, end + 500));
      const last = args[args.length - 1];
      if (last === undefined) continue;
      PIPE.lastIndex = last.end;
      const pipe = PIPE.exec(text);
      const holds = pipe ? taker(commandAt(text, last.end + pipe[0].length)) : undefined;
      if (holds === undefined) continue;
      const w = echoed(args, m[1] === "printf");
      const secret = w && judge(w.value, holds);
      if (w && secret !== undefined) out.push(candidate(text, w, secret));
    }
  }
  if (region.includes("<<<")) {
    HERE_STRING.lastIndex = 0;
    for (let m = HERE_STRING.exec(region); m; m = HERE_STRING.exec(region)) {
      const at = start + m.index;
      const ls = text.lastIndexOf("\n", at - 1) + 1;
      // The command the here-string feeds: from the last command separator before it.
      const head = text.slice(ls, at);
      const cut = Math.max(head.lastIndexOf(";"), head.lastIndexOf("|"), head.lastIndexOf("&"));
      const cmd = head.slice(cut + 1).replace(/^[ \t]*(?:-[ \t]+|RUN[ \t]+)?/, "");
      const holds = taker(cmd);
      if (holds === undefined) continue;
      const w = words(text, at + m[0].length, Math.min(end, text.length))[0];
      const secret = w && judge(w.value, holds);
      if (w && secret !== undefined) out.push(candidate(text, w, secret));
    }
  }
  return out;
}
