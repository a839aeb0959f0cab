// From OpenTelemetry spans to Rollguard's own events (the JSON ingest format), so that spans go
// through the same validation, feature resolution and deduplication as POST /api/v1/events. Pure:
// the spans arrive decoded (lib/otlp/decode.ts), the result is handed to the ingest use case.
//
// A span is an output when it is one generation:
// - the Vercel AI SDK's outer span (`ai.operationId` ai.generateText, ai.streamText, ai.generateObject,
//   ai.streamObject), never its provider-call children (…doGenerate, …doStream), tool calls or embeddings;
// - elsewhere a span whose `gen_ai.operation.name` is a generation (chat, text_completion,
//   generate_content, invoke_agent).
// A span that ended in error (status ERROR) produced no answer: ignored. Anything else is counted
// and ignored. The README's "OpenTelemetry" section has the same rules as a table.

export type AttrValue = string | number | boolean | null | AttrValue[] | { [key: string]: AttrValue };
export type Attributes = Record<string, AttrValue>;

export interface OtlpEvent {
  name: string;
  timeMs: number;
  attributes: Attributes;
}

export interface OtlpSpan {
  /** lowercase hex, 32 characters ("" when missing) */
  traceId: string;
  /** lowercase hex, 16 characters ("" when missing) */
  spanId: string;
  name: string;
  startMs: number;
  endMs: number;
  /** 0 unset, 1 ok, 2 error */
  statusCode: number;
  attributes: Attributes;
  events: OtlpEvent[];
  /** the attributes of the span's resource */
  resource: Attributes;
}

/** One event for the ingest use case, and the span it came from (index in the request's spans). */
export interface MappedEvent {
  span: number;
  event: Record<string, unknown>;
}

export interface SpanRejection {
  span: number;
  message: string;
}

export interface MappedSpans {
  events: MappedEvent[];
  rejected: SpanRejection[];
  /** spans that are not outputs (nor carry labels or feedback for one): counted, never an error */
  ignored: number;
}

export const AI_SDK_GENERATIONS = ["ai.generateText", "ai.streamText", "ai.generateObject", "ai.streamObject"];
export const GEN_AI_GENERATIONS = ["chat", "text_completion", "generate_content", "invoke_agent"];
export const STATUS_ERROR = 2;

/** The output id Rollguard gives a span without `rollguard.output_id`: labels and thumbs sent later use it. */
export const outputIdOfSpan = (traceId: string, spanId: string) => `otel:${traceId}:${spanId}`;

const METADATA = "ai.telemetry.metadata.";
const MAX_TEXT_BYTES = 16 * 1024;

/**
 * A Rollguard attribute (`rollguard.<name>`) from the span, the AI SDK's telemetry metadata form
 * (`ai.telemetry.metadata.rollguard.<name>`), or the resource, in that order.
 */
export function rollguardAttr(span: Pick<OtlpSpan, "attributes" | "resource">, name: string): AttrValue | undefined {
  const key = `rollguard.${name}`;
  return span.attributes[key] ?? span.attributes[METADATA + key] ?? span.resource[key] ?? undefined;
}

export function isGeneration(span: OtlpSpan): boolean {
  const operationId = span.attributes["ai.operationId"];
  if (typeof operationId === "string") return AI_SDK_GENERATIONS.includes(operationId);
  const operation = span.attributes["gen_ai.operation.name"];
  return typeof operation === "string" && GEN_AI_GENERATIONS.includes(operation);
}

class WrongAttribute extends Error {}

function optionalString(span: OtlpSpan, name: string): string | undefined {
  const v = rollguardAttr(span, name);
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "string") throw new WrongAttribute(`rollguard.${name} must be a string, not ${describe(v)}`);
  return v;
}

function describe(v: AttrValue): string {
  if (Array.isArray(v)) return "an array";
  if (v === null) return "empty";
  return typeof v === "object" ? "a key-value list" : `the ${typeof v} ${JSON.stringify(v)}`;
}

const firstString = (attrs: Attributes, keys: string[]) => {
  for (const k of keys) {
    const v = attrs[k];
    if (typeof v === "string" && v.trim() !== "") return v;
  }
  return undefined;
};

