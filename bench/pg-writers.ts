// npx tsx bench/pg-writers.ts <postgresql://server-url> [seconds=20] [processes=2] [writers=4]:
// concurrent ingest writers on one PostgreSQL database, without HTTP or a build (issue 24 part 5) —
// `processes` processes (as the bench's two instances) each run `writers` loops of 500-event batches
// of the bench's event mix (all in the current minute) through ingestEvents. Prints the batch p50 /
// p99, events/s, and what the writers' connections waited for: pg_stat_activity sampled every 20 ms
// (a sample per waiting connection, by wait event and statement).
import { execFileSync, spawn } from "node:child_process";
import path from "node:path";
import pg from "pg";
import { ensurePostgresDatabase, migratePostgres } from "../scripts/lib/pg-migrate";
import { EventSource } from "./lib/events";
import { summary } from "./lib/measure";

const BATCH = 500;

async function worker(seconds: number, writers: number, tag: string) {
  const { ingestEvents } = await import("../lib/use-cases/ingest");
  const latencies: number[] = [];
  let events = 0;
  const until = Date.now() + seconds * 1000;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: writers }, async (_, w) => {
      const source = new EventSource(`${tag}${w}-${Date.now()}`, w + 1);
      while (Date.now() < until) {
        const batch = source.batch(BATCH, Date.now());
        const t = performance.now();
        const res = await ingestEvents(batch, Date.now());
        latencies.push(performance.now() - t);
        events += res.accepted + res.duplicates;
      }
    }),
  );
  console.log(JSON.stringify({ latencies, events, seconds: (performance.now() - started) / 1000 }));
  process.exit(0);
}

async function main() {
  const [server, seconds = "20", processes = "2", writers = "4"] = process.argv.slice(2);
  if (!server) throw new Error("usage: npx tsx bench/pg-writers.ts <postgresql://server-url> [seconds] [processes] [writers]");
  const url = new URL(server);
  url.pathname = `/pgw_${process.pid}`;
  await ensurePostgresDatabase(url.toString());
  await migratePostgres(url.toString());
  const env = {
    ...process.env,
    DATABASE_URL: url.toString(),
    ROLLGUARD_LOG: "error",
    ROLLGUARD_DEMO: "0",
    ROLLGUARD_INGEST_RATE_LIMIT: "100000000",
  };
  execFileSync(path.join("node_modules", ".bin", "tsx"), ["bench/generate.ts", "0", "0"], { env, stdio: ["ignore", "ignore", "inherit"] });

  const admin = new pg.Client({ connectionString: url.toString() });
  await admin.connect();
  const waits = new Map<string, number>();
  let samples = 0;
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      samples++;
      const { rows } = await admin.query<{ w: string }>(
        `SELECT wait_event_type || '/' || wait_event || ': ' || substring(query from '(?:INSERT INTO|UPDATE|SELECT .* FROM|DELETE FROM) "?(\\w+)') AS w
         FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND wait_event_type IN ('Lock', 'LWLock', 'IO')`,
      );
      for (const r of rows) waits.set(r.w, (waits.get(r.w) ?? 0) + 1);
      await new Promise((r) => setTimeout(r, 20));
    }
  })();
  const results = await Promise.all(
    Array.from({ length: Number(processes) }, (_, p) => {
      const child = spawn(path.join("node_modules", ".bin", "tsx"), ["bench/pg-writers.ts", "--worker", seconds, writers, `p${p}-`], {
        env,
        stdio: ["ignore", "pipe", "inherit"],
      });
      let out = "";
      child.stdout.on("data", (d) => (out += d));
      return new Promise<{ latencies: number[]; events: number; seconds: number }>((resolve, reject) =>
        child.on("exit", (code) =>
          code === 0 ? resolve(JSON.parse(out.trim().split("\n").pop()!)) : reject(new Error(`worker exited ${code}`)),
        ),
      );
    }),
  );
  sampling = false;
  await sampler;
  await admin.end();
  const all = summary(results.flatMap((r) => r.latencies));
  const eps = results.reduce((s, r) => s + r.events / r.seconds, 0);
  console.log(`connections waiting, per 20 ms sample (${samples} samples):`);
  for (const [w, n] of [...waits.entries()].sort((a, b) => b[1] - a[1]).slice(0, 8)) console.log(`  ${(n / samples).toFixed(2)}  ${w}`);
  console.log(`${processes} processes × ${writers} writers × ${BATCH}-event batches, ${seconds} s`);
  console.log(
    `events/s ${Math.round(eps)}; batch p50 ${all.p50.toFixed(1)} ms, p99 ${all.p99.toFixed(1)} ms (${results.reduce((s, r) => s + r.latencies.length, 0)} batches)`,
  );
  const drop = new pg.Client({ connectionString: server });
  await drop.connect();
  await drop.query(`DROP DATABASE IF EXISTS "${url.pathname.slice(1)}" WITH (FORCE)`);
  await drop.end();
}

if (process.argv[2] === "--worker") void worker(Number(process.argv[3]), Number(process.argv[4]), process.argv[5]!);
else
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
