import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../db";
import { weekStart } from "../domain/review-range";
import { givenFeature } from "../testing/fixtures";
import { evaluateFeature } from "../use-cases/evaluate-alerts";
import { ingestEvents } from "../use-cases/ingest";
import { accuracyBySource, judgeDisagreements, weeklyAgreement } from "./judge-agreement";
import { recordVerdict, undoLastVerdict } from "../data/review-queue";

// Judge agreement from the rollups ingest keeps: a week where the judge agrees with the humans,
// a day where it does not; the drop opens an alert of the judge-agreement rule kind.

const H = 3_600_000;
const NOW = Date.parse("2026-11-26T12:00:00Z"); // a Thursday
let feature: { id: string; key: string };

beforeAll(async () => {
  feature = await givenFeature("judge-test", "gradual");
  const events: unknown[] = [];
  // 8 days ago to 2 days ago: 300 outputs, the judge agrees on 285 (95 %)
  for (let i = 0; i < 300; i++) {
    const at = NOW - 8 * 24 * H + i * 1_600_000;
    const correct = i % 10 !== 0;
    events.push({ type: "output", feature: "judge-test", id: `b${i}`, confidence: 0.9, timestamp: at, input: `q${i}`, output: `a${i}` });
    events.push({
      type: "label",
      feature: "judge-test",
      outputId: `b${i}`,
      correct,
      source: "human",
      reviewer: "ana",
      timestamp: at + 60_000,
    });
    events.push({
      type: "label",
      feature: "judge-test",
      outputId: `b${i}`,
      correct: i % 20 === 1 ? !correct : correct,
      source: "heuristic",
      timestamp: at + 120_000,
    });
  }
  // the last 24 h: 150 outputs, the judge agrees on 105 (70 %)
  for (let i = 0; i < 150; i++) {
    const at = NOW - 23 * H + i * 500_000;
    const correct = i % 10 !== 0;
    events.push({ type: "output", feature: "judge-test", id: `w${i}`, confidence: 0.9, timestamp: at, input: `q${i}`, output: `a${i}` });
    events.push({
      type: "label",
      feature: "judge-test",
      outputId: `w${i}`,
      correct,
      source: "human",
      reviewer: "ben",
      timestamp: at + 60_000,
    });
    events.push({
      type: "label",
      feature: "judge-test",
      outputId: `w${i}`,
      correct: i % 10 < 3 ? !correct : correct,
      source: "heuristic",
      timestamp: at + 120_000,
    });
  }
  // the judge alone on 20 outputs: they count toward accuracy, not toward "people only"
  for (let i = 0; i < 20; i++) {
    events.push({ type: "output", feature: "judge-test", id: `j${i}`, confidence: 0.9, timestamp: NOW - 2 * H });
    events.push({ type: "label", feature: "judge-test", outputId: `j${i}`, correct: false, source: "heuristic", timestamp: NOW - H });
  }
  for (let i = 0; i < events.length; i += 1000) await ingestEvents(events.slice(i, i + 1000), NOW);
});

describe("weeklyAgreement", () => {
  it("counts each output labelled by both once per week, with κ and raw agreement", async () => {
    const weeks = await weeklyAgreement(feature.id, NOW, 3);
    expect(weeks.map((w) => w.week)).toEqual([weekStart(NOW) - 2 * 7 * 24 * H, weekStart(NOW) - 7 * 24 * H, weekStart(NOW)]);
    const total = weeks.reduce((n, w) => n + w.agreement.n, 0);
    expect(total).toBe(450);
    const all = weeks
      .map((w) => w.cells)
      .reduce((a, c) => ({
        agreeCorrect: a.agreeCorrect + c.agreeCorrect,
        agreeWrong: a.agreeWrong + c.agreeWrong,
        judgeSaysWrong: a.judgeSaysWrong + c.judgeSaysWrong,
        judgeSaysCorrect: a.judgeSaysCorrect + c.judgeSaysCorrect,
      }));
    expect(all.agreeCorrect + all.agreeWrong).toBe(285 + 105);
    expect(all.agreeWrong).toBe(30 - 15 + 15 - 0); // the human's wrongs the judge also called wrong
  });
});

describe("judgeDisagreements", () => {
  it("lists the outputs where they disagree, newest first, with both verdicts", async () => {
    const list = await judgeDisagreements(feature.id, NOW - 24 * H, NOW, 100);
    expect(list).toHaveLength(45);
    expect(list[0]).toMatchObject({ clientId: "w142", human: true, judge: false, reviewer: "ben" });
    expect(list.every((d) => d.human !== d.judge)).toBe(true);
    expect(list.map((d) => d.at)).toEqual([...list.map((d) => d.at)].sort((a, b) => b - a));
  });
});

describe("accuracyBySource", () => {
  it("leaves the judge out of the people-only accuracy", async () => {
    const days = await accuracyBySource(feature.id, NOW - 24 * H, NOW + H);
    const all = days.reduce((n, d) => n + d.all.n, 0);
    const people = days.reduce((n, d) => n + d.people.n, 0);
    expect(all - people).toBe(20);
  });
});

describe("judge agreement rule", () => {
  it("opens an alert when agreement drops significantly, and undo keeps the table exact", async () => {
    await db.alertRule.create({
      data: {
        featureId: feature.id,
        name: "Judge agreement dropped",
        metric: "judge_agreement_drop",
        params: JSON.stringify({ points: 0.05, baselineMinutes: 7 * 1440, alpha: 0.01 }),
        windowMinutes: 1440,
        minSamples: 100,
      },
    });
    const outcomes = await evaluateFeature(feature.id, NOW);
    const alert = await db.alert.findFirst({ where: { featureId: feature.id, rule: { metric: "judge_agreement_drop" } } });
    expect(outcomes.some((o) => o.transition === "opened")).toBe(true);
    expect(alert).toMatchObject({ status: "open", sampleSize: 150 });
    expect(alert!.value).toBeCloseTo(0.7, 10);
    expect(alert!.message).toMatch(/Judge agrees with humans on 70\.0 % \(n = 150, κ .*\) vs baseline 95\.0 % \(n = 300/);

    // a queue verdict and its undo leave the judge table as it was
    const before = await weeklyAgreement(feature.id, NOW, 1);
    await recordVerdict(feature, `${feature.id}:j3`, "correct", "cleo", NOW);
    expect((await weeklyAgreement(feature.id, NOW, 1))[0].agreement.n).toBe(before[0].agreement.n + 1);
    await undoLastVerdict(feature, "cleo", NOW);
    expect(await weeklyAgreement(feature.id, NOW, 1)).toEqual(before);
  });
});
