// Credential formats, written from the providers' documentation of their token formats
// (prefixes, lengths, alphabets, checksums) and GitHub's list of supported secret scanning
// patterns. Each maker returns a fresh fake from the seeded source; none is a real credential.
//
// A spec: { type, family, make(r), provider? } — `provider` marks a value with no prefix of its
// own, which only identifies itself next to the provider's name (the form then writes a name
// such as TWITTER_API_SECRET or nests it under `twitter:`).
import {
  ALNUM,
  B64,
  B64URL,
  BASE32,
  BECH32,
  DIGITS,
  HEX,
  LOWER,
  UPPER,
  b64,
  b64url,
  checksummed,
} from "./random.mjs";

const hexU = "0123456789ABCDEF";
const base36 = DIGITS + LOWER;

/** @type {Array<{type: string, family: string, make: (r: any) => string, provider?: string, secretName?: string}>} */
export const TOKENS = [];

function t(family, type, make, extra = {}) {
  TOKENS.push({ family, type, make, ...extra });
}

// ---- version control -------------------------------------------------------------------------
t("vcs", "github-classic-pat", (r) => checksummed(r, "ghp_"));
t("vcs", "github-oauth-token", (r) => checksummed(r, "gho_"));
t("vcs", "github-app-installation-token", (r) => checksummed(r, "ghs_"));
t("vcs", "github-user-to-server-token", (r) => checksummed(r, "ghu_"));
t("vcs", "github-refresh-token", (r) => checksummed(r, "ghr_"));
t("vcs", "github-fine-grained-pat", (r) => `github_pat_${r.s(ALNUM, 22)}_${r.s(ALNUM, 59)}`);
t("vcs", "gitlab-pat", (r) => `glpat-${r.s(B64URL, 20)}`);
t("vcs", "gitlab-pat-routable", (r) => `glpat-${r.s(B64URL, 38)}.01.${r.s(base36, 9)}`);
t("vcs", "gitlab-deploy-token", (r) => `gldt-${r.s(B64URL, 20)}`);
t("vcs", "gitlab-runner-token", (r) => `glrt-${r.s(B64URL, 20)}`);
t("vcs", "gitlab-pipeline-trigger", (r) => `glptt-${r.s(HEX, 40)}`);
t("vcs", "gitlab-ci-job-token", (r) => `glcbt-${r.int(1, 99)}_${r.s(B64URL, 20)}`);
t("vcs", "gitlab-oauth-secret", (r) => `gloas-${r.s(B64URL, 64)}`);
t("vcs", "gitlab-agent-token", (r) => `glagent-${r.s(B64URL, 50)}`);
t("vcs", "gitlab-runner-registration", (r) => `GR1348941${r.s(B64URL, 20)}`);
t("vcs", "bitbucket-app-password", (r) => `ATBB${r.s(ALNUM, 28)}${r.s(hexU, 8)}`);
t("vcs", "bitbucket-dc-token", (r) => `BBDC-${r.s(B64, 44)}`);
t("vcs", "atlassian-api-token", (r) => `ATATT3xFfGF0${r.s(B64URL, 170)}=${r.s(hexU, 8)}`);
t("vcs", "azure-devops-pat", (r) => r.s("abcdefghijklmnopqrstuvwxyz234567", 52), {
  provider: "azure_devops",
});
t("vcs", "sourcegraph-token", (r) => `sgp_${r.s(HEX, 16)}_${r.s(HEX, 40)}`);

