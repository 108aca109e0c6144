/**
 * A staged change to the guard's own configuration (`.hush.yaml`/`.sops.yaml`, `.hushignore`) must
 * not silence the commit that carries it. What weakens the guard — an added `scan.ignore` glob or
 * any other `scan` setting, a rule removed, its path changed, its encryption options changed or
 * another rule put ahead of it with other options, the policy removed, a fingerprint added to
 * `.hushignore` — takes effect only once committed: until then the files are judged under the
 * stronger of the committed and the staged configuration, and the change itself is a finding
 * unless the commit holds nothing but configuration (the author commits it alone first).
 */
import path from "node:path";
import type { EncryptionRules, Policy, PolicyRule, ResolvedRule } from "@hush/core";
import { shellPath, type GuardFinding } from "./findings.js";
import { policyFromText, relInside, type PolicyView } from "./policy.js";
import type * as CoreModule from "@hush/core";

type PolicyPart = Pick<typeof CoreModule, "parsePolicy" | "parseSopsConfig" | "resolveRule">;

/** The policy the checks judge under; `moreOptions` while a staged policy changes a rule's options. */
export type JudgingPolicy = PolicyView & {
  moreOptions?: (rel: string) => Promise<EncryptionRules[]>;
};

/** The files that configure the guard, at the repository root. */
export const CONFIG_FILES: readonly string[] = [".hush.yaml", ".sops.yaml", ".hushignore"];

/** One change that weakens the guard, where it is. */
export interface Weakening {
  /** The configuration file, relative to the repository root. */
  path: string;
  line: number;
  /** What changed, for the finding (never a secret: globs, rule paths, fingerprints). */
  change: string;
}

function label(r: PolicyRule): string {
  if (r.path !== undefined) return `"${r.path}"`;
  return r.pathRegex === undefined ? "every path" : `path_regex "${r.pathRegex}"`;
}

function matcher(r: PolicyRule): string {
  return r.path !== undefined ? `glob:${r.path}` : `regex:${r.pathRegex ?? ""}`;
}

/** The options as a comparable string: unset, empty and false count as absent. */
function options(r: { rules: EncryptionRules }): string {
  const set = Object.entries(r.rules)
    .filter(([, v]) => v !== undefined && v !== "" && v !== false)
    .sort(([a], [b]) => (a < b ? -1 : 1));
  return JSON.stringify(set);
}

/** Where a staged scan setting appears in the policy text (best effort), for the finding's line. */
function lineOf(text: string | undefined, needle: string): number {
  if (text === undefined) return 1;
  const at = text.indexOf(needle);
  return at < 0 ? 1 : text.slice(0, at).split("\n").length;
}

/**
 * How the staged policy weakens the committed one.
 * @param head - the committed policy (undefined: none)
 * @param staged - the staged policy (undefined: removed)
 * @param stagedText - the staged policy's text, to place scan findings on their line
 */
export function policyWeakenings(
  head: { policy: Policy; rel: string } | undefined,
  staged: { policy: Policy; rel: string; text: string } | undefined,
): Weakening[] {
  if (staged === undefined) {
    return head === undefined
      ? []
      : [{ path: head.rel, line: 1, change: `removes the policy ${head.rel}` }];
  }
  const out: Weakening[] = [];
  const at = (line: number, change: string): number => out.push({ path: staged.rel, line, change });
  const was = head?.policy;
  for (const [key, value] of Object.entries(staged.policy.scan) as [string, unknown][]) {
    const before = (was?.scan as Record<string, unknown> | undefined)?.[key];
    if (Array.isArray(value)) {
      const old = Array.isArray(before) ? (before as unknown[]) : [];
      for (const v of value)
        if (!old.includes(v))
          at(lineOf(staged.text, String(v)), `scan.${key} adds ${JSON.stringify(v)}`);
    } else if (JSON.stringify(value) !== JSON.stringify(before)) {
      at(lineOf(staged.text, key), `scan.${key} changes`);
    }
  }
  if (was === undefined) return out;
  const now = staged.policy.rules;
  was.rules.forEach((h, hi) => {
    const sj = now.findIndex((s) => matcher(s) === matcher(h));
    const s = now[sj];
    if (s === undefined) {
      at(1, `removes the rule for ${label(h)} (or changes its path)`);
      return;
    }
    if (options(s) !== options(h))
      at(s.line, `changes the encryption options of the rule for ${label(h)}`);
    // First match wins: a rule now ahead of it takes its files, which matters only with other options.
    for (const e of now.slice(0, sj)) {
      const ei = was.rules.findIndex((x) => matcher(x) === matcher(e));
      if (ei >= 0 && ei < hi) continue;
      if (options(e) !== options(h))
        at(
          e.line,
          `puts the rule for ${label(e)} ahead of the rule for ${label(h)}, with other encryption options`,
        );
    }
  });
  return out;
}

