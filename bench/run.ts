// npm run bench [-- --quick] [-- --postgres] [-- --only detection|postgres|labels|ingest|ofrep|memory [--profile]]: how fast Rollguard ingests, answers and stops a feature, measured
// on the production build with fresh databases, with ratios against baselines from the same run.
// Prints one table, writes bench/results/latest.json and rewrites BENCHMARKS.md.
import { webProviderKillSwitch } from "./lib/web-provider";
import Database from "better-sqlite3";
import { execFileSync, spawn } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { bundleDecisionListener, ensureBuild } from "../scripts/lib/build";
import { EventSource } from "./lib/events";
import { cannon } from "./lib/cannon";
import { load, request, round, summary, timed } from "./lib/measure";
import { rawWriter } from "./lib/raw-writer";
import type { PlanFeature } from "../lib/domain/ingest-rows";
import { processMemory, startBareServer, startServer, stopAll, type Server } from "./lib/server";
import { subscribe } from "./lib/sse";
import { writeReport } from "./lib/report";
import { labelsSection } from "./labels";
import { postgresSection, type PostgresDeps } from "./postgres";
import { otlpLoad } from "./otlp";

const quick = process.argv.includes("--quick");
const onlyAt = process.argv.indexOf("--only");
const only = onlyAt >= 0 ? process.argv[onlyAt + 1] : null;
/** --postgres: the PostgreSQL figures too (two instances on one database of a private cluster) */
const postgres = process.argv.includes("--postgres");
const P = quick
  ? { ingestMs: 8_000, clients: 4, decisionMs: 3_000, pauseTrials: 20, autoPauseTrials: 2, reads: [1_000_000], readSamples: 20 }
  : {
      ingestMs: 30_000,
      clients: 4,
      decisionMs: 10_000,
      pauseTrials: 100,
      autoPauseTrials: 5,
      reads: [1_000_000, 10_000_000],
      readSamples: 60,
    };
const BATCH = 500;
const dir = path.resolve(".tmp", "bench");
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const results: Record<string, any> = {};
const rows: [string, string, string][] = [];
const note = (section: string, figure: string, value: string) => {
  rows.push([section, figure, value]);
  console.log(`  ${section.padEnd(14)} ${figure.padEnd(44)} ${value}`);
};

function database(name: string, outputs: number, autoPause = 0) {
  const file = path.join(dir, `${name}.db`);
  const env = { ...process.env, DATABASE_URL: `file:${file}`, ROLLGUARD_LOG: "warn", ROLLGUARD_DEMO: "0" };
  execFileSync(path.join("node_modules", ".bin", "prisma"), ["migrate", "deploy"], { env, stdio: "ignore" });
  const out = execFileSync(path.join("node_modules", ".bin", "tsx"), ["bench/generate.ts", String(outputs), String(autoPause)], {
    env,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
    maxBuffer: 1 << 24,
  });
  return {
    file,
    env,
    ...(JSON.parse(out.trim().split("\n").pop()!) as {
      key: string;
      cookie: string;
      features: Record<string, BenchFeature>;
    }),
  };
}

async function ingestLoad(server: Server, key: string, ms: number, duplicateShare = 0, tag = "i") {
  const latencies: number[] = [];
  let events = 0;
  const headers = { authorization: `Bearer ${key}`, "content-type": "application/json" };
  const sources = Array.from({ length: P.clients }, (_, c) => new EventSource(`${tag}${c}-${Date.now()}`, c + 1));
  const previous: unknown[][] = sources.map(() => []);
  // each request takes a source no request in flight holds (its labels name its earlier outputs)
  const idle = sources.map((_, c) => c);
  const { seconds } = await load(P.clients, { durationMs: ms }, async () => {
    const c = idle.pop()!;
    const batch = sources[c].batch(BATCH, Date.now(), duplicateShare, previous[c].length ? previous[c] : undefined);
    previous[c] = batch;
    const { ms: took, value: res } = await timed(() =>
      request(`${server.url}/api/v1/events`, { method: "POST", headers, body: JSON.stringify({ events: batch }) }),
    );
    const body = (await res.json()) as { accepted: number; duplicates: number; rejected: unknown[] };
    if (res.status >= 300 && res.status !== 207) throw new Error(`ingest ${res.status} ${JSON.stringify(body)}`);
    events += body.accepted + body.duplicates;
    latencies.push(took);
    idle.push(c);
  });
  return { eventsPerSecond: events / seconds, latency: summary(latencies) };
}

type BenchFeature = PlanFeature & { phase: string; threshold: number };

function rawIngest(ms: number, features: Record<string, BenchFeature>, file: string) {
  const conn = new Database(file, { timeout: 5000 });
  conn.pragma("journal_mode = WAL");
  conn.pragma("synchronous = FULL");
  const write = rawWriter(conn, new Map(Object.entries(features)));
  const source = new EventSource(`raw-${Date.now()}`, 99);
  let events = 0;
  const until = performance.now() + ms;
  const t = performance.now();
  while (performance.now() < until) {
    const batch = source.batch(BATCH) as Record<string, unknown>[];
    write(batch, Date.now());
    events += batch.length;
  }
  conn.close();
  return events / ((performance.now() - t) / 1000);
}

/** OFREP load from autocannon (whole-millisecond latencies): single or bulk evaluation, varied units. */
async function decisions(base: string, key: string, bulk: boolean, concurrency: number, ms: number) {
  const r = await cannon({
    url: base,
    path: bulk ? "/ofrep/v1/evaluate/flags" : "/ofrep/v1/evaluate/flags/meeting-summary",
    key,
    connections: concurrency,
    seconds: Math.max(1, Math.round(ms / 1000)),
    body: (n) => ({ context: { targetingKey: `user-${n}`, segment: "enterprise" } }),
  });
  if (r.non2xx > 0 || r.errors > 0) throw new Error(`ofrep at ${base}: ${r.non2xx} non-2xx answers, ${r.errors} errors`);
  return { rps: r.rps, latency: r.latency, requests: r.requests };
}

