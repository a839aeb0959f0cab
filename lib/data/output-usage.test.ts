import { describe, expect, it } from "vitest";
import { db, Prisma } from "../db";
import { givenFeature } from "../testing/fixtures";
import { evaluateFeature } from "../use-cases/evaluate-alerts";
import { ingestEvents } from "../use-cases/ingest";
import { featureMetrics } from "../read/metrics";
import { rebuildModelBuckets } from "../store/postgres/model-rollup";
import { readRows } from "../store/raw-sql";

// Outputs with token usage and duration, and outputs without a confidence (issue 27), on a real
// database: what is stored per output, and that an output without a confidence counts everywhere
// but in the confidence figures.

const T0 = Date.parse("2026-11-20T10:00:00Z");
const MIN = 60_000;
const HOUR = 60 * MIN;

const output = (feature: string, id: string, extra: object) => ({ type: "output", feature, id, timestamp: T0, segment: "smb", model: "m1", ...extra });

async function modelRows(featureId: string) {
  const rows = await readRows<Record<string, unknown>>(
    Prisma.sql`SELECT * FROM "ModelBucket" WHERE "featureId" = ${featureId} ORDER BY "model", "hour", "phase", "segment"`,
  );
  // rounded: PostgreSQL sums floating point columns in another order than ingest adds them
  return rows.map((r) =>
    Object.fromEntries(
      Object.entries(r).map(([k, v]) => [k, typeof v === "number" || typeof v === "bigint" ? Math.round(Number(v) * 1e6) / 1e6 : v]),
    ),
  );
}