// ---- cloud -----------------------------------------------------------------------------------
t("cloud", "aws-access-key-id", (r) => `AKIA${r.s(BASE32, 16)}`);
t("cloud", "aws-temporary-key-id", (r) => `ASIA${r.s(BASE32, 16)}`);
t("cloud", "aws-secret-access-key", (r) => r.s(B64, 40), {
  provider: "aws",
  secretName: "secret_access_key",
});
t("cloud", "aws-session-token", (r) => `IQoJb3JpZ2luX2VjE${r.s(B64, r.int(300, 400))}`, {
  provider: "aws",
  secretName: "session_token",
});
t("cloud", "gcp-api-key", (r) => `AIza${r.s(B64URL, 35)}`);
t("cloud", "google-oauth-client-secret", (r) => `GOCSPX-${r.s(B64URL, 28)}`);
t("cloud", "google-oauth-access-token", (r) => `ya29.a0${r.s(B64URL, 150)}`);
t("cloud", "google-oauth-refresh-token", (r) => `1//0${r.s(B64URL, 99)}`);
t("cloud", "firebase-fcm-server-key", (r) => `AAAA${r.s(B64URL, 7)}:APA91b${r.s(B64URL, 134)}`);
t("cloud", "azure-storage-account-key", (r) => `${r.s(B64, 76)}+ASt${r.s(B64, 6)}==`);
t("cloud", "azure-cosmosdb-key", (r) => `${r.s(B64, 76)}ACDb${r.s(B64, 6)}==`);
t(
  "cloud",
  "azure-function-key",
  (r) => `${r.s(B64URL, 44)}AzFu${r.s(B64URL, 5)}${r.pick(["A", "Q", "g", "w"])}==`,
);
t(
  "cloud",
  "azure-search-key",
  (r) => `${r.s(ALNUM, 42)}AzSe${r.pick(["A", "B", "C", "D"])}${r.s(ALNUM, 5)}`,
);
t(
  "cloud",
  "azure-redis-key",
  (r) => `${r.s(ALNUM, 33)}AzCa${r.pick([..."ABCDEFGHIJKLMNOP"])}${r.s(ALNUM, 5)}=`,
);
t("cloud", "azure-service-bus-key", (r) => `${r.s(B64, 33)}+ASb${r.s(B64, 5)}=`);
t("cloud", "azure-ai-services-key", (r) => `${r.s(ALNUM, 52)}JQQJ99${r.s(ALNUM, 26)}`);
t(
  "cloud",
  "azure-ad-client-secret",
  (r) => `${r.s(ALNUM + "_~.", 3)}${r.int(0, 9)}Q~${r.s(ALNUM + "_~.-", 34)}`,
);
t("cloud", "amazon-mws-auth-token", (r) => `amzn.mws.${r.uuid()}`);
t("cloud", "alibaba-access-key-id", (r) => `LTAI${r.s(ALNUM, 20)}`);
t("cloud", "alibaba-secret", (r) => r.s(ALNUM, 30), { provider: "alibaba" });
t("cloud", "tencent-secret-id", (r) => `AKID${r.s(ALNUM, 32)}`);
t("cloud", "yandex-api-key", (r) => `AQVN${r.s(B64URL, 36)}`);
t("cloud", "yandex-oauth-token", (r) => `y0_${r.s(B64URL, 55)}`);
t("cloud", "digitalocean-pat", (r) => `dop_v1_${r.s(HEX, 64)}`);
t("cloud", "digitalocean-oauth", (r) => `doo_v1_${r.s(HEX, 64)}`);
t("cloud", "heroku-api-key-v2", (r) => `HRKU-AA${r.s(B64URL, 58)}`);
t("cloud", "heroku-api-key", (r) => r.uuid(), { provider: "heroku" });
t("cloud", "cloudflare-api-token", (r) => r.s(B64URL, 40), { provider: "cloudflare" });
t("cloud", "cloudflare-global-key", (r) => r.s(HEX, 37), { provider: "cloudflare" });
t("cloud", "cloudflare-origin-ca-key", (r) => `v1.0-${r.s(HEX, 24)}-${r.s(HEX, 146)}`);
t("cloud", "ibm-cloud-api-key", (r) => r.s(B64URL, 44), { provider: "ibm" });
t("cloud", "linode-token", (r) => r.s(HEX, 64), { provider: "linode" });
t("cloud", "hetzner-token", (r) => r.s(ALNUM, 64), { provider: "hetzner" });
t("cloud", "flyio-token", (r) => `fo1_${r.s(B64URL, 43)}`);
t("cloud", "vercel-token", (r) => r.s(ALNUM, 24), { provider: "vercel" });
t("cloud", "netlify-token", (r) => `nfp_${r.s(ALNUM, 36)}`);
t("cloud", "supabase-pat", (r) => `sbp_${r.s(HEX, 40)}`);
t("cloud", "planetscale-token", (r) => `pscale_tkn_${r.s(B64URL, 43)}`);
t("cloud", "planetscale-password", (r) => `pscale_pw_${r.s(B64URL, 43)}`);
t("cloud", "neon-api-key", (r) => `napi_${r.s(LOWER + DIGITS, 64)}`);
t("cloud", "openshift-token", (r) => `sha256~${r.s(B64URL, 43)}`);
t("cloud", "scaleway-secret-key", (r) => r.uuid(), {
  provider: "scaleway",
  secretName: "secret_key",
});
t("cloud", "aiven-password", (r) => `AVNS_${r.s(B64URL, 23)}`);

