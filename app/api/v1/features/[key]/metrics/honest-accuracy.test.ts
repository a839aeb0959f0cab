import { beforeAll, describe, expect, it } from "vitest";
import { wilsonInterval } from "@/lib/domain/stats";
import { sampledForReview } from "@/lib/domain/targeting";
import { givenFeature, givenKey, jsonRequest } from "@/lib/testing/fixtures";
import { POST } from "../../../events/route";
import { GET } from "./route";

// Issue 23 end to end, through the ingest and metrics APIs on this run's database (SQLite, or
// PostgreSQL with TEST_DATABASE_URL): outputs truly ~80 % correct, a lenient LLM judge grading
// every output (it passes half the wrong ones), people labelling the 5 % random sample the
// early-access phase picks at ingest, three hours late. The old mixture says ~90 % with a tight
// interval; the judge-corrected figure's interval covers the truth.

const T0 = Date.parse("2026-11-02T00:00:00Z");
const H = 3_600_000;
const N = 3000;
const KEY = "honest-accuracy";
let readKey: string;
let ingestKey: string;
let truth = 0;
let sampledTruth = 0;

/** A small deterministic generator (mulberry32): the same outputs at every run. */
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function send(events: object[]) {
  for (let i = 0; i < events.length; i += 1000) {
    const res = await POST(jsonRequest("http://localhost/api/v1/events", { events: events.slice(i, i + 1000) }, ingestKey), {});
    expect(res.status).toBe(200);
  }
}

const metrics = async (feature: string, from: number, to: number, extra = "") => {
  const res = await GET(
    new Request(
      `http://localhost/api/v1/features/${feature}/metrics?from=${new Date(from).toISOString()}&to=${new Date(to).toISOString()}${extra}`,
      {
        headers: { authorization: `Bearer ${readKey}` },
      },
    ),
    { params: Promise.resolve({ key: feature }) },
  );
  expect(res.status).toBe(200);
  return res.json();
};

beforeAll(async () => {
  await givenFeature(KEY, "early-access"); // reviews a 5 % random sample
  await givenFeature(`${KEY}-nosample`, "full"); // reviews nothing
  readKey = await givenKey(["read"]);
  ingestKey = await givenKey(["ingest"]);
  const rand = random(23);
  const outputs: object[] = [];
  const judge: object[] = [];
  const people: object[] = [];
  let sampled = 0;
  for (let i = 0; i < N; i++) {
    const id = `o${i}`;
    const at = T0 + Math.floor((i * 48 * H) / N);
    const correct = rand() < 0.8;
    const confidence = correct ? 0.8 + 0.19 * rand() : 0.45 + 0.4 * rand();
    if (correct) truth++;
    outputs.push({ type: "output", feature: KEY, id, confidence, timestamp: at });
    // lenient: every right answer passes, and half the wrong ones
    judge.push({
      type: "label",
      feature: KEY,
      outputId: id,
      source: "heuristic",
      correct: correct || rand() < 0.5,
      timestamp: at + 60_000,
    });
    if (sampledForReview(KEY, id, 0.05)) {
      sampled++;
      if (correct) sampledTruth++;
      people.push({ type: "label", feature: KEY, outputId: id, source: "human", correct, reviewer: "ana", timestamp: at + 3 * H });
    }
  }
  expect(sampled).toBeGreaterThan(100);
  await send([...outputs, ...judge, ...people]);
  // the same traffic on a feature with no random sample: a targeted review only
  await send([
    ...outputs.slice(0, 300).map((o) => ({ ...o, feature: `${KEY}-nosample` })),
    ...judge.slice(0, 300).map((l) => ({ ...l, feature: `${KEY}-nosample` })),
    { type: "label", feature: `${KEY}-nosample`, outputId: "o1", source: "human", correct: false },
  ]);
}, 120_000);

describe("honest accuracy through the ingest and metrics APIs", () => {
  it("corrects a lenient judge with the random sample: the interval covers the truth, the old mixture's does not", async () => {
    const m = await metrics(KEY, T0, T0 + 48 * H, "&interval=hour");
    const trueRate = truth / N;
    const a = m.totals.accuracy;
    expect(a.method).toBe("judge_corrected");
    expect(a.correctionWindow).toBeUndefined();
    expect(a.pairs).toBeGreaterThan(100);
    expect(a.lower).toBeLessThanOrEqual(trueRate);
    expect(a.upper).toBeGreaterThanOrEqual(trueRate);
    expect(a.upper - a.lower).toBeLessThan(0.12);
    // the judge's bias, measured on the sample: about +10 points
    expect(a.judgeBias).toBeGreaterThan(0.05);
    // what Rollguard used to say: the effective verdicts, people on 5 % and the judge elsewhere
    const mixed = m.totals.correct / m.totals.labelled;
    expect(mixed).toBeGreaterThan(0.86);
    expect(wilsonInterval(m.totals.correct, m.totals.labelled)[0]).toBeGreaterThan(trueRate);
    const s = m.totals.accuracyBySource;
    expect(s.groundTruth).toBeNull();
    expect(s.human.n).toBe(a.pairs);
    expect(s.human.value).toBeCloseTo(sampledTruth / a.pairs, 6);
    expect(s.judge.n).toBe(N);
    expect(s.judge.lower).toBeGreaterThan(trueRate); // the judge alone: confidently wrong
    // every point says how it was made; an hour's few pairs are corrected by the range's
    expect(m.points).toHaveLength(48);
    expect(new Set(m.points.map((p: { accuracy: { method: string } }) => p.accuracy.method))).toEqual(new Set(["judge_corrected"]));
    expect(m.points[10].accuracy.correctionWindow).toMatchObject({ from: new Date(T0).toISOString(), pairs: a.pairs });
  });

  it("estimates accuracy from confidence through the calibration map learned from the random labels", async () => {
    const m = await metrics(KEY, T0, T0 + 48 * H, "&interval=hour");
    const e = m.totals.estimatedAccuracy;
    expect(e.n).toBe(N);
    expect(e.labels).toBe(m.totals.accuracy.pairs);
    expect(Math.abs(e.value - truth / N)).toBeLessThan(0.04);
    expect(e.lower).toBeLessThan(e.value);
    expect(m.points[0].estimatedAccuracy.value).toEqual(expect.any(Number));
  });

  it("corrects a short range with the pairs of the trailing 7 days, and says so", async () => {
    const m = await metrics(KEY, T0 + 46 * H, T0 + 48 * H);
    const a = m.totals.accuracy;
    expect(a.method).toBe("judge_corrected");
    expect(a.correctionWindow).toEqual({
      from: new Date(T0 + 48 * H - 7 * 24 * H).toISOString(),
      to: new Date(T0 + 48 * H).toISOString(),
      pairs: expect.any(Number),
    });
    expect(a.correctionWindow.pairs).toBeGreaterThanOrEqual(20);
    expect(a.n).toBe(m.totals.accuracyBySource.judge.n);
  });

  it("says loudly when no random sample can correct the judge: judge_uncorrected, no interval", async () => {
    const m = await metrics(`${KEY}-nosample`, T0, T0 + 48 * H);
    expect(m.totals.accuracy).toMatchObject({ method: "judge_uncorrected", lower: 0, upper: 1, pairs: 0 });
    expect(m.totals.accuracy.value).toBeCloseTo(m.totals.correct / m.totals.labelled, 9);
    expect(m.totals.estimatedAccuracy).toMatchObject({ value: null, labels: 0, reason: expect.stringContaining("random-sample labels") });
  });
});
