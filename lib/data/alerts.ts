import { db, dbReady, writeTransaction } from "../db";
import { binSuffix, CONFIDENCE_BINS } from "../domain/buckets";
import { assessRule, evaluateRule, ruleRanges, type Assessment, type WindowCounts } from "../domain/rules";
import { AppError, notFound } from "../errors";
import { log } from "../log";
import { rulesOf, type AlertRuleConfig } from "./alert-rules";
import { audit } from "./audit";
import { pauseFeature } from "./feature-state";
import { rollupTotals } from "./rollup-reader";
import { enqueueWebhooks, kickWebhookDelivery } from "./webhooks";

// Live alert evaluation: window sums from the minute rollups (never raw rows), the pure
// `evaluateRule` for the verdict and the open/resolve transition, then Alert rows, webhooks and —
// for `pause` rules — the kill switch, attributed to the rule. Runs after each ingest batch
// (coalesced per feature, off the request path) and on a timer.

const BIN_SUMS = Array.from({ length: CONFIDENCE_BINS }, (_, i) => ["l", "c", "s"].map((p) => p + binSuffix(i))).flat();
const SUMMED = ["labelled", "correct", "thumbsUp", "thumbsDown", "criticalTickets", ...BIN_SUMS];

export async function windowCounts(
  featureId: string,
  range: { fromMinute: number; toMinute: number },
  scope: { phase?: string | null; segment?: string | null } = {},
): Promise<WindowCounts> {
  // minute rows only, as the live evaluator always has (its windows are minutes, not hours)
  const n = await rollupTotals({ featureId, ...range, phase: scope.phase, segment: scope.segment, minutesOnly: true }, SUMMED);
  const bins = Array.from({ length: CONFIDENCE_BINS }, (_, i) => {
    const b = binSuffix(i);
    return { n: n["l" + b]!, correct: n["c" + b]!, confidenceSum: n["s" + b]! };
  });
  return { labelled: n.labelled!, correct: n.correct!, thumbsUp: n.thumbsUp!, thumbsDown: n.thumbsDown!, criticalTickets: n.criticalTickets!, bins };
}

async function countsFor(rule: AlertRuleConfig, now: number) {
  const ranges = ruleRanges(rule, now);
  const [window, baseline] = await Promise.all([
    windowCounts(rule.featureId, ranges.window, rule),
    ranges.baseline ? windowCounts(rule.featureId, ranges.baseline, rule) : Promise.resolve(undefined),
  ]);
  return { window, baseline };
}

// How long each open alert's condition has been clear. Kept in memory: after a restart the clock
// starts again, so an alert resolves later, never earlier, than a full clear window.
const g = globalThis as unknown as {
  rollguardClearSince?: Map<string, number | null>;
  rollguardEvaluations?: { running: Map<string, Promise<void>>; dirty: Set<string> };
};
const clearSince = () => (g.rollguardClearSince ??= new Map());

export interface RuleOutcome {
  ruleId: string;
  status: Assessment["status"];
  transition: "opened" | "resolved" | null;
  paused: boolean;
}

/** Evaluates every enabled rule of a feature at `now`. */
export async function evaluateFeature(featureId: string, now = Date.now()): Promise<RuleOutcome[]> {
  await dbReady();
  const feature = await db.feature.findUnique({ where: { id: featureId } });
  if (!feature) return [];
  const rules = await rulesOf(featureId);
  const open = await db.alert.findMany({ where: { featureId, status: { in: ["open", "acknowledged"] } } });
  const outcomes: RuleOutcome[] = [];
  for (const rule of rules) {
    const isOpen = open.some((a) => a.ruleId === rule.id);
    const step = evaluateRule(rule, { open: isOpen, clearSince: isOpen ? (clearSince().get(rule.id) ?? null) : null }, await countsFor(rule, now), now);
    clearSince().set(rule.id, step.memory.clearSince);
    const outcome: RuleOutcome = { ruleId: rule.id, status: step.assessment.status, transition: step.transition, paused: false };
    outcomes.push(outcome);
    if (step.transition === "opened") {
      await openAlert(feature, rule, step.assessment);
      if (rule.action === "pause" && feature.state === "running") outcome.paused = await pauseByRule(feature.key, rule, step.assessment);
    } else if (step.transition === "resolved") {
      await resolveAlerts(feature, rule, step.assessment);
    }
  }
  if (outcomes.some((o) => o.transition)) kickWebhookDelivery();
  return outcomes;
}

type FeatureRow = { id: string; key: string; name: string };

async function openAlert(feature: FeatureRow, rule: AlertRuleConfig, a: Assessment) {
  await writeTransaction(async (tx) => {
    const alert = await tx.alert.create({
      data: { featureId: feature.id, ruleId: rule.id, status: "open", value: a.value ?? 0, lower: a.lower, upper: a.upper, sampleSize: a.sampleSize, message: a.message },
    });
    await audit(tx, { actor: `rule:${rule.id}`, action: "alert.open", target: feature.key, reason: rule.name, after: { alertId: alert.id, message: a.message } });
    await enqueueWebhooks(tx, {
      event: "alert.opened",
      featureId: feature.id,
      featureKey: feature.key,
      text: `Alert on ${feature.name}: ${rule.name}. ${a.message}`,
      details: { alert: { id: alert.id, rule: rule.name, ruleId: rule.id, metric: rule.metric, value: a.value, lower: a.lower, upper: a.upper, sampleSize: a.sampleSize, action: rule.action } },
    });
  });
  log.warn("alert opened", { feature: feature.key, rule: rule.id, message: a.message });
}

