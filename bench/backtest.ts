// npx tsx bench/backtest.ts [FEATURE] [DAYS]: how long a backtest of each of a feature's rules
// takes over the last DAYS (default 30) of its stored history, on the database at DATABASE_URL
// (the demo database by default). Prints per rule the wall-clock time (best, median, worst of 5)
// and the process's CPU time, which stays meaningful on a busy machine.
import { backtestRule } from "../lib/read/backtest";
import { rulesOf } from "../lib/data/alert-rules";
import { BACKTESTABLE_METRICS } from "../lib/domain/rules";
import { featureByKey } from "../lib/data/features";
import { db } from "../lib/db";

/** Times the backtest of every rule of `featureKey` over `days` ending at the newest bucket. */
export async function benchBacktest(featureKey = "portfolio-advisor", days = 30, runs = 5) {
  const feature = await featureByKey(featureKey);
  if (!feature) throw new Error(`no feature "${featureKey}"`);
  const newest = await db.metricBucket.aggregate({ where: { featureId: feature.id }, _max: { minute: true } });
  const to = ((newest._max.minute ?? Math.floor(Date.now() / 60_000)) + 1) * 60_000;
  const from = to - days * 86_400_000;
  const out = [];
  for (const rule of (await rulesOf(feature.id, false)).filter((r) => r.kind === "sequential" || BACKTESTABLE_METRICS.includes(r.metric))) {
    const totals: number[] = [];
    const cpu: number[] = [];
    let last;
    for (let i = 0; i < runs; i++) {
      const t = performance.now();
      const c = process.cpuUsage();
      last = await backtestRule({ featureId: feature.id, rule, from, to });
      totals.push(performance.now() - t);
      const used = process.cpuUsage(c);
      cpu.push((used.user + used.system) / 1000);
    }
    totals.sort((a, b) => a - b);
    cpu.sort((a, b) => a - b);
    out.push({
      rule: rule.name,
      metric: rule.metric,
      buckets: last!.timing.buckets,
      minutes: last!.summary.minutes,
      alerts: last!.summary.alerts,
      queryMs: last!.timing.queryMs,
      replayMs: last!.timing.replayMs,
      bestMs: Math.round(totals[0]),
      medianMs: Math.round(totals[Math.floor(runs / 2)]),
      worstMs: Math.round(totals[runs - 1]),
      medianCpuMs: Math.round(cpu[Math.floor(runs / 2)]),
    });
  }
  return { feature: featureKey, days, from: new Date(from).toISOString(), to: new Date(to).toISOString(), rules: out };
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith("bench/backtest.ts")) {
  benchBacktest(process.argv[2], Number(process.argv[3] ?? 30)).then(
    (r) => {
      console.log(`backtest of ${r.feature}, ${r.days} days (${r.from} → ${r.to})`);
      console.table(r.rules);
      process.exit(0);
    },
    (e) => {
      console.error(e);
      process.exit(1);
    },
  );
}
