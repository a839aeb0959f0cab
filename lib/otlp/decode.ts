import protobuf from "protobufjs/light.js"; // the file: plain node resolves no extension for a package without an exports map (the app server bundle)
import type { Attributes, AttrValue, OtlpSpan } from "../domain/otlp-mapping";
import descriptor from "./otlp-trace.descriptor.json";

// OTLP/HTTP trace requests and responses in both encodings, through protobufjs and the OpenTelemetry
// project's own definitions (lib/otlp/proto, v1.11.0, compiled to otlp-trace.descriptor.json by
// `npm run otlp:descriptor`). Nothing here parses protobuf by hand.

export type OtlpEncoding = "protobuf" | "json";

const root = protobuf.Root.fromJSON(descriptor as protobuf.INamespace);
const Request = root.lookupType("opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest");
const Response = root.lookupType("opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse");
// google.rpc.Status (code = 1, message = 2), the body of an OTLP/HTTP error; its details are left out
const Status = new protobuf.Type("Status").add(new protobuf.Field("code", 1, "int32")).add(new protobuf.Field("message", 2, "string"));
new protobuf.Root().define("google.rpc").add(Status);

/** The body could not be read as an OTLP trace request: a 400, nothing stored. */
export class UnreadableOtlp extends Error {}

const TO_OBJECT: protobuf.IConversionOptions = { longs: String, enums: Number, defaults: false, arrays: true };

/** The spans of a request, flattened in order, each with its resource's attributes. */
export function decodeTraceRequest(body: Uint8Array, encoding: OtlpEncoding): OtlpSpan[] {
  let message: protobuf.Message;
  try {
    message = encoding === "protobuf" ? Request.decode(body) : Request.fromObject(jsonRequest(body));
  } catch (e) {
    throw new UnreadableOtlp(e instanceof Error ? e.message : String(e));
  }
  const request = Request.toObject(message, TO_OBJECT) as RequestObject;
  const spans: OtlpSpan[] = [];
  for (const rs of request.resourceSpans ?? []) {
    const resource = attributes(rs.resource?.attributes);
    for (const ss of rs.scopeSpans ?? []) {
      for (const s of ss.spans ?? []) {
        spans.push({
          traceId: hex(s.traceId),
          spanId: hex(s.spanId),
          name: s.name ?? "",
          startMs: nanosToMs(s.startTimeUnixNano),
          endMs: nanosToMs(s.endTimeUnixNano),
          statusCode: s.status?.code ?? 0,
          attributes: attributes(s.attributes),
          events: (s.events ?? []).map((e) => ({
            name: e.name ?? "",
            timeMs: nanosToMs(e.timeUnixNano),
            attributes: attributes(e.attributes),
          })),
          resource,
        });
      }
    }
  }
  return spans;
}

/** ExportTraceServiceResponse; partial_success only when something was rejected (as the spec asks). */
export function encodeTraceResponse(rejectedSpans: number, errorMessage: string, encoding: OtlpEncoding): Uint8Array | string {
  const body = rejectedSpans > 0 || errorMessage ? { partialSuccess: { rejectedSpans, errorMessage } } : {};
  if (encoding === "json") return JSON.stringify(body);
  return Response.encode(Response.fromObject(body)).finish();
}

/** google.rpc.Status, the body of an OTLP/HTTP 4xx/5xx answer. */
export function encodeStatus(code: number, message: string, encoding: OtlpEncoding): Uint8Array | string {
  if (encoding === "json") return JSON.stringify({ code, message });
  return Status.encode(Status.fromObject({ code, message })).finish();
}

// OTLP/JSON differs from protobuf's canonical JSON mapping in one place that matters: trace and
// span ids are hex, not base64. They become bytes before protobufjs reads the rest.
const HEX_ID = /^(?:[0-9a-fA-F]{2})*$/;
const ID_FIELDS = ["traceId", "spanId", "parentSpanId"];

function jsonRequest(body: Uint8Array): Record<string, unknown> {
  const value: unknown = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(body));
  if (value === null || typeof value !== "object" || Array.isArray(value)) throw new Error("the body is not a JSON object");
  for (const rs of arrayAt(value, "resourceSpans"))
    for (const ss of arrayAt(rs, "scopeSpans"))
      for (const span of arrayAt(ss, "spans")) {
        for (const f of ID_FIELDS) hexToBytes(span, f);
        for (const link of arrayAt(span, "links")) for (const f of ID_FIELDS) hexToBytes(link, f);
      }
  return value as Record<string, unknown>;
}

function arrayAt(o: unknown, key: string): Record<string, unknown>[] {
  const v = o !== null && typeof o === "object" ? (o as Record<string, unknown>)[key] : undefined;
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw new Error(`${key}: array expected`);
  return v.filter((x): x is Record<string, unknown> => x !== null && typeof x === "object");
}

function hexToBytes(o: Record<string, unknown>, key: string) {
  const v = o[key];
  if (v === undefined || v === null || v === "") return;
  if (typeof v !== "string" || !HEX_ID.test(v)) throw new Error(`${key}: hex string expected`);
  o[key] = Buffer.from(v, "hex");
}

interface KeyValueObject {
  key?: string;
  value?: AnyValueObject;
}
interface AnyValueObject {
  stringValue?: string;
  boolValue?: boolean;
  intValue?: string | number;
  doubleValue?: number;
  arrayValue?: { values?: AnyValueObject[] };
  kvlistValue?: { values?: KeyValueObject[] };
  bytesValue?: Uint8Array;
}
interface SpanObject {
  traceId?: Uint8Array;
  spanId?: Uint8Array;
  name?: string;
  startTimeUnixNano?: string;
  endTimeUnixNano?: string;
  status?: { code?: number };
  attributes?: KeyValueObject[];
  events?: { name?: string; timeUnixNano?: string; attributes?: KeyValueObject[] }[];
}
interface RequestObject {
  resourceSpans?: { resource?: { attributes?: KeyValueObject[] }; scopeSpans?: { spans?: SpanObject[] }[] }[];
}

const hex = (bytes: Uint8Array | undefined) => (bytes && bytes.length > 0 ? Buffer.from(bytes).toString("hex") : "");

function nanosToMs(nanos: string | undefined): number {
  if (!nanos) return 0;
  const n = BigInt(nanos);
  return Number(n / 1_000_000n) + Number(n % 1_000_000n) / 1e6;
}

function attributes(list: KeyValueObject[] | undefined): Attributes {
  const out: Attributes = {};
  for (const kv of list ?? []) if (kv.key) out[kv.key] = anyValue(kv.value);
  return out;
}

function anyValue(v: AnyValueObject | undefined, depth = 0): AttrValue {
  if (!v || depth > 16) return null;
  if (v.stringValue !== undefined) return v.stringValue;
  if (v.boolValue !== undefined) return v.boolValue;
  if (v.intValue !== undefined) {
    const n = Number(v.intValue);
    return Number.isSafeInteger(n) ? n : String(v.intValue);
  }
  if (v.doubleValue !== undefined) return v.doubleValue;
  if (v.arrayValue) return (v.arrayValue.values ?? []).map((x) => anyValue(x, depth + 1));
  if (v.kvlistValue) {
    const o: Record<string, AttrValue> = {};
    for (const kv of v.kvlistValue.values ?? []) if (kv.key) o[kv.key] = anyValue(kv.value, depth + 1);
    return o;
  }
  if (v.bytesValue !== undefined) return Buffer.from(v.bytesValue).toString("base64");
  return null;
}