async function pauseByRule(key: string, rule: AlertRuleConfig, a: Assessment): Promise<boolean> {
  try {
    await pauseFeature({ key, actor: `rule:${rule.id}`, reason: `Rule "${rule.name}" breached: ${a.message}` });
    return true;
  } catch (e) {
    if (e instanceof AppError && e.status === 409) return false; // someone paused it first
    throw e;
  }
}

async function resolveAlerts(feature: FeatureRow, rule: AlertRuleConfig, a: Assessment) {
  await writeTransaction(async (tx) => {
    const alerts = await tx.alert.findMany({ where: { ruleId: rule.id, status: { in: ["open", "acknowledged"] } } });
    for (const alert of alerts) {
      await tx.alert.update({ where: { id: alert.id }, data: { status: "resolved", resolvedAt: new Date() } });
      await enqueueWebhooks(tx, {
        event: "alert.resolved",
        featureId: feature.id,
        featureKey: feature.key,
        text: `Resolved on ${feature.name}: ${rule.name}. ${a.message}`,
        details: { alert: { id: alert.id, rule: rule.name, ruleId: rule.id, metric: rule.metric, value: a.value, sampleSize: a.sampleSize } },
      });
    }
    if (alerts.length > 0) await audit(tx, { actor: `rule:${rule.id}`, action: "alert.resolve", target: feature.key, reason: rule.name, after: { alertIds: alerts.map((x) => x.id) } });
  });
}

// At most one evaluation per feature per second under sustained ingest: it keeps the evaluator a
// small share of the write path and a breach still pauses well within the 2 s budget.
const MIN_GAP_MS = 1000;
const evaluations = () => (g.rollguardEvaluations ??= { running: new Map(), dirty: new Set() });

/**
 * Evaluates a feature soon, off the caller's path. Calls while one runs coalesce into one more
 * run afterwards, so a burst of ingest batches costs at most two evaluations.
 */
export function scheduleEvaluation(featureId: string): void {
  const e = evaluations();
  if (e.running.has(featureId)) {
    e.dirty.add(featureId);
    return;
  }
  const run = (async () => {
    await new Promise((r) => setImmediate(r));
    try {
      for (;;) {
        e.dirty.delete(featureId);
        const started = Date.now();
        await evaluateFeature(featureId);
        if (!e.dirty.has(featureId)) break;
        // Under sustained ingest, at most one evaluation per feature every MIN_GAP_MS: a breach is
        // still acted on well within the 2 s budget, and the evaluator cannot starve the writer.
        await new Promise((r) => setTimeout(r, Math.max(0, MIN_GAP_MS - (Date.now() - started))));
      }
    } catch (err) {
      log.error("alert evaluation failed", { featureId, error: err instanceof Error ? (err.stack ?? err.message) : String(err) });
    } finally {
      e.running.delete(featureId);
    }
  })();
  e.running.set(featureId, run);
}

/** Resolves when no evaluation is running or queued (tests and benchmarks). */
export async function evaluationsSettled(): Promise<void> {
  const e = evaluations();
  while (e.running.size > 0) await Promise.all([...e.running.values()]);
}

export async function evaluateAllFeatures(): Promise<void> {
  await dbReady();
  for (const f of await db.feature.findMany({ select: { id: true } })) scheduleEvaluation(f.id);
}

/** Every rule of a feature with its verdict now ("ok", "watch", "breach"), for pages and the API. */
export async function ruleStatuses(featureId: string, now = Date.now()) {
  await dbReady();
  const rules = await rulesOf(featureId, false);
  return Promise.all(
    rules.map(async (rule) => {
      const counts = await countsFor(rule, now);
      const { status, value, lower, upper, sampleSize, message } = assessRule(rule, counts.window, counts.baseline);
      const { featureId: _f, ...shown } = rule;
      return { rule: shown, status, value, lower, upper, sampleSize, message };
    }),
  );
}

export async function listAlerts(featureId: string, status?: string) {
  await dbReady();
  const rows = await db.alert.findMany({
    where: { featureId, ...(status ? { status } : {}) },
    include: { rule: true },
    orderBy: { openedAt: "desc" },
    take: 200,
  });
  return rows.map(({ rule, ...a }) => ({
    ...a,
    rule: { id: rule.id, name: rule.name, metric: rule.metric, action: rule.action, phase: rule.phase, segment: rule.segment, windowMinutes: rule.windowMinutes },
  }));
}

export async function alertById(id: string) {
  await dbReady();
  return db.alert.findUnique({ where: { id }, include: { feature: { select: { key: true } } } });
}

export async function acknowledgeAlert(id: string, actor: string) {
  return writeTransaction(async (tx) => {
    const alert = await tx.alert.findUnique({ where: { id }, include: { feature: { select: { key: true } } } });
    if (!alert) throw notFound(`No alert with id "${id}"`);
    if (alert.status !== "open") throw new AppError(`already_${alert.status}`, 409, `The alert is already ${alert.status}`);
    const updated = await tx.alert.update({ where: { id }, data: { status: "acknowledged", acknowledgedAt: new Date(), acknowledgedBy: actor } });
    await audit(tx, { actor, action: "alert.acknowledge", target: alert.feature.key, before: { status: "open" }, after: { status: "acknowledged", alertId: id } });
    return updated;
  });
}
