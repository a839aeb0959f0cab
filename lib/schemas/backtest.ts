import { z } from "zod";
import { ZBodyTime } from "./time";
import { MINUTE_MS } from "../domain/buckets";
import { ZAlertRuleDraft, type AlertRuleDraft } from "./alert-rules";

// Body of POST /api/v1/features/{key}/backtest: a saved rule (by id) or a draft, a range and an
// optional incident window. Times are ISO 8601 or epoch ms.

export const BACKTEST_MAX_DAYS = 92;
const DAY_MS = 1440 * MINUTE_MS;

const ZTime = ZBodyTime;

const ZWindow = z
  .strictObject({ from: ZTime, to: ZTime })
  .refine((w) => w.from < w.to, { message: "from must be before to", path: ["from"] });

export const ZBacktestRequest = z
  .strictObject({
    rule: z.union([z.string().trim().min(1).max(100), ZAlertRuleDraft]).optional(),
    ruleId: z.string().trim().min(1).max(100).optional(),
    from: ZTime.optional(),
    to: ZTime.optional(),
    incident: ZWindow.nullish(),
  })
  .transform((b, ctx): BacktestRequest => {
    const rule = b.ruleId ?? b.rule;
    if (rule === undefined || (b.ruleId !== undefined && b.rule !== undefined)) {
      ctx.addIssue({ code: "custom", path: ["rule"], message: 'Give either "rule" (a rule, or a saved rule\'s id) or "ruleId"' });
      return z.NEVER;
    }
    const to = b.to ?? Date.now();
    const from = b.from ?? to - 30 * DAY_MS;
    if (from >= to) {
      ctx.addIssue({ code: "custom", path: ["from"], message: "from must be before to" });
      return z.NEVER;
    }
    if (to - from > BACKTEST_MAX_DAYS * DAY_MS) {
      ctx.addIssue({ code: "custom", path: ["from"], message: `A backtest covers at most ${BACKTEST_MAX_DAYS} days` });
      return z.NEVER;
    }
    return { rule: typeof rule === "string" ? { id: rule } : rule, from, to, incident: b.incident ?? null };
  });

export interface BacktestRequest {
  rule: { id: string } | AlertRuleDraft;
  from: number;
  to: number;
  incident: { from: number; to: number } | null;
}
