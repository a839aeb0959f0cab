import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ExportResultCode, type ExportResult } from "@opentelemetry/core";
import { OTLPTraceExporter as ProtoExporter } from "@opentelemetry/exporter-trace-otlp-proto";
import { OTLPTraceExporter as HttpExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { ProtobufTraceSerializer } from "@opentelemetry/otlp-transformer";
import { resourceFromAttributes } from "@opentelemetry/resources";
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
  type ReadableSpan,
  type SpanExporter,
} from "@opentelemetry/sdk-trace-base";
import { generateText, streamText } from "ai";
import { MockLanguageModelV3, simulateReadableStream } from "ai/test";
import { db } from "@/lib/db";
import { outputIdOfSpan } from "@/lib/domain/otlp-mapping";
import { serveWithLane, type RouteServer } from "@/lib/testing/route-server";
import type { RouteHandler } from "@/lib/decision/node-routes";
import { givenFeature, givenKey } from "@/lib/testing/fixtures";

// OTLP/HTTP with the official clients over real HTTP: the OpenTelemetry SDK (2.x) exporting through
// the protobuf and the JSON exporters (0.223), and the Vercel AI SDK (6) with its mock model and
// telemetry on. Times are set on the spans (a few minutes before the test runs), never read back.

const FEATURE = "otlp-bot";
let server: RouteServer;
let key: string;
let featureId: string;

beforeAll(async () => {
  featureId = (await givenFeature(FEATURE)).id;
  key = await givenKey(["ingest", "read"]);
  // /v1/traces as production serves it: the app server's ingest lane, ahead of Next.js
  const [{ ingestLane }, metrics] = await Promise.all([
    import("@/lib/http/ingest-routes"),
    import("../../api/v1/features/[key]/metrics/route"),
  ]);
  server = await serveWithLane(ingestLane(), { "/api/v1/features/[key]/metrics": { GET: metrics.GET as unknown as RouteHandler } });
});
afterAll(() => server?.close());

const url = () => `${server.url}/v1/traces`;
const headers = () => ({ authorization: `Bearer ${key}` });

/** A provider whose spans go to `exporter` and are also kept in memory (to export them again: a retry). */
function tracing(exporter: SpanExporter, resource: Record<string, string> = { "service.name": "shop", "rollguard.feature": FEATURE }) {
  const memory = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes(resource),
    spanProcessors: [new SimpleSpanProcessor(exporter), new SimpleSpanProcessor(memory)],
  });
  return { provider, tracer: provider.getTracer("test"), memory };
}

const exportAgain = (exporter: SpanExporter, spans: ReadableSpan[]) =>
  new Promise<ExportResult>((resolve) => exporter.export(spans, resolve));

const at = Date.now() - 10 * 60_000;
const outputsOf = (clientIds: string[]) => db.output.count({ where: { featureId, clientId: { in: clientIds } } });
const idOf = (s: ReadableSpan) => outputIdOfSpan(s.spanContext().traceId, s.spanContext().spanId);

async function metricsFor(model: string) {
  const q = new URLSearchParams({ from: String(at - 3_600_000), to: String(Date.now() + 60_000), interval: "hour", model });
  const res = await fetch(`${server.url}/api/v1/features/${FEATURE}/metrics?${q}`, { headers: headers() });
  expect(res.status).toBe(200);
  return (await res.json()).totals as { outputs: number; labelled: number; correct: number; thumbsUp: number; thumbsDown: number };
}

describe.each([
  ["protobuf", () => new ProtoExporter({ url: url(), headers: headers() })],
  ["JSON", () => new HttpExporter({ url: url(), headers: headers() })],
  ["protobuf, gzip", () => new ProtoExporter({ url: url(), headers: headers(), compression: "gzip" as never })],
])("POST /v1/traces from the OpenTelemetry SDK's %s exporter", (encoding, makeExporter) => {
  it("stores a GenAI span as one output with its label and thumbs; foreign spans are ignored; a retry is a duplicate", async () => {
    const exporter = makeExporter();
    const { provider, tracer, memory } = tracing(exporter);
    const model = `gpt-otel-${encoding.replace(/\W+/g, "-")}`;
    const chat = tracer.startSpan("chat", {
      startTime: at,
      attributes: {
        "gen_ai.operation.name": "chat",
        "gen_ai.request.model": "gpt-x",
        "gen_ai.response.model": model,
        "rollguard.confidence": 0.9,
        "rollguard.segment": "smb",
      },
    });
    chat.addEvent("rollguard.label", { correct: true, source: "ground_truth" }, at + 2000);
    chat.addEvent("rollguard.feedback", { value: "down" }, at + 3000);
    chat.end(at + 1200);
    tracer.startSpan("GET /checkout", { startTime: at, attributes: { "http.request.method": "GET" } }).end(at + 5);
    await provider.forceFlush();

    const [sent, foreign] = memory.getFinishedSpans();
    expect(await outputsOf([idOf(sent), idOf(foreign)])).toBe(1);
    const stored = await db.output.findUniqueOrThrow({ where: { id: `${featureId}:${idOf(sent)}` } });
    expect(stored).toMatchObject({ model, segment: "smb", confidence: 0.9, at: BigInt(Math.floor(at + 1200)) });
    expect(await db.label.count({ where: { outputId: stored.id, source: "ground_truth", correct: true } })).toBe(1);
    expect(await metricsFor(model)).toMatchObject({ outputs: 1, labelled: 1, correct: 1, thumbsDown: 1 });

    // the exporter sends the same spans again (as after a timeout): nothing counts twice
    expect((await exportAgain(exporter, [sent, foreign])).code).toBe(ExportResultCode.SUCCESS);
    expect(await outputsOf([idOf(sent)])).toBe(1);
    expect(await metricsFor(model)).toMatchObject({ outputs: 1, labelled: 1, thumbsDown: 1 });
    await provider.shutdown();
  });
});

