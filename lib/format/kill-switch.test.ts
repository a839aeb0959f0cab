import { describe, expect, it } from "vitest";
import { affectedUsersText, alertValueText, scopeText } from "./kill-switch";

describe("affectedUsersText", () => {
  it("states the estimate and its basis", () => {
    expect(affectedUsersText({ users: 412, answers: 1300, answersWithoutUser: 0 }, "Gradual")).toEqual({
      headline: "About 412 users stop getting AI answers.",
      basis: "Estimate: distinct users shown an AI answer in the Gradual phase in the last 24 hours (1,300 answers).",
    });
  });
  it("says what it cannot count", () => {
    expect(affectedUsersText({ users: 1, answers: 5, answersWithoutUser: 3 }, "Beta").basis).toContain(
      "3 of the 5 answers carried no user id",
    );
    expect(affectedUsersText({ users: 1, answers: 5, answersWithoutUser: 3 }, "Beta").headline).toBe(
      "About 1 user stops getting AI answers.",
    );
    expect(affectedUsersText({ users: 0, answers: 5, answersWithoutUser: 5 }, "Beta").headline).toMatch(/how many is unknown/);
    expect(affectedUsersText({ users: 0, answers: 0, answersWithoutUser: 0 }, "Beta").headline).toMatch(/No one was shown an AI answer/);
  });
});

describe("alertValueText", () => {
  it("carries the interval and sample", () => {
    expect(alertValueText({ metric: "accuracy_floor", value: 0.71, lower: 0.643, upper: 0.769, sampleSize: 200 })).toBe(
      "71.0 % (95 % interval 64.3 %–76.9 %, n = 200 labels)",
    );
    expect(alertValueText({ metric: "critical_tickets", value: 3, lower: null, upper: null, sampleSize: 3 })).toBe("3 critical tickets");
    expect(alertValueText({ metric: "overconfidence", value: 0.2, lower: 0.15, upper: 0.25, sampleSize: 80 })).toBe(
      "20.0 points (95 % interval 15.0 to 25.0 points, n = 80 labels)",
    );
  });

  it("a latency alert's value is a p95 in ms and a cost alert's a cost per output, not shares", () => {
    expect(alertValueText({ metric: "latency_ceiling", value: 7880.2, lower: 0.06, upper: 0.2, sampleSize: 80 })).toBe(
      "p95 7880 ms (n = 80 timed outputs)",
    );
    expect(alertValueText({ metric: "cost_ceiling", value: 0.0020800001, lower: null, upper: null, sampleSize: 50 })).toBe(
      "0.00208 per output (n = 50 priced outputs)",
    );
  });
});

describe("scopeText", () => {
  it("names the scope", () => {
    expect(scopeText(null, null)).toBe("all phases and segments");
    expect(scopeText("beta", null)).toBe("phase beta, all segments");
  });
});
