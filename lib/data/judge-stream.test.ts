import { beforeAll, describe, expect, it } from "vitest";
import { MINUTE_MS } from "../domain/buckets";
import { ZBacktestRequest } from "../schemas/backtest";
import { givenFeature } from "../testing/fixtures";
import { db } from "../db";
import { QUEUE_REASON_BITS } from "../domain/queue-priority";
import { evaluateFeature } from "../use-cases/evaluate-alerts";
import { sequentialAssessments } from "../read/rule-counts";
import { sendForConfirmation } from "./judge-confirm";
import { claimNext } from "./review-queue";
import { backtestForFeature } from "../read/backtest";
import { ingestEvents } from "../use-cases/ingest";

// The judge's stream on a real database (issue 23, part 4): a judge (a heuristic label) grades every
// output; people label one output in ten and always say "correct", so the judge's stream can be told
// apart from the mixed accuracy. Six hours at two outputs a minute; at hour 3 the judge starts saying
// "wrong" to 40 % of outputs (5 % before). The live evaluator's read and the backtest's are the same.

const HOUR = 60 * MINUTE_MS;
const START = Date.parse("2026-10-05T00:00:00Z");
const DROP = START + 3 * HOUR;
const END = START + 6 * HOUR;
const features: Record<string, string> = {};

async function send(key: string, judge: boolean) {
  for (let at = START, i = 0; at < END; at += MINUTE_MS) {
    const batch: unknown[] = [];
    for (let k = 0; k < 2; k++, i++) {
      const t = at + k * 20_000;
      batch.push({ type: "output", feature: key, id: `o${i}`, confidence: 0.9, timestamp: t });
      const wrong = at < DROP ? i % 20 === 0 : i % 5 < 2;
      if (judge) batch.push({ type: "label", feature: key, outputId: `o${i}`, correct: !wrong, source: "heuristic", timestamp: t + 1000 });
      if (i % 10 === 0) batch.push({ type: "label", feature: key, outputId: `o${i}`, correct: true, source: "human", reviewer: "ana", timestamp: t + 2000 });
    }
    const r = await ingestEvents(batch, at + MINUTE_MS);
    expect(r.rejected).toEqual([]);
  }
}

const judgeRule = (featureId: string) => ({
  id: "r-judge",
  featureId,
  kind: "sequential" as const,
  name: "Judge's verdicts below 90 %",
  metric: "judge" as const,
  params: { baseline: "fixed" as const, level: 0.9, falseAlarmsPer30d: 0.2 },
  windowMinutes: 30,
  minSamples: 0,
  phase: null,
  segment: null,
  action: "notify" as const,
  enabled: true,
});

beforeAll(async () => {
  features.judged = (await givenFeature("judged-feature")).id;
  await send("judged-feature", true);
  features.plain = (await givenFeature("no-judge-feature")).id;
  await send("no-judge-feature", false);
}, 600_000);

describe("the judge's stream", () => {
  it("counts every output the judge graded and what it said, whatever people said", async () => {
    const [before] = await sequentialAssessments(judgeRule(features.judged), DROP - 1);
    expect(before.status).not.toBe("breach");
    // the memory's judged outputs: two a minute, 5 % said wrong
    expect(before.recentN).toBeGreaterThan(0);
    const [after] = await sequentialAssessments(judgeRule(features.judged), DROP + HOUR);
    expect(after.status).toBe("breach");
    expect(after.message).toMatch(/correct by the judge/);
    expect(after.recent!).toBeGreaterThan(0.3);
  });

  it("the backtest replays the same stream and finds the judge's drop within the hour", async () => {
    const { id: _id, featureId: _f, enabled: _e, ...draft } = judgeRule(features.judged);
    const result = await backtestForFeature(
      features.judged,
      ZBacktestRequest.parse({ rule: draft, from: START + HOUR, to: END, incident: { from: DROP, to: END } }),
    );
    expect(result.incident).toMatchObject({ detected: true });
    expect(result.incident!.detectionDelayMinutes!).toBeLessThanOrEqual(60);
    expect(result.alerts.filter((a) => a.openedAt < DROP)).toEqual([]);
    // the live delay is the judge's own (its verdicts came a second after the output)
    expect(result.labelDelay.liveFrom).toEqual(["heuristic"]);
  });

  it("a feature without a judge: the rule has no trials and watches nothing", async () => {
    expect(await sequentialAssessments(judgeRule(features.plain), END)).toEqual([]);
  });

  it("an alert on the judge's verdicts alone says so and sends the slice's latest judged-wrong outputs to the front of the review queue", async () => {
    const { id: _id, featureId, params, ...rest } = judgeRule(features.judged);
    await db.alertRule.create({ data: { ...rest, featureId, params: JSON.stringify(params) } });
    const at = DROP + HOUR;
    await evaluateFeature(featureId, at);
    const alert = await db.alert.findFirstOrThrow({ where: { featureId, rule: { metric: "judge" } } });
    expect(alert.message).toMatch(
      /correct by the judge .* — on the judge's verdicts, not yet confirmed by people: the slice's latest 36 judged-wrong outputs are first in the review queue$/,
    );
    const sent = await db.reviewPending.findMany({ where: { featureId } });
    const confirm = sent.filter((p) => (p.flags & QUEUE_REASON_BITS.confirm_alert) !== 0);
    // every judged-wrong output of the hour since the drop that no person labelled: 40 % of 120, less the tenth people took
    expect(confirm).toHaveLength(36);
    // the newest judged-wrong outputs before the evaluation, none with a person's verdict
    expect(Math.max(...confirm.map((p) => Number(p.at)))).toBeLessThanOrEqual(at);
    const labels = await db.label.findMany({ where: { outputId: { in: confirm.map((p) => p.outputId) } } });
    expect(labels.filter((l) => l.source === "human")).toEqual([]);
    expect(labels.filter((l) => l.source === "heuristic").every((l) => !l.correct)).toBe(true);
    // served first, ahead of the random sample
    const first = await claimNext(featureId, "rita", at + 1000);
    expect(first!.reasons[0]).toBe("confirm_alert");
    // a second evaluation does not send them twice
    await evaluateFeature(featureId, at + MINUTE_MS);
    const again = await db.reviewPending.count({ where: { featureId } });
    expect(again).toBe(sent.length);
    // bounded: at most `limit` of the newest
    expect(await sendForConfirmation(featureId, { phase: "early-access", segment: null }, START, END, 10)).toBe(10);
  });
});
