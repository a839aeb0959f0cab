import { z } from "zod";
import { isShown, PRESENTATIONS } from "../domain/presentation";

// The ingest contract (DESIGN.md, "Interfaces"). One schema per event type, shared by the API,
// the demo generator and the simulator.

export const MAX_EVENTS_PER_BATCH = 1000;
export const MAX_BODY_BYTES = 1024 * 1024;
export const MAX_TEXT_BYTES = 16 * 1024;
export const MAX_FUTURE_MS = 5 * 60_000;
/** Events from before 2000 are refused (`timestamp_out_of_range`): a year-1 or 1900 time is a client bug, not history. */
export const EARLIEST_TIMESTAMP_MS = Date.UTC(2000, 0, 1);

const utf8Bytes = (s: string) => Buffer.byteLength(s, "utf8");

const id = z.string().trim().min(1, "must not be empty").max(200, "at most 200 characters");
const name = z.string().trim().min(1, "must not be empty").max(100, "at most 100 characters");
const text = z.string().refine((s) => utf8Bytes(s) <= MAX_TEXT_BYTES, `at most ${MAX_TEXT_BYTES / 1024} KiB`);

/** ISO 8601 string or epoch milliseconds, not more than 5 minutes ahead of the server's clock. */
export const ZTimestamp = z
  .union([z.number().finite().int().nonnegative(), z.iso.datetime({ offset: true })], {
    error: "must be a time: ISO 8601 with a zone (2026-10-27T18:00:00Z) or epoch milliseconds",
  })
  .transform((v) => (typeof v === "number" ? v : Date.parse(v)))
  .refine((ms) => ms <= Date.now() + MAX_FUTURE_MS, "is more than 5 minutes in the future");

const common = { feature: name, timestamp: ZTimestamp.optional() };

/** A count the generation reported (tokens, milliseconds): a whole number, not negative, within a 32-bit column. */
const usage = (unit: string) =>
  z
    .number({ error: `must be a number of ${unit}` })
    .int(`must be a whole number of ${unit}`)
    .nonnegative("must not be negative")
    .max(2_147_483_647, "is too large");

export const ZOutputEvent = z
  .strictObject({
    type: z.literal("output"),
    id,
    ...common,
    /** optional: an output without one is stored and left out of the confidence figures only */
    confidence: z.number().min(0).max(1).optional(),
    segment: name.optional(),
    unit: id.optional(),
    phase: name.optional(),
    shown: z.boolean().optional(),
    /** how the product presented it; `shown` is true for plain and flagged */
    presentation: z.enum(PRESENTATIONS, { error: "must be plain, flagged, asked or fallback" }).optional(),
    review: z.boolean().optional(),
    inputType: name.optional(),
    model: name.optional(),
    input: text.optional(),
    output: text.optional(),
    /** token usage and duration of the generation (issue 27): latency and cost per phase */
    inputTokens: usage("tokens").optional(),
    outputTokens: usage("tokens").optional(),
    durationMs: usage("milliseconds").optional(),
  })
  .refine((e) => e.shown === undefined || e.presentation === undefined || e.shown === isShown(e.presentation), {
    message: "contradicts presentation (shown is true for plain and flagged, false for asked and fallback)",
    path: ["shown"],
  });

export const ZLabelSource = z.enum(["human", "ground_truth", "heuristic"]);

export const ZLabelEvent = z.strictObject({
  type: z.literal("label"),
  outputId: id,
  ...common,
  correct: z.boolean(),
  source: ZLabelSource.default("human"),
  reviewer: name.optional(),
  /**
   * "random": the output was picked at random for review (a person's verdict on it may correct the
   * judge); "targeted" (default): picked for a reason, biased by design. An output sampled by the
   * phase's review rate at ingest is random whatever its labels say.
   */
  sample: z.enum(["random", "targeted"]).default("targeted"),
});

export const ZAccuracyEvent = z
  .strictObject({
    type: z.literal("accuracy"),
    id,
    ...common,
    correct: z.number().int().nonnegative(),
    total: z.number().int().positive().max(1_000_000),
    segment: name.optional(),
    phase: name.optional(),
  })
  .refine((e) => e.correct <= e.total, { message: "correct must not exceed total", path: ["correct"] });

export const ZFeedbackEvent = z.strictObject({
  type: z.literal("feedback"),
  outputId: id,
  ...common,
  value: z.enum(["up", "down"]),
  comment: text.optional(),
});

export const ZTicketSeverity = z.enum(["low", "normal", "high", "critical"]);

export const ZTicketEvent = z.strictObject({
  type: z.literal("ticket"),
  id,
  ...common,
  outputId: id.optional(),
  segment: name.optional(),
  severity: ZTicketSeverity.default("normal"),
  subject: z.string().max(500).optional(),
});

export const ZEvent = z.discriminatedUnion("type", [ZOutputEvent, ZLabelEvent, ZAccuracyEvent, ZFeedbackEvent, ZTicketEvent]);

export type OutputEvent = z.output<typeof ZOutputEvent>;
export type LabelEvent = z.output<typeof ZLabelEvent>;
export type AccuracyEvent = z.output<typeof ZAccuracyEvent>;
export type FeedbackEvent = z.output<typeof ZFeedbackEvent>;
export type TicketEvent = z.output<typeof ZTicketEvent>;
export type IngestEvent = z.output<typeof ZEvent>;
export type IngestEventInput = z.input<typeof ZEvent>;

/** The envelope: only its shape is checked here; events are validated one by one. */
export const ZIngestBatch = z.object({
  events: z.array(z.unknown()).max(MAX_EVENTS_PER_BATCH, `at most ${MAX_EVENTS_PER_BATCH} events per request`),
});

export interface Rejection {
  index: number;
  code: string;
  message: string;
}

export interface IngestResult {
  accepted: number;
  duplicates: number;
  rejected: Rejection[];
}

/** A readable one-line message from a zod error, e.g. "confidence: must be at most 1". */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((i) => (i.path.length ? `${i.path.join(".")}: ${i.message}` : i.message))
    .join("; ");
}
