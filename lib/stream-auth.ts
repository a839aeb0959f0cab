import type { ApiKeyIdentity, Scope } from "./data/api-keys";
import { requireApiKey } from "./auth";
import { AppError } from "./errors";

/** A key with any of `scopes` (the stream serves SDKs with `evaluate` and dashboards with `read`). */
export async function requireAnyScope(req: Request, scopes: Scope[]): Promise<ApiKeyIdentity> {
  for (const [i, scope] of scopes.entries()) {
    try {
      return await requireApiKey(req, scope);
    } catch (e) {
      const lacksScope = e instanceof AppError && e.status === 403 && i < scopes.length - 1;
      if (!lacksScope) throw e;
    }
  }
  throw new AppError("forbidden", 403, "The API key has none of the needed scopes");
}
