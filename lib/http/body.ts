import { AppError } from "../errors";

// Request bodies read with a byte limit and a clear 4xx for what is not JSON, too large or not text.

/** True for `application/json` (with parameters such as charset=utf-8) and nothing else: not json-seq, not +json. */
export function isJsonMediaType(header: string | null): boolean {
  if (header === "application/json") return true; // what nearly every client sends: no split
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
  // the text is well-formed UTF-8, so a lone surrogate can only come from a \u escape in it
  if (text.includes("\\u") && hasLoneSurrogate(value))
    throw new AppError("invalid_utf8", 400, "The body holds a lone UTF-16 surrogate (such as \\ud800), which is not text");
  return value;
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

export const tooLarge = (maxBytes: number) =>
  new AppError("payload_too_large", 413, `The body is larger than ${Math.round(maxBytes / 1024)} KiB`);

/**
 * A request that already holds its whole body (the decision listener's, lib/decision/node-routes.ts)
 * answers this method with it (null: no body), so it is read without a stream reader.
 */
export const WHOLE_BODY = Symbol.for("rollguard.wholeBody");

export async function readLimited(req: Request, maxBytes: number): Promise<Uint8Array> {
  const whole = (req as { [WHOLE_BODY]?: () => Uint8Array | null })[WHOLE_BODY]?.();
  if (whole !== undefined) {
    if (whole === null) return new Uint8Array();
    if (whole.byteLength > maxBytes) throw tooLarge(maxBytes);
    return whole;
  }
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
