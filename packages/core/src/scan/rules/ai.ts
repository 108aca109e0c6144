// AI and machine-learning platforms: OpenAI (every key embeds base64 "OpenAI"), Anthropic,
// Hugging Face, Groq, xAI, Perplexity, Replicate, OpenRouter, LangSmith, Pinecone.

import { B, E, token } from "../build.js";
import { charClasses } from "../entropy.js";
import type { Rule } from "../rule.js";

function mixedCase(secret: string, atLeast: number): boolean {
  const c = charClasses(secret);
  return c.upper >= atLeast && c.lower >= atLeast;
}

export const AI_RULES: readonly Rule[] = [
  {
    id: "anthropic-api-key",
    description: "Anthropic API, admin or session key",
    keywords: ["sk-ant-"],
    pattern: new RegExp(
      String.raw`${B}(sk-ant-[a-z]{2,8}[0-9]{2}-[A-Za-z0-9_-]{32,200})${E}`,
      "gd",
    ),
    minEntropy: 3.5,
  },
  token({
    id: "openrouter-api-key",
    description: "OpenRouter API key",
    prefixes: ["sk-or-v1-"],
    body: "[a-f0-9]{64}",
  }),
  {
    id: "openai-api-key",
    description: "OpenAI API key",
    keywords: ["T3BlbkFJ", "sk-proj-", "sk-svcacct-", "sk-admin-", "sk-None-"],
    pattern: new RegExp(
      String.raw`${B}(sk-(?:proj-|svcacct-|admin-|None-)?[A-Za-z0-9_-]{20,250})${E}`,
      "gd",
    ),
    minEntropy: 3.5,
    // Every OpenAI key embeds base64("OpenAI"); project keys are long enough to stand alone.
    check: (s) =>
      s.startsWith("sk-ant-") || s.startsWith("sk-or-")
        ? false
        : s.includes("T3BlbkFJ")
          ? "high"
          : /^sk-(?:proj|svcacct|admin)-/.test(s) && s.length >= 48
            ? "medium"
            : false,
  },
  {
    id: "huggingface-token",
    description: "Hugging Face user or organization access token",
    keywords: ["hf_", "api_org_"],
    pattern: /(?<![A-Za-z0-9_])((?:hf|api_org)_[A-Za-z]{34})(?![A-Za-z0-9_])/dg,
    minEntropy: 3.5,
    check: (s) => (mixedCase(s, 6) ? "medium" : false),
  },
  token({
    id: "groq-api-key",
    description: "Groq API key",
    prefixes: ["gsk_"],
    body: "[A-Za-z0-9]{52}",
    minEntropy: 3.5,
  }),
  token({
    id: "xai-api-key",
    description: "xAI (Grok) API key",
    prefixes: ["xai-"],
    body: "[A-Za-z0-9]{70,90}",
    minEntropy: 4,
  }),
  token({
    id: "perplexity-api-key",
    description: "Perplexity API key",
    prefixes: ["pplx-"],
    body: "[A-Za-z0-9]{48}",
    minEntropy: 3.5,
  }),
  token({
    id: "replicate-api-token",
    description: "Replicate API token",
    prefixes: ["r8_"],
    body: "[A-Za-z0-9]{37}",
    minEntropy: 3.5,
  }),
  token({
    id: "langsmith-api-key",
    description: "LangSmith (LangChain) personal access token or service key",
    prefixes: ["lsv2_pt_", "lsv2_sk_"],
    body: "[a-f0-9]{32}_[a-f0-9]{10}",
  }),
  token({
    id: "pinecone-api-key",
    description: "Pinecone API key",
    prefixes: ["pcsk_"],
    body: "[A-Za-z0-9]{4,8}_[A-Za-z0-9]{40,90}",
    minEntropy: 3.5,
  }),
  token({
    id: "cerebras-api-key",
    description: "Cerebras API key",
    prefixes: ["csk-"],
    body: "[a-z0-9]{48}",
    minEntropy: 3.5,
  }),
  {
    id: "elevenlabs-api-key",
    description: "ElevenLabs API key",
    keywords: ["elevenlabs", "xi-api-key", "xi_api_key"],
    pattern: new RegExp(String.raw`${B}(sk_[a-f0-9]{48})${E}`, "gd"),
    minEntropy: 3,
  },
];