/**
 * Fingerprints the staged `.hushignore` adds to the committed one, one per line.
 * @param parse - core's `.hushignore` parser
 */
export function ignoreWeakenings(
  head: string | undefined,
  staged: string | undefined,
  parse: (text: string) => Set<string>,
): Weakening[] {
  if (staged === undefined) return [];
  const had = parse(head ?? "");
  const out: Weakening[] = [];
  staged.split("\n").forEach((line, i) => {
    for (const fp of parse(line)) {
      if (!had.has(fp))
        out.push({
          path: ".hushignore",
          line: i + 1,
          change: `.hushignore adds fingerprint ${fp.slice(0, 12)}…`,
        });
    }
  });
  return out;
}

/** Fingerprints that silence a finding in this commit: those both the committed and the staged `.hushignore` hold. */
export function ignoredInBoth(head: Set<string>, staged: Set<string>): Set<string> {
  return new Set([...staged].filter((fp) => head.has(fp)));
}

/** A view answering for another folder's paths (the committed policy may sit elsewhere). */
function relTo(view: PolicyView, fromDir: string, rel: string): string | undefined {
  return view.dir === fromDir ? rel : relInside(view.dir, path.join(fromDir, rel));
}

/**
 * The policy a commit that changes it is judged under: a file is covered when either the staged or
 * the committed policy covers it (the staged rule first: new recipients apply at once), its values
 * must be encrypted under both rules' options, and `scan.ignore` skips a file only when both skip it.
 */
export function strongerOf(
  staged: PolicyView | undefined,
  head: PolicyView | undefined,
): (PolicyView & { moreOptions: (rel: string) => Promise<EncryptionRules[]> }) | undefined {
  const base = staged ?? head;
  if (base === undefined) return undefined;
  const ask = async <T>(
    view: PolicyView | undefined,
    rel: string,
    q: (v: PolicyView, r: string) => Promise<T>,
  ): Promise<T | undefined> => {
    if (view === undefined) return undefined;
    const r = relTo(view, base.dir, rel);
    return r === undefined ? undefined : q(view, r);
  };
  const rules = async (
    rel: string,
  ): Promise<[ResolvedRule | undefined, ResolvedRule | undefined]> => [
    await ask(staged, rel, (v, r) => v.ruleFor(r)),
    await ask(head, rel, (v, r) => v.ruleFor(r)),
  ];
  return {
    dir: base.dir,
    source: base.source,
    rel: base.rel,
    ruleFor: async (rel) => {
      const [s, h] = await rules(rel);
      return s ?? h;
    },
    moreOptions: async (rel) => {
      const [s, h] = await rules(rel);
      return s !== undefined && h !== undefined && options(s) !== options(h) ? [h.rules] : [];
    },
    ignored: async (rel) =>
      (await ask(staged, rel, (v, r) => v.ignored(r))) === true &&
      (await ask(head, rel, (v, r) => v.ignored(r))) === true,
    policy: () => base.policy(),
    save: () => undefined,
  };
}