// ---- AI --------------------------------------------------------------------------------------
t("ai", "openai-project-key", (r) => `sk-proj-${r.s(B64URL, 74)}T3BlbkFJ${r.s(B64URL, 74)}`);
t("ai", "openai-legacy-key", (r) => `sk-${r.s(ALNUM, 20)}T3BlbkFJ${r.s(ALNUM, 20)}`);
t(
  "ai",
  "openai-service-account-key",
  (r) => `sk-svcacct-${r.s(B64URL, 58)}T3BlbkFJ${r.s(B64URL, 58)}`,
);
t("ai", "anthropic-api-key", (r) => `sk-ant-api03-${r.s(B64URL, 93)}AA`);
t("ai", "anthropic-admin-key", (r) => `sk-ant-admin01-${r.s(B64URL, 93)}AA`);
t("ai", "huggingface-token", (r) => `hf_${r.s(UPPER + LOWER, 34)}`);
t("ai", "huggingface-org-token", (r) => `api_org_${r.s(UPPER + LOWER, 34)}`);
t("ai", "groq-api-key", (r) => `gsk_${r.s(ALNUM, 52)}`);
t("ai", "xai-api-key", (r) => `xai-${r.s(ALNUM, 80)}`);
t("ai", "perplexity-api-key", (r) => `pplx-${r.s(ALNUM, 48)}`);
t("ai", "replicate-api-token", (r) => `r8_${r.s(ALNUM, 37)}`);
t("ai", "openrouter-api-key", (r) => `sk-or-v1-${r.s(HEX, 64)}`);
t("ai", "langsmith-api-key", (r) => `lsv2_pt_${r.s(HEX, 32)}_${r.s(HEX, 10)}`);
t("ai", "cohere-api-key", (r) => r.s(ALNUM, 40), { provider: "cohere" });
t("ai", "mistral-api-key", (r) => r.s(ALNUM, 32), { provider: "mistral" });
t("ai", "deepseek-api-key", (r) => `sk-${r.s(HEX, 32)}`, { provider: "deepseek" });
t("ai", "wandb-api-key", (r) => r.s(HEX, 40), { provider: "wandb" });

// ---- payments and commerce -------------------------------------------------------------------
t("payments", "stripe-live-secret", (r) => `sk_live_${r.s(ALNUM, r.pick([24, 99]))}`);
t("payments", "stripe-restricted-key", (r) => `rk_live_${r.s(ALNUM, 99)}`);
t("payments", "stripe-webhook-secret", (r) => `whsec_${r.s(ALNUM, 32)}`);
t("payments", "square-access-token", (r) => `EAAA${r.s(B64URL, 60)}`);
t("payments", "square-app-secret", (r) => `sq0csp-${r.s(B64URL, 43)}`);
t(
  "payments",
  "braintree-access-token",
  (r) => `access_token$production$${r.s(LOWER + DIGITS, 16)}$${r.s(HEX, 32)}`,
);
t("payments", "razorpay-key-secret", (r) => r.s(ALNUM, 24), {
  provider: "razorpay",
  secretName: "key_secret",
});
t("payments", "flutterwave-secret", (r) => `FLWSECK-${r.s(HEX, 32)}-X`);
t("payments", "plaid-access-token", (r) => `access-production-${r.uuid()}`);
t("payments", "shopify-access-token", (r) => `shpat_${r.s(HEX, 32)}`);
t("payments", "shopify-shared-secret", (r) => `shpss_${r.s(HEX, 32)}`);
t("payments", "duffel-live-token", (r) => `duffel_live_${r.s(B64URL, 43)}`);
t("payments", "easypost-api-key", (r) => `EZAK${r.s(ALNUM, 54)}`);
t("payments", "shippo-live-token", (r) => `shippo_live_${r.s(HEX, 40)}`);
t("payments", "coinbase-secret", (r) => r.s(B64URL, 64), { provider: "coinbase" });
t(
  "payments",
  "paddle-api-key",
  (r) => `pdl_live_apikey_${r.s(LOWER + DIGITS, 26)}_${r.s(ALNUM, 22)}_${r.s(ALNUM, 3)}`,
);

