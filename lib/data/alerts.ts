import { db, dbReady, writeTransaction } from "../db";
import { binSuffix, CONFIDENCE_BINS, MINUTE_MS } from "../domain/buckets";
import { LATENCY_BIN_COLUMNS } from "../domain/latency";
import { costOf } from "../domain/cost";
import { modelPriceTable } from "../env";
import { assessRule, EMPTY_WINDOW, evaluateRule, NO_ALERT, ruleRanges, stepMemory, type Assessment, type WindowCounts } from "../domain/rules";
import { memoryStatus, parseSliceId, unwatched } from "../domain/sequential-replay";
import { judgeAlertNote } from "../domain/queue-priority";
import { assessSequential, noSlicesMessage, SEQUENTIAL_DEFAULTS, sequentialRanges, sliceId, sliceLabel, sliceReading, type SliceAssessment } from "../domain/sequential-rule";
import { judgeCells } from "./judge-agreement";
import { AppError, notFound } from "../errors";
import { log } from "../log";
import { oneInstanceAtATime } from "../store/locks";
import { asSequential, rulesOf, type AlertRuleConfig, type SequentialRuleConfig, type WindowRuleConfig } from "./alert-rules";
import { audit } from "./audit";
import { commitChange, recordChange } from "./change-feed";
import { pauseFeature } from "../use-cases/pause";
import { Mutex } from "./mutex";
import { modelSums, rollupTotals } from "./rollup-reader";
import { sendForConfirmation } from "./judge-confirm";
import { calibrationMapsFor, dayCounts, minuteCellCounts, phasePlan } from "./sequential-counts";
import { announceIncident, assignIncidentDetailed, refreshIncident, refreshOpenIncidents, type AssignedIncident } from "./incidents";
import { PEOPLE_VERDICT_COLUMNS, peopleVerdicts } from "../domain/rollup";
import { breachingSlices, joinSlice, parseAlertSlices, recoverSlice, serializeAlertSlices, slicesText, type AlertSlice } from "../domain/alert-slices";
import { enqueueWebhooks, kickWebhookDelivery } from "./webhooks";
import { assessDisobedience } from "../domain/proof";
import { shownWhilePaused } from "./proof";

// Live alert evaluation: window sums from the minute rollups (never raw rows), the pure
// `evaluateRule` for the verdict and the open/resolve transition, then Alert rows, webhooks and —
// for `pause` rules — the kill switch, attributed to the rule. Runs after each ingest batch
// (coalesced per feature, off the request path) and on a timer.

const BIN_SUMS = Array.from({ length: CONFIDENCE_BINS }, (_, i) => ["l", "c", "s"].map((p) => p + binSuffix(i))).flat();
const SUMMED = [...PEOPLE_VERDICT_COLUMNS, "thumbsUp", "thumbsDown", "criticalTickets", ...BIN_SUMS];
const LATENCY_SUMS = ["timed", ...LATENCY_BIN_COLUMNS];
const COST_SUMS = ["metered", "inputTokenSum", "outputTokenSum"];

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
  // the accuracy rules read people's verdicts only (issue 23); the judge has its own rule
  const people = peopleVerdicts({ labelled: n.labelled!, correct: n.correct!, judgeLabelled: n.judgeLabelled!, judgeLabelledCorrect: n.judgeLabelledCorrect! });
  return { labelled: people.labelled, correct: people.correct, thumbsUp: n.thumbsUp!, thumbsDown: n.thumbsDown!, criticalTickets: n.criticalTickets!, bins };
}

