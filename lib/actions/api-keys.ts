"use server";

import { roleAction } from "@/lib/actions/guard";
import { userActor } from "@/lib/auth";
import { createApiKeyForFeature, revokeApiKey } from "@/lib/data/api-keys";
import { notFound } from "@/lib/errors";
import { ZNewApiKey, ZRevokeApiKey } from "@/lib/schemas/api-keys";

const revalidate = ["/admin/keys"];

/** Creates a key; the result carries the key itself, shown once and never stored. */
export const createApiKeyAction = roleAction(
  "admin",
  ZNewApiKey,
  async ({ name, scopes, feature }, user) => {
    const { key, identity } = await createApiKeyForFeature({ name, scopes, featureKey: feature, actor: userActor(user).label });
    return { key, prefix: identity.prefix, name: identity.name, scopes: identity.scopes, feature };
  },
  { revalidate },
);

export const revokeApiKeyAction = roleAction(
  "admin",
  ZRevokeApiKey,
  async ({ prefix }, user) => {
    if (!(await revokeApiKey(prefix, userActor(user).label))) throw notFound(`No active key with prefix ${prefix}`);
    return { prefix };
  },
  { revalidate },
);
