// Every rule of a feature with its verdict now, read through the same counts the evaluator uses (./rule-counts.ts).

import { db, dbReady } from "../db";
import { assessRule } from "../domain/rules";
import { noSlicesMessage, sliceId, sliceLabel, sliceReading } from "../domain/sequential-rule";
import { rulesOf } from "../data/alert-rules";
import { calibrationMapsFor } from "./sequential-counts";
import { assessDisobedience } from "../domain/proof";
import { disobedienceAssessment, ruleWindowCounts, sequentialAssessments } from "./rule-counts";

/** Every rule of a feature with its verdict now ("ok", "watch", "breach"), for pages and the API. */
export async function ruleStatuses(featureId: string, now = Date.now()) {
  await dbReady();
  const rules = await rulesOf(featureId, false);
  return Promise.all(
    rules.map(async (rule) => {
      const { featureId: _f, ...shown } = rule;
      if (rule.kind === "sequential") {
        // The rule's verdict is its worst slice's; every slice is listed with its own.
        const slices = (await sequentialAssessments(rule, now)).map((a) => ({
          slice: sliceId(a.slice),
          label: sliceLabel(a.slice),
          ...sliceReading(rule.metric, a),
          state: a.status,
          normal: a.normal,
          perMinute: a.perMinute,
          delay5: a.delay5,
          delay10: a.delay10,
          score: a.score,
        }));
        const rank = { ok: 0, watch: 1, breach: 2 } as const;
        const worst = slices.reduce<(typeof slices)[number] | null>(
          (w, x) => (!w || rank[x.status] > rank[w.status] || (x.status === w.status && x.score > w.score) ? x : w),
          null,
        );
        const head = worst ?? {
          status: "ok" as const,
          value: null,
          lower: null,
          upper: null,
          sampleSize: 0,
          message: noSlicesMessage(rule.metric, (await calibrationMapsFor(rule.featureId, rule.metric, now))?.labels),
        };
        return {
          rule: shown,
          status: head.status,
          value: head.value,
          lower: head.lower,
          upper: head.upper,
          sampleSize: head.sampleSize,
          message: head.message,
          slices,
        };
      }
      if (rule.metric === "product_disobeyed") {
        const feature = await db.feature.findUnique({ where: { id: featureId }, select: { id: true, state: true, stateChangedAt: true } });
        const a = feature ? await disobedienceAssessment(feature, rule, false, now) : assessDisobedience(null);
        return {
          rule: shown,
          status: a.status,
          value: a.value,
          lower: a.lower,
          upper: a.upper,
          sampleSize: a.sampleSize,
          message: a.message,
        };
      }
      const counts = await ruleWindowCounts(rule, now);
      const { status, value, lower, upper, sampleSize, message } = assessRule(rule, counts.window, counts.baseline);
      return { rule: shown, status, value, lower, upper, sampleSize, message };
    }),
  );
}