async function killSwitch(server: Server, key: string, trials: number) {
  const headers = { authorization: `Bearer ${key}`, "content-type": "application/json" };
  const sse = await subscribe(`${server.url}/api/v1/stream`, key);
  const fromReturn: number[] = [];
  const fromSend: number[] = [];
  const poller: number[] = [];
  try {
    for (let i = 0; i < trials; i++) {
      // a second subscriber polls the bulk OFREP endpoint every 50 ms with its ETag
      let etag = "";
      const pollUntilPaused = (async () => {
        for (;;) {
          const res = await request(`${server.url}/ofrep/v1/evaluate/flags`, {
            method: "POST",
            headers: { ...headers, ...(etag ? { "if-none-match": etag } : {}) },
            body: JSON.stringify({ context: { targetingKey: "poller" } }),
          });
          if (res.status === 200) {
            etag = res.headers.get("etag") ?? "";
            const body = (await res.json()) as { flags: { key: string; reason?: string }[] };
            if (body.flags.find((f) => f.key === "meeting-summary")?.reason === "DISABLED") return performance.now();
          } else await res.arrayBuffer();
          await new Promise((r) => setTimeout(r, 50));
        }
      })();
      const seen = sse.next((e) => e.type === "paused" && e.feature === "meeting-summary");
      const sent = performance.now();
      const res = await request(`${server.url}/api/v1/features/meeting-summary/pause`, {
        method: "POST",
        headers,
        body: JSON.stringify({ reason: `bench trial ${i}` }),
      });
      const returned = performance.now();
      if (res.status !== 200) throw new Error(`pause ${res.status} ${await res.text()}`);
      const at = await seen;
      fromReturn.push(Math.max(0, at - returned));
      fromSend.push(at - sent);
      poller.push((await pollUntilPaused) - returned);
      const resumed = sse.next((e) => e.type === "resumed" && e.feature === "meeting-summary");
      await request(`${server.url}/api/v1/features/meeting-summary/resume`, {
        method: "POST",
        headers,
        body: JSON.stringify({ reason: "bench" }),
      });
      await resumed;
    }
  } finally {
    sse.close();
  }
  return { sse: summary(fromReturn), sseFromSend: summary(fromSend), poller: summary(poller) };
}

async function autoPause(server: Server, key: string, trial: number) {
  const headers = { authorization: `Bearer ${key}`, "content-type": "application/json" };
  const feature = `autopause-${trial}`;
  const outputs = Array.from({ length: 300 }, (_, i) => ({ type: "output", id: `ap${i}`, feature, confidence: 0.97 }));
  await request(`${server.url}/api/v1/events`, { method: "POST", headers, body: JSON.stringify({ events: outputs }) });
  const sse = await subscribe(`${server.url}/api/v1/stream`, key);
  try {
    const seen = sse.next((e) => e.type === "paused" && e.feature === feature);
    const labels = outputs.map((o) => ({ type: "label", outputId: o.id, feature, correct: false }));
    const sent = performance.now();
    await request(`${server.url}/api/v1/events`, { method: "POST", headers, body: JSON.stringify({ events: labels }) });
    return (await Promise.race([seen, new Promise<number>((r) => setTimeout(() => r(Number.NaN), 10_000))])) - sent;
  } finally {
    sse.close();
  }
}

async function metricsReads(server: Server, key: string, samples: number) {
  const now = Date.now();
  const out: Record<string, ReturnType<typeof summary>> = {};
  for (const [name, days] of [
    ["24h", 1],
    ["7d", 7],
    ["30d", 30],
  ] as const) {
    const latencies: number[] = [];
    for (let i = 0; i < samples; i++) {
      const { ms, value: res } = await timed(() =>
        request(`${server.url}/api/v1/features/portfolio-advisor/metrics?from=${now - days * 86_400_000}&to=${now}`, {
          headers: { authorization: `Bearer ${key}` },
        }),
      );
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`metrics ${res.status}`);
      latencies.push(ms);
    }
    out[name] = summary(latencies);
  }
  return out;
}

async function reads(server: Server, key: string, cookie: string, samples: number) {
  const out = await metricsReads(server, key, samples);
  const page: number[] = [];
  for (let i = 0; i < Math.ceil(samples / 2); i++) {
    const { ms, value: res } = await timed(() => request(`${server.url}/features/portfolio-advisor?range=30d`, { headers: { cookie } }));
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`page ${res.status}`);
    page.push(ms);
  }
  out.page30d = summary(page);
  // issue 16: the weekly review page (worst-20 groups of the last 7 days), rendered for a signed-in user
  const worstPage: number[] = [];
  for (let i = 0; i < Math.max(3, Math.ceil(samples / 6)); i++) {
    const { ms, value: res } = await timed(() => request(`${server.url}/review?feature=portfolio-advisor`, { headers: { cookie } }));
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`review page ${res.status}`);
    worstPage.push(ms);
  }
  out.worstPage = summary(worstPage);
  return out;
}

/**
 * Detection (issue 12): the default rules on simulated traffic through the backtest, with an
 * optimal reference in the same run — in a process of its own, on its own database.
 */
function detection(seeds: number) {
  const out = execFileSync(path.join("node_modules", ".bin", "tsx"), ["bench/detection.ts", String(seeds)], {
    env: { ...process.env, ROLLGUARD_LOG: "warn" },
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
    maxBuffer: 1 << 24,
  });
  const d = JSON.parse(out.trim().split("\n").pop()!);
  note(
    "detection",
    `false alarms / 30 d, worst stable scenario, all rules and slices (reference) (${d.seeds} seeds)`,
    `${d.falseAlarmsPer30d} (${d.referenceFalseAlarmsPer30d})`,
  );
  for (const [name, s] of Object.entries(d.scenarios) as [string, Record<string, unknown>][]) {
    if ("falseAlarmsPer30d" in s)
      note("detection", `${name}: false alarms / 30 d (reference)`, `${s.falseAlarmsPer30d} (${s.referenceFalseAlarmsPer30d})`);
    else
      note(
        "detection",
        `${name}: median delay (reference), missed`,
        `${s.medianDelayMin} min (${s.referenceMedianMin} min), ${s.missed} of ${d.seeds}`,
      );
  }
  note("detection", "worst ratio of median delay to the reference", `${d.ratioToReference}`);
  note(
    "detection",
    "judge on every output (90 % agreement), people 2/min: 10-point drop, first alert opened after it (the judge rule's own)",
    `${d.delayMinStep10JudgeLowHuman} min (${d.delayMinStep10JudgeRule} min; reference ${d.ratioToReferenceJudge}×)`,
  );
  note(
    "detection",
    "the same drop, first accuracy rule (people's verdicts only; what pauses a high-stakes feature)",
    `${d.delayMinStep10JudgePeople} min`,
  );
  note(
    "detection",
    "judge on every output, stable: false alarms / 30 d (rules in alert all along)",
    `${d.falseAlarmsPer30dJudge} (${
      Object.entries(d.judgeStableShareInAlert as Record<string, number>)
        .filter(([, v]) => v > 0.5)
        .map(([k]) => k)
        .join(", ") || "none"
    })`,
  );
  return d;
}

