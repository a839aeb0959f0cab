// The ingest write path's cost in this process: a fresh SQLite file, one feature, `events` events
// (outputs with text, labels — some wrong, some flipped later —, thumbs, tickets) in batches of
// 500 through ingestEvents. For before/after comparisons run it alternately from two checkouts.
//   DATABASE_URL=file:... tsx bench/ingest-cost.ts [events]  → prints JSON (wall and CPU time)
import { migrateDatabase } from "../scripts/lib/database";

const total = Number(process.argv[2] ?? 50_000);

async function main() {
  await migrateDatabase();
  const { createFeature } = await import("../lib/data/features");
  const { ingestEvents } = await import("../lib/use-cases/ingest");
  const { planWith } = await import("../lib/domain/plan");
  const { Random } = await import("../lib/demo/random");
  await createFeature({ key: "cost", name: "cost", stakes: "medium", plan: planWith(), currentPhase: "beta" }, "bench");
  const rng = new Random(5);
  const now = Date.now();
  const events: Record<string, unknown>[] = [];
  let outputs = 0;
  while (events.length < total) {
    const id = `o${outputs++}`;
    events.push({
      type: "output",
      feature: "cost",
      id,
      confidence: Math.round((0.5 + 0.5 * rng.next()) * 1000) / 1000,
      timestamp: now - rng.int(7 * 86_400_000),
      input: `Question ${rng.int(50)} about the portfolio`,
      output: `Answer ${rng.int(20)}: rebalance towards bonds`,
      unit: `u${rng.int(5000)}`,
      segment: ["internal", "beta", "default"][rng.int(3)],
    });
    if (rng.chance(0.3))
      events.push({
        type: "label",
        feature: "cost",
        outputId: id,
        correct: rng.chance(0.8),
        source: rng.chance(0.7) ? "human" : "heuristic",
      });
    if (rng.chance(0.08)) events.push({ type: "feedback", feature: "cost", outputId: id, value: rng.chance(0.5) ? "down" : "up" });
    if (rng.chance(0.03)) events.push({ type: "ticket", feature: "cost", id: `t${id}`, outputId: id, severity: "normal" });
  }
  // later verdicts on earlier outputs: some flip wrong→right
  for (let i = 0; i < total / 20; i++)
    events.push({ type: "label", feature: "cost", outputId: `o${rng.int(outputs)}`, correct: rng.chance(0.5), source: "human" });
  const t = performance.now();
  const cpu = process.cpuUsage();
  for (let i = 0; i < events.length; i += 500) await ingestEvents(events.slice(i, i + 500), now + 1000);
  const ms = performance.now() - t;
  const used = process.cpuUsage(cpu);
  // cpuMs: this process's CPU time (user + system) over the batches — on shared cores the wall
  // clock measures the neighbours as much as ingest; CPU time does not (the commits' fsync waits aside)
  const cpuMs = Math.round((used.user + used.system) / 1000);
  console.log(
    JSON.stringify({ events: events.length, ms: Math.round(ms), cpuMs, eventsPerSecond: Math.round(events.length / (ms / 1000)) }),
  );
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