describe("output usage and optional confidence", () => {
  it("keeps tokens and duration per output when sent, null when not", async () => {
    const f = await givenFeature("usage-stored", "gradual");
    const r = await ingestEvents(
      [
        output("usage-stored", "a", { confidence: 0.9, inputTokens: 1200, outputTokens: 340, durationMs: 850 }),
        output("usage-stored", "b", { confidence: 0.7 }),
        output("usage-stored", "c", { inputTokens: 0, durationMs: 12 }),
      ],
      T0 + HOUR,
    );
    expect(r).toEqual({ accepted: 3, duplicates: 0, rejected: [] });
    const rows = await db.output.findMany({
      where: { featureId: f.id },
      orderBy: { clientId: "asc" },
      select: { clientId: true, confidence: true, inputTokens: true, outputTokens: true, durationMs: true },
    });
    expect(rows).toEqual([
      { clientId: "a", confidence: 0.9, inputTokens: 1200, outputTokens: 340, durationMs: 850 },
      { clientId: "b", confidence: 0.7, inputTokens: null, outputTokens: null, durationMs: null },
      { clientId: "c", confidence: null, inputTokens: 0, outputTokens: null, durationMs: 12 },
    ]);
  });

  it("refuses counts that are not whole, not negative numbers", async () => {
    await givenFeature("usage-bad", "gradual");
    const r = await ingestEvents(
      [
        output("usage-bad", "a", { confidence: 0.9, inputTokens: -1 }),
        output("usage-bad", "b", { confidence: 0.9, outputTokens: 1.5 }),
        output("usage-bad", "c", { confidence: 0.9, durationMs: "850" }),
        output("usage-bad", "d", { confidence: 0.9, durationMs: 850 }),
      ],
      T0 + HOUR,
    );
    expect(r.accepted).toBe(1);
    expect(r.rejected.map((x) => [x.index, x.message])).toEqual([
      [0, expect.stringContaining("inputTokens: must not be negative")],
      [1, expect.stringContaining("outputTokens: must be a whole number of tokens")],
      [2, expect.stringContaining("durationMs: must be a number of milliseconds")],
    ]);
  });

  it("an output without a confidence counts in outputs, accuracy and thumbs, not in the confidence figures", async () => {
    const f = await givenFeature("no-confidence", "gradual");
    await ingestEvents(
      [
        output("no-confidence", "a", { confidence: 0.9, durationMs: 400, inputTokens: 10, outputTokens: 5 }),
        output("no-confidence", "b", { confidence: 0.5, durationMs: 90_000 }),
        output("no-confidence", "c", { durationMs: 200_000, outputTokens: 7 }),
        output("no-confidence", "d", {}),
        { type: "label", feature: "no-confidence", outputId: "a", correct: true, timestamp: T0 + MIN },
        { type: "label", feature: "no-confidence", outputId: "c", correct: false, timestamp: T0 + MIN },
        { type: "feedback", feature: "no-confidence", outputId: "d", value: "down", timestamp: T0 + MIN },
      ],
      T0 + HOUR,
    );
    const m = await featureMetrics(f.id, { from: T0, to: T0 + HOUR, interval: "hour" });
    expect(m.totals).toMatchObject({ outputs: 4, labelled: 2, correct: 1, thumbsDown: 1, noConfidence: 2, labelledNoConfidence: 1 });
    expect(m.totals.meanConfidence).toBeCloseTo(0.7, 9); // (0.9 + 0.5) / 2, not / 4
    expect(m.totals.meanLabelledConfidence).toBeCloseTo(0.9, 9); // of the labelled output with one
    expect(m.histogram.reduce((s, b) => s + b.outputs, 0)).toBe(2);
    expect(m.calibration.reduce((s, b) => s + b.labelled, 0)).toBe(1);
    expect(m.points[0].meanConfidence).toBeCloseTo(0.7, 9);

    // the model rollup rebuilt from the raw rows (the migration's backfill) agrees with ingest
    const kept = await modelRows(f.id);
    await rebuildModelBuckets(f.id);
    expect(await modelRows(f.id)).toEqual(kept);
    expect(kept[0]).toMatchObject({ outputs: 4, noConfidence: 2, labelledNoConfidence: 1, timed: 3, metered: 2, inputTokenSum: 10, outputTokenSum: 12 });
  });

  it("latency and token sums per minute add up to the hour's and the model's, over any range", async () => {
    const f = await givenFeature("latency-sums", "gradual");
    const events = Array.from({ length: 30 }, (_, i) =>
      output("latency-sums", `o${i}`, {
        timestamp: T0 + (i % 3) * 20 * MIN + i * 1000,
        model: i % 2 ? "m1" : "m2",
        segment: i % 5 ? "smb" : "enterprise",
        confidence: 0.8,
        durationMs: 100 * (i + 1),
        inputTokens: 1000 + i,
        outputTokens: 10 * i,
      }),
    );
    expect((await ingestEvents(events, T0 + 2 * HOUR)).accepted).toBe(30);
    const total = async (table: string) =>
      (
        await readRows<Record<string, unknown>>(
          Prisma.sql`SELECT SUM("timed") AS timed, SUM("durationSum") AS dur, SUM("metered") AS metered, SUM("inputTokenSum") AS inp, SUM("outputTokenSum") AS outp, SUM("d00" + "d01" + "d02" + "d03" + "d04" + "d05" + "d06" + "d07" + "d08" + "d09" + "d10" + "d11" + "d12" + "d13" + "d14" + "d15" + "d16" + "d17" + "d18" + "d19" + "d20" + "d21" + "d22" + "d23") AS binned FROM ${Prisma.raw(`"${table}"`)} WHERE "featureId" = ${f.id}`,
        )
      ).map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, Number(v)])))[0];
    const expected = { timed: 30, dur: 100 * ((30 * 31) / 2), metered: 30, inp: 30 * 1000 + 435, outp: 4350, binned: 30 };
    expect(await total("MetricBucket")).toEqual(expected);
    expect(await total("HourBucket")).toEqual(expected);
    expect(await total("ModelBucket")).toEqual(expected);
    const kept = await modelRows(f.id);
    await rebuildModelBuckets(f.id);
    expect(await modelRows(f.id)).toEqual(kept);

    // the metrics: p50/p95 of the durations (100 … 3000 ms), tokens, cost per output by model price
    const prices = { currency: "USD", models: { m1: { input: 2.5, output: 10 } } };
    const m = await featureMetrics(f.id, { from: T0, to: T0 + HOUR, interval: "minute" }, prices);
    expect(m.latency).toMatchObject({ n: 30, meanMs: 1550, p95Above: false });
    // exact p50 1550 ms, p95 2855 ms: the log buckets give them within a factor √2
    expect(m.latency.p50Ms! / 1550).toBeGreaterThan(0.707);
    expect(m.latency.p50Ms! / 1550).toBeLessThan(1.415);
    expect(m.latency.p95Ms! / 2855).toBeGreaterThan(0.707);
    expect(m.latency.p95Ms! / 2855).toBeLessThan(1.415);
    expect(m.tokens).toEqual({ input: 30_435, output: 4350, n: 30 });
    // m1: the 15 odd outputs, 15 000 + 225 input and 10 × 225 output tokens
    const m1Cost = (15_225 * 2.5 + 2250 * 10) / 1e6;
    expect(m.cost).toMatchObject({ currency: "USD", n: 15, unpricedModels: ["m2"] });
    expect(m.cost.total).toBeCloseTo(m1Cost, 12);
    expect(m.cost.perOutput).toBeCloseTo(m1Cost / 15, 12);
    // per point: the minutes with outputs carry their own p50/p95
    const withLatency = m.points.filter((p) => p.latency.n > 0);
    expect(withLatency.reduce((s, p) => s + p.latency.n, 0)).toBe(30);
    expect(withLatency.every((p) => p.latency.p50Ms! <= p.latency.p95Ms!)).toBe(true);
    // one segment's figures
    const ent = await featureMetrics(f.id, { from: T0, to: T0 + HOUR, interval: "hour", segment: "enterprise" }, prices);
    expect(ent.latency.n).toBe(6);
    expect(ent.tokens.n).toBe(6);
  });
});

