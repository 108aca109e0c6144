// Chat, messaging, e-mail and webhook URLs: Slack, Discord, Telegram, Microsoft Teams, Google
// Chat, Zapier, IFTTT, DingTalk, Feishu/Lark, WeCom, Twilio, SendGrid, Mailgun, Mailchimp, Brevo,
// MailerSend, Resend, Intercom, OneSignal. A webhook URL is a credential: whoever has it posts.

import { B, decodeBase64Url, E, token } from "../build.js";
import type { Rule } from "../rule.js";

const HEX = (n: number) => `[0-9a-f]{${n}}`;
const UUID = "[a-f0-9]{8}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{12}";

export const COMMS_RULES: readonly Rule[] = [
  {
    id: "slack-token",
    description: "Slack bot, user, app, configuration or refresh token",
    keywords: ["xoxb-", "xoxp-", "xoxa-", "xoxr-", "xoxs-", "xoxe-", "xoxe.", "xoxo-", "xapp-"],
    pattern: new RegExp(
      String.raw`${B}((?:xox[abprseo]|xapp|xoxe\.xox[bp])-[0-9A-Za-z-]{10,250})${E}`,
      "gd",
    ),
    minEntropy: 3,
    check: (s) => (s.split("-").length >= 3 && /[0-9]/.test(s) ? "high" : false),
  },
  {
    id: "slack-webhook",
    description: "Slack incoming webhook or workflow URL",
    keywords: ["hooks.slack.com"],
    pattern: /hooks\.slack\.com\/(?:services|workflows|triggers)\/([A-Za-z0-9_/+-]{20,120})/dg,
    minEntropy: 3,
  },
  {
    id: "discord-webhook",
    description: "Discord webhook URL",
    keywords: ["discord"],
    pattern: /discord(?:app)?\.com\/api\/webhooks\/([0-9]{17,20}\/[A-Za-z0-9_-]{60,68})/dg,
    minEntropy: 3,
  },
  {
    id: "discord-bot-token",
    description: "Discord bot token",
    // Or the encoded first digits of the bot's user id (`MTc…` is base64 of "17…").
    keywords: [
      "discord",
      "token",
      "bot",
      ...[..."0123456789"].flatMap((d) => [btoa(`1${d}`).slice(0, 3), btoa(`2${d}`).slice(0, 3)]),
    ],
    pattern: new RegExp(
      String.raw`${B}([MNO][A-Za-z0-9_-]{23,27}\.[A-Za-z0-9_-]{6}\.[A-Za-z0-9_-]{27,38})${E}`,
      "gd",
    ),
    minEntropy: 3.5,
    // The first part is the bot's numeric user id, base64-encoded.
    check: (s) =>
      /^[0-9]{17,20}$/.test(decodeBase64Url(s.slice(0, s.indexOf("."))) ?? "") ? "high" : false,
  },
  {
    id: "telegram-bot-token",
    description: "Telegram bot token",
    keywords: [":AA"],
    pattern: /(?<![0-9])([0-9]{8,10}:AA[0-9A-Za-z_-]{33})(?![0-9A-Za-z_-])/dg,
    minEntropy: 3.5,
  },
  {
    id: "teams-webhook",
    description: "Microsoft Teams incoming webhook URL",
    keywords: ["webhook.office.com", "webhookb2"],
    pattern: new RegExp(
      String.raw`webhook\.office\.com\/webhookb2\/(${UUID}@${UUID}\/IncomingWebhook\/[a-f0-9]{32}\/${UUID}(?:\/[A-Za-z0-9_-]{20,60})?)`,
      "dgi",
    ),
  },
  {
    id: "logic-apps-webhook",
    description: "Azure Logic Apps / Power Automate webhook URL signature",
    keywords: ["logic.azure.com", "powerplatform.com"],
    pattern: /(?:logic\.azure\.com|powerplatform\.com)[^\s"'<>]*?[?&]sig=([A-Za-z0-9_%-]{40,60})/dg,
  },
  {
    id: "google-chat-webhook",
    description: "Google Chat incoming webhook URL",
    keywords: ["chat.googleapis.com"],
    pattern:
      /chat\.googleapis\.com\/v1\/spaces\/[A-Za-z0-9_-]{8,20}\/messages\?key=[A-Za-z0-9_-]{39}&(?:amp;)?token=([A-Za-z0-9_%=-]{40,60})/dg,
  },
  {
    id: "zapier-webhook",
    description: "Zapier catch-hook URL",
    keywords: ["hooks.zapier.com"],
    pattern: /hooks\.zapier\.com\/hooks\/catch\/(\d{4,12}\/[A-Za-z0-9]{5,20})/dg,
    minEntropy: 2.5,
  },
  {
    id: "ifttt-webhook-key",
    description: "IFTTT Maker webhook key",
    keywords: ["maker.ifttt.com"],
    pattern:
      /maker\.ifttt\.com\/(?:trigger\/[\w-]+\/(?:json\/)?with\/)?key\/([A-Za-z0-9_-]{22,43})/dg,
  },
  {
    id: "dingtalk-webhook",
    description: "DingTalk robot webhook access token",
    keywords: ["oapi.dingtalk.com"],
    pattern: /oapi\.dingtalk\.com\/robot\/send\?access_token=([a-f0-9]{64})/dg,
  },
  {
    id: "feishu-webhook",
    description: "Feishu / Lark bot webhook URL",
    keywords: ["open.feishu.cn", "open.larksuite.com"],
    pattern: new RegExp(
      String.raw`open\.(?:feishu\.cn|larksuite\.com)\/open-apis\/bot\/v2\/hook\/(${UUID})`,
      "dg",
    ),
  },
  {
    id: "wecom-webhook",
    description: "WeCom (WeChat Work) robot webhook key",
    keywords: ["qyapi.weixin.qq.com"],
    pattern: new RegExp(
      String.raw`qyapi\.weixin\.qq\.com\/cgi-bin\/webhook\/send\?key=(${UUID})`,
      "dg",
    ),
  },
  {
    id: "twilio-api-key",
    description: "Twilio API key SID",
    keywords: [..."0123456789abcdef"].map((h) => `SK${h}`),
    pattern: /(?<![A-Za-z0-9])(SK[0-9a-f]{32})(?![A-Za-z0-9])/dg,
    minEntropy: 3,
  },
  {
    id: "twilio-auth-token",
    description: "Twilio auth token (next to an account SID or a twilio key)",
    // Not the `AC…` account SID itself: its trigram ("acc") would fire on every "access".
    keywords: ["twilio"],
    before: 3,
    after: 3,
    pattern: new RegExp(
      String.raw`auth[_.-]?token[\w.-]{0,30}["'\]]?[ \t]{0,3}(?::=|=>|=|:)[ \t]{0,3}["'\x60]?(${HEX(32)})(?![0-9A-Za-z])`,
      "gid",
    ),
    minEntropy: 3,
  },
  {
    id: "sendgrid-api-key",
    description: "SendGrid API key",
    keywords: ["SG."],
    pattern: /(?<![A-Za-z0-9_.-])(SG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43})(?![A-Za-z0-9_-])/dg,
    minEntropy: 3.5,
  },
  {
    id: "mailgun-api-key",
    description: "Mailgun API or webhook signing key",
    keywords: ["key-", "mailgun"],
    before: 2,
    after: 2,
    pattern: new RegExp(
      String.raw`(?<![A-Za-z0-9_-])(key-${HEX(32)}|${HEX(32)}-${HEX(8)}-${HEX(8)})(?![0-9A-Za-z])`,
      "gd",
    ),
    minEntropy: 3,
    check: (s, ctx) => (s.startsWith("key-") || /mailgun/i.test(ctx.text) ? "medium" : false),
  },
  {
    id: "mailchimp-api-key",
    description: "Mailchimp API key",
    keywords: ["-us"],
    pattern: /(?<![A-Za-z0-9_-])([a-f0-9]{32}-us[0-9]{1,2})(?![A-Za-z0-9])/dg,
    minEntropy: 3,
  },
  token({
    id: "mandrill-api-key",
    description: "Mailchimp Transactional (Mandrill) API key",
    prefixes: ["md-"],
    keywords: ["mandrill", "md-"],
    body: "[A-Za-z0-9_-]{22}",
    minEntropy: 3.5,
  }),
  token({
    id: "brevo-api-key",
    description: "Brevo (Sendinblue) API or SMTP key",
    prefixes: ["xkeysib-", "xsmtpsib-"],
    body: "[a-f0-9]{64}-[A-Za-z0-9]{16}",
  }),
  token({
    id: "mailersend-api-token",
    description: "MailerSend API token",
    prefixes: ["mlsn."],
    body: "[a-f0-9]{64}",
    boundary: { before: String.raw`(?<![A-Za-z0-9_.-])`, after: E },
  }),
  token({
    id: "resend-api-key",
    description: "Resend API key",
    prefixes: ["re_"],
    body: "[A-Za-z0-9]{8}_[A-Za-z0-9]{20,32}",
    minEntropy: 3.5,
  }),
  token({
    id: "intercom-access-token",
    description: "Intercom access token",
    prefixes: ["dG9rOj"],
    body: "[A-Za-z0-9+/_-]{40,80}={0,2}",
    boundary: { before: String.raw`(?<![A-Za-z0-9+/_-])`, after: String.raw`(?![A-Za-z0-9+/=_-])` },
    minEntropy: 3.5,
  }),
  token({
    id: "onesignal-api-key",
    description: "OneSignal REST API key",
    prefixes: ["os_v2_app_", "os_v2_org_"],
    body: "[a-z0-9]{50,120}",
  }),
  token({
    id: "telnyx-api-key",
    description: "Telnyx API v2 key",
    prefixes: ["KEY0"],
    body: "[0-9A-F]{31}_[A-Za-z0-9]{22}",
  }),
];