// ---- chat, mail and webhooks -----------------------------------------------------------------
t(
  "comms",
  "slack-bot-token",
  (r) => `xoxb-${r.s(DIGITS, 12)}-${r.s(DIGITS, 13)}-${r.s(ALNUM, 24)}`,
);
t(
  "comms",
  "slack-user-token",
  (r) => `xoxp-${r.s(DIGITS, 12)}-${r.s(DIGITS, 12)}-${r.s(DIGITS, 13)}-${r.s(HEX, 32)}`,
);
t(
  "comms",
  "slack-app-token",
  (r) => `xapp-1-A${r.s(UPPER + DIGITS, 10)}-${r.s(DIGITS, 13)}-${r.s(HEX, 64)}`,
);
t(
  "comms",
  "slack-webhook",
  (r) =>
    `https://hooks.slack.com/services/T${r.s(UPPER + DIGITS, 10)}/B${r.s(UPPER + DIGITS, 10)}/${r.s(ALNUM, 24)}`,
);
t(
  "comms",
  "slack-workflow-webhook",
  (r) =>
    `https://hooks.slack.com/triggers/T${r.s(UPPER + DIGITS, 10)}/${r.s(DIGITS, 13)}/${r.s(HEX, 32)}`,
);
t(
  "comms",
  "discord-webhook",
  (r) => `https://discord.com/api/webhooks/${r.s(DIGITS, 19)}/${r.s(B64URL, 68)}`,
);
t(
  "comms",
  "discord-bot-token",
  (r) => `${b64url(`1${r.s(DIGITS, 18)}`)}.${r.s(B64URL, 6)}.${r.s(B64URL, 38)}`,
);
t("comms", "telegram-bot-token", (r) => `${r.s(DIGITS, 10)}:AA${r.s(B64URL, 33)}`);
t(
  "comms",
  "teams-webhook",
  (r) =>
    `https://contoso.webhook.office.com/webhookb2/${r.uuid()}@${r.uuid()}/IncomingWebhook/${r.s(HEX, 32)}/${r.uuid()}`,
);
t(
  "comms",
  "google-chat-webhook",
  (r) =>
    `https://chat.googleapis.com/v1/spaces/AAAA${r.s(B64URL, 7)}/messages?key=AIza${r.s(B64URL, 35)}&token=${r.s(B64URL, 43)}%3D`,
);
t(
  "comms",
  "dingtalk-webhook",
  (r) => `https://oapi.dingtalk.com/robot/send?access_token=${r.s(HEX, 64)}`,
);
t("comms", "twilio-api-key", (r) => `SK${r.s(HEX, 32)}`);
t("comms", "twilio-auth-token", (r) => r.s(HEX, 32), {
  provider: "twilio",
  secretName: "auth_token",
});
t("comms", "sendgrid-api-key", (r) => `SG.${r.s(B64URL, 22)}.${r.s(B64URL, 43)}`);
t("comms", "mailgun-api-key", (r) => `key-${r.s(HEX, 32)}`);
t("comms", "mailchimp-api-key", (r) => `${r.s(HEX, 32)}-us${r.int(1, 21)}`);
t("comms", "brevo-api-key", (r) => `xkeysib-${r.s(HEX, 64)}-${r.s(ALNUM, 16)}`);
t("comms", "mailersend-token", (r) => `mlsn.${r.s(HEX, 64)}`);
t("comms", "postmark-server-token", (r) => r.uuid(), { provider: "postmark" });
t("comms", "intercom-access-token", (r) => `dG9rOj${b64(`${r.uuid()}:1:0`).slice(0, 56)}`);
t("comms", "pusher-secret", (r) => r.s(HEX, 20), { provider: "pusher", secretName: "secret" });
t("comms", "messagebird-key", (r) => r.s(ALNUM, 25), { provider: "messagebird" });

