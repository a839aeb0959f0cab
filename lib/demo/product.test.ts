import { OFREPProvider } from "@openfeature/ofrep-provider";
import { OpenFeature } from "@openfeature/server-sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pauseFeature } from "../use-cases/pause";
import { resumeFeature } from "../use-cases/resume";
import { DECISION_ROUTES } from "../decision/routes";
import { givenFeature, givenKey } from "../testing/fixtures";
import { serveRoutes, type RouteServer } from "../testing/route-server";
import { answerOrFallback } from "./product";

// The simulator's product asks the decision API through the official server provider before
// each answer and reports `shown` truthfully — unless told to disobey.

let server: RouteServer;

beforeAll(async () => {
  await givenFeature("sim-product", "full");
  const key = await givenKey(["evaluate"]);
  server = await serveRoutes(DECISION_ROUTES, { lite: true });
  await OpenFeature.setProviderAndWait("sim", new OFREPProvider({ baseUrl: server.url, headers: [["Authorization", `Bearer ${key}`]] }));
});

afterAll(async () => {
  await OpenFeature.close();
  await server.close();
});

describe("the demo product", () => {
  const output = { feature: "sim-product", unit: "user-1", confidence: 0.99 };

  it("shows the AI answer when allowed, the fallback below the threshold or when paused", async () => {
    const client = OpenFeature.getClient("sim");
    expect(await answerOrFallback(client, output, { disobey: false })).toEqual({ shown: true, presentation: "plain", because: "ai" });
    expect(await answerOrFallback(client, { ...output, confidence: 0.1 }, { disobey: false })).toEqual({
      shown: false,
      presentation: "fallback",
      because: "below_threshold",
    });
    await pauseFeature({ key: "sim-product", actor: "test", reason: "sim" });
    expect(await answerOrFallback(client, output, { disobey: false })).toEqual({
      shown: false,
      presentation: "fallback",
      because: "fallback",
    });
    expect(await answerOrFallback(client, output, { disobey: true })).toEqual({ shown: true, presentation: "plain", because: "disobeyed" });
    await resumeFeature({ key: "sim-product", actor: "test", reason: "sim done" });
  });
});