async function countsFor(rule: WindowRuleConfig, now: number) {
  const ranges = ruleRanges(rule, now);
  if (rule.metric === "judge_agreement_drop") {
    await dbReady();
    return {
      window: { ...EMPTY_WINDOW, judge: await judgeCells(rule.featureId, ranges.window, rule) },
      baseline: ranges.baseline ? { ...EMPTY_WINDOW, judge: await judgeCells(rule.featureId, ranges.baseline, rule) } : undefined,
    };
  }
  if (rule.metric === "latency_ceiling") {
    const latency = await rollupTotals({ featureId: rule.featureId, ...ranges.window, phase: rule.phase, segment: rule.segment, minutesOnly: true }, LATENCY_SUMS);
    return { window: { ...EMPTY_WINDOW, latency }, baseline: undefined };
  }
  if (rule.metric === "cost_ceiling") {
    // the hourly model rollup: the whole hours the window touches, priced now (prices re-price history)
    const perModel = await modelSums({ featureId: rule.featureId, ...ranges.window, phase: rule.phase, segment: rule.segment }, COST_SUMS);
    const cost = costOf(
      perModel.map((m) => ({ model: m.model, metered: m.sums.metered!, inputTokenSum: m.sums.inputTokenSum!, outputTokenSum: m.sums.outputTokenSum! })),
      modelPriceTable().prices,
    );
    return { window: { ...EMPTY_WINDOW, cost }, baseline: undefined };
  }
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
  rollguardEvaluationLocks?: Map<string, Mutex>;
};
const clearSince = () => (g.rollguardClearSince ??= new Map());

export interface RuleOutcome {
  ruleId: string;
  /** sequential rules: the slice (one outcome per watched slice) */
  slice?: string;
  status: Assessment["status"];
  transition: "opened" | "resolved" | null;
  paused: boolean;
}

/** A sequential rule's verdict per slice at `now`, from the rollups (the same reads the backtest uses). */
export async function sequentialAssessments(rule: SequentialRuleConfig, now: number): Promise<SliceAssessment[]> {
  const plan = await phasePlan(rule.featureId);
  const seq = { ...asSequential(rule), phases: plan.map((p) => p.key) };
  const ranges = sequentialRanges(seq, now);
  const maps = await calibrationMapsFor(rule.featureId, rule.metric, now);
  const days = await dayCounts(rule.featureId, rule.metric, { fromDay: ranges.days.fromDay, toDay: ranges.days.toDay }, plan, maps);
  const minutes = await minuteCellCounts(rule.featureId, rule.metric, ranges.minutes, plan, maps);
  return assessSequential(seq, days, minutes, now);
}

const memoryKey = (ruleId: string, slice: string) => `${ruleId}\u0000${slice}`;

type AlertRow = Awaited<ReturnType<typeof db.alert.findMany>>[number];
const slicesOf = (a: AlertRow): AlertSlice[] => parseAlertSlices(a.slices, a.slice, a.openedAt.getTime(), a.resolvedAt?.getTime() ?? null);

/**
 * One evaluation of a sequential rule: every slice it watches steps its own alert memory, and the
 * rule keeps one alert for all of them — the first breaching slice opens it (and pauses, for a
 * pause rule), later ones join it, and it resolves when its last slice recovers.
 */