/** Text kept with an output (the review queue shows it): cut to the ingest limit on a character boundary. */
function clip(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  if (Buffer.byteLength(text, "utf8") <= MAX_TEXT_BYTES) return text;
  let cut = text.slice(0, MAX_TEXT_BYTES);
  while (Buffer.byteLength(cut, "utf8") > MAX_TEXT_BYTES - 3) cut = cut.slice(0, Math.floor(cut.length * 0.95));
  return `${cut.replace(/[\uD800-\uDBFF]$/, "")}…`;
}

const whole = (ms: number) => Math.floor(ms);

/** Input and output token attributes, first found wins: GenAI conventions, then the AI SDK's (v5+ and older names). */
export const INPUT_TOKEN_KEYS = ["gen_ai.usage.input_tokens", "ai.usage.inputTokens", "ai.usage.promptTokens"];
export const OUTPUT_TOKEN_KEYS = ["gen_ai.usage.output_tokens", "ai.usage.outputTokens", "ai.usage.completionTokens"];

/** A token count the span reports: the first whole, non-negative number among `keys` (other values are not ours to judge: left out). */
const firstCount = (attrs: Attributes, keys: string[]) => {
  for (const k of keys) {
    const v = attrs[k];
    if (typeof v === "number" && Number.isSafeInteger(v) && v >= 0 && v <= 2_147_483_647) return v;
  }
  return undefined;
};

/** The span's duration in whole milliseconds (end − start), when both times are set and in order. */
export function durationOfSpan(span: Pick<OtlpSpan, "startMs" | "endMs">): number | undefined {
  if (!(span.startMs > 0 && span.endMs >= span.startMs)) return undefined;
  const ms = Math.round(span.endMs - span.startMs);
  return ms <= 2_147_483_647 ? ms : undefined;
}

/**
 * The user id OpenTelemetry conventions put on a span, the output's unit when no `rollguard.unit`
 * is given: `enduser.id` (older conventions), `user.id` (current ones), the AI SDK's
 * `experimental_telemetry.metadata.userId` (`ai.telemetry.metadata.userId`) — on the span, then
 * `enduser.id` and `user.id` on the resource. Strings, or whole numbers written as text; anything
 * else is not ours to judge and is passed over.
 */
export const USER_ID_KEYS = ["enduser.id", "user.id", `${METADATA}userId`];

export function userIdOfSpan(span: Pick<OtlpSpan, "attributes" | "resource">): string | undefined {
  for (const attrs of [span.attributes, span.resource]) {
    for (const k of USER_ID_KEYS) {
      const v = attrs[k];
      if (typeof v === "string" && v.trim() !== "") return v;
      if (typeof v === "number" && Number.isSafeInteger(v)) return String(v);
    }
  }
  return undefined;
}

function outputEvent(span: OtlpSpan, id: string, feature: string): Record<string, unknown> {
  // optional: an output without one is stored and left out of the confidence figures only
  const confidence = rollguardAttr(span, "confidence") ?? undefined;
  if (confidence !== undefined && typeof confidence !== "number")
    throw new WrongAttribute(`rollguard.confidence must be a number from 0 to 1, not ${describe(confidence)}`);
  const shown = rollguardAttr(span, "shown");
  if (shown !== undefined && typeof shown !== "boolean")
    throw new WrongAttribute(`rollguard.shown must be a boolean, not ${describe(shown)}`);
  const review = rollguardAttr(span, "review");
  if (review !== undefined && typeof review !== "boolean")
    throw new WrongAttribute(`rollguard.review must be a boolean, not ${describe(review)}`);
  const a = span.attributes;
  const event: Record<string, unknown> = {
    type: "output",
    id,
    feature,
    timestamp: whole(span.endMs),
    confidence,
    segment: optionalString(span, "segment"),
    unit: optionalString(span, "unit") ?? userIdOfSpan(span),
    phase: optionalString(span, "phase"),
    presentation: optionalString(span, "presentation"),
    inputType: optionalString(span, "input_type"),
    shown,
    review,
    model: firstString(a, ["gen_ai.response.model", "ai.response.model", "gen_ai.request.model", "ai.model.id"]),
    input: clip(optionalString(span, "input") ?? firstString(a, ["ai.prompt"])),
    output: clip(optionalString(span, "output") ?? firstString(a, ["ai.response.text", "ai.response.object"])),
    inputTokens: firstCount(a, INPUT_TOKEN_KEYS),
    outputTokens: firstCount(a, OUTPUT_TOKEN_KEYS),
    durationMs: durationOfSpan(span),
  };
  for (const k of Object.keys(event)) if (event[k] === undefined) delete event[k];
  return event;
}

