// Cloud providers: AWS, Google Cloud, Azure, Alibaba, Tencent, Yandex and the hosting and edge
// platforms. Prefixes and lengths follow each provider's documented key formats; Azure's
// "identifiable" keys carry a fixed signature inside the base64 body.

import { B, E, onLine, token } from "../build.js";
import { charClasses } from "../entropy.js";
import { findServiceAccountKeys } from "../pem.js";
import type { Rule } from "../rule.js";

/** `<key-ish name> <op> <optional quote>` between a key keyword and its value. */
const ASSIGN = String.raw`[\w.-]{0,30}["'\]]?[ \t]{0,3}(?::=|=>|=|:)[ \t]{0,3}["'\x60]?`;

function mixedCase(secret: string, atLeast: number): boolean {
  const c = charClasses(secret);
  return c.upper >= atLeast && c.lower >= atLeast;
}

/** Azure keys with a service signature at a fixed place (Microsoft's identifiable key format). */
const AZURE_IDENTIFIABLE = [
  String.raw`[A-Za-z0-9/+]{76}\+ASt[A-Za-z0-9/+]{6}==`, // storage account
  String.raw`[A-Za-z0-9/+]{76}ACDb[A-Za-z0-9/+]{6}==`, // Cosmos DB
  String.raw`[A-Za-z0-9/+]{76}\+ABa[A-Za-z0-9/+]{5}[AQgw]==`, // Batch
  String.raw`[A-Za-z0-9/+]{76}APIM[A-Za-z0-9/+]{5}[AQgw]==`, // API Management
  String.raw`[A-Za-z0-9/+]{33}\+A(?:Sb|Eh|Rm)[A-Za-z0-9/+]{5}=`, // Service Bus, Event Hubs, Relay
  String.raw`[A-Za-z0-9/+]{33}(?:AZEG|AIoT)[A-Za-z0-9/+]{5}[AQgw]=`, // Event Grid, IoT
  String.raw`[A-Za-z0-9]{33}AzCa[A-P][A-Za-z0-9]{5}=`, // Cache for Redis
  String.raw`[A-Za-z0-9_-]{44}AzFu[A-Za-z0-9_-]{5}[AQgw]==`, // Functions
  String.raw`[A-Za-z0-9]{42}AzSe[A-D][A-Za-z0-9]{5}`, // AI Search
  String.raw`[A-Za-z0-9/+]{42}\+ACR[A-D][A-Za-z0-9/+]{5}`, // Container Registry
  String.raw`[A-Za-z0-9]{52}JQQJ9[9DH][A-Za-z0-9]{26}`, // Cognitive / AI services
  String.raw`[A-Za-z0-9]{52}AZDO[A-Za-z0-9]{28}`, // Azure DevOps personal access token
];

