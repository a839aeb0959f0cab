import { beforeAll, describe, expect, it } from "vitest";
import { givenFeature } from "../testing/fixtures";
import { affectedUsersEstimate } from "./affected-users";
import { ingestEvents } from "../use-cases/ingest";

// The confirm step's "About N users stop getting AI answers": distinct units shown an AI answer
// in the current phase over the last 24 hours — not fallbacks, not other phases, not older rows.

const NOW = Date.parse("2026-11-20T12:00:00Z");
const H = 3_600_000;
let featureId: string;

const output = (id: string, extra: Record<string, unknown>) => ({
  type: "output",
  feature: "affected",
  id,
  confidence: 0.95,
  timestamp: NOW - H,
  ...extra,
});

beforeAll(async () => {
  featureId = (await givenFeature("affected", "gradual")).id; // gradual: threshold 0.85
  await ingestEvents(
    [
      // three users shown an answer, one of them twice
      output("a1", { unit: "u1" }),
      output("a2", { unit: "u1", timestamp: NOW - 2 * H }),
      output("a3", { unit: "u2" }),
      output("a4", { unit: "u3", timestamp: NOW - 23 * H }),
      // not counted: a fallback, another phase, older than 24 h
      output("f1", { unit: "u4", confidence: 0.5 }),
      output("p1", { unit: "u5", phase: "early-access" }),
      output("o1", { unit: "u6", timestamp: NOW - 25 * H }),
      // shown, but without a unit: counted as an answer, not as a user
      output("n1", {}),
    ],
    NOW,
  );
});

describe("affectedUsersEstimate", () => {
  it("counts distinct units shown an AI answer in the current phase in the last 24 hours", async () => {
    expect(await affectedUsersEstimate(featureId, "gradual", NOW)).toEqual({
      users: 3,
      answers: 5,
      answersWithoutUser: 1,
      phase: "gradual",
      from: NOW - 24 * H,
      to: NOW,
    });
  });

  it("is zero for a phase with no traffic", async () => {
    expect(await affectedUsersEstimate(featureId, "full", NOW)).toMatchObject({ users: 0, answers: 0, answersWithoutUser: 0 });
  });
});
