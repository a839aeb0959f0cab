import { describe, expect, it } from "vitest";
import { decodeTraceRequest, encodeStatus, encodeTraceResponse, UnreadableOtlp } from "./decode";
import { otlpDescriptorFromProtos } from "./descriptor-source";
import descriptor from "./otlp-trace.descriptor.json";

const NS = 1_000_000n;
const T0 = 1_793_000_000_000;

describe("the OTLP trace decoder", () => {
  it("uses the committed descriptor of the vendored OpenTelemetry .proto files (npm run otlp:descriptor after replacing them)", () => {
    expect(descriptor).toEqual(JSON.parse(JSON.stringify(otlpDescriptorFromProtos())));
  });

  it("reads OTLP/JSON: hex ids, int64 as strings, every AnyValue kind, events, the resource on each span", () => {
    const body = {
      resourceSpans: [
        {
          resource: { attributes: [{ key: "service.name", value: { stringValue: "shop" } }] },
          scopeSpans: [
            {
              spans: [
                {
                  traceId: "5B8EFFF798038103D269B633813FC60C",
                  spanId: "eee19b7ec3c1b174",
                  name: "chat",
                  startTimeUnixNano: String(BigInt(T0) * NS + 250_000n),
                  endTimeUnixNano: T0 * 1_000_000 + 1_000_000_000,
                  status: { code: 2 },
                  attributes: [
                    { key: "i", value: { intValue: "9007199254740993" } },
                    { key: "j", value: { intValue: 42 } },
                    { key: "d", value: { doubleValue: 0.25 } },
                    { key: "b", value: { boolValue: false } },
                    { key: "a", value: { arrayValue: { values: [{ stringValue: "x" }, { intValue: "1" }] } } },
                    { key: "k", value: { kvlistValue: { values: [{ key: "inner", value: { boolValue: true } }] } } },
                    { key: "empty", value: {} },
                  ],
                  events: [
                    {
                      name: "rollguard.feedback",
                      timeUnixNano: String(BigInt(T0) * NS),
                      attributes: [{ key: "value", value: { stringValue: "up" } }],
                    },
                  ],
                },
              ],
            },
          ],
        },
      ],
    };
    const [span] = decodeTraceRequest(new TextEncoder().encode(JSON.stringify(body)), "json");
    expect(span).toEqual({
      traceId: "5b8efff798038103d269b633813fc60c",
      spanId: "eee19b7ec3c1b174",
      name: "chat",
      startMs: T0 + 0.25,
      endMs: T0 + 1000,
      statusCode: 2,
      attributes: { i: "9007199254740993", j: 42, d: 0.25, b: false, a: ["x", 1], k: { inner: true }, empty: null },
      events: [{ name: "rollguard.feedback", timeMs: T0, attributes: { value: "up" } }],
      resource: { "service.name": "shop" },
    });
  });

  it("refuses what is not a request: truncated protobuf, JSON that is not an object, ids that are not hex", () => {
    const bad: [Uint8Array, "protobuf" | "json"][] = [
      [new Uint8Array([0x0a, 0x64, 0x0a]), "protobuf"],
      [new TextEncoder().encode("[]"), "json"],
      [new TextEncoder().encode('{"resourceSpans":[{"scopeSpans":[{"spans":[{"spanId":"xyz"}]}]}]}'), "json"],
      [new TextEncoder().encode('{"resourceSpans":"all"}'), "json"],
    ];
    for (const [bytes, encoding] of bad) expect(() => decodeTraceRequest(bytes, encoding)).toThrow(UnreadableOtlp);
  });

  it("answers with partial_success only when something was rejected, in the request's encoding", () => {
    expect(encodeTraceResponse(0, "", "json")).toBe("{}");
    expect(JSON.parse(encodeTraceResponse(2, "span 1: no", "json") as string)).toEqual({
      partialSuccess: { rejectedSpans: 2, errorMessage: "span 1: no" },
    });
    // field 1 (partial_success) holding field 1 = 2 (rejected_spans) and field 2 = "x" (error_message)
    expect([...(encodeTraceResponse(2, "x", "protobuf") as Uint8Array)]).toEqual([0x0a, 0x05, 0x08, 0x02, 0x12, 0x01, 0x78]);
    expect([...(encodeTraceResponse(0, "", "protobuf") as Uint8Array)]).toEqual([]);
    expect([...(encodeStatus(3, "bad", "protobuf") as Uint8Array)]).toEqual([0x08, 0x03, 0x12, 0x03, 0x62, 0x61, 0x64]);
  });
});
