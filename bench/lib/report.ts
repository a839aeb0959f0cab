/* eslint-disable @typescript-eslint/no-explicit-any -- `results` is the run's raw JSON (bench/results/latest.json), read by path */
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import path from "node:path";

// BENCHMARKS.md: the figures of the last run, the machine they came from, and the targets.

const TARGETS: [string, string, (r: any) => number | null, (v: number, r: any) => boolean][] = [
  ["ingest, events/s (2 cores, SQLite)", "≥ 50 000", (r) => r.ingest.eventsPerSecond, (v) => v >= 50_000],
  [
    "ingest, share of the raw better-sqlite3 path (it keeps every table ingest keeps; issue 24)",
    "≥ 50 %",
    (r) => r.ingest.ratioToRaw,
    (v) => v >= 0.5,
  ],
  ["OTLP ingest (protobuf, 500-span batches), share of the JSON route", "≥ 70 %", (r) => r.otlp?.ratioToJsonRoute ?? null, (v) => v >= 0.7],
  ["metrics API, 30-day range, 10 M outputs, p95", "≤ 50 ms", (r) => r.metrics.p95Ms30d10M, (v) => v <= 50],
  ["OFREP single evaluation, c=32, p99 (decision listener)", "≤ 5 ms", (r) => r.ofrep.p99MsC32, (v) => v <= 5],
  [
    "OFREP single evaluation, c=32, p99 over the bare node:http floor's (issue 24)",
    "≤ 1.5",
    (r) => r.ofrep.p99ToFloor ?? null,
    (v) => v <= 1.5,
  ],
  ["OFREP single evaluation, c=32, req/s over the floor's (issue 24)", "≥ 0.6", (r) => r.ofrep.ratioRpsToFloorC32 ?? null, (v) => v >= 0.6],
  ["OFREP single evaluation, c=32, p99 under ingest load", "≤ 5 ms", (r) => r.ofrep.p99MsC32UnderLoad, (v) => v <= 5],
  ["pause → SSE subscriber, p95", "≤ 250 ms", (r) => r.pause.p95Ms, (v) => v <= 250],
  ["pause → SSE subscriber under ingest load, p95", "≤ 250 ms", (r) => r.pause.p95MsUnderLoad, (v) => v <= 250],
  [
    "pause → official OFREP web provider (default options) flips, p95",
    "≤ 500 ms",
    (r) => r.pause.webProviderP95Ms ?? null,
    (v) => v <= 500,
  ],
  ["breach → automatic pause", "≤ 2 000 ms", (r) => r.autoPause.ms, (v) => v <= 2000],
  ["server peak RSS with 10 M outputs (app + decision listener)", "≤ 500 MB", (r) => r.rssMb10M ?? null, (v) => v <= 500],
  ["weekly review page (worst-20 groups, 7 d) at 10 M outputs, p95", "≤ 300 ms", (r) => r.review?.worstPageP95Ms ?? null, (v) => v <= 300],
  ["review queue: next item at 10 M outputs, p95", "≤ 50 ms", (r) => r.review?.queueNextP95Ms ?? null, (v) => v <= 50],
  [
    "PostgreSQL: ingest with 2 instances on one database, events/s",
    "≥ the single SQLite instance of the same run",
    (r) => r.postgres?.ingestEventsPerSecond ?? null,
    (v, r) => v >= r.postgres.sqliteIngestEventsPerSecond,
  ],
  ["PostgreSQL: metrics API, 30-day range, 10 M outputs, p95", "≤ 100 ms", (r) => r.postgres?.metricsP95Ms30d10M ?? null, (v) => v <= 100],
  [
    "PostgreSQL: pause on instance A → instance B's SSE subscriber, p95",
    "≤ 250 ms",
    (r) => r.postgres?.pauseCrossInstanceP95Ms ?? null,
    (v) => v <= 250,
  ],
  [
    "PostgreSQL: OFREP single evaluation, c=32, p99 (one decision listener)",
    "≤ 5 ms",
    (r) => r.postgres?.ofrepP99MsC32 ?? null,
    (v) => v <= 5,
  ],
  ["backtest, 30 days of minute buckets, slowest default rule", "< 2 000 ms", (r) => r.backtest?.ms30dSlowestRule ?? null, (v) => v < 2000],
  [
    "detection: false alarms / 30 d, worst stable scenario, all default rules and slices",
    "≤ 1",
    (r) => r.detection?.falseAlarmsPer30d ?? null,
    (v) => v <= 1,
  ],
  ["detection: 10-point step at 1 label/s, median delay (min)", "≤ 10", (r) => r.detection?.delayMinStep10 ?? null, (v) => v <= 10],
  ["detection: 4-point step at 1 label/s, median delay (min)", "≤ 30", (r) => r.detection?.delayMinStep4 ?? null, (v) => v <= 30],
  ["detection: 10 % segment collapses to 50 %, median delay (min)", "≤ 20", (r) => r.detection?.delayMinSegment ?? null, (v) => v <= 20],
  [
    "detection: median delay over the optimal reference's, worst scenario",
    "≤ 1.5",
    (r) => r.detection?.ratioToReference ?? null,
    (v) => v <= 1.5,
  ],
  [
    "detection: 10-point step, judge on every output at 1/s (90 % agreement), people 2/min, first new alert (min)",
    "≤ 15",
    (r) => r.detection?.delayMinStep10JudgeLowHuman ?? null,
    (v) => v <= 15,
  ],
  [
    "detection: false alarms / 30 d, stable, same judge, all default rules and slices",
    "≤ 1",
    (r) => r.detection?.falseAlarmsPer30dJudge ?? null,
    (v) => v <= 1,
  ],
  [
    "labels: judge-corrected 95 % interval covers the truth (judge ±8 points, 2–5 % people), share of 1 000 runs",
    "0.93–0.97",
    (r) => r.labels?.coverageJudgeCorrected ?? null,
    (v) => v >= 0.93 && v <= 0.97,
  ],
  [
    "labels: judge-corrected bias with a judge biased by 8 points (points)",
    "≤ 1",
    (r) => r.labels?.biasPointsJudgeCorrected ?? null,
    (v) => v <= 1,
  ],
  [
    "labels: confidence-based estimate under covariate shift, mean absolute error (points)",
    "≤ 3",
    (r) => r.labels?.estimateErrorPoints ?? null,
    (v) => v <= 3,
  ],
];