describe("cost series", () => {
  it("cost per priced output per hour, overall and per model, in the metrics of any interval; a segment's own", async () => {
    const f = await givenFeature("cost-series", "gradual");
    // hour 0: the old version only; hour 2: half old, half a new version that costs three times as much
    const events = [
      ...Array.from({ length: 10 }, (_, i) => output("cost-series", `a${i}`, { timestamp: T0 + i * MIN, model: "v1", inputTokens: 400, outputTokens: 100 })),
      ...Array.from({ length: 20 }, (_, i) =>
        output("cost-series", `b${i}`, {
          timestamp: T0 + 2 * HOUR + i * MIN,
          model: i % 2 ? "v2" : "v1",
          segment: i < 10 ? "smb" : "enterprise",
          inputTokens: 400,
          outputTokens: 100,
        }),
      ),
    ];
    expect((await ingestEvents(events, T0 + 3 * HOUR)).accepted).toBe(30);
    const prices = { currency: "USD", models: { v1: { input: 1, output: 4 }, v2: { input: 3, output: 12 } } };
    const m = await featureMetrics(f.id, { from: T0, to: T0 + 3 * HOUR, interval: "minute" }, prices);
    const s = m.costSeries;
    expect(s).toMatchObject({ interval: "hour", currency: "USD", models: ["v1", "v2"], unpricedModels: [] });
    const round = (x: number | null) => (x === null ? null : Number(x.toFixed(6)));
    expect(s.points.map((p) => [p.t, round(p.perOutput), p.n, p.models.map((x) => [x.model, round(x.perOutput), x.n])])).toEqual([
      ["2026-11-20T10:00:00.000Z", 0.0008, 10, [["v1", 0.0008, 10]]],
      ["2026-11-20T11:00:00.000Z", null, 0, []],
      [
        "2026-11-20T12:00:00.000Z",
        0.0016,
        20,
        [
          ["v1", 0.0008, 10],
          ["v2", 0.0024, 10],
        ],
      ],
    ]);
    // the series adds up to the range's cost figure
    expect(m.cost.perOutput).toBeCloseTo((10 * 0.0008 + 20 * 0.0016) / 30, 12);
    // per day; and one segment's (enterprise: outputs b10..b19, half of them v2)
    const day = await featureMetrics(f.id, { from: T0, to: T0 + 3 * HOUR, interval: "day" }, prices);
    expect(day.costSeries.points.map((p) => [round(p.perOutput), p.n])).toEqual([[Number(((10 * 0.0008 + 20 * 0.0016) / 30).toFixed(6)), 30]]);
    const ent = await featureMetrics(f.id, { from: T0, to: T0 + 3 * HOUR, interval: "hour", segment: "enterprise" }, prices);
    expect(ent.costSeries.points.map((p) => [round(p.perOutput), p.n])).toEqual([
      [null, 0],
      [null, 0],
      [0.0016, 10],
    ]);
    // without prices: no figures, the models named as unpriced
    const none = await featureMetrics(f.id, { from: T0, to: T0 + 3 * HOUR, interval: "hour" }, null);
    expect(none.costSeries).toMatchObject({ currency: null, models: [], unpricedModels: ["v1", "v2"] });
  });
});

describe("latency_ceiling rule", () => {
  it("opens an alert when the window's p95 is surely above the ceiling, not when it is below", async () => {
    const f = await givenFeature("latency-rule", "gradual");
    await db.alertRule.deleteMany({ where: { featureId: f.id } });
    await db.alertRule.create({
      data: {
        featureId: f.id,
        kind: "window",
        name: "p95 above 3 s",
        metric: "latency_ceiling",
        params: JSON.stringify({ ms: 3000 }),
        windowMinutes: 30,
        minSamples: 20,
        action: "notify",
      },
    });
    const now = T0 + 29 * MIN; // the window: [T0, T0 + 30 min)
    // 40 quick answers (800 ms), then 40 of which a quarter take 9 s
    const quick = Array.from({ length: 40 }, (_, i) => output("latency-rule", `q${i}`, { timestamp: T0 + i * 10_000, durationMs: 800 }));
    await ingestEvents(quick, now);
    expect((await evaluateFeature(f.id, now)).map((o) => [o.status, o.transition])).toEqual([["ok", null]]);
    const slow = Array.from({ length: 40 }, (_, i) =>
      output("latency-rule", `s${i}`, { timestamp: T0 + 10 * MIN + i * 10_000, durationMs: i % 4 === 0 ? 9000 : 800 }),
    );
    await ingestEvents(slow, now);
    expect((await evaluateFeature(f.id, now)).map((o) => [o.status, o.transition])).toEqual([["breach", "opened"]]);
    const alert = await db.alert.findFirst({ where: { featureId: f.id } });
    // the true p95 is 9 s (10 of 80 took 9 s); its bucket (7.2 s, 10.2 s] gives 7.88 s
    expect(alert?.message).toBe("p95 latency 7.88 s (n = 80) vs ceiling 3.00 s; 12.5 % surely slower");
  });
});
