import Database from "better-sqlite3";
import { beforeAll, describe, expect, it } from "vitest";
import { GET } from "@/app/api/v1/features/[key]/metrics/route";
import { countDecision, flushDecisionCounts } from "../decision/decision-counts";
import { engine } from "../db";
import { sqliteFile } from "../env";
import { givenFeature, givenKey } from "../testing/fixtures";
import { featureByKey } from "../data/features";
import { ingestEvents } from "../use-cases/ingest";

// Adoption by segment through ingest, the decision counts' flush and the metrics API, on a real
// database file: distinct units per segment (a unit seen twice, or on two days, counts once),
// outputs, those shown, those that got a thumb, ranges and phases respected.

const DAY = 86_400_000;
const T0 = Date.parse("2026-11-20T10:00:00Z");
const F = "adoption-test";
let key: string;

const output = (id: string, unit: string, segment: string, at: number, extra: Record<string, unknown> = {}) => ({
  type: "output",
  id,
  feature: F,
  unit,
  segment,
  confidence: 0.9,
  shown: true,
  timestamp: at,
  ...extra,
});
const thumb = (outputId: string, value: "up" | "down", at: number) => ({ type: "feedback", feature: F, outputId, value, timestamp: at });

async function adoption(query: string) {
  const res = await GET(
    new Request(`http://localhost/api/v1/features/${F}/metrics?${query}`, { headers: { authorization: `Bearer ${key}` } }),
    {
      params: Promise.resolve({ key: F }),
    },
  );
  expect(res.status).toBe(200);
  const body = await res.json();
  return body.adoption as {
    fromDay: string;
    toDay: string;
    bySegment: {
      segment: string;
      units: number;
      outputs: number;
      shown: number;
      feedback: number;
      feedbackRate: number | null;
      decisions: Record<string, number>;
    }[];
  } | null;
}
const range = (from: number, to: number, more = "") => `from=${new Date(from).toISOString()}&to=${new Date(to).toISOString()}${more}`;
const seg = (a: Awaited<ReturnType<typeof adoption>>, s: string) => a!.bySegment.find((r) => r.segment === s);

beforeAll(async () => {
  await givenFeature(F, "gradual");
  key = await givenKey(["read"]);
  const result = await ingestEvents(
    [
      // day 1, phase gradual: segment a reaches u1 (twice), u2, u3; one answer not shown
      output("a1", "u1", "a", T0),
      output("a2", "u1", "a", T0 + 60_000),
      output("a3", "u2", "a", T0 + 120_000),
      output("a4", "u3", "a", T0 + 180_000, { shown: false }),
      // segment b: u4, u5
      output("b1", "u4", "b", T0),
      output("b2", "u5", "b", T0 + 60_000),
      // phase beta, segment a: u9
      output("x1", "u9", "a", T0, { phase: "beta" }),
      // day 2: u1 again (on both days) and u6
      output("a5", "u1", "a", T0 + DAY),
      output("a6", "u6", "a", T0 + DAY + 60_000),
    ],
    T0 + 2 * DAY,
  );
  expect(result).toMatchObject({ accepted: 9, duplicates: 0, rejected: [] });
  // thumbs: a1 (changed later: still one output with feedback), a3, b1; a resent output is a duplicate
  await ingestEvents([thumb("a1", "up", T0 + 600_000), thumb("a3", "down", T0 + 600_000), thumb("b1", "up", T0 + 600_000)], T0 + 2 * DAY);
  const again = await ingestEvents([thumb("a1", "down", T0 + 700_000), output("a1", "u1", "a", T0)], T0 + 2 * DAY);
  expect(again).toMatchObject({ accepted: 1, duplicates: 1 });
});

