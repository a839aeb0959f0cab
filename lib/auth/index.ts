import { getServerSession } from "next-auth";
import { decode } from "next-auth/jwt";
import { authSecret } from "./secret";
import { redirect } from "next/navigation";
import { authOptions } from "./auth-options";
import type { Scope } from "../data/api-keys";
import { keyActor, presentedKey, requireApiKey, type Actor } from "./api-key";
import { activeUser, type SessionUser } from "../data/users";
import { hasRole, ROLE_FOR_SCOPE, type Role } from "../domain/roles";
import { AppError, forbidden, unauthorized } from "../errors";
import { forwardedHost } from "./client-address";

// Authentication and authorisation, in one place. The public API takes API keys
// (`Authorization: Bearer <key>` or `X-API-Key`) with scopes; browsers take a next-auth session
// whose user's role (re-read from the database on each request) must suffice.

export { presentedKey, requireApiKey, requireApiKeyWithAnyScope } from "./api-key";

export { keyActor, type Actor } from "./api-key";
export const userActor = (u: SessionUser): Actor => ({ kind: "user", label: `user:${u.email}`, user: u });

/** The signed-in, active user of this request, or null. */
export async function sessionUser(): Promise<SessionUser | null> {
  const session = (await getServerSession(authOptions)) as { uid?: string } | null;
  return session?.uid ? activeUser(session.uid) : null;
}

const SESSION_COOKIES = ["__Secure-next-auth.session-token", "next-auth.session-token"];

/**
 * A Cookie header's name → value pairs. A value that is not valid percent-encoding (`x=50%off`) is
 * kept as sent, as browsers and the `cookie` package do: someone else's cookie on our host must not
 * turn a request into a URIError (which once read as a database fault: 503).
 */
export function parseCookies(header: string | null): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of (header ?? "").split(";")) {
    const i = part.indexOf("=");
    if (i < 0) continue;
    const name = part.slice(0, i).trim();
    const raw = part.slice(i + 1).trim();
    if (!name || out.has(name)) continue;
    let value = raw;
    try {
      value = decodeURIComponent(raw);
    } catch {
      // not percent-encoding: the value as sent
    }
    out.set(name, value);
  }
  return out;
}

/** The signed-in user of a route handler's request, from its session cookie (no request context needed). */
export async function requestUser(req: Request): Promise<SessionUser | null> {
  const cookies = parseCookies(req.headers.get("cookie"));
  const token = SESSION_COOKIES.map((n) => cookies.get(n)).find(Boolean);
  if (!token) return null;
  try {
    const payload = await decode({ token, secret: authSecret() });
    return typeof payload?.uid === "string" ? activeUser(payload.uid) : null;
  } catch {
    return null; // expired or forged
  }
}

/** For server actions and handlers: the signed-in user with at least `role`; throws 401/403. */
export async function requireRole(role: Role): Promise<SessionUser> {
  const user = await sessionUser();
  if (!user) throw unauthorized("Sign in first");
  if (!hasRole(user.role, role)) throw forbidden(`This needs the ${role} role`);
  return user;
}

/** For pages: the signed-in user, or a redirect to the sign-in page; a missing role says which role the page needs. */
export async function requirePageUser(role: Role = "viewer", callbackUrl = "/"): Promise<SessionUser> {
  const user = await sessionUser();
  if (!user) redirect(`/signin?callbackUrl=${encodeURIComponent(callbackUrl)}`);
  if (!hasRole(user.role, role)) redirect(`/needs-role?role=${role}&from=${encodeURIComponent(callbackUrl)}`);
  return user;
}

/** A browser's state-changing request must come from our own origin (cookies are SameSite=Lax too). */
function assertSameOrigin(req: Request) {
  if (req.method === "GET" || req.method === "HEAD") return;
  const origin = req.headers.get("origin");
  // X-Forwarded-Host only from a trusted proxy (ROLLGUARD_TRUST_PROXY): anyone can send it
  const host = forwardedHost(req.headers) ?? req.headers.get("host");
  if (!origin || !host) throw new AppError("forbidden", 403, "Cross-site request refused");
  let originHost: string;
  try {
    originHost = new URL(origin).host;
  } catch {
    // "null" (a sandboxed or privacy-sensitive context) or junk: not an origin we can compare
    throw new AppError("invalid_origin", 400, `The Origin header is not a URL ("${origin.slice(0, 100)}"): the request is refused`);
  }
  if (originHost !== host) throw new AppError("forbidden", 403, "Cross-site request refused");
}

/**
 * The one entry point for route handlers: an API key with `scope`, or — for `read` and
 * `operate` — a signed-in user whose role allows it (viewer reads, operator operates).
 */
export async function requireActor(req: Request, scope: Scope, featureId?: string): Promise<Actor> {
  if (presentedKey(req)) return keyActor(await requireApiKey(req, scope, featureId));
  if (scope === "read" || scope === "operate") {
    const user = await requestUser(req);
    if (user) {
      if (!hasRole(user.role, ROLE_FOR_SCOPE[scope])) throw forbidden(`This needs the ${ROLE_FOR_SCOPE[scope]} role`);
      assertSameOrigin(req);
      return userActor(user);
    }
  }
  throw unauthorized();
}
