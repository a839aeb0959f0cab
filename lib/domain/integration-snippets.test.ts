import { describe, expect, it } from "vitest";
import { ZEvent, ZIngestBatch } from "../schemas/events";
import { decisionBaseUrl, integrationSnippets } from "./integration-snippets";
import { mapSpans } from "./otlp-mapping";

const base = {
  featureKey: "claim-answers",
  appOrigin: "https://rollguard.example.com/",
  decisionBaseUrl: "https://rollguard.example.com:3001",
};

describe("decisionBaseUrl", () => {
  it("is the app's host on the listener's port, or the app itself (listener off, or behind a proxy)", () => {
    expect(decisionBaseUrl("http://127.0.0.1:3800", 3801)).toBe("http://127.0.0.1:3801");
    expect(decisionBaseUrl("https://rollguard.example.com", 3001)).toBe("https://rollguard.example.com:3001");
    expect(decisionBaseUrl("https://rollguard.example.com/", null)).toBe("https://rollguard.example.com");
  });
});

describe("integrationSnippets", () => {
  it("fills in the feature's key and the URLs, with a placeholder until a key exists", () => {
    const s = integrationSnippets({ ...base, apiKey: null });
    expect(s.ingestCurl).toContain("curl -X POST https://rollguard.example.com/api/v1/events");
    expect(s.ingestCurl).toContain('"feature": "claim-answers"');
    expect(s.ingestCurl).toContain("Bearer $ROLLGUARD_KEY");
    expect(s.decisionCurl).toContain("https://rollguard.example.com:3001/ofrep/v1/evaluate/flags/claim-answers");
    expect(s.decisionTs).toContain('baseUrl: "https://rollguard.example.com:3001"');
    expect(s.decisionTs).toContain('getBooleanDetails("claim-answers", false, context)');
    expect(s.ingestTs).toContain("process.env.ROLLGUARD_KEY!");
  });

  it("puts a created key into every snippet", () => {
    const s = integrationSnippets({ ...base, apiKey: "rg_abc_secret" });
    for (const text of Object.values(s)) expect(text).toContain("rg_abc_secret");
    expect(s.ingestTs).toContain('const ROLLGUARD_KEY = "rg_abc_secret"; // shown once');
  });

  it("sends a body the ingest schema accepts", () => {
    const s = integrationSnippets({ ...base, apiKey: null });
    const body = s.ingestCurl.slice(s.ingestCurl.indexOf("-d '") + 4, s.ingestCurl.lastIndexOf("'"));
    const parsed = ZIngestBatch.safeParse(JSON.parse(body));
    expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
    for (const e of parsed.data!.events) expect(ZEvent.safeParse(e).success, JSON.stringify(e)).toBe(true);
  });

  it("asks with a context inside the current phase's audience and promises true", () => {
    const s = integrationSnippets({
      ...base,
      apiKey: null,
      example: { targetingKey: "user-7", segment: "beta-power-users", inputType: "sql" },
    });
    const body = s.decisionCurl.slice(s.decisionCurl.indexOf("-d '") + 4, s.decisionCurl.lastIndexOf("'"));
    expect(JSON.parse(body)).toEqual({ context: { targetingKey: "user-7", segment: "beta-power-users", inputType: "sql" } });
    expect(s.decisionCurl).toContain('"value":true');
    expect(s.decisionTs).toContain('inputType: "sql"');
  });

  it("follows the plan's low-confidence mode below the threshold", () => {
    const flag = integrationSnippets({ ...base, apiKey: null, lowConfidence: "flag" }).decisionTs;
    expect(flag).toContain('presentation: confident ? "plain" : "flagged"');
    expect(flag).not.toContain("return confident ? ai.text : fallback(prompt)");
    const fallback = integrationSnippets({ ...base, apiKey: null }).decisionTs;
    expect(fallback).toContain("return confident ? ai.text : fallback(prompt)");
    expect(fallback).toContain('presentation: confident ? "plain" : "fallback"');
    expect(integrationSnippets({ ...base, apiKey: null, lowConfidence: "ask" }).decisionTs).toContain('"asked"');
  });

  it("shows the OTLP route with the attributes the span mapping reads", () => {
    const s = integrationSnippets({ ...base, apiKey: "rg_abc_secret" });
    expect(s.otlpTs).toContain('url: "https://rollguard.example.com/v1/traces"');
    expect(s.otlpTs).toContain('const ROLLGUARD_KEY = "rg_abc_secret"');
    expect(s.otlpTs).toContain('"rollguard.feature": "claim-answers"');
    const metadata = [...s.otlpTs.matchAll(/"(rollguard\.[a-z_]+)"/g)].map((m) => m[1]);
    const attributes = Object.fromEntries(metadata.map((k) => [`ai.telemetry.metadata.${k}`, k === "rollguard.confidence" ? 0.9 : "x"]));
    const span = {
      traceId: "a".repeat(32),
      spanId: "b".repeat(16),
      name: "ai.generateText",
      startMs: 0,
      endMs: 1,
      statusCode: 0,
      events: [],
    };
    const mapped = mapSpans(
      [
        {
          ...span,
          attributes: { ...attributes, "ai.operationId": "ai.generateText", "ai.telemetry.metadata.rollguard.presentation": "plain" },
          resource: {},
        },
      ],
      null,
    );
    expect(mapped.rejected).toEqual([]);
    expect(mapped.events[0].event).toMatchObject({ type: "output", feature: "x", confidence: 0.9, unit: "x", presentation: "plain" });
  });
});
