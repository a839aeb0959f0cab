import { findApiKey, type ApiKeyIdentity, type Scope } from "../data/api-keys";
import type { SessionUser } from "../data/users";
import { forbidden, unauthorized } from "../errors";
import { enforceKeyRateLimit, isLimitedScope } from "./key-rate-limits";

// API-key authentication, apart from the session code in lib/auth/index.ts (which re-exports it) so
// that the decision listener's process does not load next-auth and Next.js to check a key.

export function presentedKey(req: Request): string | null {
  const header = req.headers.get("authorization");
  const bearer = header?.match(/^Bearer\s+(\S+)\s*$/i)?.[1];
  return bearer ?? req.headers.get("x-api-key")?.trim() ?? null;
}

/**
 * The key's identity when it exists, is not revoked and carries the scope; throws 401/403, and
 * 429 when the key spent its per-minute allowance for ingest or evaluate (counted in memory).
 */
export async function requireApiKey(req: Request, scope: Scope, featureId?: string): Promise<ApiKeyIdentity> {
  const key = presentedKey(req);
  if (!key) throw unauthorized();
  const identity = await findApiKey(key);
  if (!identity) throw unauthorized("The API key is unknown or revoked");
  if (!identity.scopes.includes(scope)) throw forbidden(`The API key lacks the "${scope}" scope`);
  if (featureId && identity.featureId && identity.featureId !== featureId) {
    throw forbidden("The API key is restricted to another feature");
  }
  if (isLimitedScope(scope)) enforceKeyRateLimit(identity.id, scope);
  return identity;
}

/** Who did something: written to the audit log as `label`. */
export interface Actor {
  kind: "key" | "user" | "rule" | "system";
  /** e.g. "key:rg_AbC123", "user:ana@example.com", "rule:<id>" */
  label: string;
  keyId?: string;
  featureId?: string | null;
  user?: SessionUser;
}

export const keyActor = (k: ApiKeyIdentity): Actor => ({ kind: "key", label: `key:${k.prefix}`, keyId: k.id, featureId: k.featureId });