/**
 * Labels (issue 23): judge-corrected accuracy's coverage and bias, and the confidence-based estimate's
 * error, on simulated runs with the truth known, beside references on the same runs (bench/labels.ts).
 */
function labels() {
  const l = labelsSection(1000, 200);
  note(
    "labels",
    `95 % interval covers the truth, judge-corrected (today's mixture; people only) (${l.runs} runs)`,
    `${l.coverageJudgeCorrected} (${l.coverageMixture}; ${l.coverageHumanOnly})`,
  );
  note(
    "labels",
    "bias with a judge biased by 8 points, judge-corrected (today's mixture)",
    `${l.biasPointsJudgeCorrected} points (${l.biasPointsMixture})`,
  );
  note("labels", "interval width, judge-corrected over people only", `${l.widthRatioToHumanOnly}`);
  note(
    "labels",
    `confidence estimate under covariate shift, mean absolute error (carried-over history) (${l.estimateRuns} runs)`,
    `${l.estimateErrorPoints} points (${l.estimateErrorPointsNaive})`,
  );
  return l;
}

/** `--only labels|detection`: one section measured, the other figures of the last run kept. */
async function onlySection(name: "labels" | "detection") {
  const started = Date.now();
  console.log(`rollguard bench — ${name} only — ${os.cpus().length} cores, Node ${process.version}`);
  const figures =
    name === "labels"
      ? { labels: { ...labels(), at: new Date().toISOString() } }
      : { detection: detection(quick ? 5 : 20), detectionAt: new Date().toISOString() };
  rows.unshift(...keptRows(name));
  Object.assign(results, previousResults(), figures);
  results.machine ??= {
    cores: os.cpus().length,
    memoryGiB: round(os.totalmem() / 2 ** 30),
    node: process.version,
    cpu: os.cpus()[0]?.model,
  };
  results.at ??= new Date().toISOString();
  results.mode ??= `${name} only`;
  results.seconds ??= Math.round((Date.now() - started) / 1000);
  mkdirSync(path.join("bench", "results"), { recursive: true });
  writeFileSync(path.join("bench", "results", "latest.json"), JSON.stringify(results, null, 2) + "\n");
  writeReport(results, rows);
  console.log(`\nwrote bench/results/latest.json and BENCHMARKS.md (${name} in ${Math.round((Date.now() - started) / 1000)} s)`);
}

function previousResults() {
  try {
    return JSON.parse(readFileSync(path.join("bench", "results", "latest.json"), "utf8"));
  } catch {
    return {};
  }
}

/** The figures of the last full run stay in the table; only one section's rows are replaced. */
function keptRows(section: string): [string, string, string][] {
  return tableRows().filter(([s]) => s !== section);
}

/** One section's rows of the last table (a full run without --postgres keeps the last PostgreSQL figures). */
function sectionRows(section: string): [string, string, string][] {
  return tableRows().filter(([s]) => s === section);
}

function tableRows(): [string, string, string][] {
  try {
    // the table as written or as Prettier pads it ("| step        | figure | …")
    const text = readFileSync("BENCHMARKS.md", "utf8");
    const at = text.search(/^\|\s*step\s*\|\s*figure\s*\|\s*value\s*\|/m);
    if (at < 0) return [];
    return text
      .slice(at)
      .split("\n")
      .slice(2)
      .filter((l) => l.startsWith("| "))
      .map(
        (l) =>
          l
            .split("|")
            .slice(1, -1)
            .map((c) => c.trim()) as [string, string, string],
      );
  } catch {
    return [];
  }
}

const postgresDeps = (): PostgresDeps => ({ P, batch: BATCH, note, ingestLoad, decisions, metricsReads });

/**
 * --only postgres: the SQLite ingest baseline (one instance, a fresh database, exactly the full
 * run's first step) and the PostgreSQL section; the other figures of the last run stay.
 */
async function onlyPostgres() {
  const started = Date.now();
  console.log(`rollguard bench (${quick ? "quick" : "full"}) — PostgreSQL only — ${os.cpus().length} cores, Node ${process.version}`);
  ensureBuild();
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const live = database("live", 0);
  const server = await startServer(live.env, 3401);
  const ingest = await ingestLoad(server, live.key, P.ingestMs);
  await server.stop();
  note(
    "postgres",
    `SQLite baseline: HTTP ingest, one instance, ${P.clients} clients × ${BATCH}-event batches`,
    `${round(ingest.eventsPerSecond, 0)} events/s`,
  );
  const pg = await postgresSection(postgresDeps(), ingest.eventsPerSecond);
  rows.unshift(...keptRows("postgres"));
  Object.assign(results, previousResults(), {
    postgres: { ...pg, at: new Date().toISOString(), mode: quick ? "quick" : "full", seconds: Math.round((Date.now() - started) / 1000) },
  });
  mkdirSync(path.join("bench", "results"), { recursive: true });
  writeFileSync(path.join("bench", "results", "latest.json"), JSON.stringify(results, null, 2) + "\n");
  writeReport(results, rows);
  console.log(`\nwrote bench/results/latest.json and BENCHMARKS.md (PostgreSQL in ${Math.round((Date.now() - started) / 1000)} s)`);
}

/**
 * The decision listener's own process (the production bundle of scripts/decision-server.ts, under
 * plain node, as lib/decision/supervisor.ts starts it), without the app: what `--only ofrep`
 * measures. `nodeArgs` e.g. ["--cpu-prof", "--cpu-prof-dir=…"] to profile it.
 */
