import { findApiKey, type ApiKeyIdentity, type Scope } from "./data/api-keys";
import { forbidden, unauthorized } from "./errors";

// Authentication for the public API. Keys arrive as `Authorization: Bearer <key>` (or
// `X-API-Key`). Accounts and sessions join here when they exist.

export function presentedKey(req: Request): string | null {
  const header = req.headers.get("authorization");
  const bearer = header?.match(/^Bearer\s+(\S+)\s*$/i)?.[1];
  return bearer ?? req.headers.get("x-api-key")?.trim() ?? null;
}

/** The key's identity when it exists, is not revoked and carries the scope; throws 401/403. */
export async function requireApiKey(req: Request, scope: Scope, featureId?: string): Promise<ApiKeyIdentity> {
  const key = presentedKey(req);
  if (!key) throw unauthorized();
  const identity = await findApiKey(key);
  if (!identity) throw unauthorized("The API key is unknown or revoked");
  if (!identity.scopes.includes(scope)) throw forbidden(`The API key lacks the "${scope}" scope`);
  if (featureId && identity.featureId && identity.featureId !== featureId) {
    throw forbidden("The API key is restricted to another feature");
  }
  return identity;
}

/** Who did something: written to the audit log as `label`. */
export interface Actor {
  kind: "key" | "user" | "rule" | "system";
  /** e.g. "key:rg_AbC123", "user:ana@example.com", "rule:<id>" */
  label: string;
  keyId?: string;
  featureId?: string | null;
}

export const keyActor = (k: ApiKeyIdentity): Actor => ({ kind: "key", label: `key:${k.prefix}`, keyId: k.id, featureId: k.featureId });

/**
 * The one entry point for route handlers that act: an API key with `scope`. Signed-in users with
 * a sufficient role are accepted here too once accounts exist (issue: accounts and roles).
 */
export async function requireActor(req: Request, scope: Scope, featureId?: string): Promise<Actor> {
  return keyActor(await requireApiKey(req, scope, featureId));
}