async function evaluateSequentialRule(
  feature: FeatureRow & { state: string },
  rule: SequentialRuleConfig,
  unresolved: AlertRow[],
  now: number,
  outcomes: RuleOutcome[],
  opened: AssignedIncident[],
) {
  // alerts from before one alert per rule may be several; each keeps its own slices
  let alerts = unresolved;
  const openSlices = new Set(alerts.flatMap((a) => breachingSlices(slicesOf(a)).map((x) => x.id)));
  const assessments = await sequentialAssessments(rule, now);
  const seen = new Set<string>();
  const steps: { slice: string; status: string; reading: Assessment }[] = assessments.map((a) => {
    seen.add(sliceId(a.slice));
    return { slice: sliceId(a.slice), status: memoryStatus(a.status), reading: sliceReading(rule.metric, a) };
  });
  // An open alert on a slice no longer watched (no traffic in its baseline days) clears like an "ok".
  for (const slice of openSlices) {
    if (!seen.has(slice)) steps.push({ slice, status: "ok", reading: sliceReading(rule.metric, unwatched(parseSliceId(slice))) });
  }
  const joined: { slice: string; reading: Assessment; outcome: RuleOutcome }[] = [];
  const recovered = new Map<string, Assessment>();
  for (const { slice, status, reading } of steps) {
    const key = memoryKey(rule.id, slice);
    const isOpen = openSlices.has(slice);
    const step = stepMemory(isOpen ? { open: true, clearSince: clearSince().get(key) ?? null } : NO_ALERT, status, now, rule.windowMinutes);
    clearSince().set(key, step.memory.clearSince);
    const outcome: RuleOutcome = { ruleId: rule.id, slice, status: reading.status, transition: step.transition, paused: false };
    outcomes.push(outcome);
    if (step.transition === "opened") joined.push({ slice, reading, outcome });
    else if (step.transition === "resolved") recovered.set(slice, reading);
  }
  if (joined.length > 0 && rule.metric === "judge") {
    // On the judge's evidence alone: each breaching slice's latest judged-wrong outputs go to the
    // front of the review queue, and the alert says what it rests on.
    const since = now - (rule.params.memoryMinutes ?? SEQUENTIAL_DEFAULTS.memoryMinutes) * MINUTE_MS;
    for (const j of joined) {
      const queued = await sendForConfirmation(feature.id, parseSliceId(j.slice), since, now);
      j.reading = { ...j.reading, message: `${j.reading.message} — ${judgeAlertNote(queued)}` };
    }
  }
  if (joined.length > 0) {
    // the slices that breach in this evaluation open the rule's one alert together, or join it
    const reading = { ...joined[0]!.reading, message: joined.map((j) => j.reading.message).join("; ") };
    const current = alerts[0];
    if (current) {
      const slices = joined.reduce((list, j) => joinSlice(list, j.slice, now).slices, slicesOf(current));
      await changeSlices(feature, rule, current, slices, { change: "joined", ids: joined.map((j) => j.slice) }, reading);
    } else {
      const slices = joined.map((j) => ({ id: j.slice, openedAt: now, recoveredAt: null }));
      opened.push(await openAlert(feature, rule, reading, joined[0]!.slice, serializeAlertSlices(slices)));
      if (rule.action === "pause" && feature.state === "running") joined[0]!.outcome.paused = await pauseByRule(feature.key, rule, reading);
    }
    alerts = await db.alert.findMany({ where: { featureId: feature.id, ruleId: rule.id, status: { in: ["open", "acknowledged"] } }, orderBy: { openedAt: "asc" } });
  }
  for (const holder of alerts) {
    const mine = [...recovered.keys()].filter((slice) => breachingSlices(slicesOf(holder)).some((x) => x.id === slice));
    if (mine.length === 0) continue;
    const slices = mine.reduce((list, slice) => recoverSlice(list, slice, now).slices, slicesOf(holder));
    const clear = { ...recovered.get(mine[0]!)!, message: mine.map((slice) => recovered.get(slice)!.message).join("; ") };
    if (breachingSlices(slices).length === 0) await resolveAlerts(feature, rule, clear, holder.id, serializeAlertSlices(slices));
    else await changeSlices(feature, rule, holder, slices, { change: "recovered", ids: mine }, clear);
  }
}


/**
 * A slice joined or recovered: the alert lists its slices anew; its status stays (a slice joining
 * an acknowledged alert does not open it again). Signed webhooks hear `alert.updated`; chat
 * channels do not (they hear the incident open and resolve).
 */