/**
 * The policy as one side of the commit has it (`:` the index, `HEAD:` the last commit): the root's
 * `.hush.yaml`, else its `.sops.yaml` — the order `findPolicy` follows. Never a file above the
 * repository: discovery stops at the repository root (a folder above it is not the repository's
 * to decide, and a `.hush.yaml` planted there must not turn the guard off).
 */
function policyOnSide(
  root: string,
  side: ":" | "HEAD:",
  text: (name: string) => string | undefined,
  load: () => Promise<PolicyPart>,
): PolicyView | undefined {
  for (const name of [".hush.yaml", ".sops.yaml"]) {
    const committed = text(`${side}${name}`);
    if (committed !== undefined)
      return policyFromText(path.join(root, name), name, committed, load);
  }
  return undefined;
}

/**
 * The configuration a commit is judged under. Unchanged since HEAD (the usual case): the staged
 * policy (cached answers) and `.hushignore`. Changed: the stronger of both sides, and the changes
 * that weaken the guard.
 * @param o.text - a blob of the index (`:name`) or of HEAD (`HEAD:name`) for each of {@link CONFIG_FILES}
 * @param o.openStaged - the usual staged view, when the policy did not change
 */
export async function judgeConfiguration(o: {
  root: string;
  text: (name: string) => string | undefined;
  parseIgnore: (text: string) => Set<string>;
  load: () => Promise<PolicyPart>;
  openStaged: (text: (name: string) => string | undefined) => PolicyView | undefined;
}): Promise<{
  policy: JudgingPolicy | undefined;
  ignore: ReadonlySet<string>;
  weakenings: Weakening[];
  /** The configuration files the commit changes. */
  changed: string[];
}> {
  const { text } = o;
  const changed = CONFIG_FILES.filter((n) => text(`:${n}`) !== text(`HEAD:${n}`));
  const weakenings: Weakening[] = [];
  let policy: JudgingPolicy | undefined;
  if (changed.includes(".hush.yaml") || changed.includes(".sops.yaml")) {
    const staged = policyOnSide(o.root, ":", text, o.load);
    const head = policyOnSide(o.root, "HEAD:", text, o.load);
    policy = strongerOf(staged, head);
    const side = async (
      v: PolicyView | undefined,
    ): Promise<{ policy: Policy; rel: string } | undefined> =>
      v === undefined ? undefined : { policy: await v.policy(), rel: v.rel ?? v.source };
    const s = await side(staged);
    weakenings.push(
      ...policyWeakenings(
        await side(head),
        s === undefined ? undefined : { ...s, text: text(`:${s.rel}`) ?? "" },
      ),
    );
  } else {
    policy = o.openStaged(text);
  }
  const stagedIgnore = o.parseIgnore(text(":.hushignore") ?? "");
  let ignore: ReadonlySet<string> = stagedIgnore;
  if (changed.includes(".hushignore")) {
    ignore = ignoredInBoth(o.parseIgnore(text("HEAD:.hushignore") ?? ""), stagedIgnore);
    weakenings.push(
      ...ignoreWeakenings(text("HEAD:.hushignore"), text(":.hushignore"), o.parseIgnore),
    );
  }
  return { policy, ignore, weakenings, changed };
}

/** A weakening as a finding, for a commit that holds more than configuration. */
export function weakeningFinding(w: Weakening, changed: readonly string[]): GuardFinding {
  return {
    kind: "policy",
    path: w.path,
    line: w.line,
    column: 1,
    ruleId: "policy-weakened",
    description: `weakens the guard (${w.change}): a staged configuration change counts only once committed`,
    preview: w.change,
    fingerprint: undefined,
    fix: `commit the change alone first (git commit -m "…" -- ${changed.map(shellPath).join(" ")}), then commit the rest`,
  };
}
