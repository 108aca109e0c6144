// Observability, monitoring, analytics and feature flags: Datadog, New Relic, Sentry, Grafana,
// Dynatrace, Honeycomb, PostHog, LaunchDarkly, Statsig.

import { B, E, token } from "../build.js";
import type { Rule } from "../rule.js";

const UUID = "[a-f0-9]{8}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{12}";

export const OBSERVABILITY_RULES: readonly Rule[] = [
  token({
    id: "new-relic-key",
    description: "New Relic user, ingest, insights, REST or admin key",
    prefixes: ["NRAK-", "NRII-", "NRIQ-", "NRRA-", "NRAA-", "NRSP-"],
    body: "[A-Za-z0-9_-]{27,42}",
    minEntropy: 3.5,
  }),
  {
    id: "new-relic-license-key",
    description: "New Relic license (ingest) key",
    keywords: ["NRAL"],
    pattern: new RegExp(String.raw`${B}([a-f0-9]{36}NRAL)${E}`, "gd"),
  },
  token({
    id: "sentry-token",
    description: "Sentry organization, user or integration auth token",
    prefixes: ["sntrys_eyJ", "sntryu_", "sntryi_"],
    body: String.raw`[A-Za-z0-9+/=_]{40,400}`,
    boundary: { before: B, after: String.raw`(?![A-Za-z0-9+/=_-])` },
    minEntropy: 3.5,
  }),
  token({
    id: "grafana-token",
    description: "Grafana Cloud token, service-account token or API key",
    prefixes: ["glc_", "glsa_", "eyJrIjoi"],
    body: String.raw`[A-Za-z0-9+/_]{32,400}={0,3}`,
    boundary: { before: B, after: String.raw`(?![A-Za-z0-9+/=_-])` },
    minEntropy: 3.5,
  }),
  token({
    id: "dynatrace-token",
    description: "Dynatrace API or platform token",
    prefixes: ["dt0c01.", "dt0s01.", "dt0s02.", "dt0a01.", "dt0s08."],
    body: String.raw`[A-Za-z0-9]{24}\.[A-Za-z0-9]{64}`,
    boundary: { before: String.raw`(?<![A-Za-z0-9_.-])`, after: E },
  }),
  token({
    id: "honeycomb-api-key",
    description: "Honeycomb ingest or management key",
    prefixes: ["hcaik_", "hcxik_", "hcamk_", "hcxmk_"],
    body: "[a-z0-9]{20,64}",
  }),
  token({
    id: "posthog-api-key",
    description: "PostHog personal, secure feature-flag or OAuth key",
    prefixes: ["phx_", "phs_", "pha_", "phr_"],
    body: "[A-Za-z0-9]{39,50}",
    minEntropy: 3.5,
  }),
  token({
    id: "launchdarkly-key",
    description: "LaunchDarkly API access token or server-side SDK key",
    prefixes: ["api-", "sdk-"],
    body: UUID,
  }),
  token({
    id: "statsig-server-secret",
    description: "Statsig server secret key",
    prefixes: ["secret-"],
    body: "[A-Za-z0-9]{40,50}",
    minEntropy: 4,
  }),
  token({
    id: "checkly-api-key",
    description: "Checkly API key",
    prefixes: ["cu_"],
    body: "[a-f0-9]{32}",
  }),
];