async function changeSlices(
  feature: FeatureRow,
  rule: AlertRuleConfig,
  alert: AlertRow,
  slices: AlertSlice[],
  what: { change: "joined" | "recovered"; ids: string[] },
  a: Assessment,
) {
  await commitChange(async (tx) => {
    const breaching = breachingSlices(slices).map((x) => x.id);
    const joining = what.change === "joined";
    // a joining slice's reading is added to the alert's message; the status stays as it was
    const message = joining ? `${alert.message}; ${a.message}`.slice(0, 2000) : alert.message;
    await tx.alert.update({ where: { id: alert.id }, data: { slices: serializeAlertSlices(slices), message } });
    await recordChange(tx, { featureKey: feature.key, type: "incident_changed", payload: { incidentId: alert.incidentId, alertId: alert.id, rule: rule.name, slices: breaching } });
    await enqueueWebhooks(tx, {
      event: "alert.updated",
      featureId: feature.id,
      featureKey: feature.key,
      featureName: feature.name,
      text: `Alert on ${feature.name}: ${rule.name} — ${slicesText(what.ids)} ${what.change}; breaching now in ${slicesText(breaching)}. ${a.message}`,
      details: {
        incidentId: alert.incidentId,
        alert: { id: alert.id, rule: rule.name, ruleId: rule.id, kind: rule.kind, metric: rule.metric, status: alert.status, slice: alert.slice, slices: breaching, slicesText: slicesText(breaching), value: a.value, lower: a.lower, upper: a.upper, sampleSize: a.sampleSize, action: rule.action },
      },
    });
  });
}

/**
 * The built-in "AI answers shown while paused" rule at `now`: from the pause (the feature's
 * stateChangedAt while paused), not a window. Nothing is read while the feature runs and no alert
 * is open; the newest shown answer is looked up only for the opening message.
 */
async function disobedienceAssessment(feature: { id: string; state: string; stateChangedAt: Date }, rule: WindowRuleConfig, isOpen: boolean, now: number) {
  if (feature.state !== "paused") return assessDisobedience(null);
  const shown = await shownWhilePaused(feature.id, feature.stateChangedAt.getTime(), now, !isOpen);
  return assessDisobedience(shown, rule.params.count ?? 1);
}

/**
 * Evaluates every enabled rule of a feature at `now`, one evaluation of a feature at a time: in this
 * process by a mutex per feature, and on PostgreSQL across instances by an advisory lock per feature
 * (each instance evaluates after its own ingest batches), so that the second evaluation sees the
 * alert the first opened and opens none itself — one alert, one notice, one pause.
 */
export async function evaluateFeature(featureId: string, now = Date.now()): Promise<RuleOutcome[]> {
  await dbReady();
  const locks = (g.rollguardEvaluationLocks ??= new Map());
  let lock = locks.get(featureId);
  if (!lock) locks.set(featureId, (lock = new Mutex()));
  return lock.run(() => oneInstanceAtATime(`rollguard:alerts:${featureId}`, () => evaluateLocked(featureId, now)));
}

async function evaluateLocked(featureId: string, now: number): Promise<RuleOutcome[]> {
  const feature = await db.feature.findUnique({ where: { id: featureId } });
  if (!feature) return [];
  const rules = await rulesOf(featureId);
  const open = await db.alert.findMany({ where: { featureId, status: { in: ["open", "acknowledged"] } } });
  const outcomes: RuleOutcome[] = [];
  const opened: AssignedIncident[] = [];
  for (const rule of rules) {
    if (rule.kind === "sequential") {
      const unresolved = open.filter((a) => a.ruleId === rule.id).sort((a, b) => a.openedAt.getTime() - b.openedAt.getTime());
      await evaluateSequentialRule(feature, rule, unresolved, now, outcomes, opened);
      continue;
    }
    const isOpen = open.some((a) => a.ruleId === rule.id);
    if (rule.metric === "product_disobeyed") {
      // opens on the first breach; resolves at the resume (not after a clear window: while paused
      // the answers already shown stay counted)
      const a = await disobedienceAssessment(feature, rule, isOpen, now);
      const transition = !isOpen && a.status === "breach" ? "opened" : isOpen && feature.state !== "paused" ? "resolved" : null;
      outcomes.push({ ruleId: rule.id, status: a.status, transition, paused: false });
      if (transition === "opened") opened.push(await openAlert(feature, rule, a));
      else if (transition === "resolved") await resolveAlerts(feature, rule, a);
      continue;
    }
    const step = evaluateRule(rule, { open: isOpen, clearSince: isOpen ? (clearSince().get(rule.id) ?? null) : null }, await countsFor(rule, now), now);
    clearSince().set(rule.id, step.memory.clearSince);
    const outcome: RuleOutcome = { ruleId: rule.id, status: step.assessment.status, transition: step.transition, paused: false };
    outcomes.push(outcome);
    if (step.transition === "opened") {
      opened.push(await openAlert(feature, rule, step.assessment));
      if (rule.action === "pause" && feature.state === "running") outcome.paused = await pauseByRule(feature.key, rule, step.assessment);
    } else if (step.transition === "resolved") {
      await resolveAlerts(feature, rule, step.assessment);
    }
  }
  // Chat channels hear a new incident once, after every rule had its turn: the message lists
  // every alert and slice of this evaluation and the pause it caused.
  for (const incidentId of new Set(opened.filter((o) => o.announce).map((o) => o.id))) {
    const kind = opened.find((o) => o.id === incidentId && o.announce)!.announce!;
    await writeTransaction((tx) => announceIncident(tx, incidentId, kind));
  }
  if (outcomes.some((o) => o.transition)) kickWebhookDelivery();
  return outcomes;
}

