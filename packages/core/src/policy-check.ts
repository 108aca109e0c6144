/**
 * `hush policy check`: what a policy parses into but cannot mean. The parser refuses what it cannot
 * read (with the line); these are rules it reads whose path can never match a file, so the files
 * someone meant to protect would silently fall to another rule or to none.
 */
import type { Policy, PolicyRule } from "./policy.js";

/** One problem with a rule, at its line in the policy file. */
export interface PolicyWarning {
  line: number;
  /** 1-based rule number. */
  rule: number;
  message: string;
}

/** Why a rule's glob can never match a path below the policy's folder, or undefined. */
export function globProblem(glob: string): string | undefined {
  if (glob.trim() === "") return "the path is empty";
  if (glob.startsWith("/") || /^[A-Za-z]:[\\/]/.test(glob))
    return "the path is absolute, but rule paths are relative to the policy's folder";
  if (glob.split("/").includes(".."))
    return "the path has a .. segment, but rule paths only match files below the policy's folder";
  if (glob.includes("\\"))
    return "the path has a backslash: write folders with / (it escapes the next character)";
  if (glob.includes("[]")) return "the path has an empty [] class, which matches no character";
  const open = glob.lastIndexOf("[");
  if (open >= 0 && !glob.includes("]", open))
    return "a [ is never closed: the glob would look for a literal [";
  let depth = 0;
  for (const c of glob) {
    if (c === "{") depth++;
    else if (c === "}") depth = Math.max(0, depth - 1);
  }
  if (depth > 0) return "a { is never closed: the glob would look for a literal {";
  return undefined;
}

/** Every warning for the rules of a parsed policy, in file order. */
export function checkPolicy(policy: Policy): PolicyWarning[] {
  const out: PolicyWarning[] = [];
  const seen = new Map<string, number>();
  policy.rules.forEach((rule: PolicyRule, i) => {
    if (rule.path === undefined) return;
    const problem = globProblem(rule.path);
    if (problem !== undefined)
      out.push({
        line: rule.line,
        rule: i + 1,
        message: `path ${JSON.stringify(rule.path)}: ${problem}`,
      });
    const earlier = seen.get(rule.path);
    if (earlier !== undefined)
      out.push({
        line: rule.line,
        rule: i + 1,
        message: `path ${JSON.stringify(rule.path)} is the path of rule ${earlier}, which wins: this rule is never used`,
      });
    else seen.set(rule.path, i + 1);
  });
  return out;
}