async function startListener(env: NodeJS.ProcessEnv, port: number, nodeArgs: string[] = []) {
  const bundle = path.join(dir, "listener", "decision-server.mjs");
  bundleDecisionListener(bundle);
  const child = spawn(process.execPath, [...nodeArgs, bundle], {
    env: {
      ...env,
      NODE_ENV: "production",
      ROLLGUARD_DECISION_PORT: String(port),
      HOSTNAME: "127.0.0.1",
      ROLLGUARD_PROCESS_ROLE: "listener",
    },
    stdio: ["ignore", "ignore", "inherit", "ipc"],
  });
  const url = `http://127.0.0.1:${port}`;
  for (
    let i = 0;
    !(await fetch(`${url}/api/health`).then(
      (r) => r.ok,
      () => false,
    ));
    i++
  ) {
    if (i > 300) throw new Error(`the decision listener did not answer on ${url}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const stop = async () => {
    const exited = new Promise((r) => child.once("exit", r));
    child.kill("SIGTERM");
    await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
  };
  return { url, stop, pid: child.pid! };
}

/** CPU seconds (user + system) a process has used so far, from /proc (Linux; NaN elsewhere). */
function cpuSeconds(pid: number): number {
  try {
    const f = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
    return (Number(f[11]) + Number(f[12])) / 100; // utime, stime in clock ticks (USER_HZ = 100)
  } catch {
    return Number.NaN;
  }
}

/**
 * `--only ofrep` (issue 24): the single-flag OFREP figures on the decision listener alone, on a fresh
 * database, beside the bare node:http floor in the same run — three rounds, the median of each
 * figure; latencies to 0.1 ms. `--profile` also writes the listener's CPU profile (.tmp/bench/profile).
 * The other figures of the last run stay.
 */
async function onlyOfrep() {
  const started = Date.now();
  const rounds = 3;
  console.log(
    `rollguard bench (${quick ? "quick" : "full"}) — OFREP only — ${os.cpus().length} cores, Node ${process.version}, load ${os
      .loadavg()
      .map((l) => round(l, 2))
      .join(" ")}`,
  );
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const live = database("ofrep", 0);
  const profileDir = path.join(dir, "profile");
  const listener = await startListener(
    live.env,
    3599,
    process.argv.includes("--profile") ? ["--cpu-prof", `--cpu-prof-dir=${profileDir}`] : [],
  );
  const bare = await startBareServer(3499);
  type Run = Awaited<ReturnType<typeof decisions>>;
  // CPU per request (the process's own user + system time over the requests it answered): what the
  // listener spends on a request, beside the floor's, much less moved by the other load on the machine
  const runs: { floorC32: Run; floorC1: Run; singleC32: Run; singleC1: Run; cpuUs: number; floorCpuUs: number }[] = [];
  try {
    for (let i = 0; i < rounds; i++) {
      let cpu = cpuSeconds(bare.pid);
      const floorC32 = await decisions(bare.url, live.key, true, 32, P.decisionMs);
      const floorCpuUs = ((cpuSeconds(bare.pid) - cpu) / floorC32.requests) * 1e6;
      cpu = cpuSeconds(listener.pid);
      const singleC32 = await decisions(listener.url, live.key, false, 32, P.decisionMs);
      const cpuUs = ((cpuSeconds(listener.pid) - cpu) / singleC32.requests) * 1e6;
      const floorC1 = await decisions(bare.url, live.key, true, 1, P.decisionMs);
      const singleC1 = await decisions(listener.url, live.key, false, 1, P.decisionMs);
      runs.push({ floorC32, floorC1, singleC32, singleC1, cpuUs, floorCpuUs });
      console.log(
        `  round ${i + 1}: OFREP c=32 p99 ${round(singleC32.latency.p99, 2)} ms ${round(singleC32.rps, 0)}/s ${round(cpuUs, 0)} µs CPU/req; floor c=32 p99 ${round(floorC32.latency.p99, 2)} ms ${round(floorC32.rps, 0)}/s ${round(floorCpuUs, 0)} µs CPU/req; load ${round(os.loadavg()[0], 2)}`,
      );
    }
  } finally {
    await bare.stop();
    await listener.stop();
  }
  const median = (f: (r: (typeof runs)[number]) => number) => {
    const v = runs.map(f).sort((a, b) => a - b);
    return v[Math.floor(v.length / 2)];
  };
  const m = (name: "floorC32" | "floorC1" | "singleC32" | "singleC1") => ({
    p50: median((r) => r[name].latency.p50),
    p99: median((r) => r[name].latency.p99),
    rps: median((r) => r[name].rps),
  });
  const floorC32 = m("floorC32"),
    floorC1 = m("floorC1"),
    singleC32 = m("singleC32"),
    singleC1 = m("singleC1");
  const figure = (r: { p50: number; p99: number; rps: number }) => `${round(r.p50, 2)} / ${round(r.p99, 2)} ms, ${round(r.rps, 0)}/s`;
  // as the keys are defined: the ratio of the medians (each round's own ratios are kept in onlyRun)
  const p99ToFloor = round(singleC32.p99 / floorC32.p99, 2);
  const ratioRps = round(singleC32.rps / floorC32.rps, 2);
  const measured: [string, string][] = [
    ["bare node:http floor c=1: p50 / p99, req/s", figure(floorC1)],
    ["bare node:http floor c=32: p50 / p99, req/s", figure(floorC32)],
    ["OFREP single c=1: p50 / p99, req/s", figure(singleC1)],
    ["OFREP single c=32: p50 / p99, req/s", figure(singleC32)],
    ["ratio OFREP single c=32 req/s / floor", `${ratioRps}`],
    ["p99 OFREP single c=32 / floor p99", `${p99ToFloor}`],
    [
      "CPU per request c=32, listener / floor",
      `${round(
        median((r) => r.cpuUs),
        0,
      )} / ${round(
        median((r) => r.floorCpuUs),
        0,
      )} µs`,
    ],
  ];
  const names = new Set(measured.map(([f]) => f));
  const kept = keptRows("");
  const at = kept.findIndex(([s, f]) => s === "decisions" && names.has(f));
  const others = kept.filter(([s, f]) => !(s === "decisions" && names.has(f)));
  const mine = measured.map(([f, v]) => ["decisions", f, v] as [string, string, string]);
  for (const [, f, v] of mine) console.log(`  ${"decisions".padEnd(14)} ${f.padEnd(44)} ${v}`);
  rows.push(...(at >= 0 ? [...others.slice(0, at), ...mine, ...others.slice(at)] : [...others, ...mine]));
  const previous = previousResults();
  Object.assign(results, previous, {
    ofrep: {
      ...previous.ofrep,
      p99MsC32: round(singleC32.p99, 2),
      p50MsC32: round(singleC32.p50, 2),
      p99MsC1: round(singleC1.p99, 2),
      rpsC32: round(singleC32.rps, 0),
      floorP99MsC32: round(floorC32.p99, 2),
      floorRpsC32: round(floorC32.rps, 0),
      ratioRpsToFloorC32: ratioRps,
      p99ToFloor,
      cpuUsPerRequestC32: round(
        median((r) => r.cpuUs),
        0,
      ),
      floorCpuUsPerRequestC32: round(
        median((r) => r.floorCpuUs),
        0,
      ),
      onlyRun: {
        at: new Date().toISOString(),
        mode: quick ? "quick" : "full",
        rounds,
        seconds: Math.round((Date.now() - started) / 1000),
        loadAverage: os.loadavg().map((l) => round(l, 2)),
        perRound: runs.map((r) => ({
          p99MsC32: round(r.singleC32.latency.p99, 2),
          rpsC32: round(r.singleC32.rps, 0),
          floorP99MsC32: round(r.floorC32.latency.p99, 2),
          floorRpsC32: round(r.floorC32.rps, 0),
          p99ToFloor: round(r.singleC32.latency.p99 / r.floorC32.latency.p99, 2),
          ratioRpsToFloorC32: round(r.singleC32.rps / r.floorC32.rps, 2),
          cpuUsPerRequestC32: round(r.cpuUs, 0),
          floorCpuUsPerRequestC32: round(r.floorCpuUs, 0),
        })),
      },
    },
  });
  mkdirSync(path.join("bench", "results"), { recursive: true });
  writeFileSync(path.join("bench", "results", "latest.json"), JSON.stringify(results, null, 2) + "\n");
  writeReport(results, rows);
  console.log(`\nwrote bench/results/latest.json and BENCHMARKS.md (OFREP in ${Math.round((Date.now() - started) / 1000)} s)`);
}

/** The queue's next item and the worst-20 read, in process on the same database (bench/review.ts). */
function reviewFigures(env: NodeJS.ProcessEnv, samples: number) {
  const out = execFileSync(path.join("node_modules", ".bin", "tsx"), ["bench/review.ts", String(samples)], {
    env,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  });
  return JSON.parse(out.trim().split("\n").pop()!) as { queueNext: ReturnType<typeof summary>; worst: ReturnType<typeof summary> };
}

/**
 * --only ingest: the full run's ingest step alone — on fresh databases, the JSON route against the
 * raw writer (bench/lib/raw-writer.ts) and the OTLP route against the JSON route, each measured in
 * the same round; the median of three rounds (one with --quick). Other figures of the last run stay.
 */
const WARM_UP_MS = 3_000;

async function onlyIngest() {
  const started = Date.now();
  const rounds = quick ? 1 : 3;
  console.log(
    `rollguard bench (${quick ? "quick" : "full"}) — ingest only, ${rounds} round(s) — ${os.cpus().length} cores, Node ${process.version}`,
  );
  ensureBuild();
  const json: Awaited<ReturnType<typeof ingestLoad>>[] = [];
  const otlps: Awaited<ReturnType<typeof otlpLoad>>[] = [];
  const raws: number[] = [];
  const loadAtStart = os.loadavg()[0];
  for (let r = 0; r < rounds; r++) {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    const live = database("live", 0);
    const server = await startServer(live.env, 3401);
    // a fresh server loads and compiles the route's modules on its first requests (8.5 % of a
    // profiled 24 s run): warm it up unmeasured — the raw writer's modules are loaded before it runs
    await ingestLoad(server, live.key, WARM_UP_MS, 0, "w");
    json.push(await ingestLoad(server, live.key, P.ingestMs));
    otlps.push(await otlpLoad(server, live.key, { ms: P.ingestMs, clients: P.clients, batch: BATCH }));
    await server.stop();
    const rawDb = database("raw", 0);
    raws.push(rawIngest(P.ingestMs, rawDb.features, rawDb.file));
    console.log(
      `  round ${r + 1}: JSON ${round(json[r].eventsPerSecond, 0)}, OTLP ${round(otlps[r].eventsPerSecond, 0)}, raw ${round(raws[r], 0)} events/s (ratio ${round(json[r].eventsPerSecond / raws[r], 3)}; load ${os
        .loadavg()
        .map((l) => round(l, 2))
        .join(" ")})`,
    );
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const ratios = json.map((j, i) => j.eventsPerSecond / raws[i]);
  const otlpRatios = otlps.map((o, i) => o.eventsPerSecond / json[i].eventsPerSecond);
  const mid = json.indexOf(json.find((j) => j.eventsPerSecond === median(json.map((x) => x.eventsPerSecond)))!);
  const ingest = json[mid];
  const otlpMid = otlps.indexOf(otlps.find((o) => o.eventsPerSecond === median(otlps.map((x) => x.eventsPerSecond)))!);
  const raw = median(raws);
  const ratio = round(median(ratios), 3);
  const otlpRatio = round(median(otlpRatios), 3);
  const of = rounds > 1 ? ` (median of ${rounds})` : "";
  note("ingest", `HTTP, ${P.clients} clients × ${BATCH}-event batches${of}`, `${round(ingest.eventsPerSecond, 0)} events/s`);
  note("ingest", "batch latency p50 / p99", `${round(ingest.latency.p50)} / ${round(ingest.latency.p99)} ms`);
  note(
    "ingest",
    `OTLP/protobuf, ${P.clients} clients × ${BATCH}-span batches${of}`,
    `${round(otlps[otlpMid].eventsPerSecond, 0)} events/s (${otlpRatio} of JSON)`,
  );
  note("ingest", `raw better-sqlite3 (every table ingest keeps)${of}`, `${round(raw, 0)} events/s`);
  note("ingest", `ratio ours / raw${of}`, `${ratio}`);
  const kept = tableRows();
  const at = kept.findIndex(([s]) => s === "ingest");
  const others = kept.filter(([s]) => s !== "ingest");
  // the full run's duplicates figure is not measured here: its last row stays
  const ingestRows = [...rows.splice(0), ...kept.filter(([s, f]) => s === "ingest" && f.startsWith("with 10 %"))];
  rows.push(...(at < 0 ? [...ingestRows, ...others] : [...others.slice(0, at), ...ingestRows, ...others.slice(at)]));
  const previous = previousResults();
  Object.assign(results, previous, {
    ingest: {
      ...previous.ingest,
      eventsPerSecond: round(ingest.eventsPerSecond, 0),
      rawEventsPerSecond: round(raw, 0),
      ratioToRaw: ratio,
      batchP50Ms: round(ingest.latency.p50),
      batchP99Ms: round(ingest.latency.p99),
      rounds: json.map((j, i) => ({
        eventsPerSecond: round(j.eventsPerSecond, 0),
        rawEventsPerSecond: round(raws[i], 0),
        ratioToRaw: round(ratios[i], 3),
        otlpEventsPerSecond: round(otlps[i].eventsPerSecond, 0),
      })),
      loadAverage: round(loadAtStart, 2),
      at: new Date().toISOString(),
      mode: `ingest only (${quick ? "quick" : "full"})`,
    },
    otlp: {
      ingestEventsPerSecond: round(otlps[otlpMid].eventsPerSecond, 0),
      ratioToJsonRoute: otlpRatio,
      batchP50Ms: round(otlps[otlpMid].latency.p50),
      batchP99Ms: round(otlps[otlpMid].latency.p99),
    },
  });
  mkdirSync(path.join("bench", "results"), { recursive: true });
  writeFileSync(path.join("bench", "results", "latest.json"), JSON.stringify(results, null, 2) + "\n");
  writeReport(results, rows);
  console.log(`\nwrote bench/results/latest.json and BENCHMARKS.md (ingest in ${Math.round((Date.now() - started) / 1000)} s)`);
}

/**
 * --only memory (issue 24): the full run's first server step (ingest, OTLP, OFREP on the listener
 * and through the app, both under ingest load) on a fresh database, with each process's memory
 * after every step: what `rssMbMax` is made of, in two minutes instead of the full run's twenty.
 * Prints only; the full run writes `rssMbMax`.
 */
async function onlyMemory() {
  console.log(
    `rollguard bench (${quick ? "quick" : "full"}) — memory only — ${os.cpus().length} cores, Node ${process.version}, NODE_OPTIONS=${process.env.NODE_OPTIONS ?? ""}`,
  );
  ensureBuild();
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const live = database("live", 0);
  const server = await startServer(live.env, 3401);
  const show = (step: string) => {
    const procs = processMemory(server.child.pid!);
    const part = (role: string) => procs.filter((p) => p.role === role);
    const sum = (ps: typeof procs, k: "rssMb" | "peakMb" | "anonMb" | "fileMb") => ps.reduce((s, p) => s + p[k], 0);
    const cell = (role: string) => {
      const ps = part(role);
      return `${round(sum(ps, "rssMb"), 0)} now (anon ${round(sum(ps, "anonMb"), 0)}, file ${round(sum(ps, "fileMb"), 0)}), peak ${round(sum(ps, "peakMb"), 0)}`;
    };
    note("memory", step, `app ${cell("app")} · listener ${cell("listener")} · peak sum ${round(sum(procs, "peakMb"), 0)} MB`);
  };
  try {
    await new Promise((r) => setTimeout(r, 2000));
    show("idle, fresh database");
    await ingestLoad(server, live.key, P.ingestMs);
    show("after JSON ingest");
    await otlpLoad(server, live.key, { ms: P.ingestMs, clients: P.clients, batch: BATCH });
    show("after OTLP ingest");
    await decisions(server.decisionUrl, live.key, false, 32, P.decisionMs);
    await decisions(server.decisionUrl, live.key, true, 32, P.decisionMs);
    show("after OFREP c=32 on the listener");
    await Promise.all([
      decisions(server.decisionUrl, live.key, false, 32, P.decisionMs),
      ingestLoad(server, live.key, P.decisionMs, 0, "l"),
    ]);
    show("after OFREP under ingest load");
    await decisions(server.url, live.key, false, 32, P.decisionMs);
    show("after OFREP through the app");
  } finally {
    await server.stop();
  }
}

async function main() {
  if (only === "ingest") return onlyIngest();
  if (only === "memory") return onlyMemory();
  if (only === "detection") return onlySection("detection");
  if (only === "postgres") return onlyPostgres();
  if (only === "labels") return onlySection("labels");
  if (only === "ofrep") return onlyOfrep();
  if (only) throw new Error(`--only knows six sections: detection, postgres, labels, ingest, ofrep, memory (not "${only}")`);
  const started = Date.now();
  console.log(
    `rollguard bench (${quick ? "quick" : "full"}) — ${os.cpus().length} cores, ${round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`,
  );
  ensureBuild();
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const rss: number[] = [];
  const listenerRss: number[] = [];
  const rssByOutputs: Record<string, number> = {};
  const reviewByOutputs: Record<string, ReturnType<typeof reviewFigures> & { page: ReturnType<typeof summary> }> = {};

  // 1, 3, 4, 5 on one server with a fresh database
  const live = database("live", 0, P.autoPauseTrials);
  let server = await startServer(live.env, 3401);
  const ingest = await ingestLoad(server, live.key, P.ingestMs);
  note("ingest", `HTTP, ${P.clients} clients × ${BATCH}-event batches`, `${round(ingest.eventsPerSecond, 0)} events/s`);
  note("ingest", "batch latency p50 / p99", `${round(ingest.latency.p50)} / ${round(ingest.latency.p99)} ms`);
  const dup = await ingestLoad(server, live.key, P.ingestMs, 0.1, "d");
  note("ingest", "with 10 % retried duplicates", `${round(dup.eventsPerSecond, 0)} events/s`);
  const otlp = await otlpLoad(server, live.key, { ms: P.ingestMs, clients: P.clients, batch: BATCH });
  const otlpRatio = round(otlp.eventsPerSecond / ingest.eventsPerSecond, 3);
  note(
    "ingest",
    `OTLP/protobuf, ${P.clients} clients × ${BATCH}-span batches`,
    `${round(otlp.eventsPerSecond, 0)} events/s (${otlpRatio} of JSON)`,
  );
  rss.push(server.peakRssMb());
  const rawDb = database("raw", 0);
  const raw = rawIngest(P.ingestMs, rawDb.features, rawDb.file);
  note("ingest", "raw better-sqlite3 (same rows + rollups)", `${round(raw, 0)} events/s`);
  note("ingest", "ratio ours / raw", `${round(ingest.eventsPerSecond / raw, 3)}`);

  // Decisions on the lean decision listener (what products call), against the machine's floor (a
  // bare node:http server answering a constant, same client), and through the Next.js routes.
  const figure = (r: Awaited<ReturnType<typeof decisions>>) =>
    `${round(r.latency.p50, 2)} / ${round(r.latency.p99, 2)} ms, ${round(r.rps, 0)}/s`;
  const bare = await startBareServer(3499);
  const floor: Record<string, Awaited<ReturnType<typeof decisions>>> = {};
  for (const c of [1, 32]) {
    floor[`c${c}`] = await decisions(bare.url, live.key, true, c, P.decisionMs);
    note("decisions", `bare node:http floor c=${c}: p50 / p99, req/s`, figure(floor[`c${c}`]));
  }
  await bare.stop();
  const ofrep: Record<string, Awaited<ReturnType<typeof decisions>>> = {};
  for (const [name, bulk, c] of [
    ["singleC1", false, 1],
    ["singleC32", false, 32],
    ["bulkC1", true, 1],
    ["bulkC32", true, 32],
  ] as const) {
    ofrep[name] = await decisions(server.decisionUrl, live.key, bulk, c, P.decisionMs);
    note("decisions", `OFREP ${bulk ? "bulk" : "single"} c=${c}: p50 / p99, req/s`, figure(ofrep[name]));
  }
  note("decisions", "ratio OFREP single c=32 req/s / floor", `${round(ofrep.singleC32.rps / floor.c32.rps, 2)}`);
  note("decisions", "p99 OFREP single c=32 / floor p99", `${round(ofrep.singleC32.latency.p99 / floor.c32.latency.p99, 2)}`);
  const [underLoad] = await Promise.all([
    decisions(server.decisionUrl, live.key, false, 32, P.decisionMs),
    ingestLoad(server, live.key, P.decisionMs, 0, "l"),
  ]);
  note("decisions", "OFREP single c=32 under ingest load", figure(underLoad));
  const viaApp: Record<string, Awaited<ReturnType<typeof decisions>>> = {};
  for (const c of [1, 32]) {
    viaApp[`c${c}`] = await decisions(server.url, live.key, false, c, P.decisionMs);
    note("decisions", `OFREP single c=${c} via the Next.js route`, figure(viaApp[`c${c}`]));
  }
  rss.push(server.peakRssMb());

  const pause = await killSwitch(server, live.key, P.pauseTrials);
  note(
    "kill switch",
    `pause → SSE p50 / p95 / max (${P.pauseTrials} trials)`,
    `${round(pause.sse.p50)} / ${round(pause.sse.p95)} / ${round(pause.sse.max)} ms`,
  );
  note("kill switch", "pause → bulk OFREP poller (50 ms polls) p95", `${round(pause.poller.p95)} ms`);
  const web = await webProviderKillSwitch(server.decisionUrl, server.url, live.key, P.pauseTrials);
  note(
    "kill switch",
    `pause → official web provider flips (default options, OFREP event stream) p50 / p95 / max (${P.pauseTrials} trials)`,
    `${round(web.p50)} / ${round(web.p95)} / ${round(web.max)} ms`,
  );
  const [pauseLoaded] = await Promise.all([
    killSwitch(server, live.key, Math.ceil(P.pauseTrials / 2)),
    ingestLoad(server, live.key, P.decisionMs, 0, "k"),
  ]);
  note("kill switch", "pause → SSE p95 under ingest load", `${round(pauseLoaded.sse.p95)} ms`);
  const autos: number[] = [];
  for (let i = 0; i < P.autoPauseTrials; i++) autos.push(await autoPause(server, live.key, i));
  const auto = summary(autos);
  note("auto-pause", `label batch → paused on stream, p50 / max (${autos.length})`, `${round(auto.p50)} / ${round(auto.max)} ms`);
  rss.push(server.peakRssMb());
  note(
    "memory",
    "server peak RSS during ingest, decisions, kill switch: app + listener",
    `${round(server.peakRssMb() - server.listenerPeakRssMb(), 0)} + ${round(server.listenerPeakRssMb(), 0)} MB`,
  );
  await server.stop();

  // 2: dashboard reads on generated histories
  const readFigures: Record<string, Awaited<ReturnType<typeof reads>>> = {};
  for (const n of P.reads) {
    const label = n >= 10_000_000 ? "10M" : `${n / 1_000_000}M`;
    const { ms, value: gen } = await timed(async () => database(`reads-${label}`, n));
    note("reads", `generated ${label} outputs (30 days)`, `${round(ms / 1000)} s`);
    server = await startServer(gen.env, 3402);
    const r = await reads(server, gen.key, gen.cookie, P.readSamples);
    readFigures[label] = r;
    for (const range of ["24h", "7d", "30d"])
      note("reads", `metrics API ${range}, ${label}: p50 / p95`, `${round(r[range].p50)} / ${round(r[range].p95)} ms`);
    note("reads", `feature page render 30d, ${label}: p50 / p95`, `${round(r.page30d.p50)} / ${round(r.page30d.p95)} ms`);
    note(
      "review",
      `weekly review page (worst-20 groups, 7 d), ${label}: p50 / p95`,
      `${round(r.worstPage.p50)} / ${round(r.worstPage.p95)} ms`,
    );
    rss.push(server.peakRssMb());
    const listenerMb = server.listenerPeakRssMb();
    note(
      "memory",
      `server peak RSS with ${label} outputs: app + listener`,
      `${round(server.peakRssMb() - listenerMb, 0)} + ${round(listenerMb, 0)} MB`,
    );
    listenerRss.push(listenerMb);
    rssByOutputs[label] = server.peakRssMb();
    await server.stop();
    const rv = reviewFigures(gen.env, P.readSamples);
    reviewByOutputs[label] = { ...rv, page: r.worstPage };
    note(
      "review",
      `queue next item (claim, risk order) in process, ${label}: p50 / p95`,
      `${round(rv.queueNext.p50)} / ${round(rv.queueNext.p95)} ms`,
    );
    note("review", `worst-20 read in process, ${label}: p50 / p95`, `${round(rv.worst.p50)} / ${round(rv.worst.p95)} ms`);
  }

  // issue 9: backtest of each default rule over 30 days of the demo history (in this process)
  const demoFile = path.join(dir, "demo.db");
  execFileSync(path.join("node_modules", ".bin", "tsx"), ["scripts/prepare-db.ts"], {
    env: { ...process.env, DATABASE_URL: `file:${demoFile}`, ROLLGUARD_LOG: "warn", ROLLGUARD_DEMO: "1" },
    stdio: "ignore",
  });
  process.env.DATABASE_URL = `file:${demoFile}`;
  process.env.ROLLGUARD_LOG = "warn";
  const { benchBacktest } = await import("./backtest");
  const bt = await benchBacktest("portfolio-advisor", 30, quick ? 3 : 5);
  const slowest = bt.rules.reduce((a, b) => (b.medianMs > a.medianMs ? b : a));
  note("backtest", `slowest default rule over 30 days (${slowest.metric}), median`, `${slowest.medianMs} ms`);

  const det = detection(quick ? 5 : 20);
  const lab = labels();
  const pg = postgres ? await postgresSection(postgresDeps(), ingest.eventsPerSecond) : undefined;

  const big = readFigures["10M"];
  Object.assign(results, {
    at: new Date().toISOString(),
    mode: quick ? "quick" : "full",
    seconds: Math.round((Date.now() - started) / 1000),
    machine: { cores: os.cpus().length, memoryGiB: round(os.totalmem() / 2 ** 30), node: process.version, cpu: os.cpus()[0]?.model },
    ingest: {
      eventsPerSecond: round(ingest.eventsPerSecond, 0),
      rawEventsPerSecond: round(raw, 0),
      ratioToRaw: round(ingest.eventsPerSecond / raw, 3),
      duplicatesEventsPerSecond: round(dup.eventsPerSecond, 0),
      batchP50Ms: round(ingest.latency.p50),
      batchP99Ms: round(ingest.latency.p99),
    },
    otlp: {
      ingestEventsPerSecond: round(otlp.eventsPerSecond, 0),
      ratioToJsonRoute: otlpRatio,
      batchP50Ms: round(otlp.latency.p50),
      batchP99Ms: round(otlp.latency.p99),
    },
    metrics: {
      p95Ms30d10M: big ? round(big["30d"].p95) : null,
      p95Ms30d1M: round(readFigures["1M"]["30d"].p95),
      p95Ms7d1M: round(readFigures["1M"]["7d"].p95),
      p95Ms24h1M: round(readFigures["1M"]["24h"].p95),
      pageP95Ms30d1M: round(readFigures["1M"].page30d.p95),
      pageP95Ms30d10M: big ? round(big.page30d.p95) : null,
    },
    ofrep: {
      p99MsC32: round(ofrep.singleC32.latency.p99, 2),
      p50MsC32: round(ofrep.singleC32.latency.p50, 2),
      p99MsC1: round(ofrep.singleC1.latency.p99, 2),
      rpsC32: round(ofrep.singleC32.rps, 0),
      bulkP99MsC32: round(ofrep.bulkC32.latency.p99, 2),
      p99MsC32UnderLoad: round(underLoad.latency.p99, 2),
      floorP99MsC32: round(floor.c32.latency.p99, 2),
      floorRpsC32: round(floor.c32.rps, 0),
      ratioRpsToFloorC32: round(ofrep.singleC32.rps / floor.c32.rps, 2),
      p99ToFloor: round(ofrep.singleC32.latency.p99 / floor.c32.latency.p99, 2),
      viaAppP99MsC32: round(viaApp.c32.latency.p99, 2),
      viaAppP99MsC1: round(viaApp.c1.latency.p99, 2),
    },
    pause: {
      p50Ms: round(pause.sse.p50),
      p95Ms: round(pause.sse.p95),
      maxMs: round(pause.sse.max),
      p95MsUnderLoad: round(pauseLoaded.sse.p95),
      pollerP95Ms: round(pause.poller.p95),
      webProviderP95Ms: round(web.p95),
    },
    autoPause: { ms: round(auto.max) },
    backtest: { ms30dSlowestRule: slowest.medianMs, rules: bt.rules.map((r) => ({ metric: r.metric, medianMs: r.medianMs })) },
    detection: det,
    labels: lab,
    review: {
      worstPageP95Ms: reviewByOutputs["10M"] ? round(reviewByOutputs["10M"].page.p95) : null,
      queueNextP95Ms: reviewByOutputs["10M"] ? round(reviewByOutputs["10M"].queueNext.p95) : null,
      worstPageP95Ms1M: round(reviewByOutputs["1M"].page.p95),
      queueNextP95Ms1M: round(reviewByOutputs["1M"].queueNext.p95),
      worstReadP95Ms1M: round(reviewByOutputs["1M"].worst.p95),
    },
    rssMbMax: round(Math.max(...rss), 0),
    listenerRssMbMax: round(Math.max(...listenerRss), 0),
    rssMb10M: rssByOutputs["10M"] === undefined ? null : round(rssByOutputs["10M"], 0),
    // without --postgres, the last PostgreSQL figures stay (with the date they were measured)
    ...(pg
      ? { postgres: { ...pg, at: new Date().toISOString(), mode: quick ? "quick" : "full" } }
      : { postgres: previousResults().postgres }),
  });
  if (!pg) rows.push(...sectionRows("postgres"));
  mkdirSync(path.join("bench", "results"), { recursive: true });
  writeFileSync(path.join("bench", "results", "latest.json"), JSON.stringify(results, null, 2) + "\n");
  writeReport(results, rows);
  console.log(`\nwrote bench/results/latest.json and BENCHMARKS.md (${results.seconds} s)`);
}

main().then(
  () => process.exit(0),
  async (e) => {
    console.error(e);
    await stopAll();
    process.exit(1);
  },
);