// ---- observability ---------------------------------------------------------------------------
t("observability", "datadog-api-key", (r) => r.s(HEX, 32), { provider: "datadog" });
t("observability", "datadog-app-key", (r) => r.s(HEX, 40), {
  provider: "datadog",
  secretName: "app_key",
});
t("observability", "new-relic-user-key", (r) => `NRAK-${r.s(UPPER + DIGITS, 27)}`);
t("observability", "new-relic-license-key", (r) => `${r.s(HEX, 36)}NRAL`);
t("observability", "sentry-user-token", (r) => `sntryu_${r.s(HEX, 64)}`);
t(
  "observability",
  "sentry-org-token",
  (r) =>
    `sntrys_${b64(JSON.stringify({ iat: r.int(1.6e9, 1.8e9), url: "https://sentry.io", region_url: "https://us.sentry.io", org: "acme" })).replace(/=+$/, "")}_${r.s(B64, 43)}`,
);
t("observability", "grafana-cloud-token", (r) => `glc_${r.s(B64, 120)}`);
t("observability", "grafana-service-account", (r) => `glsa_${r.s(ALNUM, 32)}_${r.s(HEX, 8)}`);
t(
  "observability",
  "dynatrace-token",
  (r) => `dt0c01.${r.s(UPPER + DIGITS, 24)}.${r.s(UPPER + DIGITS, 64)}`,
);
t("observability", "posthog-personal-key", (r) => `phx_${r.s(ALNUM, 43)}`);
t("observability", "launchdarkly-sdk-key", (r) => `sdk-${r.uuid()}`);
t("observability", "splunk-hec-token", (r) => r.uuid(), { provider: "splunk" });
t("observability", "pagerduty-key", (r) => r.s(ALNUM + "_+-", 20), { provider: "pagerduty" });
t("observability", "bugsnag-key", (r) => r.s(HEX, 32), { provider: "bugsnag" });
t("observability", "sumologic-key", (r) => r.s(ALNUM, 64), { provider: "sumo" });
t("observability", "honeycomb-ingest-key", (r) => `hcaik_${r.s(LOWER + DIGITS, 58)}`);

// ---- CI/CD, IaC, secret managers, registries ---------------------------------------------------
t("devops", "npm-token", (r) => checksummed(r, "npm_"));
t("devops", "pypi-token", (r) => `pypi-AgEIcHlwaS5vcmc${r.s(B64URL, r.int(120, 200))}`);
t("devops", "rubygems-key", (r) => `rubygems_${r.s(HEX, 48)}`);
t("devops", "nuget-key", (r) => `oy2${r.s(LOWER + DIGITS, 43)}`);
t("devops", "crates-io-token", (r) => `cio${r.s(ALNUM, 32)}`);
t("devops", "docker-hub-pat", (r) => `dckr_pat_${r.s(B64URL, 27)}`);
t(
  "devops",
  "docker-swarm-join",
  (r) => `SWMTKN-1-${r.s(LOWER + DIGITS, 50)}-${r.s(LOWER + DIGITS, 25)}`,
);
t("devops", "jfrog-api-key", (r) => `AKCp${r.s(ALNUM, 69)}`);
t("devops", "clojars-token", (r) => `CLOJARS_${r.s(LOWER + DIGITS, 60)}`);
t("devops", "circleci-pat", (r) => `CCIPAT_${r.s(ALNUM, 22)}_${r.s(HEX, 40)}`);
t("devops", "buildkite-token", (r) => `bkua_${r.s(HEX, 40)}`);
t("devops", "travis-token", (r) => r.s(B64URL, 22), { provider: "travis" });
t("devops", "codecov-token", (r) => r.uuid(), { provider: "codecov" });
t("devops", "terraform-cloud-token", (r) => `${r.s(ALNUM, 14)}.atlasv1.${r.s(B64URL, 67)}`);
t("devops", "pulumi-token", (r) => `pul-${r.s(HEX, 40)}`);
t(
  "devops",
  "doppler-service-token",
  (r) => `dp.st.${r.pick(["prd", "dev", "stg"])}.${r.s(ALNUM, 40)}`,
);
t("devops", "vault-service-token", (r) => `hvs.${r.s(B64URL, 90)}`);
t("devops", "vault-batch-token", (r) => `hvb.${r.s(B64URL, 140)}`);
t("devops", "onepassword-service-token", (r) => `ops_eyJ${r.s(B64, 300)}`);
t("devops", "harness-pat", (r) => `pat.${r.s(B64URL, 22)}.${r.s(ALNUM, 24)}.${r.s(ALNUM, 20)}`);
t("devops", "octopus-api-key", (r) => `API-${r.s(UPPER + DIGITS, 26)}`);
t("devops", "scalingo-token", (r) => `tk-us-${r.s(B64URL, 48)}`);
t("devops", "snyk-token", (r) => r.uuid(), { provider: "snyk" });
t("devops", "sonarqube-token", (r) => `sqp_${r.s(HEX, 40)}`);
t("devops", "postman-api-key", (r) => `PMAK-${r.s(HEX, 24)}-${r.s(HEX, 34)}`);
t("devops", "prefect-api-key", (r) => `pnu_${r.s(ALNUM, 36)}`);
t("devops", "readme-api-key", (r) => `rdme_${r.s(LOWER + DIGITS, 70)}`);
t("devops", "databricks-token", (r) => `dapi${r.s(HEX, 32)}`);
t("devops", "tailscale-auth-key", (r) => `tskey-auth-${r.s(ALNUM, 12)}-${r.s(ALNUM, 34)}`);
t("devops", "age-secret-key", (r) => `AGE-SECRET-KEY-1${r.s(BECH32, 58).toUpperCase()}`);
t("devops", "jenkins-api-token", (r) => `11${r.s(HEX, 32)}`, { provider: "jenkins" });