const CORRECT = new Set(["correct", "pass", "passed", "true", "yes", "good", "relevant"]);
const WRONG = new Set(["incorrect", "fail", "failed", "false", "no", "bad", "irrelevant", "wrong"]);

/** A label, thumbs or nothing from one span event; throws WrongAttribute for a malformed one. */
function eventFrom(e: OtlpEvent, outputId: string, feature: string): Record<string, unknown> | null {
  const at = e.attributes;
  const common = { outputId, feature, timestamp: whole(e.timeMs) };
  if (e.name === "rollguard.label") {
    const correct = at["correct"] ?? at["rollguard.correct"];
    if (typeof correct !== "boolean")
      throw new WrongAttribute(`a rollguard.label event needs a boolean "correct", not ${describe(correct ?? null)}`);
    const source = at["source"] ?? at["rollguard.source"];
    const reviewer = at["reviewer"] ?? at["rollguard.reviewer"];
    return { type: "label", ...common, correct, ...(source !== undefined && { source }), ...(reviewer !== undefined && { reviewer }) };
  }
  if (e.name === "gen_ai.evaluation.result") {
    const label = at["gen_ai.evaluation.score.label"];
    const score = at["gen_ai.evaluation.score.value"];
    let correct: boolean | undefined;
    if (typeof label === "string" && CORRECT.has(label.toLowerCase())) correct = true;
    else if (typeof label === "string" && WRONG.has(label.toLowerCase())) correct = false;
    else if (typeof score === "number" && score >= 0 && score <= 1) correct = score >= 0.5;
    if (correct === undefined)
      throw new WrongAttribute(
        "a gen_ai.evaluation.result event needs gen_ai.evaluation.score.label (pass/fail, correct/incorrect) or a gen_ai.evaluation.score.value from 0 to 1",
      );
    const source = at["rollguard.source"] ?? "heuristic";
    return { type: "label", ...common, correct, source };
  }
  if (e.name === "rollguard.feedback") {
    const value = at["value"] ?? at["rollguard.value"];
    if (value !== "up" && value !== "down")
      throw new WrongAttribute(`a rollguard.feedback event needs "value" up or down, not ${describe(value ?? null)}`);
    const comment = at["comment"];
    return { type: "feedback", ...common, value, ...(typeof comment === "string" && { comment: clip(comment) }) };
  }
  return null;
}

/**
 * Maps a request's spans (flattened in order) to ingest events. `keyFeature` is the feature of a
 * key restricted to one (used when a span names none). A span with a wrong Rollguard attribute is
 * rejected alone, with a message saying which; the other spans of the batch go on.
 */
export function mapSpans(spans: readonly OtlpSpan[], keyFeature: string | null): MappedSpans {
  const out: MappedSpans = { events: [], rejected: [], ignored: 0 };
  spans.forEach((span, index) => {
    try {
      const generation = isGeneration(span) && span.statusCode !== STATUS_ERROR;
      const declaredId = optionalString(span, "output_id");
      const carries = span.events.some(
        (e) => e.name === "rollguard.label" || e.name === "rollguard.feedback" || e.name === "gen_ai.evaluation.result",
      );
      if (!generation && !(carries && declaredId)) {
        out.ignored += 1;
        return;
      }
      const feature = optionalString(span, "feature") ?? keyFeature;
      if (!feature)
        throw new WrongAttribute("no feature: set rollguard.feature on the span or its resource, or use a key restricted to one feature");
      if (generation && !(span.traceId && span.spanId) && !declaredId) throw new WrongAttribute("the span has no trace and span id");
      const outputId = declaredId ?? outputIdOfSpan(span.traceId, span.spanId);
      const events: Record<string, unknown>[] = [];
      if (generation) events.push(outputEvent(span, outputId, feature));
      for (const e of span.events) {
        const mapped = eventFrom(e, outputId, feature);
        if (mapped) events.push(mapped);
      }
      for (const event of events) out.events.push({ span: index, event });
    } catch (e) {
      if (!(e instanceof WrongAttribute)) throw e;
      out.rejected.push({ span: index, message: e.message });
    }
  });
  return out;
}
