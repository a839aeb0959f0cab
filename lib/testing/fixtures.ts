import { createApiKey, type Scope } from "../data/api-keys";
import { createFeature } from "../data/features";
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
