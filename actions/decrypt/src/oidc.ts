import * as core from "@actions/core";

/** The audience of the attribution token: one that no cloud trusts, so an archived token is no credential. */
export const AUDIT_AUDIENCE = "hush-audit";

/** What the audit record holds about the run's OIDC token. */
export type OidcAttribution =
  | { source: "oidc"; audience: string; claims: Record<string, unknown>; token: string }
  | { source: "none"; reason: string };

/**
 * Ask GitHub for an OIDC token (needs `permissions: id-token: write`) and decode its claims. GitHub
 * signs them, so unlike the GITHUB_* variables they cannot be made up by the runner; keeping the
 * compact token lets an auditor check the signature later. Never throws: an unavailable token is
 * recorded as such.
 */
export async function oidcAttribution(env: NodeJS.ProcessEnv): Promise<OidcAttribution> {
  if (env.ACTIONS_ID_TOKEN_REQUEST_URL === undefined || env.ACTIONS_ID_TOKEN_REQUEST_URL === "") {
    return { source: "none", reason: "no id-token permission (permissions: id-token: write)" };
  }
  try {
    const token = await core.getIDToken(AUDIT_AUDIENCE);
    return { source: "oidc", audience: AUDIT_AUDIENCE, claims: decodeJwtPayload(token), token };
  } catch (e) {
    return {
      source: "none",
      reason: `id token request failed: ${e instanceof Error ? e.message : String(e)}`,
    };
  }
}

/** The payload of a compact JWT (not verified here: the record keeps the token for that). */
export function decodeJwtPayload(jwt: string): Record<string, unknown> {
  const part = jwt.split(".")[1];
  if (part === undefined) throw new Error("not a compact JWT");
  const value: unknown = JSON.parse(Buffer.from(part, "base64url").toString("utf8"));
  if (value === null || typeof value !== "object" || Array.isArray(value))
    throw new Error("JWT payload is not an object");
  return value as Record<string, unknown>;
}
