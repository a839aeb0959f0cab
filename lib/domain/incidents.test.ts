import { describe, expect, it } from "vitest";
import {
  INCIDENT_GAP_MS,
  incidentStatus,
  incidentTimeline,
  incidentTitle,
  incidentToJoin,
  judgeSuspicion,
  type SuspicionAlert,
} from "./incidents";

const T = Date.parse("2026-11-29T09:00:00Z");
const MIN = 60_000;

describe("incidentToJoin", () => {
  it("starts a new incident when the feature has none", () => {
    expect(incidentToJoin(null, T)).toBeNull();
  });
  it("joins an incident that is still going, however long ago it opened", () => {
    expect(incidentToJoin({ id: "i1", status: "open", lastAlertAt: T - 5 * 60 * MIN, resolvedAt: null }, T)).toBe("i1");
    expect(incidentToJoin({ id: "i1", status: "acknowledged", lastAlertAt: T - 5 * 60 * MIN, resolvedAt: null }, T)).toBe("i1");
  });
  it("joins a resolved incident within the gap, and starts a new one after it", () => {
    const resolved = { id: "i1", status: "resolved" as const, lastAlertAt: T - 60 * MIN, resolvedAt: T - 10 * MIN };
    expect(incidentToJoin(resolved, T)).toBe("i1");
    expect(incidentToJoin(resolved, T - 10 * MIN + INCIDENT_GAP_MS + 1)).toBeNull();
  });
});

describe("incidentStatus", () => {
  it("stays open while an alert is open and nobody took it", () => {
    expect(incidentStatus({ alertStatuses: ["open", "acknowledged"], featurePaused: true, acknowledged: false })).toBe("open");
  });
  it("is acknowledged when every unresolved alert is acknowledged", () => {
    expect(incidentStatus({ alertStatuses: ["acknowledged"], featurePaused: true, acknowledged: true })).toBe("acknowledged");
    expect(incidentStatus({ alertStatuses: ["acknowledged", "resolved"], featurePaused: false, acknowledged: false })).toBe("acknowledged");
  });
  it("opens again when another rule's alert joins after the acknowledgement", () => {
    expect(incidentStatus({ alertStatuses: ["acknowledged", "open"], featurePaused: true, acknowledged: true })).toBe("open");
    expect(incidentStatus({ alertStatuses: ["open"], featurePaused: true, acknowledged: true })).toBe("open");
  });
  it("is not resolved while the feature is still paused, even with every alert resolved", () => {
    expect(incidentStatus({ alertStatuses: ["resolved"], featurePaused: true, acknowledged: false })).toBe("open");
    expect(incidentStatus({ alertStatuses: ["resolved"], featurePaused: true, acknowledged: true })).toBe("acknowledged");
    expect(incidentStatus({ alertStatuses: ["resolved", "resolved"], featurePaused: false, acknowledged: true })).toBe("resolved");
  });
});

describe("incidentTitle", () => {
  const judge = { rule: "Judge agreement fell", action: "notify", openedAt: T };
  const accuracy = { rule: "Accuracy below its normal", action: "pause", openedAt: T + 9 * MIN };
  it("names the rule that paused the feature, not the alert that opened first", () => {
    expect(incidentTitle([judge, accuracy], "Accuracy below 90 %")).toBe("Accuracy below 90 %");
  });
  it("without a pause by a rule, names the first alert of a rule that pauses, else the first alert", () => {
    expect(incidentTitle([accuracy, judge], null)).toBe("Accuracy below its normal");
    expect(incidentTitle([judge], null)).toBe("Judge agreement fell");
    expect(incidentTitle([], null)).toBe("Alert");
  });
});

