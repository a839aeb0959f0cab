// The plans of the hot reads on a generated history (issue 14: indexes reviewed with EXPLAIN).
//   DATABASE_URL=postgresql://… tsx bench/explain.ts   → EXPLAIN (ANALYZE, BUFFERS) of every statement
//   DATABASE_URL=file:…        tsx bench/explain.ts   → EXPLAIN QUERY PLAN of every raw statement
// Each read runs once to warm up and once observed; every statement it sends is printed with its
// plan and its time. PostgreSQL: auto_explain on this process's connections, its output sent to the
// client as notices (so Prisma's statements are seen too). SQLite: the raw connection's statements
// (the hot reads' path, lib/store/raw-sql.ts), planned with the same parameters and timed.
// Run it on a copy: the alert evaluation and the queue claim write.
import type Database from "better-sqlite3";
import { evaluateFeature } from "../lib/use-cases/evaluate-alerts";
import { decisionSnapshot } from "../lib/decision/decision-snapshot";
import { featureMetrics } from "../lib/read/metrics";
import { worstReview } from "../lib/data/review";
import { claimNext } from "../lib/data/review-queue";
import { db, engine, pool, sqlite } from "../lib/db";
import { ZMetricsQuery } from "../lib/schemas/metrics";
import { benchBacktest } from "./backtest";

const DAY = 86_400_000;
let observed: string | null = null;
const plans: string[] = [];

function watchPostgres() {
  pool().on("connect", (client) => {
    client.on("notice", (n) => {
      if (observed && /Query Text|duration/.test(n.message ?? "")) plans.push(n.message!);
    });
    void client
      .query(
        "LOAD 'auto_explain'; SET auto_explain.log_min_duration = 0; SET auto_explain.log_analyze = on; SET auto_explain.log_buffers = on; SET auto_explain.log_timing = on; SET auto_explain.log_level = notice; SET client_min_messages = notice",
      )
      .catch((e: unknown) => console.error("auto_explain", e));
  });
}

function watchSqlite() {
  const conn = sqlite() as Database.Database & { __watched?: boolean };
  if (conn.__watched) return;
  conn.__watched = true;
  const prepare = conn.prepare.bind(conn);
  conn.prepare = ((text: string) => {
    const st = prepare(text);
    if (!/^\s*(SELECT|WITH)/i.test(text)) return st;
    for (const method of ["all", "get", "iterate"] as const) {
      const original = (st[method] as (...a: unknown[]) => unknown).bind(st);
      (st as unknown as Record<string, unknown>)[method] = (...args: unknown[]) => {
        if (!observed) return original(...args);
        const plan = (prepare(`EXPLAIN QUERY PLAN ${text}`).all(...args) as { detail: string }[]).map((r) => `  ${r.detail}`);
        const t = performance.now();
        const out = original(...args);
        const ms = performance.now() - t;
        plans.push(`${text.replace(/\s+/g, " ").slice(0, 400)}\n${plan.join("\n")}\n  -- ${ms.toFixed(1)} ms`);
        return out;
      };
    }
    return st;
  }) as typeof conn.prepare;
}

async function observe(name: string, fn: () => Promise<unknown>, warm = true) {
  if (warm) await fn(); // statements prepared, pages cached
  plans.length = 0;
  observed = name;
  const t = performance.now();
  await fn();
  const ms = performance.now() - t;
  observed = null;
  console.log(`\n===== ${name}: ${ms.toFixed(1)} ms in all, ${plans.length} statements`);
  for (const p of plans) console.log(p.length > 6000 ? `${p.slice(0, 6000)}\n  …` : p);
}

async function main() {
  if (engine() === "postgres") watchPostgres();
  else watchSqlite();
  const f = (await db.feature.findUnique({ where: { key: "portfolio-advisor" }, include: { phases: true } }))!;
  const current = f.phases.find((p) => p.id === f.currentPhaseId)?.key ?? null;
  const now = Date.now();
  await observe("decision snapshot (first load)", async () => decisionSnapshot(), false);
  await observe("metrics read, 30 days", () =>
    featureMetrics(f.id, ZMetricsQuery.parse({ from: String(now - 30 * DAY), to: String(now) })),
  );
  let n = 0;
  await observe("review queue: next item", () =>
    claimNext(f.id, `explain-${now}-${n++}`, Date.now(), undefined, { order: "risk", filter: {}, currentPhase: current }),
  );
  await observe("worst-20 read, 7 days", () => worstReview(f.id, { from: now - 7 * DAY, to: now, limit: 20 }));
  await observe("alert windows: every rule of the feature", () => evaluateFeature(f.id, Date.now()));
  await observe("backtest, 30 days, every default rule", () => benchBacktest("portfolio-advisor", 30, 1));
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
