// The PostgreSQL figures of the benchmark (issue 14): `npm run bench -- --postgres` (after the full
// SQLite run) or `npm run bench -- --only postgres` (the SQLite ingest baseline and this section
// alone). A private cluster (scripts/lib/pg-cluster.ts, as in CI) is started here and removed at the
// end, whatever happens.
import { execFileSync } from "node:child_process";
import os from "node:os";
import path from "node:path";
import { clusterUrl, startCluster, stopCluster } from "../scripts/lib/pg-cluster";
import { ensurePostgresDatabase, migratePostgres } from "../scripts/lib/pg-migrate";
import { request, round, summary, timed } from "./lib/measure";
import { startServer, stopAll, type Server } from "./lib/server";
import { subscribe } from "./lib/sse";

/** The private cluster's port: the bench's own range (3401/3402 apps, 3499 floor, +100 listeners). */
export const PG_PORT = 3498;

type Summary = ReturnType<typeof summary>;
export interface PostgresDeps {
  P: { ingestMs: number; clients: number; decisionMs: number; pauseTrials: number; reads: number[]; readSamples: number };
  batch: number;
  note: (section: string, figure: string, value: string) => void;
  ingestLoad: (
    server: Server,
    key: string,
    ms: number,
    duplicateShare?: number,
    tag?: string,
  ) => Promise<{ eventsPerSecond: number; latency: Summary }>;
  decisions: (
    base: string,
    key: string,
    bulk: boolean,
    concurrency: number,
    ms: number,
  ) => Promise<{ rps: number; latency: { p50: number; p99: number } }>;
  metricsReads: (server: Server, key: string, samples: number) => Promise<Record<string, Summary>>;
}

/** A fresh database on the cluster, migrated and filled by bench/generate.ts like the SQLite ones. */
async function pgDatabase(name: string, outputs: number) {
  const url = clusterUrl(PG_PORT, name);
  await ensurePostgresDatabase(url);
  await migratePostgres(url);
  const env = { ...process.env, DATABASE_URL: url, ROLLGUARD_LOG: "warn", ROLLGUARD_DEMO: "0" };
  const out = execFileSync(path.join("node_modules", ".bin", "tsx"), ["bench/generate.ts", String(outputs), "0"], {
    env,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
    maxBuffer: 1 << 24,
  });
  return { env, ...(JSON.parse(out.trim().split("\n").pop()!) as { key: string; cookie: string }) };
}

function within<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  const late = new Promise<never>((_, reject) => {
    setTimeout(() => reject(new Error(`${what}: nothing within ${ms} ms`)), ms).unref();
  });
  return Promise.race([p, late]);
}

/**
 * A pause made through instance A's API, seen by subscribers of instance B: its app's state stream
 * (what the SQLite figure `pause.p95Ms` measures on one instance) and its decision listener's. B
 * hears of it only through the database (NOTIFY, the poll as backstop). Timed from the moment the
 * pause is sent to A (the SQLite figure starts at A's answer; that one is noted too).
 */
async function crossInstancePause(a: Server, b: Server, key: string, trials: number) {
  const headers = { authorization: `Bearer ${key}`, "content-type": "application/json" };
  const app = await subscribe(`${b.url}/api/v1/stream`, key);
  const listener = await subscribe(`${b.decisionUrl}/api/v1/stream`, key);
  const fromReturn: number[] = [];
  const fromSend: number[] = [];
  const listenerFromSend: number[] = [];
  try {
    for (let i = 0; i < trials; i++) {
      const paused = (e: { type: string; feature?: string }) => e.type === "paused" && e.feature === "meeting-summary";
      const seen = within(app.next(paused), 10_000, "B's app stream after a pause on A");
      const seenByListener = within(listener.next(paused), 10_000, "B's listener stream after a pause on A");
      const sent = performance.now();
      const res = await request(`${a.url}/api/v1/features/meeting-summary/pause`, {
        method: "POST",
        headers,
        body: JSON.stringify({ reason: `bench trial ${i}` }),
      });
      const returned = performance.now();
      if (res.status !== 200) throw new Error(`pause ${res.status} ${await res.text()}`);
      const at = await seen;
      fromReturn.push(Math.max(0, at - returned));
      fromSend.push(at - sent);
      listenerFromSend.push((await seenByListener) - sent);
      const resumed = (e: { type: string; feature?: string }) => e.type === "resumed" && e.feature === "meeting-summary";
      const back = Promise.all([within(app.next(resumed), 10_000, "resume on B"), within(listener.next(resumed), 10_000, "resume on B")]);
      await request(`${a.url}/api/v1/features/meeting-summary/resume`, {
        method: "POST",
        headers,
        body: JSON.stringify({ reason: "bench" }),
      });
      await back;
    }
  } finally {
    app.close();
    listener.close();
  }
  return { appFromReturn: summary(fromReturn), app: summary(fromSend), listener: summary(listenerFromSend) };
}