describe("incidentTimeline", () => {
  it("orders first breach, the automatic pause, acknowledgement, resume and resolution with who and why", () => {
    const alerts = [
      {
        id: "a2",
        rule: "Thumbs down above 10 %",
        message: "12 %",
        openedAt: T + 20_000,
        acknowledgedAt: null,
        acknowledgedBy: null,
        resolvedAt: T + 40 * MIN,
      },
      {
        id: "a1",
        rule: "Accuracy below 90 %",
        message: "81 % (77–85 %), n=400",
        openedAt: T,
        acknowledgedAt: null,
        acknowledgedBy: null,
        resolvedAt: null,
      },
    ];
    const events = [
      { at: T + 30 * MIN, action: "feature.resume", who: "ana@example.com", byRule: false, reason: "model rolled back" },
      { at: T + 1000, action: "feature.pause", who: "rule “Accuracy below 90 %”", byRule: true, reason: "Rule breached" },
      { at: T + 5 * MIN, action: "incident.acknowledge", who: "bo@example.com", byRule: false, reason: "looking" },
    ];
    const t = incidentTimeline(alerts, events);
    expect(t.map((e) => [e.at - T, e.kind, e.who])).toEqual([
      [0, "first_breach", null],
      [1000, "paused", "rule “Accuracy below 90 %”"],
      [20_000, "alert", null],
      [5 * MIN, "acknowledged", "bo@example.com"],
      [30 * MIN, "resumed", "ana@example.com"],
      [40 * MIN, "resolved", null],
    ]);
    expect(t[0]).toMatchObject({ title: "First breach: Accuracy below 90 %", detail: "81 % (77–85 %), n=400" });
    expect(t[1].title).toBe("Paused automatically");
    expect(t[4].detail).toBe("model rolled back");
  });
});

describe("judgeSuspicion", () => {
  const incident = { id: "i1", openedAt: T, endedAt: null };
  const alert = (over: Partial<SuspicionAlert>): SuspicionAlert => ({
    id: "a",
    rule: "Accuracy below 90 %",
    metric: "accuracy",
    windowMinutes: 30,
    openedAt: T,
    resolvedAt: null,
    incidentId: "i1",
    ...over,
  });
  const judge = (over: Partial<SuspicionAlert>) =>
    alert({ id: "j", rule: "Judge agreement dropped", metric: "judge_agreement_drop", windowMinutes: 1440, ...over });

  it("links a quality alert and a judge-agreement alert in the same incident, and says so", () => {
    const s = judgeSuspicion(incident, [alert({}), judge({ openedAt: T + 20 * MIN })], T + 60 * MIN)!;
    expect(s.quality.map((a) => a.id)).toEqual(["a"]);
    expect(s.judge.map((a) => a.id)).toEqual(["j"]);
    expect(s.text).toMatch(/^Possibly the judge, not the feature: .*“Judge agreement dropped”.*“Accuracy below 90 %”/);
  });

  it("counts a judge alert of another incident whose window overlaps this one, and not one long over", () => {
    // opened 10 h after the incident ended, but its day-long window covers it
    const ended = { ...incident, endedAt: T + 2 * 60 * MIN };
    expect(judgeSuspicion(ended, [alert({}), judge({ incidentId: "i2", openedAt: T + 12 * 60 * MIN })], T + 13 * 60 * MIN)).not.toBeNull();
    // opened two days later: its window starts after the incident ended
    expect(judgeSuspicion(ended, [alert({}), judge({ incidentId: "i2", openedAt: T + 48 * 60 * MIN })], T + 49 * 60 * MIN)).toBeNull();
    // resolved before the incident opened
    expect(
      judgeSuspicion(incident, [alert({}), judge({ incidentId: "i0", openedAt: T - 30 * 60 * MIN, resolvedAt: T - 60_000 })], T),
    ).toBeNull();
    // still open from before: it was open during the incident
    expect(judgeSuspicion(incident, [alert({}), judge({ incidentId: "i0", openedAt: T - 30 * 60 * MIN })], T)).not.toBeNull();
  });

  it("says nothing without a quality alert (thumbs, tickets) or without a judge alert", () => {
    expect(judgeSuspicion(incident, [alert({ metric: "thumbs_down_ceiling" }), judge({})], T)).toBeNull();
    expect(judgeSuspicion(incident, [alert({ metric: "accuracy_floor" })], T)).toBeNull();
    // the judge's stream too: an alert on the judge's verdicts while its agreement with people dropped is the judge's doing first
    for (const metric of ["accuracy_floor", "accuracy_drop", "overconfidence", "confident_wrong", "judge"])
      expect(judgeSuspicion(incident, [alert({ metric }), judge({})], T)).not.toBeNull();
    // a quality alert of another incident does not make this one suspect
    expect(judgeSuspicion(incident, [alert({ incidentId: "i2" }), judge({})], T)).toBeNull();
  });
});
