import { getToken } from "next-auth/jwt";
import { NextResponse, type NextRequest } from "next/server";
import { authSecret } from "./lib/auth/secret";

// An optimistic redirect to the sign-in page for pages without a session cookie. It is a
// convenience, not the protection: every page, handler and action checks on the server itself.

const PUBLIC = ["/signin", "/setup", "/api/", "/ofrep/", "/v1/", "/_next/", "/favicon"];

export async function proxy(req: NextRequest) {
  const { pathname, search } = req.nextUrl;
  if (PUBLIC.some((p) => pathname.startsWith(p))) return NextResponse.next();
  const token = await getToken({ req, secret: authSecret() });
  if (token) return NextResponse.next();
  const url = req.nextUrl.clone();
  url.pathname = "/signin";
  url.search = `?callbackUrl=${encodeURIComponent(pathname + search)}`;
  return NextResponse.redirect(url);
}

// API routes authenticate themselves; the proxy only serves pages (it costs every request it runs on).
export const config = { matcher: ["/((?!api/|ofrep/|v1/|_next/static|_next/image|favicon.ico).*)"] };
