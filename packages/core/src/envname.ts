import { HushError } from "./errors.js";

const VALID = /^[A-Za-z_][A-Za-z0-9_]*$/;

// Names that change how later processes start or where they look things up; a secrets file must
// never be able to set them (GitHub's own contexts, loaders, shells and runtimes).
const DENIED_PREFIXES = ["GITHUB_", "RUNNER_", "ACTIONS_", "LD_", "DYLD_", "INPUT_", "STATE_", "NODE_"];
const DENIED_NAMES = new Set([
  "BASH_ENV",
  "ENV",
  "PATH",
  "HOME",
  "SHELL",
  "SHELLOPTS",
  "BASHOPTS",
  "PS4",
  "IFS",
  "CDPATH",
  "NODE_OPTIONS",
  "PYTHONPATH",
  "PYTHONSTARTUP",
  "PERL5LIB",
  "PERL5OPT",
  "RUBYOPT",
  "RUBYLIB",
  "JAVA_TOOL_OPTIONS",
  "_JAVA_OPTIONS",
  "GIT_DIR",
  "GIT_SSH_COMMAND",
  "GIT_CONFIG_GLOBAL",
  "CI",
]);

/** Why `name` cannot become an environment variable, or undefined when it can. */
export function envNameProblem(name: string): string | undefined {
  if (!VALID.test(name)) return "not of the form [A-Za-z_][A-Za-z0-9_]*";
  const upper = name.toUpperCase();
  if (DENIED_NAMES.has(upper)) return "reserved name";
  if (DENIED_PREFIXES.some((p) => upper.startsWith(p))) return "reserved prefix";
  return undefined;
}

/**
 * Throw unless `name` is a safe environment variable name.
 * @throws HushError ERR_ENV_NAME (the name is shown: names are keys, never values)
 */
export function assertEnvName(name: string): void {
  const problem = envNameProblem(name);
  if (problem !== undefined) {
    throw new HushError("ERR_ENV_NAME", `cannot export ${JSON.stringify(name)}: ${problem}`, {
      hint: "rename the key, or set a prefix",
    });
  }
}
