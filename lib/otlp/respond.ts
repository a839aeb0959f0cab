import { AppError } from "../errors";
import { triageError } from "../http";
import { decodeTraceRequest, encodeStatus, encodeTraceResponse, UnreadableOtlp, type OtlpEncoding } from "./decode";
import type { OtlpSpan } from "../domain/otlp-mapping";

// OTLP/HTTP answers: 200 with an ExportTraceServiceResponse, errors as google.rpc.Status, both in
// the request's encoding. The status, message and headers (Retry-After on 429/503) come from the
// app's one error triage (lib/http/respond.ts), so a busy or sick database answers as it does for events.

const CONTENT_TYPE: Record<OtlpEncoding, string> = { protobuf: "application/x-protobuf", json: "application/json" };

/** The encoding to answer in, before the request is checked: protobuf only when it says so. */
export const answerEncoding = (contentType: string | null): OtlpEncoding =>
  (contentType ?? "").toLowerCase().includes("application/x-protobuf") ? "protobuf" : "json";

/** Spans in one request: ten times the OpenTelemetry SDK's default batch (512), one ingest transaction. */
export const MAX_OTLP_SPANS = 5000;

export function decodeSpans(body: Uint8Array, encoding: OtlpEncoding): OtlpSpan[] {
  let spans: OtlpSpan[];
  try {
    spans = decodeTraceRequest(body, encoding);
  } catch (e) {
    if (e instanceof UnreadableOtlp)
      throw new AppError("invalid_otlp", 400, `The body is not an OTLP trace export request (${encoding}): ${e.message}`);
    throw e;
  }
  if (spans.length > MAX_OTLP_SPANS)
    throw new AppError("too_many_spans", 413, `At most ${MAX_OTLP_SPANS} spans per request: lower the span processor's maxExportBatchSize`);
  return spans;
}

export function otlpSuccess(rejectedSpans: number, errorMessage: string, encoding: OtlpEncoding): Response {
  return new Response(encodeTraceResponse(rejectedSpans, errorMessage, encoding) as BodyInit, {
    status: 200,
    headers: { "content-type": CONTENT_TYPE[encoding], "cache-control": "no-store" },
  });
}

/** gRPC status codes for the Status body (the HTTP status is what exporters act on). */
function grpcCode(status: number): number {
  if (status === 401) return 16; // UNAUTHENTICATED
  if (status === 403) return 7; // PERMISSION_DENIED
  if (status === 429 || status === 507) return 8; // RESOURCE_EXHAUSTED
  if (status === 503) return 14; // UNAVAILABLE
  if (status >= 500) return 13; // INTERNAL
  return 3; // INVALID_ARGUMENT
}

export function otlpError(e: unknown, encoding: OtlpEncoding, onUnexpected?: (e: unknown) => void): Response {
  const t = triageError(e, onUnexpected);
  return new Response(encodeStatus(grpcCode(t.status), t.message, encoding) as BodyInit, {
    status: t.status,
    headers: { "content-type": CONTENT_TYPE[encoding], "cache-control": "no-store", ...(t.kind === "app" ? t.headers : undefined) },
  });
}
