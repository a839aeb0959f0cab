import { ensureDefaultRules } from "./data/alert-rules";
import { evaluateAllFeatures, scheduleEvaluation } from "./use-cases/evaluate-alerts";
import { changeFeed } from "./data/change-feed";
import { decisionSnapshot } from "./decision/decision-snapshot";
import { onIngested } from "./use-cases/ingest";
import { kickWebhookDelivery } from "./data/webhooks";
import { startRetentionPurge } from "./data/retention-schedule";
import { log } from "./log";

// Starts the background work of this server process once: the change feed and the decision snapshot,
// alert evaluation after every ingest batch and on a timer, and the webhook worker. Called from
// instrumentation.ts (and by tests that need the live loop).

export const EVALUATION_INTERVAL_MS = 15_000;

const g = globalThis as unknown as { rollguardBackgroundWork?: Promise<void> };

export function startBackgroundWork(options: { intervalMs?: number } = {}): Promise<void> {
  g.rollguardBackgroundWork ??= (async () => {
    await changeFeed().start();
    await decisionSnapshot();
    const added = await ensureDefaultRules();
    if (added > 0) log.info("default alert rules added", { features: added });
    onIngested((featureIds) => featureIds.forEach(scheduleEvaluation));
    const timer = setInterval(() => {
      evaluateAllFeatures().catch((e) => log.error("periodic evaluation failed", { error: String(e) }));
      kickWebhookDelivery();
    }, options.intervalMs ?? EVALUATION_INTERVAL_MS);
    timer.unref?.();
    startRetentionPurge();
    await evaluateAllFeatures();
    kickWebhookDelivery();
  })().catch((e: unknown) => {
    g.rollguardBackgroundWork = undefined; // e.g. the database was away at start-up: the caller may try again
    throw e;
  });
  return g.rollguardBackgroundWork;
}
