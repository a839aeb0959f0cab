import { findApiKey, type ApiKeyIdentity, type Scope } from "../data/api-keys";
import type { SessionUser } from "../data/users";
import { AppError, forbidden, unauthorized } from "../errors";
import { enforceKeyRateLimit, isLimitedScope } from "./key-rate-limits";
import { forwardedHost } from "./client-address";

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
  if (featureId && identity.featureIds && !identity.featureIds.includes(featureId)) {
    throw forbidden("The API key is restricted to another feature");
  }
  const origin = req.headers.get("origin");
  if (origin) requireKeyOrigin(identity, origin, forwardedHost(req.headers) ?? req.headers.get("host"));
  if (isLimitedScope(scope)) enforceKeyRateLimit(identity.id, scope);
  return identity;
}

/** A key holding one of the scopes (the first that it holds is checked, rate limit included). */
export async function requireApiKeyWithAnyScope(req: Request, scopes: readonly Scope[], featureId?: string): Promise<ApiKeyIdentity> {
  const key = presentedKey(req);
  if (!key) throw unauthorized();
  const identity = await findApiKey(key);
  const scope = identity?.scopes.find((s) => scopes.includes(s)) ?? scopes[0];
  return requireApiKey(req, scope, featureId);
}

/**
 * Browsers send `Origin`: a client-side key must be used from one of its origins, and a server key
 * must never be used from a browser (its value would be in the page for anyone to take).
 */
export function requireKeyOrigin(identity: ApiKeyIdentity, origin: string | null, host?: string | null): void {
  if (!origin) return;
  if (identity.kind === "server") {
    // a page of this very host (a same-origin request) is not another site holding the key
    if (host && originHost(origin) === host) return;
    throw new AppError(
      "server_key_in_browser",
      403,
      "A server key cannot be used from a browser: create a client-side key for this origin",
    );
  }
  if (!identity.origins.includes(origin))
    throw new AppError("origin_not_allowed", 403, `This client-side key does not allow the origin ${origin}`);
}

function originHost(origin: string): string | null {
  try {
    return new URL(origin).host;
  } catch {
    return null;
  }
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