export function writeReport(results: any, rows: [string, string, string][]) {
  const m = results.machine;
  const lines = [
    "# Benchmarks",
    "",
    "Written by `npm run bench` (full) or `npm run bench -- --quick`; the raw figures are in",
    "`bench/results/latest.json`. Absolute numbers drift on shared machines: compare ratios, and",
    "rerun before drawing conclusions. Profiles behind the misses and before/after figures:",
    "`bench/NOTES.md`.",
    "",
    `Last run: ${results.at} (${results.mode}, ${results.seconds} s) on ${m.cores} cores (${m.cpu ?? "unknown CPU"}), ${m.memoryGiB} GiB, Node ${m.node}.`,
    "",
    "## Targets",
    "",
    "| figure | target | measured | |",
    "|---|---|---|---|",
    ...TARGETS.map(([name, target, get, ok]) => {
      const v = get(results);
      return `| ${name} | ${target} | ${v === null || v === undefined ? "not measured in this mode" : v} | ${v === null || v === undefined ? "" : ok(v, results) ? "met" : "**missed**"} |`;
    }),
    "",
    `Peak RSS over every step (\`rssMbMax\`, app + listener): ${results.rssMbMax} MB${results.rssMb10M !== null && results.rssMbMax <= results.rssMb10M ? " — in the 10 M-output step" : " — the ingest and decision step, with an empty history"}.`,
    "",
    ...(results.postgres
      ? [
          `PostgreSQL (issue 14, \`npm run bench -- --postgres\` or \`-- --only postgres\`, ${results.postgres.mode}, run at ${results.postgres.at}): two instances on one database of a private cluster; the SQLite ingest baseline (${results.postgres.sqliteIngestEventsPerSecond} events/s, one instance, fresh database) was measured in the same run; the metrics read on ${results.postgres.metricsOutputs?.toLocaleString("en-US")} generated outputs.`,
          "",
        ]
      : []),
    ...(results.detection
      ? [
          `Detection (issue 12, ${results.detection.seeds} seeds a scenario${results.detectionAt ? `, run alone at ${results.detectionAt}` : ""}): per-minute counts written through the ingest path's rollup code (not per-event HTTP: 30 days × 1 label/s × 20 seeds is ~50 M labels a scenario), every default rule replayed by the backtest; the reference is Page's CUSUM designed for the true rates on the slice that changes, with its threshold for the whole feature's budget (1 false alarm / 30 d), started at the change. Drift 90 → 80 % over 3 days: median ${results.detection.delayMinDrift} min (reference ${results.detection.reference?.["drift 90 → 80 % over 3 days"]} min). False alarms on the same stable traffic: the default rules ${results.detection.falseAlarmsPer30d} per 30 d, the reference (one CUSUM for a 10-point drop at the whole budget) ${results.detection.referenceFalseAlarmsPer30d ?? "not measured"} per 30 d (\`detection.referenceFalseAlarmsPer30d\`).`,
          "",
        ]
      : []),
    "## Every figure of the run",
    "",
    "| step | figure | value |",
    "|---|---|---|",
    ...rows.map(([a, b, c]) => `| ${a} | ${b} | ${c} |`),
    "",
  ];
  writeFileSync("BENCHMARKS.md", lines.join("\n"));
  // formatted as the repository's other Markdown (npm run lint checks it)
  execFileSync(path.join("node_modules", ".bin", "prettier"), ["--write", "--log-level=warn", "BENCHMARKS.md"], { stdio: "inherit" });
}