export const CLOUD_RULES: readonly Rule[] = [
  {
    id: "aws-access-key-id",
    description: "AWS access key id",
    keywords: ["AKIA", "ASIA", "ABIA", "ACCA", "A3T"],
    pattern: new RegExp(
      String.raw`(?<![A-Z0-9])((?:AKIA|ASIA|ABIA|ACCA|A3T[A-Z0-9])[A-Z2-7]{16})(?![A-Z0-9])`,
      "gd",
    ),
    // 20 characters with a fixed prefix: one random body in ~6,000 stays at or under 3 bits (a
    // corpus draw repeating four characters four times each was missed in a comment); filler
    // (`AKIA` then `X`s) fails the placeholder test, and nothing random falls to 2.5.
    minEntropy: 2.5,
  },
  {
    id: "aws-secret-access-key",
    description: "AWS secret access key",
    keywords: [
      "secret_access_key",
      "secretaccesskey",
      "secret-access-key",
      "aws_secret",
      "awssecret",
      "aws-secret",
      "secret_key",
      "secretkey",
    ],
    pattern: new RegExp(
      String.raw`(?:secret[_.-]?(?:access[_.-]?)?key|aws[_.-]?secret)${ASSIGN}([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])`,
      "gid",
    ),
    minEntropy: 4,
    check: (s) => (mixedCase(s, 3) && /[0-9]/.test(s) ? "medium" : false),
  },
  {
    id: "aws-secret-access-key",
    description: "AWS secret access key (next to an access key id)",
    keywords: ["AKIA", "ASIA"],
    before: 3,
    after: 3,
    pattern: /(?<![A-Za-z0-9/+])([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])/dg,
    minEntropy: 4.3,
    check: (s) => (mixedCase(s, 3) && /[0-9]/.test(s) ? "medium" : false),
  },
  token({
    id: "aws-session-token",
    description: "AWS temporary session token (STS)",
    prefixes: ["IQoJb3JpZ2lu", "FwoGZXIvYXdz", "FQoGZXIvYXdz", "IQoDb3JpZ2lu"],
    body: String.raw`[A-Za-z0-9/+]{100,3000}={0,2}`,
    boundary: { before: String.raw`(?<![A-Za-z0-9/+])`, after: String.raw`(?![A-Za-z0-9/+=])` },
    minEntropy: 4,
  }),
  token({
    id: "amazon-mws-auth-token",
    description: "Amazon Marketplace Web Service auth token",
    prefixes: ["amzn.mws."],
    body: "[a-f0-9]{8}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{12}",
  }),
  token({
    id: "aws-bedrock-api-key",
    description: "Amazon Bedrock API key",
    prefixes: ["ABSK"],
    body: String.raw`[A-Za-z0-9+/]{100,400}={0,2}`,
    boundary: { before: String.raw`(?<![A-Za-z0-9/+])`, after: String.raw`(?![A-Za-z0-9/+=])` },
    minEntropy: 4,
  }),
  onLine({
    id: "aws-presigned-url",
    description: "AWS pre-signed URL (a signature that grants access until it expires)",
    keywords: ["x-amz-signature"],
    pattern: /[?&]X-Amz-Signature=([0-9a-f]{64})(?![0-9a-f])/dgi,
    line: /X-Amz-Credential=/i,
  }),
  {
    id: "gcp-service-account",
    description: "GCP service-account JSON with a private key",
    keywords: ["service_account"],
    find: findServiceAccountKeys,
  },
  token({
    id: "gcp-api-key",
    description: "Google Cloud API key (Maps, Gemini, Firebase…)",
    prefixes: ["AIza"],
    body: "[0-9A-Za-z_-]{35}",
    minEntropy: 3.5,
  }),
  token({
    id: "gcp-oauth-client-secret",
    description: "Google OAuth client secret",
    prefixes: ["GOCSPX-"],
    body: "[A-Za-z0-9_-]{28}",
  }),
  token({
    id: "gcp-oauth-access-token",
    description: "Google OAuth access token",
    prefixes: ["ya29."],
    body: "[A-Za-z0-9_-]{40,2000}",
    boundary: { before: String.raw`(?<![A-Za-z0-9_.-])`, after: E },
    minEntropy: 4,
  }),
  token({
    id: "gcp-oauth-refresh-token",
    description: "Google OAuth refresh token",
    prefixes: ["1//0"],
    body: "[A-Za-z0-9_-]{40,500}",
    boundary: { before: String.raw`(?<![A-Za-z0-9_/-])`, after: E },
    minEntropy: 4,
  }),
  token({
    id: "gcs-hmac-access-id",
    description: "Google Cloud Storage HMAC access id (service account)",
    prefixes: ["GOOG1"],
    body: "[A-Z0-9]{55}",
    minEntropy: 3.5,
  }),
  {
    id: "gcs-signed-url",
    description: "Google Cloud Storage signed URL signature",
    keywords: ["x-goog-signature"],
    pattern: /X-Goog-Signature=([0-9a-f]{256,1024})(?![0-9a-f])/dgi,
  },
  {
    id: "firebase-cloud-messaging-key",
    description: "Firebase Cloud Messaging server key",
    keywords: [":APA91b"],
    pattern: new RegExp(String.raw`${B}(AAAA[A-Za-z0-9_-]{7}:APA91b[A-Za-z0-9_-]{134})${E}`, "gd"),
  },
  {
    id: "azure-storage-key",
    description: "Azure storage or Service Bus connection-string key",
    keywords: ["accountkey=", "sharedaccesskey="],
    pattern: /(?:AccountKey=([A-Za-z0-9+/]{86}==)|SharedAccessKey=([A-Za-z0-9+/]{43}=))/dgi,
    minEntropy: 4,
  },
  {
    id: "azure-identifiable-key",
    description: "Azure service key (storage, Cosmos DB, Service Bus, Functions, AI, DevOps…)",
    keywords: ["+ASt", "ACDb", "+ABa", "APIM", "+ASb", "+AEh", "+ARm", "AZEG", "AIoT"].concat([
      "AzCa",
      "AzFu",
      "AzSe",
      "+ACR",
      "JQQJ9",
      "AZDO",
    ]),
    pattern: new RegExp(
      String.raw`(?<![A-Za-z0-9/+_-])(${AZURE_IDENTIFIABLE.join("|")})(?![A-Za-z0-9/+=_-])`,
      "gd",
    ),
    minEntropy: 4,
  },
  {
    id: "azure-ad-client-secret",
    description: "Microsoft Entra ID (Azure AD) application client secret",
    keywords: [..."0123456789"].map((d) => `${d}Q~`),
    pattern:
      /(?<![A-Za-z0-9_~.-])([A-Za-z0-9_~.]{3}\dQ~[A-Za-z0-9_~.-]{31,34})(?![A-Za-z0-9_~.-])/dg,
    minEntropy: 3,
  },
  onLine({
    id: "azure-sas-token",
    description: "Azure shared access signature (SAS URL or SharedAccessSignature)",
    keywords: ["sig="],
    pattern: /(?:^|[?&;\s"'])sig=([A-Za-z0-9%+/]{40,120}(?:%3D|%3d|=){0,2})(?![A-Za-z0-9%+/=])/dgi,
    // A SAS carries its version, expiry, resource or permissions next to the signature.
    line: /[?&;\s"'](?:sv|se|sp|sr|skoid|spr|st)=/i,
    minEntropy: 3.5,
  }),
  token({
    id: "alibaba-access-key-id",
    description: "Alibaba Cloud AccessKey id",
    prefixes: ["LTAI"],
    body: "[A-Za-z0-9]{12,20}",
  }),
  token({
    id: "tencent-secret-id",
    description: "Tencent Cloud SecretId",
    prefixes: ["AKID"],
    body: "[A-Za-z0-9]{32,34}",
    minEntropy: 3.5,
  }),
  token({
    id: "yandex-cloud-api-key",
    description: "Yandex Cloud API key",
    prefixes: ["AQVN"],
    body: "[A-Za-z0-9_-]{35,38}",
    minEntropy: 3.5,
  }),
  token({
    id: "yandex-cloud-iam-token",
    description: "Yandex Cloud IAM token",
    prefixes: ["t1."],
    body: String.raw`[A-Za-z0-9_-]{10,}={0,2}\.[A-Za-z0-9_-]{86}={0,2}`,
    boundary: { before: String.raw`(?<![A-Za-z0-9_.-])`, after: E },
    minEntropy: 3.5,
  }),
  token({
    id: "yandex-oauth-token",
    description: "Yandex OAuth token",
    prefixes: ["y0_", "y1_", "y2_", "y3_"],
    body: "[A-Za-z0-9_-]{55}",
    minEntropy: 3.5,
  }),
  token({
    id: "naver-cloud-access-key",
    description: "Naver Cloud IAM access key",
    prefixes: ["ncp_iam_"],
    body: "[A-Za-z0-9]{20,60}",
  }),
  token({
    id: "volcengine-access-key-id",
    description: "VolcEngine access key id",
    prefixes: ["AKLT"],
    body: "[A-Za-z0-9_-]{20,60}",
    minEntropy: 3.5,
  }),
  token({
    id: "scaleway-access-key",
    description: "Scaleway access key",
    prefixes: ["SCW"],
    body: "[A-Z0-9]{17}",
    minEntropy: 3,
    check: (s) => (/[0-9]/.test(s.slice(3)) && /[A-Z]/.test(s.slice(3)) ? "medium" : false),
  }),
  token({
    id: "cloudflare-api-token",
    description: "Cloudflare API token or key (scannable format)",
    prefixes: ["cfk_", "cfut_", "cfat_"],
    body: "[A-Za-z0-9_-]{40,100}",
  }),
  token({
    id: "cloudflare-origin-ca-key",
    description: "Cloudflare Origin CA key",
    prefixes: ["v1.0-"],
    body: "[a-f0-9]{24}-[a-f0-9]{146}",
    boundary: { before: String.raw`(?<![A-Za-z0-9_.-])`, after: E },
  }),
  token({
    id: "akamai-edgegrid-token",
    description: "Akamai EdgeGrid client or access token",
    prefixes: ["akab-"],
    body: "[a-z0-9]{16}-[a-z0-9]{16}",
  }),
  token({
    id: "digitalocean-token",
    description: "DigitalOcean personal access, OAuth, refresh or system token",
    prefixes: ["dop_v1_", "doo_v1_", "dor_v1_", "dos_v1_"],
    body: "[a-f0-9]{64}",
  }),
  token({
    id: "heroku-api-key",
    description: "Heroku API key",
    prefixes: ["HRKU-"],
    body: "[A-Za-z0-9_-]{40,80}",
  }),
  token({
    id: "flyio-token",
    description: "Fly.io API or deploy token",
    prefixes: ["fo1_", "fm1a_", "fm1r_", "fm2_"],
    body: String.raw`[A-Za-z0-9_+/-]{43,2000}={0,3}`,
    boundary: { before: B, after: String.raw`(?![A-Za-z0-9_+/=-])` },
    minEntropy: 4,
  }),
  token({
    id: "render-api-key",
    description: "Render API key",
    prefixes: ["rnd_"],
    body: "[A-Za-z0-9]{32}",
    minEntropy: 3.5,
  }),
  token({
    id: "netlify-token",
    description: "Netlify personal access token",
    prefixes: ["nfp_"],
    body: "[A-Za-z0-9]{36,40}",
    minEntropy: 3.5,
  }),
  token({
    id: "vercel-token",
    description: "Vercel access, integration or app token",
    prefixes: ["vcp_", "vci_", "vca_", "vcr_", "vck_"],
    body: "[A-Za-z0-9]{24,80}",
    minEntropy: 3.5,
  }),
  token({
    id: "supabase-token",
    description: "Supabase personal access token or secret key",
    prefixes: ["sbp_", "sb_secret_"],
    body: "[A-Za-z0-9_-]{32,60}",
  }),
  token({
    id: "planetscale-token",
    description: "PlanetScale service token, OAuth token or database password",
    prefixes: ["pscale_tkn_", "pscale_oauth_", "pscale_pw_"],
    body: "[A-Za-z0-9_.=-]{32,64}",
  }),
  token({
    id: "neon-api-key",
    description: "Neon API key",
    prefixes: ["napi_"],
    body: "[a-z0-9]{64}",
  }),
  token({
    id: "cockroachdb-api-key",
    description: "CockroachDB Cloud API key",
    prefixes: ["CCDB1_"],
    body: "[A-Za-z0-9]{22}_[A-Za-z0-9]{30,40}",
  }),
  token({
    id: "datastax-astra-token",
    description: "DataStax Astra token",
    prefixes: ["AstraCS:"],
    body: "[A-Za-z]{24}:[a-f0-9]{64}",
  }),
  token({
    id: "aiven-token",
    description: "Aiven service password or auth token",
    prefixes: ["AVNS_"],
    body: "[A-Za-z0-9_-]{19,40}",
  }),
  token({
    id: "openshift-user-token",
    description: "OpenShift user token",
    prefixes: ["sha256~"],
    body: "[A-Za-z0-9_-]{43}",
    minEntropy: 3.5,
  }),
];
