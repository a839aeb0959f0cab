import { ZodError } from "zod";
import { databaseFaultResponseError } from "../db-faults";
import { AppError } from "../errors";
import { log } from "../log";

// The one place where an error becomes a response. Every route handler is wrapped in `route`
// (lib/http/feature-route.ts wraps it for the feature-scoped routes); request bodies are read by
// lib/http/body.ts.

/** The headers of every JSON answer. */
export const JSON_HEADERS: Readonly<Record<string, string>> = {
  "content-type": "application/json; charset=utf-8",
  "cache-control": "no-store",
};

export function json(body: unknown, status = 200, headers?: Record<string, string>): Response {
  return new Response(JSON.stringify(body), { status, headers: { ...JSON_HEADERS, ...headers } });
}

export function errorBody(code: string, message: string, details?: unknown) {
  return { error: details === undefined ? { code, message } : { code, message, details } };
}

/** What an error means for a caller, decided in one place for routes, server actions and the decision listener. */
export type TriagedError =
  /** an AppError: its own code, status, message, details and headers */
  | { kind: "app"; status: number; code: string; message: string; details?: unknown; headers?: Record<string, string> }
  /** a ZodError: 400 invalid_request, with the issues by path */
  | {
      kind: "invalid";
      status: 400;
      code: "invalid_request";
      message: string;
      details: { path: string; message: string }[];
      issues: ZodError["issues"];
    }
  /** anything else: 500 internal, logged (never the request body or a key), no detail leaks out */
  | { kind: "internal"; status: 500; code: "internal"; message: string };

const logUnexpected = (e: unknown) => log.error("unhandled error", { error: e instanceof Error ? (e.stack ?? e.message) : String(e) });

/** Sorts an error into AppError, ZodError or anything else; the last is reported to `onUnexpected` (default: logged). */
export function triageError(e: unknown, onUnexpected: (e: unknown) => void = logUnexpected): TriagedError {
  // a sick database: 507 storage_full / 503 database_unavailable with Retry-After, logged once per episode
  const fault = databaseFaultResponseError(e);
  if (fault) e = fault;
  // a path segment that is not valid percent-encoding (`%ZZ`) fails when the route's params are decoded
  if (e instanceof URIError) e = new AppError("invalid_path", 400, "The path is not valid percent-encoding");
  if (e instanceof AppError)
    return { kind: "app", status: e.status, code: e.code, message: e.message, details: e.details, headers: e.headers };
  if (e instanceof ZodError) {
    const details = e.issues.map((i) => ({ path: i.path.join("."), message: i.message }));
    return { kind: "invalid", status: 400, code: "invalid_request", message: "The request is not valid", details, issues: e.issues };
  }
  onUnexpected(e);
  return { kind: "internal", status: 500, code: "internal", message: "Unexpected error" };
}

/** The one error body for an error: `{"error":{"code","message","details"}}` with its status. */
export function errorResponse(e: unknown, onUnexpected?: (e: unknown) => void): Response {
  const t = triageError(e, onUnexpected);
  return json(errorBody(t.code, t.message, "details" in t ? t.details : undefined), t.status, t.kind === "app" ? t.headers : undefined);
}

type Handler<C> = (req: Request, ctx: C) => Promise<Response>;

export function route<C = unknown>(fn: Handler<C>): Handler<C> {
  return async (req, ctx) => {
    try {
      return await fn(req, ctx);
    } catch (e) {
      return errorResponse(e);
    }
  };
}
