import { ZodError } from "zod";
import { databaseFaultResponseError } from "./db-faults";
import { AppError } from "./errors";
import { log } from "./log";

// The one place where an error becomes a response. Every route handler is wrapped in `route`.

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

/** True for `application/json` (with parameters such as charset=utf-8) and nothing else: not json-seq, not +json. */
export function isJsonMediaType(header: string | null): boolean {
  const [type, ...params] = (header ?? "").split(";").map((p) => p.trim().toLowerCase());
  if (type !== "application/json") return false;
  const charset = params.find((p) => p.startsWith("charset="));
  return !charset || /^charset="?utf-8"?$/.test(charset);
}

// a high surrogate not followed by a low one, or a low one not preceded by a high one
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const wellFormed = (s: string) => !LONE_SURROGATE.test(s);

/** True when a parsed JSON value holds a string with a lone UTF-16 surrogate (it cannot be stored as UTF-8). */
function hasLoneSurrogate(v: unknown, depth = 0): boolean {
  if (typeof v === "string") return !wellFormed(v);
  if (depth > 64 || v === null || typeof v !== "object") return false;
  if (Array.isArray(v)) return v.some((x) => hasLoneSurrogate(x, depth + 1));
  return Object.entries(v).some(([k, x]) => !wellFormed(k) || hasLoneSurrogate(x, depth + 1));
}

/**
 * Reads a JSON body with a byte limit: 415 when not `application/json`, 413 when too large, 400
 * when unreadable, not UTF-8, or holding a lone surrogate escape (`"\ud800"`).
 */
export async function readJson(req: Request, maxBytes = 1024 * 1024): Promise<unknown> {
  if (!isJsonMediaType(req.headers.get("content-type"))) {
    throw new AppError("unsupported_media_type", 415, "Send the body as JSON (Content-Type: application/json)");
  }
  const declared = Number(req.headers.get("content-length") ?? "NaN");
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge(maxBytes);
  const bytes = await readLimited(req, maxBytes);
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    throw new AppError("invalid_utf8", 400, "The body is not valid UTF-8");
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new AppError("invalid_json", 400, "The body is not valid JSON");
  }
  if (hasLoneSurrogate(value))
    throw new AppError("invalid_utf8", 400, "The body holds a lone UTF-16 surrogate (such as \\ud800), which is not text");
  return value;
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

export const tooLarge = (maxBytes: number) =>
  new AppError("payload_too_large", 413, `The body is larger than ${Math.round(maxBytes / 1024)} KiB`);

export async function readLimited(req: Request, maxBytes: number): Promise<Uint8Array> {
  if (!req.body) return new Uint8Array();
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => {});
      throw tooLarge(maxBytes);
    }
    chunks.push(value);
  }
  const out = new Uint8Array(size);
  let offset = 0;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.byteLength;
  }
  return out;
}