/**
 * Two `next start` instances (3401, 3402, each with its decision listener) on one database: ingest
 * through both at once (each driven like the SQLite instance: the same clients and batches), a
 * pause on A heard on B, OFREP on one listener; then the metrics read on a generated history (the
 * largest of the run's sizes) on one instance.
 */
export async function postgresSection(d: PostgresDeps, sqliteIngestEventsPerSecond: number) {
  const { P, note } = d;
  const dir = path.join(os.tmpdir(), `rollguard-bench-pg-${process.pid}`);
  const { ms: startMs } = await timed(async () => startCluster(dir, PG_PORT));
  note("postgres", "private cluster started (initdb + start)", `${round(startMs / 1000)} s`);
  try {
    const live = await pgDatabase("bench_live", 0);
    const a = await startServer(live.env, 3401);
    const b = await startServer(live.env, 3402);
    const [ia, ib] = await Promise.all([d.ingestLoad(a, live.key, P.ingestMs, 0, "pa"), d.ingestLoad(b, live.key, P.ingestMs, 0, "pb")]);
    const eps = ia.eventsPerSecond + ib.eventsPerSecond;
    note(
      "postgres",
      `HTTP ingest, 2 instances × ${P.clients} clients × ${d.batch}-event batches, one database`,
      `${round(eps, 0)} events/s (A ${round(ia.eventsPerSecond, 0)}, B ${round(ib.eventsPerSecond, 0)})`,
    );
    note(
      "postgres",
      "batch latency p50 / p99 (A, B)",
      `${round(ia.latency.p50)} / ${round(ia.latency.p99)}, ${round(ib.latency.p50)} / ${round(ib.latency.p99)} ms`,
    );
    note("postgres", "ratio to the single SQLite instance of this run", `${round(eps / sqliteIngestEventsPerSecond, 2)}`);
    const pause = await crossInstancePause(a, b, live.key, P.pauseTrials);
    note(
      "postgres",
      `pause sent to A → B's app stream p50 / p95 / max (${P.pauseTrials} trials)`,
      `${round(pause.app.p50)} / ${round(pause.app.p95)} / ${round(pause.app.max)} ms`,
    );
    note(
      "postgres",
      "pause sent to A → B's decision listener stream p50 / p95",
      `${round(pause.listener.p50)} / ${round(pause.listener.p95)} ms`,
    );
    note(
      "postgres",
      "the same from A's answer (as the SQLite figure) p50 / p95",
      `${round(pause.appFromReturn.p50)} / ${round(pause.appFromReturn.p95)} ms`,
    );
    const ofrep = await d.decisions(b.decisionUrl, live.key, false, 32, P.decisionMs);
    note(
      "postgres",
      "OFREP single c=32 on B's listener: p50 / p99, req/s",
      `${round(ofrep.latency.p50, 2)} / ${round(ofrep.latency.p99, 2)} ms, ${round(ofrep.rps, 0)}/s`,
    );
    await a.stop();
    await b.stop();

    const n = Math.max(...P.reads);
    const label = n >= 10_000_000 ? "10M" : `${n / 1_000_000}M`;
    const { ms: genMs, value: gen } = await timed(() => pgDatabase(`bench_reads_${label.toLowerCase()}`, n));
    note("postgres", `generated ${label} outputs (30 days, then VACUUM ANALYZE)`, `${round(genMs / 1000)} s`);
    const server = await startServer(gen.env, 3402);
    const r = await d.metricsReads(server, gen.key, P.readSamples);
    for (const range of ["24h", "7d", "30d"])
      note("postgres", `metrics API ${range}, ${label}: p50 / p95`, `${round(r[range].p50)} / ${round(r[range].p95)} ms`);
    await server.stop();
    return {
      sqliteIngestEventsPerSecond: round(sqliteIngestEventsPerSecond, 0),
      ingestEventsPerSecond: round(eps, 0),
      ingestRatioToSqlite: round(eps / sqliteIngestEventsPerSecond, 2),
      ingestBatchP99Ms: round(Math.max(ia.latency.p99, ib.latency.p99)),
      metricsP95Ms30d10M: label === "10M" ? round(r["30d"].p95) : null,
      metricsP95Ms30d: round(r["30d"].p95),
      metricsOutputs: n,
      generateSeconds: round(genMs / 1000),
      pauseCrossInstanceP95Ms: round(pause.app.p95),
      pauseCrossInstanceP50Ms: round(pause.app.p50),
      pauseCrossInstanceMaxMs: round(pause.app.max),
      pauseCrossInstanceFromAnswerP95Ms: round(pause.appFromReturn.p95),
      pauseCrossInstanceListenerP95Ms: round(pause.listener.p95),
      ofrepP99MsC32: round(ofrep.latency.p99, 2),
      ofrepP50MsC32: round(ofrep.latency.p50, 2),
      ofrepRpsC32: round(ofrep.rps, 0),
    };
  } finally {
    await stopAll();
    stopCluster(dir);
  }
}
