import { beforeAll, describe, expect, it } from "vitest";
import { db, writeTransaction } from "../db";
import { incidentText } from "../domain/notification-message";
import { givenFeature } from "../testing/fixtures";
import { assignIncident, incidentNotice, incidentView } from "./incidents";

// "Possibly the judge, not the feature" on a real database: a floor alert and, ten minutes later, a
// judge-agreement alert of the same feature join one incident; its page and its one message link
// both and say so. A thumbs-down incident beside the same judge alert says nothing of the kind, and
// neither does a floor incident of a feature whose judge kept agreeing.

const T = Date.parse("2026-10-12T09:00:00Z");
const MIN = 60_000;

async function ruleOf(featureId: string, name: string, metric: string, windowMinutes = 60) {
  return db.alertRule.create({ data: { featureId, name, metric, windowMinutes, params: "{}" } });
}

async function openAlert(featureId: string, rule: { id: string; name: string }, at: number) {
  const alert = await db.alert.create({
    data: { featureId, ruleId: rule.id, status: "open", value: 0.8, lower: 0.75, upper: 0.85, sampleSize: 300, message: "breached", openedAt: new Date(at) },
  });
  return writeTransaction((tx) => assignIncident(tx, { id: alert.id, featureId, openedAt: alert.openedAt }, rule.name));
}

let drifting: { id: string };
let steady: { id: string };
let incidentId: string;

beforeAll(async () => {
  drifting = await givenFeature("judge-drifts");
  const floor = await ruleOf(drifting.id, "Accuracy below 90 %", "accuracy_floor");
  const judge = await ruleOf(drifting.id, "Judge agreement dropped 5 points", "judge_agreement_drop", 1440);
  incidentId = await openAlert(drifting.id, floor, T);
  expect(await openAlert(drifting.id, judge, T + 10 * MIN)).toBe(incidentId);

  steady = await givenFeature("judge-steady");
  await openAlert(steady.id, await ruleOf(steady.id, "Accuracy below 90 %", "accuracy_floor"), T);
});

describe("possibly the judge, not the feature", () => {
  it("the incident page links the quality alert and the judge's, and says so", async () => {
    const view = (await incidentView(incidentId, T + 30 * MIN))!;
    expect(view.judge).not.toBeNull();
    expect(view.judge!.quality.map((a) => a.rule)).toEqual(["Accuracy below 90 %"]);
    expect(view.judge!.judge).toEqual([expect.objectContaining({ rule: "Judge agreement dropped 5 points", incidentId })]);
    expect(view.judge!.text).toMatch(/^Possibly the judge, not the feature/);
  });

  it("the incident's one message says it and names the judge's alert", async () => {
    const { feature, notice } = await writeTransaction((tx) => incidentNotice(tx, incidentId, T + 30 * MIN));
    expect(notice.judge).toMatchObject({ alerts: [{ rule: "Judge agreement dropped 5 points", incidentId }] });
    expect(incidentText(feature.name, notice, "opened")).toMatch(/The judge's agreement with people dropped too: possibly the judge, not the feature\.$/);
  });

  it("says nothing where the judge kept agreeing, or where the incident holds no quality alert", async () => {
    const steadyIncident = (await db.incident.findFirstOrThrow({ where: { featureId: steady.id } })).id;
    expect((await incidentView(steadyIncident, T + 30 * MIN))!.judge).toBeNull();
    const { notice } = await writeTransaction((tx) => incidentNotice(tx, steadyIncident, T + 30 * MIN));
    expect(notice.judge).toBeUndefined();

    // a day later on the drifting feature: thumbs down beside the judge alert that is still open
    const thumbs = await ruleOf(drifting.id, "Thumbs down above 20 %", "thumbs_down_ceiling");
    await db.alert.updateMany({ where: { incidentId, rule: { metric: "accuracy_floor" } }, data: { status: "resolved", resolvedAt: new Date(T + 60 * MIN) } });
    await db.incident.update({ where: { id: incidentId }, data: { status: "resolved", resolvedAt: new Date(T + 60 * MIN) } });
    const later = await openAlert(drifting.id, thumbs, T + 24 * 60 * MIN);
    expect(later).not.toBe(incidentId);
    expect((await incidentView(later, T + 25 * 60 * MIN))!.judge).toBeNull();
  });
});
