// Productivity, collaboration, CRM, content and social platforms: Notion, Linear, Airtable,
// Figma, Typeform, HubSpot, Contentful, Dropbox, Trello, ClickUp, Salesforce, Mapbox, Facebook,
// Twitter/X, Pinterest, Adobe, Doppler-style SaaS tokens.

import { B, E, token } from "../build.js";
import type { Rule } from "../rule.js";

const UUID = "[a-f0-9]{8}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{12}";

export const SAAS_RULES: readonly Rule[] = [
  token({
    id: "notion-token",
    description: "Notion integration token",
    prefixes: ["ntn_", "secret_"],
    body: "(?:[0-9]{11}[A-Za-z0-9]{35}|[A-Za-z0-9]{43})",
    minEntropy: 3.5,
  }),
  token({
    id: "linear-api-key",
    description: "Linear API key or OAuth token",
    prefixes: ["lin_api_", "lin_oauth_"],
    body: "[A-Za-z0-9]{40,64}",
    minEntropy: 3.5,
  }),
  {
    id: "airtable-token",
    description: "Airtable personal access token",
    keywords: ["pat"],
    pattern: new RegExp(String.raw`${B}(pat[A-Za-z0-9]{14}\.[a-f0-9]{64})${E}`, "gd"),
    minEntropy: 3.5,
  },
  token({
    id: "figma-token",
    description: "Figma personal access or SCIM token",
    prefixes: ["figd_", "figs_", "figu_"],
    body: "[A-Za-z0-9_-]{38,60}",
    minEntropy: 3.5,
  }),
  token({
    id: "typeform-token",
    description: "Typeform personal access token",
    prefixes: ["tfp_"],
    body: "[A-Za-z0-9_.=-]{40,70}",
    minEntropy: 3.5,
  }),
  token({
    id: "hubspot-token",
    description: "HubSpot private app or personal access token",
    prefixes: ["pat-na1-", "pat-na2-", "pat-eu1-", "pat-ap1-"],
    body: UUID,
  }),
  token({
    id: "contentful-token",
    description: "Contentful personal access token",
    prefixes: ["CFPAT-"],
    body: "[A-Za-z0-9_-]{43}",
  }),
  token({
    id: "dropbox-token",
    description: "Dropbox short-lived access token",
    prefixes: ["sl.u.", "sl."],
    body: "[A-Za-z0-9_-]{130,1400}",
    boundary: { before: String.raw`(?<![A-Za-z0-9_.-])`, after: E },
    minEntropy: 4,
  }),
  token({
    id: "trello-token",
    description: "Trello / Atlassian Trello API token",
    prefixes: ["ATTA"],
    body: "[a-f0-9]{64}[A-F0-9]{8}",
  }),
  token({
    id: "clickup-token",
    description: "ClickUp personal API token",
    prefixes: ["pk_"],
    body: "[0-9]{6,12}_[A-Z0-9]{32}",
  }),
  {
    id: "salesforce-token",
    description: "Salesforce access token, consumer key or refresh token",
    keywords: ["00D", "3MVG9", "5Aep861"],
    pattern:
      /(?<![A-Za-z0-9_])(00D[A-Za-z0-9]{12,15}![A-Za-z0-9._]{80,120}|3MVG9[A-Za-z0-9._]{70,90}|5Aep861[A-Za-z0-9._]{70,90})(?![A-Za-z0-9._])/dg,
    minEntropy: 4,
  },
  {
    id: "mapbox-secret-token",
    description: "Mapbox secret access token",
    keywords: ["sk.eyJ"],
    pattern:
      /(?<![A-Za-z0-9_.-])(sk\.eyJ[A-Za-z0-9_-]{10,200}\.[A-Za-z0-9_-]{20,60})(?![A-Za-z0-9_-])/dg,
    minEntropy: 3.5,
  },
  token({
    id: "facebook-access-token",
    description: "Facebook / Meta access token",
    prefixes: ["EAAC", "EAAG", "EAAB", "EAAJ", "EAAU", "EAAM", "EAAI"],
    body: "[A-Za-z0-9]{100,400}",
    minEntropy: 4,
  }),
  {
    id: "twitter-bearer-token",
    description: "Twitter / X API bearer token",
    keywords: ["AAAAAAAAAAAAAAAAAAAAA"],
    pattern: /(?<![A-Za-z0-9%])(A{22}[A-Za-z0-9%]{80,120})(?![A-Za-z0-9%])/dg,
    minEntropy: 3,
  },
  token({
    id: "pinterest-token",
    description: "Pinterest access or refresh token",
    prefixes: ["pina_", "pinr."],
    body: "[A-Za-z0-9]{60,200}",
    minEntropy: 4,
  }),
  token({
    id: "adobe-client-secret",
    description: "Adobe OAuth client secret",
    prefixes: ["p8e-"],
    body: "[A-Za-z0-9]{32}",
    minEntropy: 3,
  }),
  token({
    id: "linkedin-client-secret",
    description: "LinkedIn client secret",
    prefixes: ["WPL_AP0.", "WPL_AP1."],
    body: "[A-Za-z0-9+/=._-]{16,80}",
    minEntropy: 3.5,
  }),
  token({
    id: "lichess-token",
    description: "Lichess personal or OAuth token",
    prefixes: ["lip_", "lio_"],
    body: "[A-Za-z0-9]{16,24}",
    minEntropy: 3.5,
  }),
  token({
    id: "ionic-token",
    description: "Ionic personal access or refresh token",
    prefixes: ["ion_"],
    body: "[A-Za-z0-9]{42}",
    minEntropy: 3.5,
  }),
  token({
    id: "adafruit-io-key",
    description: "Adafruit IO key",
    prefixes: ["aio_"],
    body: "[A-Za-z0-9]{28}",
    minEntropy: 3.5,
  }),
  token({
    id: "apify-token",
    description: "Apify API token",
    prefixes: ["apify_api_", "apify_ui_"],
    body: "[A-Za-z0-9]{36}",
  }),
  token({
    id: "polar-token",
    description: "Polar access, refresh or client token",
    prefixes: ["polar_pat_", "polar_at_u_", "polar_at_o_", "polar_rt_", "polar_cs_", "polar_oat_"],
    body: "[A-Za-z0-9]{30,60}",
  }),
  token({
    id: "intra42-client-secret",
    description: "42 Intra API client secret",
    prefixes: ["s-s4t2ud-", "s-s4t2af-"],
    body: "[a-f0-9]{64}",
    minEntropy: 3,
  }),
  token({
    id: "canva-secret",
    description: "Canva Connect API secret",
    prefixes: ["cnvca"],
    body: "[A-Za-z0-9_-]{40,80}",
    minEntropy: 3.5,
  }),
];
