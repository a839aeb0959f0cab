// The review figures on a generated database, in this process (the queue's next item is a server
// action, not an HTTP route): `claimNext` in the default order (current phase, risk, recency) for
// reviewers who each take a fresh item, and the weekly worst-20 (`worstReview`).
//   DATABASE_URL=file:... tsx bench/review.ts [samples]  → prints JSON
import { db } from "../lib/db";
import { worstReview } from "../lib/data/review";
import { claimNext } from "../lib/data/review-queue";
import { summary } from "./lib/measure";

const samples = Number(process.argv[2] ?? 40);

async function main() {
  const f = (await db.feature.findUnique({ where: { key: "portfolio-advisor" }, include: { phases: true } }))!;
  const current = f.phases.find((p) => p.id === f.currentPhaseId)?.key ?? null;
  const now = Date.now();
  const next: number[] = [];
  for (let i = 0; i < samples; i++) {
    const t = performance.now();
    const item = await claimNext(f.id, `bench-${now}-${i}`, Date.now(), undefined, { order: "risk", filter: {}, currentPhase: current });
    next.push(performance.now() - t);
    if (!item) throw new Error("the queue ran dry");
  }
  const worst: number[] = [];
  for (let i = 0; i < Math.max(3, Math.ceil(samples / 8)); i++) {
    const t = performance.now();
    await worstReview(f.id, { from: now - 7 * 86_400_000, to: now, limit: 20 });
    worst.push(performance.now() - t);
  }
  console.log(JSON.stringify({ queueNext: summary(next), worst: summary(worst) }));
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