describe("POST /v1/traces from the Vercel AI SDK (ai 6) with telemetry on", () => {
  const metadata = { "rollguard.confidence": 0.7, "rollguard.segment": "enterprise" };
  const usage = { inputTokens: { total: 12, noCache: 12, cacheRead: 0, cacheWrite: 0 }, outputTokens: { total: 5, text: 5, reasoning: 0 } };

  it("one output per generation (not per nested span), the model through the metrics API", async () => {
    const { provider, tracer, memory } = tracing(new ProtoExporter({ url: url(), headers: headers() }));
    const model = new MockLanguageModelV3({
      modelId: "mock-ai6",
      doGenerate: async () => ({
        content: [{ type: "text", text: "Your order ships Monday." }],
        finishReason: { unified: "stop", raw: "stop" },
        usage,
        warnings: [],
      }),
      doStream: async () => ({
        stream: simulateReadableStream({
          chunks: [
            { type: "text-start", id: "t" },
            { type: "text-delta", id: "t", delta: "Streamed " },
            { type: "text-delta", id: "t", delta: "answer." },
            { type: "text-end", id: "t" },
            { type: "finish", finishReason: { unified: "stop", raw: "stop" }, usage },
          ],
        }),
      }),
    });
    const telemetry = { isEnabled: true, tracer, metadata };
    const first = await generateText({ model, prompt: "When does my order ship?", experimental_telemetry: telemetry });
    expect(first.text).toBe("Your order ships Monday.");
    await generateText({ model, prompt: "And the second one?", experimental_telemetry: telemetry });
    const stream = streamText({ model, prompt: "Stream it", experimental_telemetry: telemetry });
    expect(await stream.text).toBe("Streamed answer.");
    await provider.forceFlush();

    const spans = memory.getFinishedSpans();
    expect(spans.map((s) => s.name).sort()).toEqual([
      "ai.generateText",
      "ai.generateText",
      "ai.generateText.doGenerate",
      "ai.generateText.doGenerate",
      "ai.streamText",
      "ai.streamText.doStream",
    ]);
    expect(await outputsOf(spans.map(idOf))).toBe(3);
    const outer = spans.filter((s) => s.name === "ai.generateText" || s.name === "ai.streamText");
    expect(await outputsOf(outer.map(idOf))).toBe(3);
    const stored = await db.output.findMany({ where: { featureId, clientId: { in: outer.map(idOf) } } });
    expect(stored.map((o) => o.output).sort()).toEqual(["Streamed answer.", "Your order ships Monday.", "Your order ships Monday."]);
    expect(stored.every((o) => o.segment === "enterprise" && o.confidence === 0.7)).toBe(true);
    expect((await metricsFor("mock-ai6")).outputs).toBe(3);
    await provider.shutdown();
  });
});