type FeatureRow = { id: string; key: string; name: string };

async function openAlert(feature: FeatureRow, rule: AlertRuleConfig, a: Assessment, slice: string | null = null, slices: string | null = null): Promise<AssignedIncident> {
  const assigned = await commitChange(async (tx) => {
    const alert = await tx.alert.create({
      data: { featureId: feature.id, ruleId: rule.id, slice, slices, status: "open", value: a.value ?? 0, lower: a.lower, upper: a.upper, sampleSize: a.sampleSize, message: a.message },
    });
    const assigned = await assignIncidentDetailed(tx, alert, rule.name);
    const incidentId = assigned.id;
    await audit(tx, { actor: `rule:${rule.id}`, action: "alert.open", target: feature.key, reason: rule.name, after: { alertId: alert.id, message: a.message, slice } });
    await recordChange(tx, { featureKey: feature.key, type: "alert_opened", payload: { alertId: alert.id, rule: rule.name, incidentId } });
    await enqueueWebhooks(tx, {
      event: "alert.opened",
      featureId: feature.id,
      featureKey: feature.key,
      featureName: feature.name,
      text: `Alert on ${feature.name}: ${rule.name}. ${a.message}`,
      details: { incidentId, alert: { id: alert.id, rule: rule.name, ruleId: rule.id, kind: rule.kind, metric: rule.metric, slice, slices: slice ? [slice] : [], value: a.value, lower: a.lower, upper: a.upper, sampleSize: a.sampleSize, action: rule.action } },
    });
    return assigned;
  });
  log.warn("alert opened", { feature: feature.key, rule: rule.id, message: a.message });
  return assigned;
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

async function resolveAlerts(feature: FeatureRow, rule: AlertRuleConfig, a: Assessment, alertId?: string, slices?: string) {
  await commitChange(async (tx) => {
    const alerts = await tx.alert.findMany({ where: { ruleId: rule.id, status: { in: ["open", "acknowledged"] }, ...(alertId !== undefined ? { id: alertId } : {}) } });
    for (const alert of alerts) {
      await tx.alert.update({ where: { id: alert.id }, data: { status: "resolved", resolvedAt: new Date(), ...(slices !== undefined ? { slices } : {}) } });
      await enqueueWebhooks(tx, {
        event: "alert.resolved",
        featureId: feature.id,
        featureKey: feature.key,
        featureName: feature.name,
        text: `Resolved on ${feature.name}: ${rule.name}. ${a.message}`,
        details: { alert: { id: alert.id, rule: rule.name, ruleId: rule.id, kind: rule.kind, metric: rule.metric, slice: alert.slice, value: a.value, sampleSize: a.sampleSize } },
      });
    }
    if (alerts.length > 0) {
      await audit(tx, { actor: `rule:${rule.id}`, action: "alert.resolve", target: feature.key, reason: rule.name, after: { alertIds: alerts.map((x) => x.id) } });
      await refreshOpenIncidents(tx, feature.id);
      await recordChange(tx, { featureKey: feature.key, type: "alert_resolved", payload: { alertIds: alerts.map((x) => x.id), rule: rule.name } });
    }
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
      const { featureId: _f, ...shown } = rule;
      if (rule.kind === "sequential") {
        // The rule's verdict is its worst slice's; every slice is listed with its own.
        const slices = (await sequentialAssessments(rule, now)).map((a) => ({ slice: sliceId(a.slice), label: sliceLabel(a.slice), ...sliceReading(rule.metric, a), state: a.status, normal: a.normal, perMinute: a.perMinute, delay5: a.delay5, delay10: a.delay10, score: a.score }));
        const rank = { ok: 0, watch: 1, breach: 2 } as const;
        const worst = slices.reduce<(typeof slices)[number] | null>((w, x) => (!w || rank[x.status] > rank[w.status] || (x.status === w.status && x.score > w.score) ? x : w), null);
        const head = worst ?? { status: "ok" as const, value: null, lower: null, upper: null, sampleSize: 0, message: noSlicesMessage(rule.metric, (await calibrationMapsFor(rule.featureId, rule.metric, now))?.labels) };
        return { rule: shown, status: head.status, value: head.value, lower: head.lower, upper: head.upper, sampleSize: head.sampleSize, message: head.message, slices };
      }
      if (rule.metric === "product_disobeyed") {
        const feature = await db.feature.findUnique({ where: { id: featureId }, select: { id: true, state: true, stateChangedAt: true } });
        const a = feature ? await disobedienceAssessment(feature, rule, false, now) : assessDisobedience(null);
        return { rule: shown, status: a.status, value: a.value, lower: a.lower, upper: a.upper, sampleSize: a.sampleSize, message: a.message };
      }
      const counts = await countsFor(rule, now);
      const { status, value, lower, upper, sampleSize, message } = assessRule(rule, counts.window, counts.baseline);
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
    // every slice the alert has had, each with when it breached and recovered
    slices: parseAlertSlices(a.slices, a.slice, a.openedAt.getTime(), a.resolvedAt?.getTime() ?? null).map((x) => ({
      id: x.id,
      name: slicesText([x.id]),
      openedAt: new Date(x.openedAt).toISOString(),
      recoveredAt: x.recoveredAt === null ? null : new Date(x.recoveredAt).toISOString(),
    })),
    rule: { id: rule.id, name: rule.name, kind: rule.kind, metric: rule.metric, action: rule.action, phase: rule.phase, segment: rule.segment, windowMinutes: rule.windowMinutes },
  }));
}

