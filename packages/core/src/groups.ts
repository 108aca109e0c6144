/**
 * Key groups: the data key wrapped for each age recipient, split with Shamir across several groups,
 * and opened again with the identities at hand.
 */
import { HushError } from "./errors.js";
import {
  assertRecipient,
  canonicalRecipient,
  unwrapDataKey,
  wrapDataKey,
  type AgeStanza,
} from "./keys.js";
import type { IdentityInput } from "./key-identity.js";
import type { KeyGroup, SopsMetadata } from "./metadata.js";
import { combineShares, splitSecret } from "./shamir.js";
import type { RecipientSpec } from "./sops.js";

/** The recipient groups of a spec, validated. ERR_CONFIG when empty, ERR_KEY when malformed. */
export function groupsFrom(spec: RecipientSpec): string[][] {
  const groups =
    spec.keyGroups !== undefined && spec.keyGroups.length > 0
      ? spec.keyGroups.map((g) => [...g])
      : [[...(spec.recipients ?? [])]];
  if (groups.some((g) => g.length === 0)) {
    throw new HushError("ERR_CONFIG", "no recipients given", {
      hint: "name at least one age recipient (age1…)",
    });
  }
  groups.forEach((g, i) =>
    g.forEach((r, j) =>
      assertRecipient(
        r.trim(),
        groups.length > 1 ? `key group ${i + 1}, recipient ${j + 1}` : `recipient ${j + 1}`,
      ),
    ),
  );
  return groups.map((g) => g.map(canonicalRecipient));
}

/** Wrap the data key (or its Shamir shares) for every recipient. */
export async function wrapGroups(
  dataKey: Uint8Array,
  groups: string[][],
  threshold: number | undefined,
  other?: KeyGroup[],
): Promise<{ keyGroups: KeyGroup[]; shamirThreshold: number | undefined }> {
  let parts: Uint8Array[];
  let t: number | undefined;
  if (groups.length === 1) parts = [dataKey];
  else {
    t = threshold ?? groups.length;
    if (!Number.isInteger(t) || t < 2 || t > groups.length) {
      throw new HushError(
        "ERR_CONFIG",
        `the Shamir threshold must be between 2 and ${groups.length}`,
        {
          hint: "set shamir_threshold to how many key groups must cooperate",
        },
      );
    }
    parts = splitSecret(dataKey, groups.length, t);
  }
  const keyGroups = await Promise.all(
    groups.map(async (g, i) => ({
      age: await Promise.all(
        g.map(async (recipient): Promise<AgeStanza> => ({
          recipient,
          enc: await wrapDataKey(parts[i]!, recipient),
        })),
      ),
      other: other?.[i]?.other ?? {},
    })),
  );
  return { keyGroups, shamirThreshold: t };
}

/** Open the data key: one group directly, several groups by combining Shamir shares. */
export async function openDataKey(
  meta: SopsMetadata,
  identities: readonly IdentityInput[],
): Promise<{ dataKey: Uint8Array; recipient: string }> {
  if (meta.keyGroups.length === 1) {
    const r = await unwrapDataKey(meta.keyGroups[0]!.age, identities);
    if (r.dataKey.length !== 32)
      throw new HushError("ERR_FORMAT", "the wrapped data key is not 32 bytes", {
        hint: "restore the sops block from git",
      });
    return r;
  }
  const shares: Uint8Array[] = [];
  let recipient = "";
  let lastError: unknown;
  for (const g of meta.keyGroups) {
    if (g.age.length === 0) continue;
    try {
      const r = await unwrapDataKey(g.age, identities);
      shares.push(r.dataKey);
      recipient ||= r.recipient;
    } catch (e) {
      lastError = e;
    }
  }
  const threshold = meta.shamirThreshold ?? meta.keyGroups.length;
  if (shares.length < threshold || shares.length < 2) {
    throw new HushError(
      "ERR_NO_IDENTITY",
      `the identities open ${shares.length} of the ${threshold} key groups needed`,
      {
        hint: "add identities for more key groups",
        cause: lastError,
      },
    );
  }
  return { dataKey: combineShares(shares), recipient };
}
