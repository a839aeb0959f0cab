import { errorResponse, json, readJson, triageError } from "../http";
import { log } from "../log";
import type { PlainResponse } from "./node-routes";
import { plainOfrepContext, ZOfrepRequest, type OfrepContext } from "../schemas/ofrep";

// HTTP shape of the OpenFeature Remote Evaluation Protocol. Its evaluation errors have their own
// body, `{key, errorCode, errorDetails}` (PARSE_ERROR, INVALID_CONTEXT, TARGETING_KEY_MISSING: 400;
// FLAG_NOT_FOUND: 404; GENERAL: 500), which OpenFeature providers read; authentication errors
// (401/403), for which OFREP defines no body, keep Rollguard's one error body.

export class OfrepFailure extends Error {
  constructor(
    readonly status: 400 | 404 | 500,
    readonly errorCode: string,
    readonly errorDetails: string,
    readonly key?: string,
  ) {
    super(errorDetails);
  }
}

type Handler<C> = (req: Request, ctx: C) => Promise<Response | PlainResponse>;

const logFailure = (e: unknown) => log.error("ofrep evaluation failed", { error: e instanceof Error ? (e.stack ?? e.message) : String(e) });

export function ofrepRoute<C = unknown>(fn: Handler<C>): Handler<C> {
  return async (req, ctx) => {
    try {
      return await fn(req, ctx);
    } catch (e) {
      if (e instanceof OfrepFailure)
        return json({ ...(e.key ? { key: e.key } : {}), errorCode: e.errorCode, errorDetails: e.errorDetails }, e.status);
      // Authentication and rate limits (AppError) keep Rollguard's body; anything else is OFREP's GENERAL.
      const t = triageError(e, logFailure);
      if (t.kind === "app") return errorResponse(e);
      if (t.kind === "invalid") logFailure(e); // a ZodError escaping a handler is a bug here, not the client's
      return json({ errorCode: "GENERAL", errorDetails: "Unexpected error" }, 500);
    }
  };
}

/** The evaluation context from the body; an absent body or context is an empty context. */
export async function readOfrepContext(req: Request, key?: string): Promise<OfrepContext> {
  let raw: unknown;
  try {
    raw = req.headers.get("content-length") === "0" ? {} : await readJson(req, 64 * 1024);
  } catch (e) {
    throw new OfrepFailure(400, "PARSE_ERROR", e instanceof Error ? e.message : "The body is not valid JSON", key);
  }
  // the common body checked by hand (same acceptance, lib/schemas/ofrep.test.ts); zod words the errors
  const plain = plainOfrepContext(raw ?? {});
  if (plain) return plain;
  const parsed = ZOfrepRequest.safeParse(raw ?? {});
  if (!parsed.success) {
    const details = parsed.error.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`).join("; ");
    throw new OfrepFailure(400, "INVALID_CONTEXT", details, key);
  }
  return parsed.data.context ?? {};
}

/** True when the client's If-None-Match names the current ETag (weak or strong, or `*`). */
export function etagMatches(req: Request, etag: string): boolean {
  const header = req.headers.get("if-none-match");
  if (!header) return false;
  return header.split(",").some((t) => {
    const tag = t.trim().replace(/^W\//, "");
    return tag === "*" || tag === etag;
  });
}
