// Pairs written in one tool's own syntax rather than with an operator: Dockerfile `ENV K V`,
// shells that set without `=` (`setx`, `setenv`, fish's `set -gx`, `gh secret set --body`), a
// property list's `<key>` then `<string>`, a Gradle setting (`storePassword "…"`), and config
// files written `name value` (`.netrc`, `redis.conf`), nginx's header and parameter directives,
// Clojure/EDN maps (`{:password "…"}`), a YAML anchor before a value, and a config value that
// starts with `=`. assign.ts calls these for each line.

import { type Assignment, lineEnd, valueAt } from "./literal.js";
import type { RuleContext } from "./rule.js";

const DOCKER_ENV = /^[ \t]*ENV[ \t]+([A-Za-z_]\w*)[ \t]+(?=\S)/;
/**
 * Shells that set a variable without `=`: Windows `setx NAME "…"`, csh `setenv NAME …`, fish
 * `set -gx NAME …`; and `gh secret set NAME --body "…"`.
 */
const SHELL_SET =
  /^[ \t]*(?:setx|setenv|set[ \t]+-[A-Za-z]*[gUx][A-Za-z]*)[ \t]+([\p{L}_][\p{L}\p{N}_]*)[ \t]+(?=\S)|\bgh[ \t]+secret[ \t]+set[ \t]+([\p{L}\p{N}_-]+)[^\n]*?[ \t](?:--body|-b)(?:[ \t]+|=)/u;
/** A property list's `<key>Name</key>` whose `<string>` value follows on its line or the next. */
const PLIST_KEY = /<key>([\p{L}\p{N}_.-]{2,80})<\/key>[ \t]*(?:<string>)?/u;
/** Groovy's call without parentheses, a Gradle setting: `storePassword "…"`. */
const GROOVY_SETTING = /^[ \t]*([\p{L}_][\p{L}\p{N}_]{1,80})[ \t]+(?=["'])/u;

/**
 * Config files written `name value` (`.netrc`, `redis.conf`'s `requirepass …`, `.msmtprc`,
 * `.fetchmailrc`): a secret's name then a blank then the value.
 */
export function spacedConfig(path: string): boolean {
  return /(?:^|\/)(?:[._]?netrc|[^/]*\.conf|\.[a-z]+rc)$/.test(path);
}

/** A YAML anchor or `!!str` tag between a key and its value: `password: &db …`. */
const YAML_ANCHOR =
  /^[ \t]*(?:-[ \t]+)?["']?([\p{L}\p{N}_.-]{1,80})["']?[ \t]*:[ \t]+(?:&[\p{L}\p{N}_-]{1,40}|!!str)[ \t]+(?=\S)/u;
/** A dotenv or shell value that starts with `=` (`KEY==x`), which the `=` operator skips as `==`. */
const DOUBLE_EQ = /^[ \t]*(?:export[ \t]+)?([\p{L}_][\p{L}\p{N}_.-]{0,80})=(?==)/u;

/**
 * nginx: a request header or a parameter set to a value (`proxy_set_header Authorization "Bearer
 * …";`, `fastcgi_param DB_PASSWORD …;`) or a variable (`set $api_key …;`), named by the header,
 * parameter or variable.
 */
const NGINX =
  /^[ \t]*(?:(?:proxy_set_header|grpc_set_header|add_header|more_set_headers|more_set_input_headers|fastcgi_param|uwsgi_param|scgi_param)[ \t]+["']?([\w.-]{1,80}):?["']?|set[ \t]+\$(\w{1,80}))[ \t]+(?=\S)/;
/** Where nginx's directives are written: any `.conf`, or a file under a folder named nginx. */
const NGINX_PATH = /(?:\.conf|(?:^|\/)nginx\/[^/]*)$/;
/** A Clojure or EDN keyword before a string: `{:password "…"}`, `:api-key "…"`. */
const EDN_PAIR = /(?<![\w:])[ \t{([,]?:([\p{L}_][\p{L}\p{N}_.*+!?-]{0,80})[ \t]+(?=")/gu;
const EDN_PATH = /\.(?:edn|clj[cs]?)$/;

/** The dialect pairs on the line `[ls, le)` (its text `line`), each handed to `add`. */
export function dialectPairs(
  ctx: RuleContext,
  line: string,
  ls: number,
  le: number,
  add: (a: Assignment | undefined) => void,
): void {
  const { text } = ctx;
  const env = line.includes("ENV") ? DOCKER_ENV.exec(line) : null;
  if (env) add(valueAt(text, env[1]!, ls + env[0].length, le, ls, true));
  const set = line.includes("set") ? SHELL_SET.exec(line) : null;
  if (set) add(valueAt(text, (set[1] ?? set[2])!, ls + set.index + set[0].length, le, ls, true));
  const plist = line.includes("<key>") ? PLIST_KEY.exec(line) : null;
  if (plist) add(plistValue(text, plist[1]!, ls + plist.index + plist[0].length, le));
  const yaml = /\.ya?ml$/.test(ctx.path) && /[&!]/.test(line) ? YAML_ANCHOR.exec(line) : null;
  if (yaml) add(valueAt(text, yaml[1]!, ls + yaml[0].length, le, ls, true));
  const eq = !ctx.codeFile && line.includes("==") ? DOUBLE_EQ.exec(line) : null;
  if (eq) add(valueAt(text, eq[1]!, ls + eq[0].length, le, ls, true));
  const groovy = ctx.path.endsWith(".gradle") ? GROOVY_SETTING.exec(line) : null;
  if (groovy) add(valueAt(text, groovy[1]!, ls + groovy[0].length, le, ls, false));
  const nginx = line.includes(";") && NGINX_PATH.test(ctx.path) ? NGINX.exec(line) : null;
  if (nginx) add(valueAt(text, (nginx[1] ?? nginx[2])!, ls + nginx[0].length, le, ls, true));
  if (line.includes(":") && EDN_PATH.test(ctx.path)) {
    EDN_PAIR.lastIndex = 0;
    for (let m = EDN_PAIR.exec(line); m; m = EDN_PAIR.exec(line))
      add(valueAt(text, m[1]!, ls + m.index + m[0].length, le, ls, false));
  }
}

/** A plist `<string>` after `<key>`: on the key's line from `at`, or alone on the next line. */
function plistValue(text: string, name: string, at: number, le: number): Assignment | undefined {
  let from = at;
  let end = le;
  if (text.slice(at, le).trim() === "") {
    end = lineEnd(text, le + 1);
    const m = /^[ \t]*<string>/.exec(text.slice(le + 1, end));
    if (!m) return undefined;
    from = le + 1 + m[0].length;
  } else if (!text.startsWith("<string>", at - 8)) return undefined;
  const close = text.indexOf("</string>", from);
  if (close < 0 || close > end) return undefined;
  return { name, value: text.slice(from, close), start: from, end: close, quoted: true };
}
