import { beforeAll, describe, expect, it } from "vitest";
import { givenFeature, givenKey } from "@/lib/testing/fixtures";
import { GET } from "./route";

// GET /api/v1/features/{key}/rules: the rules with ids, kind, parameters, scope, action and their
// verdict now — a new feature's are the sequential defaults.

let readKey: string;
const call = (feature: string, key: string | null = readKey) =>
  GET(new Request(`http://localhost/api/v1/features/${feature}/rules`, { headers: key ? { authorization: `Bearer ${key}` } : {} }), {
    params: Promise.resolve({ key: feature }),
  });

beforeAll(async () => {
  await givenFeature("rules-api", "full");
  readKey = await givenKey(["read"]);
});

describe("GET /api/v1/features/{key}/rules", () => {
  it("lists the rules a new feature starts with: sequential, sharing one false alarm per 30 days", async () => {
    const res = await call("rules-api");
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.feature).toBe("rules-api");
    const accuracy = body.rules.find((r: { name: string }) => r.name === "Accuracy below its normal");
    expect(accuracy).toMatchObject({
      id: expect.any(String),
      kind: "sequential",
      metric: "accuracy",
      params: { baseline: "history", falseAlarmsPer30d: 0.4 },
      phase: null,
      segment: null,
      action: expect.stringMatching(/^(notify|pause)$/),
      enabled: true,
      now: { status: "ok", slices: [], message: expect.stringMatching(/not enough data/) },
    });
    const sequentialBudget = body.rules
      .filter((r: { kind: string; enabled: boolean }) => r.kind === "sequential" && r.enabled)
      .reduce((s: number, r: { params: { falseAlarmsPer30d: number } }) => s + r.params.falseAlarmsPer30d, 0);
    expect(sequentialBudget).toBeCloseTo(1, 10);
    expect(body.rules.some((r: { kind: string; metric: string }) => r.kind === "window" && r.metric === "overconfidence")).toBe(true);
    // the judge's stream is watched from the start; without a judge it has no trials and says so
    expect(body.rules.find((r: { metric: string }) => r.metric === "judge")).toMatchObject({
      kind: "sequential",
      enabled: true,
      action: "notify",
      params: { baseline: "history", falseAlarmsPer30d: 0.15 },
      now: { status: "ok", slices: [], message: expect.stringMatching(/no judge/) },
    });
    // the sequential overconfidence signal is there to turn on, off by default
    expect(body.rules.find((r: { metric: string }) => r.metric === "confident_wrong")).toMatchObject({
      kind: "sequential",
      enabled: false,
      params: { baseline: "history", falseAlarmsPer30d: 0.15 },
    });
    // so is the estimate's; with no random-sample labels it says why it would watch nothing
    expect(body.rules.find((r: { metric: string }) => r.metric === "estimate")).toMatchObject({
      kind: "sequential",
      enabled: false,
      params: { baseline: "history", falseAlarmsPer30d: 0.15 },
      now: { slices: [], message: expect.stringMatching(/^No calibration map: 0 random-sample labels/) },
    });
  });

  it("answers 404 for an unknown feature and 401/403 for keys", async () => {
    expect((await call("nope")).status).toBe(404);
    expect((await call("rules-api", null)).status).toBe(401);
    const ingestOnly = await givenKey(["ingest"]);
    const refused = await call("rules-api", ingestOnly);
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ error: { code: "forbidden" } });
  });
});
