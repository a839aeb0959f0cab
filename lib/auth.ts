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