// ---- productivity, CRM, content, social -------------------------------------------------------
t("saas", "notion-token", (r) => `ntn_${r.s(DIGITS, 11)}${r.s(ALNUM, 35)}`);
t("saas", "notion-legacy-secret", (r) => `secret_${r.s(ALNUM, 43)}`);
t("saas", "linear-api-key", (r) => `lin_api_${r.s(ALNUM, 40)}`);
t("saas", "airtable-pat", (r) => `pat${r.s(ALNUM, 14)}.${r.s(HEX, 64)}`);
t("saas", "figma-pat", (r) => `figd_${r.s(B64URL, 40)}`);
t("saas", "typeform-token", (r) => `tfp_${r.s(ALNUM, 44)}_${r.s(ALNUM, 14)}`);
t("saas", "hubspot-private-app", (r) => `pat-na1-${r.uuid()}`);
t("saas", "contentful-pat", (r) => `CFPAT-${r.s(B64URL, 43)}`);
t("saas", "dropbox-short-lived", (r) => `sl.${r.s(B64URL, 140)}`);
t("saas", "trello-token", (r) => `ATTA${r.s(HEX, 64)}${r.s(hexU, 8)}`);
t("saas", "clickup-token", (r) => `pk_${r.s(DIGITS, 8)}_${r.s(UPPER + DIGITS, 32)}`);
t("saas", "salesforce-access-token", (r) => `00D${r.s(ALNUM, 15)}!${r.s(ALNUM + ".", 96)}`);
t(
  "saas",
  "mapbox-secret-token",
  (r) =>
    `sk.eyJ1Ijoi${b64url(r.s(LOWER, 8)).replace(/=+$/, "")}${r.s(B64URL, 30)}.${r.s(B64URL, 22)}`,
);
t("saas", "facebook-access-token", (r) => `EAAC${r.s(ALNUM, 160)}`);
t("saas", "twitter-bearer-token", (r) => `${"A".repeat(22)}${r.s(ALNUM + "%", 90)}`);
t("saas", "twitter-api-secret", (r) => r.s(ALNUM, 50), {
  provider: "twitter",
  secretName: "api_secret",
});
t("saas", "asana-pat", (r) => `2/${r.s(DIGITS, 16)}/${r.s(DIGITS, 16)}:${r.s(HEX, 32)}`, {
  provider: "asana",
});
t("saas", "zendesk-token", (r) => r.s(ALNUM, 40), { provider: "zendesk" });
t("saas", "algolia-admin-key", (r) => r.s(HEX, 32), {
  provider: "algolia",
  secretName: "admin_key",
});
t("saas", "okta-api-token", (r) => `00${r.s(B64URL, 40)}`, { provider: "okta" });
t("saas", "auth0-client-secret", (r) => r.s(B64URL, 64), {
  provider: "auth0",
  secretName: "client_secret",
});
t("saas", "adobe-client-secret", (r) => `p8e-${r.s(ALNUM, 32)}`);
t("saas", "intra42-client-secret", (r) => `s-s4t2${r.pick(["ud", "af"])}-${r.s(HEX, 64)}`);
t("saas", "github-oauth-app-secret", (r) => r.s(HEX, 40), {
  provider: "github",
  secretName: "client_secret",
});
