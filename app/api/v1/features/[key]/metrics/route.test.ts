import { beforeAll, describe, expect, it } from "vitest";
import { ingestEvents } from "@/lib/use-cases/ingest";
import { givenFeature, givenKey } from "@/lib/testing/fixtures";
import { GET } from "./route";

const T0 = Date.parse("2026-11-20T10:00:00Z");
let key: string;

const get = (feature: string, query: string, k: string | null = key) =>
  GET(new Request(`http://localhost/api/v1/features/${feature}/metrics?${query}`, { headers: k ? { authorization: `Bearer ${k}` } : {} }), {
    params: Promise.resolve({ key: feature }),
  });

beforeAll(async () => {
  await givenFeature("metrics-test", "gradual");
  key = await givenKey(["read"]);
  const outputs = Array.from({ length: 10 }, (_, i) => ({
    type: "output",
    id: `m${i}`,
    feature: "metrics-test",
    confidence: 0.9,
    segment: i < 5 ? "a" : "b",
    inputType: i < 5 ? "sql" : "python",
    timestamp: T0 + i * 60_000,
    model: i < 3 ? "old-model" : "new-model",
  }));
  const labels = outputs.map((o, i) => ({ type: "label", outputId: o.id, feature: "metrics-test", correct: i >= 4 }));
  await ingestEvents(
    [...outputs, ...labels, { type: "ticket", id: "t1", feature: "metrics-test", severity: "critical", timestamp: T0 }],
    T0 + 3_600_000,
  );
});

describe("GET /api/v1/features/{key}/metrics", () => {
  it("serves the series with Wilson intervals, histogram, calibration and slices", async () => {
    const res = await get("metrics-test", `from=${new Date(T0).toISOString()}&to=${new Date(T0 + 600_000).toISOString()}&interval=minute`);
    expect(res.status).toBe(200);
    const m = await res.json();
    expect(m.points).toHaveLength(10);
    expect(m.points[0]).toMatchObject({ outputs: 1, labelled: 1, correct: 0, criticalTickets: 1 });
    expect(m.totals.accuracy).toEqual({
      value: 0.6,
      n: 10,
      lower: expect.closeTo(0.3127, 3),
      upper: expect.closeTo(0.8318, 3),
      method: "labels",
    });
    expect(m.histogram[18].outputs).toBe(10);
    expect(m.calibration[18]).toMatchObject({ labelled: 10, correct: 6, meanConfidence: expect.closeTo(0.9, 6) });
    expect(m.ece).toBeCloseTo(0.3, 6);
    expect(m.bySegment.map((s: { slice: string; accuracy: { value: number } }) => [s.slice, s.accuracy.value])).toEqual([
      ["a", 0.2],
      ["b", 1],
    ]);
    expect(m.byInputType.find((s: { slice: string }) => s.slice === "sql").accuracy.n).toBe(5);
  });

  it("filters by segment and answers an empty range with zeros, not NaN", async () => {
    const seg = await (await get("metrics-test", `from=${T0}&to=${T0 + 600_000}&segment=b`)).json();
    expect(seg.totals.outputs).toBe(5);
    const empty = await (await get("metrics-test", `from=${T0 - 7_200_000}&to=${T0 - 3_600_000}`)).json();
    expect(empty.totals.accuracy).toEqual({ value: null, n: 0, lower: 0, upper: 1, method: "labels" });
    expect(JSON.stringify(empty)).not.toContain("NaN");
  });

  it("filters by model version per hour, and gives no input-type slices rather than unfiltered ones", async () => {
    const m = await (await get("metrics-test", `from=${T0}&to=${T0 + 600_000}&model=new-model`)).json();
    expect(m).toMatchObject({ model: "new-model", interval: "hour", byInputType: null });
    // per segment from the model rollup: outputs m3, m4 in "a" (m4 right), m5–m9 in "b" (all right)
    expect(
      m.bySegment.map((s: { slice: string; outputs: number; accuracy: { value: number } }) => [s.slice, s.outputs, s.accuracy.value]),
    ).toEqual([
      ["a", 2, 0.5],
      ["b", 5, 1],
    ]);
    expect(m.totals).toMatchObject({ outputs: 7, criticalTickets: 0 });
    expect(m.totals.accuracy).toMatchObject({ value: 6 / 7, n: 7 });
    const minute = await get("metrics-test", `from=${T0}&to=${T0 + 600_000}&model=new-model&interval=minute`);
    expect(minute.status).toBe(400);
    expect(JSON.stringify((await minute.json()).error.details)).toMatch(/kept per hour/);
  });

  it("refuses bad queries, unknown features and missing keys with the error body", async () => {
    expect((await get("metrics-test", "from=tomorrow")).status).toBe(400);
    expect((await get("metrics-test", `from=${T0}&to=${T0 - 1}`)).status).toBe(400);
    const fine = await get("metrics-test", `from=${T0 - 30 * 86_400_000}&to=${T0}&interval=minute`);
    expect(fine.status).toBe(400);
    expect((await fine.json()).error.code).toBe("invalid_request");
    const missing = await get("nope", "");
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ error: { code: "not_found", message: expect.any(String) } });
    expect((await get("metrics-test", "", null)).status).toBe(401);
  });
});