describe("POST /v1/traces — bad input", () => {
  async function protobufOf(
    build: (tracer: ReturnType<typeof tracing>["tracer"]) => void,
  ): Promise<{ bytes: Buffer; spans: ReadableSpan[] }> {
    const memory = new InMemorySpanExporter();
    const { provider, tracer } = tracing(memory);
    build(tracer);
    await provider.forceFlush();
    const spans = memory.getFinishedSpans();
    return { bytes: Buffer.from(ProtobufTraceSerializer.serializeRequest(spans)!), spans };
  }
  const post = (body: string | Uint8Array, contentType = "application/x-protobuf", extra: Record<string, string> = {}) =>
    fetch(url(), { method: "POST", headers: { ...headers(), "content-type": contentType, ...extra }, body: body as BodyInit });
  const chat = (confidence: unknown = 0.5) => ({
    "gen_ai.operation.name": "chat",
    "gen_ai.response.model": "bad-input-model",
    "rollguard.confidence": confidence as number,
  });

  it("a truncated protobuf body: 400 with a Status body, nothing stored", async () => {
    const { bytes, spans } = await protobufOf((t) => t.startSpan("chat", { startTime: at, attributes: chat() }).end(at + 10));
    const res = await post(bytes.slice(0, bytes.length - 7));
    expect(res.status).toBe(400);
    expect(res.headers.get("content-type")).toBe("application/x-protobuf");
    expect(Buffer.from(await res.arrayBuffer()).toString()).toContain("not an OTLP trace export request");
    expect(await outputsOf(spans.map(idOf))).toBe(0);
    // the same body whole is stored
    expect((await post(bytes)).status).toBe(200);
    expect(await outputsOf(spans.map(idOf))).toBe(1);
  });

  it("415 for another content type or content encoding, 401 without a valid key, 400 for invalid JSON or gzip", async () => {
    expect((await post("{}", "text/plain")).status).toBe(415);
    expect((await post("{}", "application/json", { "content-encoding": "br" })).status).toBe(415);
    const noKey = await fetch(url(), { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
    expect(noKey.status).toBe(401);
    expect(await noKey.json()).toEqual({ code: 16, message: expect.any(String) });
    expect((await post("{}", "application/json", { authorization: "Bearer rg_unknown" })).status).toBe(401);
    expect((await post("{nope", "application/json")).status).toBe(400);
    expect((await post(new Uint8Array([1, 2, 3]), "application/x-protobuf", { "content-encoding": "gzip" })).status).toBe(400);
    const empty = await post("{}", "application/json");
    expect(empty.status).toBe(200);
    expect(await empty.json()).toEqual({});
  });

  it("413 for a body over 8 MiB, also when it is small gzipped; nothing stored", async () => {
    const { bytes, spans } = await protobufOf((t) => {
      for (let i = 0; i < 700; i++)
        t.startSpan("chat", { startTime: at, attributes: { ...chat(), "ai.response.text": "x".repeat(12_000) } }).end(at + 10);
    });
    expect(bytes.length).toBeGreaterThan(8 * 1024 * 1024);
    expect((await post(bytes)).status).toBe(413);
    const zipped = gzipSync(bytes);
    expect(zipped.length).toBeLessThan(1024 * 1024);
    expect((await post(zipped, "application/x-protobuf", { "content-encoding": "gzip" })).status).toBe(413);
    expect(await outputsOf(spans.slice(0, 50).map(idOf))).toBe(0);
  });

  it("a mixed batch: the valid spans stored, the others counted in partial_success with the reason (JSON, wrong attribute types)", async () => {
    const ok = { traceId: "5b8efff798038103d269b633813fc60c", spanId: "eee19b7ec3c1b174" };
    const span = (spanId: string, attributes: { key: string; value: Record<string, unknown> }[]) => ({
      ...ok,
      spanId,
      name: "chat",
      startTimeUnixNano: String(BigInt(at) * 1_000_000n),
      endTimeUnixNano: String(BigInt(at + 40) * 1_000_000n),
      attributes: [{ key: "gen_ai.operation.name", value: { stringValue: "chat" } }, ...attributes],
    });
    const body = {
      resourceSpans: [
        {
          resource: { attributes: [{ key: "rollguard.feature", value: { stringValue: FEATURE } }] },
          scopeSpans: [
            {
              spans: [
                span("0000000000000001", [{ key: "rollguard.confidence", value: { doubleValue: 0.4 } }]),
                span("0000000000000002", [{ key: "rollguard.confidence", value: { stringValue: "high" } }]),
                span("0000000000000003", [
                  { key: "rollguard.confidence", value: { doubleValue: 0.4 } },
                  { key: "rollguard.feature", value: { stringValue: "no-such-feature" } },
                ]),
                span("0000000000000004", [{ key: "rollguard.confidence", value: { intValue: "7" } }]),
              ],
            },
          ],
        },
      ],
    };
    const res = await post(JSON.stringify(body), "application/json");
    expect(res.status).toBe(200);
    const answer = await res.json();
    expect(answer.partialSuccess.rejectedSpans).toBe(3);
    expect(answer.partialSuccess.errorMessage).toMatch(
      /span 1: rollguard\.confidence must be a number.*span 2: unknown_feature.*span 3: invalid_event: confidence/,
    );
    const id = (spanId: string) => outputIdOfSpan(ok.traceId, spanId);
    expect(await outputsOf([id("0000000000000001")])).toBe(1);
    expect(await outputsOf(["0000000000000002", "0000000000000003", "0000000000000004"].map(id))).toBe(0);
  });

  it("a structurally wrong JSON body (attributes not a list, an id not hex): 400, nothing stored", async () => {
    const res = await post(
      JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans: [{ traceId: "zz", spanId: "01" }] }] }] }),
      "application/json",
    );
    expect(res.status).toBe(400);
    expect((await res.json()).message).toContain("traceId");
    const res2 = await post(
      JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans: [{ name: "x", attributes: "rollguard" }] }] }] }),
      "application/json",
    );
    expect(res2.status).toBe(400);
  });
});
