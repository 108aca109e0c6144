/**
 * The environment every git process of hush runs with: the user's own (GIT_DIR, HOME, their
 * config), but never a pager, a credential prompt or an external diff tool, and git's messages in
 * one language (they are parsed, and passed on in errors).
 */
export function gitEnv(): NodeJS.ProcessEnv {
  return {
    ...process.env,
    GIT_PAGER: "cat",
    GIT_TERMINAL_PROMPT: "0",
    GIT_EXTERNAL_DIFF: "",
    LC_ALL: "C",
  };
}
