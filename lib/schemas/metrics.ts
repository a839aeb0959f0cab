import { z } from "zod";
import { ZQueryTime } from "./time";
import { INTERVAL_MINUTES, intervalForRange, MINUTE_MS } from "../domain/buckets";
import { modelInterval } from "../domain/model-filter";
import { ZModelName } from "./model";

const DAY_MS = 1440 * MINUTE_MS;
const MAX_POINTS = 5000;

const ZTime = ZQueryTime;

/** Query of GET /api/v1/features/{key}/metrics; from/to default to the last 24 h. */
export const ZMetricsQuery = z
  .object({
    from: ZTime.optional(),
    to: ZTime.optional(),
    interval: z.enum(["minute", "hour", "day"]).optional(),
    phase: z.string().min(1).max(100).optional(),
    segment: z.string().min(1).max(100).optional(),
    /** one model version's figures (hourly: the model rollup keeps hours) */
    model: ZModelName.optional(),
  })
  .transform((q, ctx): MetricsQuery => {
    const to = q.to ?? Date.now();
    const from = q.from ?? to - DAY_MS;
    if (from >= to) {
      ctx.addIssue({ code: "custom", path: ["from"], message: "from must be before to" });
      return z.NEVER;
    }
    if (q.model && q.interval === "minute") {
      ctx.addIssue({
        code: "custom",
        path: ["interval"],
        message: "Figures of one model are kept per hour: choose the hour or day interval",
      });
      return z.NEVER;
    }
    const interval = modelInterval(q.interval ?? intervalForRange(from, to), q.model);
    if ((to - from) / MINUTE_MS / INTERVAL_MINUTES[interval] > MAX_POINTS) {
      ctx.addIssue({
        code: "custom",
        path: ["interval"],
        message: `A ${interval} interval gives more than ${MAX_POINTS} points for this range: choose a coarser one`,
      });
      return z.NEVER;
    }
    return { from, to, interval, phase: q.phase, segment: q.segment, model: q.model };
  });

export interface MetricsQuery {
  from: number;
  to: number;
  interval: "minute" | "hour" | "day";
  phase?: string;
  segment?: string;
  model?: string;
}

/** URLSearchParams → plain object (absent and empty values dropped) for zod. */
export function searchParamsObject(params: URLSearchParams): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of params) if (v !== "") out[k] = v;
  return out;
}
