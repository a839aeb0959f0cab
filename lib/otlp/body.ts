import { gunzipSync } from "node:zlib";
import { AppError } from "../errors";
import { readLimited, tooLarge } from "../http";
import type { OtlpEncoding } from "./decode";

// Reading an OTLP/HTTP body: the encoding from Content-Type (415 otherwise), gzip undone when
// Content-Encoding says so, and one limit on the bytes both before and after decompression (413),
// so that a small gzip bomb is refused like a large body.

/** Decompressed bytes accepted in one request (the OpenTelemetry SDK's default batch of 512 spans is far below it). */
export const MAX_OTLP_BODY_BYTES = 8 * 1024 * 1024;

export function otlpEncoding(contentType: string | null): OtlpEncoding {
  const type = (contentType ?? "").split(";")[0].trim().toLowerCase();
  if (type === "application/x-protobuf") return "protobuf";
  if (type === "application/json") return "json";
  throw new AppError("unsupported_media_type", 415, "Send OTLP as application/x-protobuf or application/json");
}

export async function readOtlpBody(req: Request, maxBytes = MAX_OTLP_BODY_BYTES): Promise<Uint8Array> {
  const contentEncoding = (req.headers.get("content-encoding") ?? "identity").trim().toLowerCase();
  if (contentEncoding !== "gzip" && contentEncoding !== "identity")
    throw new AppError("unsupported_content_encoding", 415, "Content-Encoding must be gzip or absent");
  const declared = Number(req.headers.get("content-length") ?? "NaN");
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge(maxBytes);
  const bytes = await readLimited(req, maxBytes);
  if (contentEncoding === "identity") return bytes;
  try {
    return gunzipSync(bytes, { maxOutputLength: maxBytes });
  } catch (e) {
    if ((e as { code?: string }).code === "ERR_BUFFER_TOO_LARGE") throw tooLarge(maxBytes);
    throw new AppError("invalid_gzip", 400, "The body is not valid gzip");
  }
}
