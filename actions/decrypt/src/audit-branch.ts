// Append the audit record as a commit on a branch of the repository, without touching the
// checkout: the new file, tree and commit are built with git plumbing and pushed with the
// credentials the checkout left in the repository's config (actions/checkout's auth header).
import { chainHead, chainRecord } from "@hush/core/audit";
import { HushError } from "@hush/core/errors";
import { git, type GitResult } from "./git.js";

/** The log's file name on the audit branch. */
export const AUDIT_BRANCH_FILE = "audit.jsonl";
const ATTEMPTS = 5;
const AUTHOR = {
  GIT_AUTHOR_NAME: "hush audit",
  GIT_AUTHOR_EMAIL: "41898282+github-actions[bot]@users.noreply.github.com",
  GIT_COMMITTER_NAME: "hush audit",
  GIT_COMMITTER_EMAIL: "41898282+github-actions[bot]@users.noreply.github.com",
};

function fail(what: string, r: GitResult): never {
  const detail = r.stderr.trim().split("\n").at(-1) ?? "";
  throw new HushError(
    "ERR_AUDIT",
    `audit branch: ${what} failed${detail === "" ? "" : `: ${detail}`}`,
    {
      hint: "the job needs permissions: contents: write and a checkout with persisted credentials",
    },
  );
}

async function must(
  cwd: string,
  what: string,
  args: readonly string[],
  input?: string,
): Promise<string> {
  const r = await git(cwd, args, { env: AUTHOR, ...(input === undefined ? {} : { input }) });
  if (r.code !== 0) fail(what, r);
  return r.stdout;
}

/**
 * Append one chained record to `audit.jsonl` on `branch` of `origin` (created as an orphan branch
 * when absent) and push it. A push that loses a race with another job is retried on top of the
 * new tip, so concurrent deploys extend one chain instead of forking it.
 * @throws HushError ERR_AUDIT
 */
export async function appendAuditBranch(
  repo: string,
  branch: string,
  fields: Record<string, unknown>,
  message: string,
  key: string | undefined,
): Promise<{ hash: string; seq: number; commit: string }> {
  const ref = `refs/heads/${branch}`;
  const local = `refs/hush/audit/${branch}`;
  for (let attempt = 1; ; attempt++) {
    const remote = await must(repo, "git ls-remote", ["ls-remote", "origin", ref]);
    let parent: string | undefined;
    let existing = "";
    let entries: string[] = [];
    if (remote.trim() !== "") {
      await must(repo, "git fetch", [
        "fetch",
        "--no-tags",
        "--quiet",
        "origin",
        `+${ref}:${local}`,
      ]);
      parent = (await must(repo, "git rev-parse", ["rev-parse", `${local}^{commit}`])).trim();
      const tree = await must(repo, "git ls-tree", ["ls-tree", "-z", parent]);
      entries = tree.split("\0").filter((e) => e !== "" && !e.endsWith(`\t${AUDIT_BRANCH_FILE}`));
      const file = await git(repo, ["cat-file", "blob", `${parent}:${AUDIT_BRANCH_FILE}`]);
      if (file.code === 0) existing = file.stdout;
    }
    const record = chainRecord(fields, chainHead(existing), key);
    const separator = existing === "" || existing.endsWith("\n") ? "" : "\n";
    const blob = (
      await must(
        repo,
        "git hash-object",
        ["hash-object", "-w", "--stdin"],
        `${existing}${separator}${record.line}\n`,
      )
    ).trim();
    const treeInput = [...entries, `100644 blob ${blob}\t${AUDIT_BRANCH_FILE}`]
      .map((e) => `${e}\0`)
      .join("");
    const tree = (await must(repo, "git mktree", ["mktree", "-z"], treeInput)).trim();
    const commit = (
      await must(repo, "git commit-tree", [
        "commit-tree",
        tree,
        ...(parent === undefined ? [] : ["-p", parent]),
        "-m",
        message,
      ])
    ).trim();
    const push = await git(repo, ["push", "--quiet", "origin", `${commit}:${ref}`], {
      env: AUTHOR,
    });
    if (push.code === 0) {
      await git(repo, ["update-ref", local, commit]);
      return { hash: record.hash, seq: record.seq, commit };
    }
    const lost = /\[rejected\]|non-fast-forward|fetch first|stale info|cannot lock ref/i.test(
      push.stderr,
    );
    if (!lost || attempt >= ATTEMPTS) fail("git push", push);
  }
}