describe("adoption by segment in the metrics API", () => {
  it("counts distinct units per segment on one day: a unit seen twice counts once", async () => {
    const a = await adoption(range(T0 - 3_600_000, T0 + 3_600_000, "&phase=gradual"));
    expect(a).toMatchObject({ fromDay: "2026-11-20", toDay: "2026-11-20" });
    expect(seg(a, "a")).toMatchObject({ units: 3, outputs: 4, shown: 3, feedback: 2, feedbackRate: 2 / 3 });
    expect(seg(a, "b")).toMatchObject({ units: 2, outputs: 2, shown: 2, feedback: 1, feedbackRate: 0.5 });
    expect(a!.bySegment.map((r) => r.segment)).toEqual(["a", "b"]);
  });

  it("a range of two days unites the days' units; without a phase every phase counts", async () => {
    const twoDays = await adoption(range(T0 - 3_600_000, T0 + DAY + 3_600_000, "&phase=gradual"));
    expect(seg(twoDays, "a")).toMatchObject({ units: 4, outputs: 6, shown: 5, feedback: 2 });
    const secondDay = await adoption(range(T0 + DAY - 3_600_000, T0 + DAY + 3_600_000, "&phase=gradual"));
    expect(seg(secondDay, "a")).toMatchObject({ units: 2, outputs: 2, shown: 2, feedback: 0, feedbackRate: 0 });
    expect(seg(secondDay, "b")).toBeUndefined();
    const beta = await adoption(range(T0 - 3_600_000, T0 + DAY + 3_600_000, "&phase=beta"));
    expect(beta!.bySegment).toEqual([expect.objectContaining({ segment: "a", units: 1, outputs: 1 })]);
    const all = await adoption(range(T0 - 3_600_000, T0 + DAY + 3_600_000));
    expect(seg(all, "a")).toMatchObject({ units: 5, outputs: 7 });
    const onlyB = await adoption(range(T0 - 3_600_000, T0 + DAY + 3_600_000, "&segment=b"));
    expect(onlyB!.bySegment.map((r) => r.segment)).toEqual(["b"]);
    expect(await adoption(range(T0 - 3_600_000, T0 + 3_600_000, "&model=m1&interval=hour"))).toBeNull();
  });

  it("decisions add their targetingKey to the day's units in the batched flush, and count their reach", async () => {
    const f = (await featureByKey(F))!;
    const decision = (value: boolean, detail: string) => ({ value, metadata: { phase: "gradual", detail } }) as never;
    const at = T0 + DAY + 120_000;
    countDecision(f.id, "ai", at, { decision: decision(true, "in_audience"), segment: "b", unit: "u7" });
    countDecision(f.id, "ai", at, { decision: decision(true, "in_audience"), segment: "b", unit: "u4" }); // seen on day 1 too
    countDecision(f.id, "fallback", at, { decision: decision(false, "rate_limited"), segment: "b", unit: "u7" });
    countDecision(f.id, "fallback", at, { decision: decision(false, "outside_audience"), segment: "b", unit: "u8" }); // not reached
    await flushDecisionCounts();
    const a = await adoption(range(T0 - 3_600_000, T0 + DAY + 3_600_000, "&phase=gradual"));
    expect(seg(a, "b")).toMatchObject({ units: 3, outputs: 2, decisions: { ai: 2, fallback: 1, outside: 1 } });
  });

  it.skipIf(engine() !== "sqlite")(
    "decisions counted while the database is locked by another process are written by the next flush",
    async () => {
      const f = (await featureByKey(F))!;
      const decision = { value: true, metadata: { phase: "gradual", detail: "in_audience" } } as never;
      const at = T0 + 3 * DAY;
      const other = new Database(sqliteFile()!, { timeout: 0 });
      other.exec("BEGIN EXCLUSIVE"); // a backup tool, a stuck CLI: every write of this process fails after its busy timeout
      try {
        for (const unit of ["d1", "d2", "d3"]) countDecision(f.id, "ai", at, { decision, segment: "d", unit });
        await flushDecisionCounts();
      } finally {
        other.exec("ROLLBACK");
        other.close();
      }
      expect(seg(await adoption(range(at, at + 3_600_000, "&phase=gradual")), "d")).toBeUndefined();
      await flushDecisionCounts(); // the database is back: what the failed flush held is written now, once
      expect(seg(await adoption(range(at, at + 3_600_000, "&phase=gradual")), "d")).toMatchObject({ units: 3, decisions: { ai: 3 } });
    },
  );

  it("batches written at once merge into the same day row without losing a unit (both engines)", async () => {
    const at = T0 + 2 * DAY;
    await Promise.all(
      Array.from({ length: 6 }, (_, b) =>
        ingestEvents(
          Array.from({ length: 50 }, (_, i) => output(`c${b}-${i}`, `c-${b}-${i % 40}`, "c", at + i)),
          at + DAY,
        ),
      ),
    );
    const c = seg(await adoption(range(at, at + 3_600_000, "&phase=gradual")), "c");
    expect(c).toMatchObject({ units: 240, outputs: 300 });
  });
});
