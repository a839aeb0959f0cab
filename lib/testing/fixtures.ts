import { createApiKey, type Scope } from "../data/api-keys";
import { createFeature } from "../data/features";
import { db } from "../db";
import { windowedDefaultRules } from "../domain/default-rules";
import { planWith } from "../domain/plan";

// Small builders for integration tests: a feature with the default plan, a key, a request.

export async function givenFeature(key = "test-feature", currentPhase = "early-access") {
  return createFeature({ key, name: key, stakes: "medium", plan: planWith(), currentPhase }, "test");
}

export async function givenKey(scopes: Scope[] = ["ingest", "evaluate", "operate", "read"], featureId?: string) {
  return (await createApiKey({ name: "test", scopes, featureId, actor: "test" })).key;
}

export function jsonRequest(url: string, body: unknown, key?: string, init: RequestInit = {}): Request {
  return new Request(new URL(url, "http://localhost"), {
    method: "POST",
    ...init,
    headers: {
      "content-type": "application/json",
      ...(key ? { authorization: `Bearer ${key}` } : {}),
      ...(init.headers as Record<string, string>),
    },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

/**
 * Replaces a feature's rules with the windowed defaults every feature had before issue 12 (the
 * rule kind stays; tests of windowed behaviour use this since new features get sequential rules).
 */
export async function givenWindowedRules(featureId: string, stakes = "medium", floor = 0.85) {
  await db.alertRule.deleteMany({ where: { featureId } });
  const rules = [
    ...windowedDefaultRules(stakes, floor),
    {
      name: "Overconfident: confidence 10 points above accuracy",
      metric: "overconfidence",
      params: { gap: 0.1 },
      windowMinutes: 60,
      minSamples: 50,
      action: "notify",
    },
  ];
  for (const r of rules) {
    await db.alertRule.create({
      data: {
        featureId,
        kind: "window",
        name: r.name,
        metric: r.metric,
        params: JSON.stringify(r.params),
        windowMinutes: r.windowMinutes,
        minSamples: r.minSamples,
        action: r.action,
      },
    });
  }
}
