// CI/CD, infrastructure as code, secret managers and package registries: npm and PyPI (checksummed
// or self-describing), RubyGems, NuGet, crates.io, Docker Hub, JFrog, Clojars, CircleCI,
// Buildkite, Terraform Cloud, Pulumi, Doppler, Vault, 1Password, Harness, Octopus, Scalingo,
// SonarQube, Postman, Prefect, ReadMe, Databricks, Tailscale and more.

import { B, E, token } from "../build.js";
import { hasValidTokenChecksum } from "../checksum.js";
import { charClasses } from "../entropy.js";
import type { Rule } from "../rule.js";

function mixedCase(secret: string, atLeast: number): boolean {
  const c = charClasses(secret);
  return c.upper >= atLeast && c.lower >= atLeast;
}

export const DEVOPS_RULES: readonly Rule[] = [
  {
    id: "npm-token",
    description: "npm access token",
    keywords: ["npm_"],
    pattern: /(?<![A-Za-z0-9_])(npm_[A-Za-z0-9]{36})(?![A-Za-z0-9_])/dg,
    minEntropy: 3,
    check: (s) =>
      hasValidTokenChecksum(s) ? "high" : mixedCase(s, 2) && /[0-9]/.test(s) ? "medium" : false,
  },
  {
    // Before `npm_` tokens (2021) the registry issued UUIDs; an .npmrc still holding one is a
    // credential by its place, where a UUID elsewhere is an identifier.
    id: "npm-legacy-token",
    description: "npm legacy access token (a UUID as .npmrc _authToken)",
    keywords: ["_authtoken"],
    pattern:
      /:_authToken["']?[ \t]*[=:][ \t]*["']?([a-f0-9]{8}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{12})(?![\w-])/dg,
    minEntropy: 3,
  },
  {
    id: "pypi-token",
    description: "PyPI upload token",
    keywords: ["pypi-AgEIcHlwaS5vcmc", "pypi-AgENdGVzdC5weXBpLm9yZw"],
    pattern: /(pypi-AgE(?:IcHlwaS5vcmc|NdGVzdC5weXBpLm9yZw)[A-Za-z0-9_-]{50,1000})/dg,
  },
  token({
    id: "rubygems-api-key",
    description: "RubyGems API key",
    prefixes: ["rubygems_"],
    body: "[a-f0-9]{48}",
  }),
  token({
    id: "nuget-api-key",
    description: "NuGet API key",
    prefixes: ["oy2"],
    body: "[a-z0-9]{43}",
    minEntropy: 3.5,
  }),
  token({
    id: "crates-io-token",
    description: "crates.io API token",
    prefixes: ["cio"],
    body: "[A-Za-z0-9]{32}",
    minEntropy: 3.5,
    check: (s) => (mixedCase(s, 2) && /[0-9]/.test(s) ? "medium" : false),
  }),
  token({
    id: "docker-hub-token",
    description: "Docker Hub personal or organization access token",
    prefixes: ["dckr_pat_", "dckr_oat_"],
    body: "[A-Za-z0-9_-]{27,40}",
  }),
  token({
    id: "docker-swarm-token",
    description: "Docker Swarm join token or unlock key",
    prefixes: ["SWMTKN-1-", "SWMKEY-1-"],
    body: "[A-Za-z0-9+/-]{40,90}",
  }),
  token({
    id: "jfrog-token",
    description: "JFrog Artifactory API key or reference token",
    prefixes: ["AKCp", "cmVmdGtu"],
    body: "[A-Za-z0-9]{56,72}",
    minEntropy: 4,
  }),
  token({
    id: "clojars-token",
    description: "Clojars deploy token",
    prefixes: ["CLOJARS_"],
    body: "[a-z0-9]{60}",
  }),
  token({
    id: "circleci-token",
    description: "CircleCI personal or project API token",
    prefixes: ["CCIPAT_", "CCIPRJ_"],
    body: "[A-Za-z0-9]{22}_[a-f0-9]{40}",
  }),
  token({
    id: "buildkite-token",
    description: "Buildkite API, agent or packages token",
    prefixes: ["bkua_", "bkat_", "bkaj_", "bkct_", "bkcq_", "bkpt_"],
    body: "[A-Za-z0-9]{40,80}",
  }),
  {
    id: "terraform-cloud-token",
    description: "Terraform Cloud / Enterprise API token",
    keywords: ["atlasv1"],
    pattern:
      /(?<![A-Za-z0-9_.-])([A-Za-z0-9]{14}\.atlasv1\.[A-Za-z0-9_=-]{60,70})(?![A-Za-z0-9_=-])/dg,
    minEntropy: 3.5,
  },
  token({
    id: "pulumi-access-token",
    description: "Pulumi access token",
    prefixes: ["pul-"],
    body: "[a-f0-9]{40}",
  }),
  token({
    id: "doppler-token",
    description: "Doppler token",
    prefixes: ["dp.pt.", "dp.st.", "dp.sa.", "dp.ct.", "dp.scim.", "dp.audit."],
    body: "[A-Za-z0-9_.-]{40,200}",
    boundary: { before: String.raw`(?<![A-Za-z0-9_.-])`, after: E },
    minEntropy: 3.5,
  }),
  token({
    id: "vault-token",
    description: "HashiCorp Vault service, batch or recovery token",
    prefixes: ["hvs.", "hvb.", "hvr."],
    body: "[A-Za-z0-9_-]{24,400}",
    boundary: { before: String.raw`(?<![A-Za-z0-9_.-])`, after: E },
    minEntropy: 3.5,
  }),
  token({
    id: "onepassword-token",
    description: "1Password service-account token",
    prefixes: ["ops_eyJ"],
    body: "[A-Za-z0-9+/_-]{200,2000}={0,3}",
    boundary: { before: B, after: String.raw`(?![A-Za-z0-9+/=_-])` },
    minEntropy: 4,
  }),
  {
    id: "onepassword-secret-key",
    description: "1Password account secret key",
    keywords: ["A3-"],
    pattern:
      /(?<![A-Za-z0-9-])(A3-[A-Z0-9]{6}-(?:[A-Z0-9]{11}|[A-Z0-9]{6}-[A-Z0-9]{5})-[A-Z0-9]{5}-[A-Z0-9]{5}-[A-Z0-9]{5})(?![A-Za-z0-9-])/dg,
    minEntropy: 3.5,
  },
  {
    id: "harness-token",
    description: "Harness personal or service-account token",
    keywords: ["pat.", "sat."],
    pattern:
      /(?<![A-Za-z0-9_.-])((?:pat|sat)\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9]{24}\.[A-Za-z0-9]{20})(?![A-Za-z0-9_-])/dg,
  },
  token({
    id: "octopus-deploy-api-key",
    description: "Octopus Deploy API key",
    prefixes: ["API-"],
    body: "[A-Z0-9]{26,32}",
    minEntropy: 3.5,
    check: (s) => (/[0-9]/.test(s.slice(4)) && /[A-Z]/.test(s.slice(4)) ? "medium" : false),
  }),
  token({
    id: "scalingo-api-token",
    description: "Scalingo API token",
    prefixes: ["tk-us-"],
    body: "[A-Za-z0-9_-]{48}",
  }),
  token({
    id: "sonarqube-token",
    description: "SonarQube / SonarCloud user, project or global token",
    prefixes: ["sqp_", "squ_", "sqa_"],
    body: "[a-f0-9]{40}",
  }),
  token({
    id: "postman-api-key",
    description: "Postman API key or collection access key",
    prefixes: ["PMAK-", "PMAT-"],
    body: "(?:[a-f0-9]{24}-[a-f0-9]{34}|[A-Z0-9]{26})",
  }),
  token({
    id: "prefect-api-key",
    description: "Prefect user or server API key",
    prefixes: ["pnu_", "pnb_"],
    body: "[A-Za-z0-9]{36}",
    minEntropy: 3.5,
  }),
  token({
    id: "readme-api-key",
    description: "ReadMe API key",
    prefixes: ["rdme_"],
    body: "[a-z0-9]{70}",
  }),
  token({
    id: "databricks-token",
    description: "Databricks personal access or OAuth secret token",
    prefixes: ["dapi", "dose"],
    body: "[a-f0-9]{32}(?:-[0-9])?",
  }),
  token({
    id: "clickhouse-cloud-key",
    description: "ClickHouse Cloud API secret key",
    prefixes: ["4b1d"],
    body: "[A-Za-z0-9]{38}",
    minEntropy: 3.5,
  }),
  token({
    id: "tailscale-key",
    description: "Tailscale API, auth, OAuth client, SCIM or webhook key",
    prefixes: ["tskey-api-", "tskey-auth-", "tskey-client-", "tskey-scim-", "tskey-webhook-"],
    body: "[A-Za-z0-9]{8,20}-[A-Za-z0-9]{16,50}",
  }),
  token({
    id: "defined-networking-api-key",
    description: "Defined Networking (managed Nebula) API key",
    prefixes: ["dnkey-"],
    body: "[a-z0-9=_-]{26}-[a-z0-9=_-]{52}",
  }),
  token({
    id: "infracost-api-key",
    description: "Infracost API key",
    prefixes: ["ico-"],
    body: "[A-Za-z0-9]{32}",
    minEntropy: 3.5,
  }),
  token({
    id: "settlemint-token",
    description: "SettleMint access token",
    prefixes: ["sm_aat_", "sm_pat_", "sm_sat_"],
    body: "[A-Za-z0-9]{16}",
  }),
  token({
    id: "frameio-token",
    description: "Frame.io developer token",
    prefixes: ["fio-u-"],
    body: "[A-Za-z0-9_=-]{64}",
  }),
  token({
    id: "maxmind-license-key",
    description: "MaxMind license key",
    prefixes: [],
    keywords: ["_mmk"],
    body: "[A-Za-z0-9]{6}_[A-Za-z0-9]{29}_mmk",
    minEntropy: 3.5,
  }),
  token({
    id: "rootly-api-key",
    description: "Rootly API key",
    prefixes: ["rootly_"],
    body: "[a-f0-9]{64}",
  }),
  token({
    id: "unkey-root-key",
    description: "Unkey root key",
    prefixes: ["unkey_"],
    body: "[A-Za-z0-9]{20,40}",
    minEntropy: 3.5,
  }),
  token({
    id: "wakatime-key",
    description: "WakaTime API key, app secret or OAuth token",
    prefixes: ["waka_sec_", "waka_tok_", "waka_ref_", "waka_"],
    body: "(?:[a-f0-9]{8}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{12}|[A-Za-z0-9]{40,80})",
  }),
];
