import { describe, expect, it } from "vitest";
import { mapSpans, outputIdOfSpan, type OtlpEvent, type OtlpSpan } from "./otlp-mapping";

const T0 = Date.UTC(2026, 10, 2, 9, 0, 0);
const span = (over: Partial<OtlpSpan> = {}): OtlpSpan => ({
  traceId: "0af7651916cd43dd8448eb211c80319c",
  spanId: "b7ad6b7169203331",
  name: "chat gpt-x",
  startMs: T0,
  endMs: T0 + 850.5,
  statusCode: 0,
  attributes: { "gen_ai.operation.name": "chat", "rollguard.confidence": 0.8 },
  events: [],
  resource: { "rollguard.feature": "support-bot" },
  ...over,
});

describe("mapSpans", () => {
  it("a gen_ai chat span is one output: id from trace and span id, time at its end, model from the response, rollguard.* fields", () => {
    const s = span({
      attributes: {
        "gen_ai.operation.name": "chat",
        "gen_ai.request.model": "gpt-x",
        "gen_ai.response.model": "gpt-x-2026-01",
        "rollguard.confidence": 0.8,
        "rollguard.segment": "smb",
        "rollguard.phase": "beta",
        "rollguard.presentation": "flagged",
        "rollguard.input_type": "email",
        "rollguard.unit": "user-7",
      },
    });
    expect(mapSpans([s], null)).toEqual({
      ignored: 0,
      rejected: [],
      events: [
        {
          span: 0,
          event: {
            type: "output",
            id: "otel:0af7651916cd43dd8448eb211c80319c:b7ad6b7169203331",
            feature: "support-bot",
            timestamp: T0 + 850,
            confidence: 0.8,
            segment: "smb",
            phase: "beta",
            presentation: "flagged",
            inputType: "email",
            unit: "user-7",
            model: "gpt-x-2026-01",
            durationMs: 851,
          },
        },
      ],
    });
    expect(outputIdOfSpan("ab", "cd")).toBe("otel:ab:cd");
  });

  it("the AI SDK's outer span is the output, its doGenerate child and tool calls are not; metadata carries rollguard.*", () => {
    const meta = { "ai.telemetry.metadata.rollguard.feature": "drafts", "ai.telemetry.metadata.rollguard.confidence": 0.6 };
    const outer = span({
      resource: {},
      attributes: {
        "ai.operationId": "ai.generateText",
        "ai.model.id": "mock-model",
        "ai.prompt": '{"prompt":"hi"}',
        "ai.response.text": "hello",
        ...meta,
      },
    });
    const child = span({
      spanId: "1111111111111111",
      resource: {},
      attributes: { "ai.operationId": "ai.generateText.doGenerate", "gen_ai.response.model": "mock-model", ...meta },
    });
    const tool = span({ spanId: "2222222222222222", resource: {}, attributes: { "ai.operationId": "ai.toolCall", ...meta } });
    const foreign = span({ spanId: "3333333333333333", name: "GET /", attributes: { "http.method": "GET" } });
    const r = mapSpans([outer, child, tool, foreign], null);
    expect(r.ignored).toBe(3);
    expect(r.events).toHaveLength(1);
    expect(r.events[0].event).toMatchObject({
      type: "output",
      feature: "drafts",
      confidence: 0.6,
      model: "mock-model",
      input: '{"prompt":"hi"}',
      output: "hello",
    });
  });

  it("the span's own rollguard.feature wins over the resource's, which wins over the key's; rollguard.output_id replaces the derived id", () => {
    const own = mapSpans(
      [
        span({
          attributes: {
            "gen_ai.operation.name": "chat",
            "rollguard.confidence": 1,
            "rollguard.feature": "mine",
            "rollguard.output_id": "ans-1",
          },
        }),
      ],
      "keys",
    );
    expect(own.events[0].event).toMatchObject({ feature: "mine", id: "ans-1" });
    expect(mapSpans([span()], "keys").events[0].event.feature).toBe("support-bot");
    expect(mapSpans([span({ resource: {} })], "keys").events[0].event.feature).toBe("keys");
  });

  it("labels and thumbs from span events, on the output's id; evaluation results by label or by score", () => {
    const events: OtlpEvent[] = [
      { name: "rollguard.label", timeMs: T0 + 2000, attributes: { correct: false, source: "ground_truth" } },
      {
        name: "gen_ai.evaluation.result",
        timeMs: T0 + 3000,
        attributes: { "gen_ai.evaluation.name": "Relevance", "gen_ai.evaluation.score.label": "pass" },
      },
      { name: "gen_ai.evaluation.result", timeMs: T0 + 3000, attributes: { "gen_ai.evaluation.score.value": 0.2 } },
      { name: "rollguard.feedback", timeMs: T0 + 4000, attributes: { value: "down", comment: "wrong date" } },
      { name: "exception", timeMs: T0 + 5000, attributes: {} },
    ];
    const r = mapSpans([span({ events })], null);
    const id = outputIdOfSpan(span().traceId, span().spanId);
    expect(r.events.map((e) => e.event)).toEqual([
      expect.objectContaining({ type: "output", id }),
      { type: "label", outputId: id, feature: "support-bot", timestamp: T0 + 2000, correct: false, source: "ground_truth" },
      { type: "label", outputId: id, feature: "support-bot", timestamp: T0 + 3000, correct: true, source: "heuristic" },
      { type: "label", outputId: id, feature: "support-bot", timestamp: T0 + 3000, correct: false, source: "heuristic" },
      { type: "feedback", outputId: id, feature: "support-bot", timestamp: T0 + 4000, value: "down", comment: "wrong date" },
    ]);
  });

  it("a later non-GenAI span with rollguard.output_id carries feedback for that output; without the id it is ignored", () => {
    const thumbs = { name: "rollguard.feedback", timeMs: T0, attributes: { value: "up" } };
    const later = span({ name: "feedback", attributes: { "rollguard.output_id": "ans-9" }, events: [thumbs] });
    expect(mapSpans([later], null).events).toEqual([
      { span: 0, event: { type: "feedback", outputId: "ans-9", feature: "support-bot", timestamp: T0, value: "up" } },
    ]);
    expect(mapSpans([span({ name: "feedback", attributes: {}, events: [thumbs] })], null)).toEqual({
      events: [],
      rejected: [],
      ignored: 1,
    });
  });

  it("rejects one span at a time with the attribute that is wrong; the batch's other spans go on", () => {
    const r = mapSpans(
      [
        span({ attributes: { "gen_ai.operation.name": "chat", "rollguard.confidence": "high" } }),
        span({ attributes: { "gen_ai.operation.name": "chat" } }),
        span({ attributes: { "gen_ai.operation.name": "chat", "rollguard.confidence": 0.5, "rollguard.segment": 3 } }),
        span({ resource: {} }),
        span({ events: [{ name: "rollguard.label", timeMs: T0, attributes: { correct: "yes" } }] }),
        span(),
      ],
      null,
    );
    expect(r.rejected).toEqual([
      { span: 0, message: expect.stringContaining("rollguard.confidence must be a number") },
      { span: 2, message: expect.stringContaining("rollguard.segment must be a string") },
      { span: 3, message: expect.stringContaining("no feature") },
      { span: 4, message: expect.stringContaining('boolean "correct"') },
    ]);
    // a span without rollguard.confidence is an output without one (left out of the confidence figures only)
    expect(r.events.map((e) => e.span)).toEqual([1, 5]);
    expect(r.events[0].event).not.toHaveProperty("confidence");
  });

  it("token usage from gen_ai.usage.* or the AI SDK's ai.usage.*, duration from the span's end − start", () => {
    const r = mapSpans(
      [
        span({ attributes: { "gen_ai.operation.name": "chat", "gen_ai.usage.input_tokens": 1200, "gen_ai.usage.output_tokens": 340 } }),
        span({
          startMs: T0,
          endMs: T0 + 2000,
          attributes: { "ai.operationId": "ai.generateText", "ai.usage.inputTokens": 50, "ai.usage.outputTokens": 7 },
        }),
        span({ attributes: { "ai.operationId": "ai.streamText", "ai.usage.promptTokens": 9, "ai.usage.completionTokens": 3 } }),
        // not whole counts, negative, or a time that runs backwards: left out, the output kept
        span({
          startMs: T0,
          endMs: T0 - 5,
          attributes: { "gen_ai.operation.name": "chat", "gen_ai.usage.input_tokens": 1.5, "gen_ai.usage.output_tokens": -1 },
        }),
      ],
      null,
    );
    expect(r.rejected).toEqual([]);
    const usage = r.events.map(({ event: e }) => [e.inputTokens, e.outputTokens, e.durationMs]);
    expect(usage).toEqual([
      [1200, 340, 851],
      [50, 7, 2000],
      [9, 3, 851],
      [undefined, undefined, undefined],
    ]);
  });

  it("the unit from OpenTelemetry's user ids when no rollguard.unit is given: span enduser.id, user.id, the AI SDK's metadata userId, then the resource's", () => {
    const chat = { "gen_ai.operation.name": "chat" };
    const aiSdk = { "ai.operationId": "ai.generateText" };
    const r = mapSpans(
      [
        span({ attributes: { ...chat, "enduser.id": "u-enduser", "user.id": "u-user" } }),
        span({ attributes: { ...chat, "user.id": "u-user" } }),
        span({ attributes: { ...aiSdk, "ai.telemetry.metadata.userId": "u-ai-sdk" } }),
        span({ attributes: { ...aiSdk, "ai.telemetry.metadata.userId": 4711 } }),
        // the span's own id wins over the resource's; the resource's when the span has none
        span({ attributes: { ...chat, "user.id": "u-span" }, resource: { "rollguard.feature": "support-bot", "enduser.id": "u-res" } }),
        span({ resource: { "rollguard.feature": "support-bot", "user.id": "u-res" } }),
        // rollguard.unit wins over all of them (span, metadata or resource form)
        span({ attributes: { ...chat, "rollguard.unit": "acct-1", "enduser.id": "u-enduser" } }),
        span({
          attributes: { ...chat, "user.id": "u-span" },
          resource: { "rollguard.feature": "support-bot", "rollguard.unit": "acct-2" },
        }),
        // blank strings, fractions, booleans and arrays are passed over; nothing at all is no unit
        span({ attributes: { ...chat, "enduser.id": " ", "user.id": true, "ai.telemetry.metadata.userId": 1.5 } }),
        span({ attributes: { ...chat, "enduser.id": ["a"], "user.id": "u-after-array" } }),
      ],
      null,
    );
    expect(r.rejected).toEqual([]);
    expect(r.events.map(({ event }) => event.unit)).toEqual([
      "u-enduser",
      "u-user",
      "u-ai-sdk",
      "4711",
      "u-span",
      "u-res",
      "acct-1",
      "acct-2",
      undefined,
      "u-after-array",
    ]);
  });

  it("embeddings, tool executions and failed generations are not outputs", () => {
    const r = mapSpans(
      [
        span({ attributes: { "gen_ai.operation.name": "embeddings", "rollguard.confidence": 1 } }),
        span({ attributes: { "gen_ai.operation.name": "execute_tool", "rollguard.confidence": 1 } }),
        span({ statusCode: 2 }),
      ],
      null,
    );
    expect(r).toEqual({ events: [], rejected: [], ignored: 3 });
  });

  it("clips long prompt and answer texts to the ingest limit (16 KiB)", () => {
    const r = mapSpans(
      [span({ attributes: { "ai.operationId": "ai.streamText", "rollguard.confidence": 0.9, "ai.response.text": "é".repeat(20_000) } })],
      null,
    );
    const text = r.events[0].event.output as string;
    expect(Buffer.byteLength(text, "utf8")).toBeLessThanOrEqual(16 * 1024);
    expect(text.endsWith("…")).toBe(true);
  });
});
