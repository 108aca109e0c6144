// Payments, commerce and finance: Stripe (live and restricted keys, webhook secrets), Square,
// Braintree/PayPal, Razorpay, Flutterwave, Checkout.com, Plaid, Paddle, Shopify, Duffel, EasyPost,
// Shippo, Midtrans, Onfido, Persona. Test-mode keys are not reported: they open no real account.

import { B, E, token } from "../build.js";
import type { Rule } from "../rule.js";

const UUID = "[a-f0-9]{8}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{12}";

export const PAYMENT_RULES: readonly Rule[] = [
  {
    id: "stripe-secret-key",
    description: "Stripe live secret or restricted key",
    keywords: ["sk_live_", "rk_live_", "sk_prod_", "rk_prod_"],
    pattern: new RegExp(
      String.raw`${B}((?:sk|rk)_(?:live|prod)_[0-9A-Za-z]{20,247})(?![0-9A-Za-z])`,
      "gd",
    ),
    minEntropy: 3,
  },
  token({
    id: "stripe-webhook-secret",
    description: "Stripe webhook signing secret",
    prefixes: ["whsec_"],
    body: "[A-Za-z0-9+/]{32,88}={0,2}",
    boundary: { before: B, after: String.raw`(?![A-Za-z0-9+/=_-])` },
    minEntropy: 3.5,
  }),
  token({
    id: "square-token",
    description: "Square access token or application secret",
    prefixes: ["EAAA", "sq0atp-", "sq0csp-"],
    body: "[A-Za-z0-9_-]{22,100}",
    minEntropy: 3.5,
  }),
  token({
    id: "braintree-access-token",
    description: "Braintree / PayPal production access token",
    prefixes: ["access_token$production$"],
    body: String.raw`[a-z0-9]{16}\$[a-f0-9]{32}`,
    boundary: { before: "", after: E },
  }),
  token({
    id: "razorpay-key-id",
    description: "Razorpay live key id",
    prefixes: ["rzp_live_"],
    body: "[A-Za-z0-9]{14}",
  }),
  token({
    id: "flutterwave-secret-key",
    description: "Flutterwave live secret or encryption key",
    prefixes: ["FLWSECK-"],
    body: "(?:[a-f0-9]{32}-X|[a-f0-9]{12})",
  }),
  token({
    id: "checkout-secret-key",
    description: "Checkout.com production secret key",
    prefixes: ["sk_"],
    body: UUID,
  }),
  token({
    id: "plaid-access-token",
    description: "Plaid production or development access token",
    prefixes: ["access-production-", "access-development-"],
    body: UUID,
  }),
  token({
    id: "paddle-api-key",
    description: "Paddle live API key",
    prefixes: ["pdl_live_apikey_"],
    body: "[a-z0-9]{26}_[A-Za-z0-9]{22}_[A-Za-z0-9]{3}",
  }),
  {
    id: "shopify-token",
    description: "Shopify access token, shared secret or partner token",
    keywords: ["shpat_", "shpss_", "shpca_", "shppa_", "shpua_", "shpmt_", "shptka_"],
    pattern: /(?<![A-Za-z0-9_])(shp(?:at|ss|ca|pa|ua|mt|tka)_[a-fA-F0-9]{32})(?![A-Za-z0-9])/dg,
    minEntropy: 3,
  },
  token({
    id: "duffel-api-token",
    description: "Duffel live access token",
    prefixes: ["duffel_live_"],
    body: "[A-Za-z0-9_=-]{43}",
  }),
  token({
    id: "easypost-api-key",
    description: "EasyPost production API key",
    prefixes: ["EZAK"],
    body: "[A-Za-z0-9]{54}",
    minEntropy: 3.5,
  }),
  token({
    id: "shippo-api-token",
    description: "Shippo live API token",
    prefixes: ["shippo_live_"],
    body: "[a-fA-F0-9]{40}",
  }),
  token({
    id: "midtrans-server-key",
    description: "Midtrans production server key",
    prefixes: ["Mid-server-"],
    body: "[A-Za-z0-9_-]{24}",
  }),
  token({
    id: "onfido-api-token",
    description: "Onfido live API token",
    prefixes: ["api_live."],
    body: String.raw`[A-Za-z0-9_-]{11}\.[A-Za-z0-9_-]{32}`,
  }),
  token({
    id: "persona-api-key",
    description: "Persona production API key",
    prefixes: ["persona_production_"],
    body: UUID,
  }),
  token({
    id: "ramp-token",
    description: "Ramp OAuth client secret or access token",
    prefixes: ["ramp_sec_", "ramp_tok_"],
    body: "[A-Za-z0-9]{30,80}",
    minEntropy: 3.5,
  }),
  token({
    id: "mercury-api-token",
    description: "Mercury banking API token",
    prefixes: ["secret-token:mercury_production_", "mercury_production_"],
    body: "[A-Za-z0-9_]{20,80}",
  }),
];
