import { isAllowedOrigin } from "../data/api-keys";
import { errorResponse } from "../http";
import { AppError } from "../errors";
import { PlainResponse } from "./node-routes";

// CORS on the APIs a browser may call with a client-side key (OFREP, the flag-event stream,
// thumbs feedback). A preflight carries no key, so it is answered for any origin that some active
// client key allows; the request itself is then checked against its own key's origins
// (lib/api-key-auth.ts), and a server key presented by a browser is refused.

type Handler<C> = (req: Request, ctx: C) => Promise<Response | PlainResponse>;

const ALLOWED_HEADERS = "authorization, content-type, if-none-match, last-event-id, x-api-key";

function corsHeaders(origin: string, exposeEtag: boolean): Record<string, string> {
  return { "access-control-allow-origin": origin, vary: "Origin", ...(exposeEtag ? { "access-control-expose-headers": "ETag" } : {}) };
}

/** Adds CORS headers for an allowed origin to whatever the handler answers (errors included). */
export function withCors<C>(fn: Handler<C>): Handler<C> {
  return async (req, ctx) => withCorsFor(req.headers.get("origin"), await fn(req, ctx));
}

/** CORS headers on an answer for this origin, when allowed: also for one made before any handler ran (a body over the limit). */
export async function withCorsFor(
  origin: string | null | undefined,
  response: Response | PlainResponse,
): Promise<Response | PlainResponse> {
  if (!origin || !(await isAllowedOrigin(origin))) return response;
  const headers = corsHeaders(origin, true);
  if (response instanceof PlainResponse) return new PlainResponse(response.status, { ...response.headers, ...headers }, response.text);
  for (const [k, v] of Object.entries(headers)) response.headers.set(k, v);
  return response;
}

/** The preflight: 204 with the allowed methods and headers, or 403 for an origin no key allows. */
export function preflight(methods: string): (req: Request) => Promise<Response | PlainResponse> {
  return async (req) => {
    const origin = req.headers.get("origin");
    if (!origin || !(await isAllowedOrigin(origin))) {
      return errorResponse(new AppError("origin_not_allowed", 403, "No client-side key allows this origin"));
    }
    return new PlainResponse(
      204,
      {
        ...corsHeaders(origin, false),
        "access-control-allow-methods": methods,
        "access-control-allow-headers": req.headers.get("access-control-request-headers") ? ALLOWED_HEADERS : ALLOWED_HEADERS,
        "access-control-max-age": "600",
      },
      null,
    );
  };
}
