import { keyActor, presentedKey, requireApiKey, type Actor } from "./api-key";
import type { Scope } from "../data/api-keys";
import { AppError, forbidden } from "../errors";

/**
 * Who may read the stream: an API key with `read` (dashboards, tools) or `evaluate` (SDKs), or a
 * signed-in user who may read (an open dashboard's EventSource sends its session cookie).
 */
export async function requireStreamReader(req: Request): Promise<Actor> {
  if (!presentedKey(req)) {
    // loaded on demand: the session code (next-auth) is not part of the decision listener
    const { requireActor } = await import(".");
    return requireActor(req, "read");
  }
  return requireStreamKey(req);
}

/** The decision listener's stream: API keys only (browsers use the app's own stream). */
export async function requireStreamKey(req: Request): Promise<Actor> {
  const scopes: Scope[] = ["read", "evaluate"];
  for (const [i, scope] of scopes.entries()) {
    try {
      const identity = await requireApiKey(req, scope);
      if (identity.kind === "client")
        throw forbidden("A client-side key hears changes through the OFREP event stream its bulk evaluation advertises");
      return keyActor(identity);
    } catch (e) {
      const lacksScope = e instanceof AppError && e.status === 403 && i < scopes.length - 1;
      if (!lacksScope) throw e;
    }
  }
  throw new AppError("forbidden", 403, "The API key has none of the needed scopes");
}
