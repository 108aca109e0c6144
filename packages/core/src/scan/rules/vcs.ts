// Version control and code hosting: GitHub (with the CRC32 checksum its tokens carry), GitLab's
// token family, Bitbucket, Atlassian, Azure DevOps and Sourcegraph.

import { B, E, token } from "../build.js";
import { hasValidTokenChecksum } from "../checksum.js";
import type { Confidence, Rule } from "../rule.js";

/** Checksummed tokens: a valid CRC32 means a real token shape; a failed one is still reported. */
function checksummed(secret: string): Confidence {
  return hasValidTokenChecksum(secret) ? "high" : "medium";
}

export const VCS_RULES: readonly Rule[] = [
  {
    id: "github-token",
    description:
      "GitHub token (classic personal, OAuth, user-to-server, server-to-server, refresh)",
    keywords: ["ghp_", "gho_", "ghu_", "ghs_", "ghr_"],
    pattern: new RegExp(String.raw`${B}(gh[pousr]_[A-Za-z0-9]{36})${E}`, "gd"),
    minEntropy: 3,
    check: checksummed,
  },
  token({
    id: "github-fine-grained-pat",
    description: "GitHub fine-grained personal access token",
    prefixes: ["github_pat_"],
    body: "[A-Za-z0-9]{22}_[A-Za-z0-9]{59}",
    minEntropy: 3.5,
  }),
  {
    id: "gitlab-token",
    description: "GitLab personal, project, deploy, runner, CI job, feed, OAuth or SCIM token",
    keywords: [
      "glpat-",
      "gldt-",
      "glrt-",
      "glptt-",
      "glcbt-",
      "glffct-",
      "glft-",
      "glimt-",
      "glagent-",
      "gloas-",
      "glsoat-",
      "GR1348941",
    ],
    pattern: new RegExp(
      String.raw`${B}((?:(?:glpat|gldt|glrt|glptt|glcbt|glffct|glft|glimt|glagent|gloas|glsoat)-|GR1348941)[A-Za-z0-9_-]{20,300}(?:\.[0-9a-z]{2}\.?[0-9a-z]{7,9})?)(?![A-Za-z0-9_-])`,
      "gd",
    ),
    minEntropy: 3,
  },
  token({
    id: "gitlab-session-cookie",
    description: "GitLab session cookie",
    prefixes: ["_gitlab_session="],
    body: "[0-9a-z]{32}",
    boundary: { before: "", after: E },
  }),
  token({
    id: "bitbucket-token",
    description: "Bitbucket app password, API token or Data Center access token",
    prefixes: ["ATBB", "BBDC-"],
    body: "[A-Za-z0-9_+/=-]{28,60}",
    minEntropy: 3.5,
  }),
  token({
    id: "atlassian-api-token",
    description: "Atlassian (Jira, Confluence) API or service-account token",
    prefixes: ["ATATT3", "ATCTT3", "ATSTT3"],
    body: "[A-Za-z0-9_=-]{150,250}",
    minEntropy: 4,
  }),
  token({
    id: "sourcegraph-token",
    description: "Sourcegraph access token or Segment public API token",
    prefixes: ["sgp_"],
    body: "(?:(?:[a-f0-9]{16}|local)_[a-f0-9]{40}|[a-f0-9]{40}|[A-Za-z0-9]{64})",
  }),
  token({
    id: "sourcegraph-dotcom-token",
    description: "Sourcegraph dotcom user gateway, license or subscription token",
    prefixes: ["sgd_", "slk_", "sgs_"],
    body: "[A-Za-z0-9_]{40,80}",
    minEntropy: 3.5,
  }),
];