export async function alertById(id: string) {
  await dbReady();
  return db.alert.findUnique({ where: { id }, include: { feature: { select: { key: true } } } });
}

export async function acknowledgeAlert(id: string, actor: string) {
  const result = await commitChange(async (tx) => {
    const alert = await tx.alert.findUnique({ where: { id }, include: { feature: { select: { key: true } } } });
    if (!alert) throw notFound(`No alert with id "${id}"`);
    if (alert.status !== "open") throw new AppError(`already_${alert.status}`, 409, `The alert is already ${alert.status}`);
    const updated = await tx.alert.update({ where: { id }, data: { status: "acknowledged", acknowledgedAt: new Date(), acknowledgedBy: actor } });
    if (alert.incidentId) await refreshIncident(tx, alert.incidentId);
    await audit(tx, { actor, action: "alert.acknowledge", target: alert.feature.key, before: { status: "open" }, after: { status: "acknowledged", alertId: id } });
    await recordChange(tx, { featureKey: alert.feature.key, type: "alert_acknowledged", payload: { alertId: id, actor } });
    return updated;
  });
  return result;
}

/** Open and acknowledged alerts per rule of a feature (the rules page's counts). */
export async function unresolvedAlertsByRule(featureId: string): Promise<Record<string, number>> {
  const groups = await db.alert.groupBy({ by: ["ruleId"], where: { featureId, status: { in: ["open", "acknowledged"] } }, _count: { _all: true } });
  return Object.fromEntries(groups.map((g) => [g.ruleId, g._count._all]));
}
