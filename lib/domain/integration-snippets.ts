// The "Integrate <feature>" panel's snippets: how a product sends its signals (ingest) and asks
// before showing an AI answer (OFREP), with the feature's key, the app's origin, the decision
// listener's URL and, once an admin created one, the key itself filled in. Pure: the page passes
// the URLs it knows.

import type { LowConfidenceMode } from "./plan";

/**
 * The end of `answer()` for each low-confidence mode of the plan (decision.flagMetadata.lowConfidence
 * carries it too): below the threshold, fall back, ask the user, or show the answer flagged.
 */
const LOW_CONFIDENCE_TAIL: Record<LowConfidenceMode, string[]> = {
  fallback: [
    `  // below the threshold the plan falls back to the non-AI version`,
    `  await reportOutput({ id: ai.id, userId: user.id, confidence: ai.confidence, presentation: confident ? "plain" : "fallback", review });`,
    `  return confident ? ai.text : fallback(prompt);`,
  ],
  ask: [
    `  // below the threshold the plan asks the user for input instead of guessing`,
    `  await reportOutput({ id: ai.id, userId: user.id, confidence: ai.confidence, presentation: confident ? "plain" : "asked", review });`,
    `  return confident ? ai.text : askUserToClarify(prompt);`,
  ],
  flag: [
    `  // below the threshold the plan shows the answer flagged as low-confidence (still shown)`,
    `  await reportOutput({ id: ai.id, userId: user.id, confidence: ai.confidence, presentation: confident ? "plain" : "flagged", review });`,
    `  return confident ? ai.text : \`Low confidence — check this answer:\\n\${ai.text}\`;`,
  ],
};

export interface SnippetInput {
  featureKey: string;
  /** where the app is reached, e.g. https://rollguard.example.com */
  appOrigin: string;
  /** the decision listener's base URL for OFREP (the app's origin when no listener runs) */
  decisionBaseUrl: string;
  /** a key created for this feature (ingest + evaluate), shown once; null: a placeholder */
  apiKey: string | null;
  /** a context inside the current phase's audience (lib/domain/example-context.ts); absent: a generic one */
  example?: { targetingKey: string; segment?: string; inputType?: string } | null;
  /** the current phase's low-confidence mode; absent = "fallback" */
  lowConfidence?: LowConfidenceMode;
}

export interface Snippets {
  ingestCurl: string;
  ingestTs: string;
  decisionCurl: string;
  decisionTs: string;
  /** the same outputs as OpenTelemetry traces (POST /v1/traces): exporter set-up and the AI SDK's metadata */
  otlpTs: string;
}

/** What each `detail` of a `false` answer means, for the panel and the README's table. */
export const FALSE_DETAILS: { detail: string; means: string }[] = [
  { detail: "paused", means: "the feature is paused (an operator or a rule with a pause action stopped it)" },
  { detail: "no_phase", means: "the feature has no rollout phase yet" },
  { detail: "input_type_missing", means: "the phase serves only some input types and the context names none (add inputType)" },
  { detail: "input_type_not_enabled", means: "the phase does not serve this input type yet" },
  { detail: "segment_not_allowed", means: "the context's segment is not one the phase serves (or it names no segment)" },
  { detail: "outside_audience", means: "this user is outside the phase's percentage of its segments: a later phase reaches them" },
  { detail: "rate_limited", means: "the phase's AI answers per minute are used up: fall back for now" },
];

const trimSlash = (u: string) => u.replace(/\/+$/, "");

/**
 * Where OFREP clients should call: the app's host on the decision listener's port, or the app's own
 * origin when no listener runs or a reverse proxy routes `/ofrep/` to it (`listenerPort` null).
 */
export function decisionBaseUrl(appOrigin: string, listenerPort: number | null): string {
  if (listenerPort === null) return trimSlash(appOrigin);
  const u = new URL(appOrigin);
  u.port = String(listenerPort);
  return trimSlash(u.origin);
}

export function integrationSnippets(input: SnippetInput): Snippets {
  const app = trimSlash(input.appOrigin);
  const decisions = trimSlash(input.decisionBaseUrl);
  const key = JSON.stringify(input.featureKey);
  const shellKey = input.apiKey ?? "$ROLLGUARD_KEY";
  const tsKey = input.apiKey ? JSON.stringify(input.apiKey) : "process.env.ROLLGUARD_KEY!";
  const keyComment = input.apiKey ? " // shown once: move it to your secret store" : "";

  const ingestCurl = [
    `curl -X POST ${app}/api/v1/events \\`,
    `  -H "Authorization: Bearer ${shellKey}" \\`,
    `  -H "content-type: application/json" \\`,
    `  -d '{"events": [`,
    `    {"type": "output", "id": "answer-1", "feature": ${key}, "confidence": 0.93, "unit": "user-123", "shown": true},`,
    `    {"type": "label", "outputId": "answer-1", "feature": ${key}, "correct": true, "source": "human"},`,
    `    {"type": "feedback", "outputId": "answer-1", "feature": ${key}, "value": "up"}`,
    `  ]}'`,
    `# → 200 {"accepted":3,"duplicates":0,"rejected":[]}`,
  ].join("\n");

  const ingestTs = [
    `const ROLLGUARD_KEY = ${tsKey};${keyComment}`,
    ``,
    `/** Report every AI answer (and later its label or thumbs) to Rollguard. */`,
    `export async function reportOutput(answer: {`,
    `  id: string;`,
    `  userId: string;`,
    `  confidence: number;`,
    `  /** plain or flagged: the AI answer was shown; asked or fallback: it was not */`,
    `  presentation: "plain" | "flagged" | "asked" | "fallback";`,
    `  review?: boolean;`,
    `}) {`,
    `  const res = await fetch(${JSON.stringify(`${app}/api/v1/events`)}, {`,
    `    method: "POST",`,
    `    headers: { authorization: \`Bearer \${ROLLGUARD_KEY}\`, "content-type": "application/json" },`,
    `    body: JSON.stringify({`,
    `      events: [`,
    `        {`,
    `          type: "output",`,
    `          id: answer.id,`,
    `          feature: ${key},`,
    `          unit: answer.userId,`,
    `          confidence: answer.confidence,`,
    `          presentation: answer.presentation,`,
    `          review: answer.review,`,
    `        },`,
    `      ],`,
    `    }),`,
    `  });`,
    `  if (!res.ok) throw new Error(\`Rollguard ingest: \${res.status} \${await res.text()}\`);`,
    `}`,
  ].join("\n");

  const example = input.example
    ? {
        targetingKey: input.example.targetingKey,
        ...(input.example.segment ? { segment: input.example.segment } : {}),
        ...(input.example.inputType ? { inputType: input.example.inputType } : {}),
      }
    : { targetingKey: "user-123", segment: "default" };
  const mode = input.lowConfidence ?? "fallback";

  const decisionCurl = [
    `curl -X POST ${decisions}/ofrep/v1/evaluate/flags/${encodeURIComponent(input.featureKey)} \\`,
    `  -H "Authorization: Bearer ${shellKey}" \\`,
    `  -H "content-type: application/json" \\`,
    `  -d '${JSON.stringify({ context: example })}'`,
    input.example
      ? `# → {"key":${key},"value":true,"variant":"ai","reason":"TARGETING_MATCH","metadata":{"phase":...,"confidenceThreshold":...,"detail":"in_audience"}}`
      : `# → {"key":${key},"value":true|false,"variant":"ai"|"fallback","reason":"...","metadata":{"phase":...,"confidenceThreshold":...}}`,
  ].join("\n");

  const decisionTs = [
    `// npm install @openfeature/server-sdk @openfeature/ofrep-provider`,
    `import { OFREPProvider } from "@openfeature/ofrep-provider";`,
    `import { OpenFeature } from "@openfeature/server-sdk";`,
    ``,
    `const ROLLGUARD_KEY = ${tsKey};${keyComment}`,
    `await OpenFeature.setProviderAndWait(`,
    `  new OFREPProvider({ baseUrl: ${JSON.stringify(decisions)}, headers: [["Authorization", \`Bearer \${ROLLGUARD_KEY}\`]] }),`,
    `);`,
    `const rollguard = OpenFeature.getClient();`,
    ``,
    `export async function answer(user: { id: string; segment?: string }, prompt: string) {`,
    `  const context = { targetingKey: user.id, segment: user.segment ?? "default"${input.example?.inputType ? `, inputType: ${JSON.stringify(input.example.inputType)}` : ""} };`,
    `  const decision = await rollguard.getBooleanDetails(${key}, false, context);`,
    `  if (!decision.value) return fallback(prompt); // paused, outside the audience, or another guardrail`,
    `  const ai = await generate(prompt); // your model: { id, text, confidence }`,
    `  const confident = ai.confidence >= Number(decision.flagMetadata.confidenceThreshold);`,
    `  const review = decision.flagMetadata.humanReview === true; // sample this answer for human review`,
    ...LOW_CONFIDENCE_TAIL[mode],
    `}`,
  ].join("\n");

  const otlpTs = [
    `// npm install @opentelemetry/sdk-trace-base@2 @opentelemetry/resources@2 @opentelemetry/exporter-trace-otlp-proto@0.223`,
    `import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-proto";`,
    `import { resourceFromAttributes } from "@opentelemetry/resources";`,
    `import { BasicTracerProvider, BatchSpanProcessor } from "@opentelemetry/sdk-trace-base";`,
    ``,
    `const ROLLGUARD_KEY = ${tsKey};${keyComment}`,
    `const provider = new BasicTracerProvider({`,
    `  resource: resourceFromAttributes({ "rollguard.feature": ${key} }),`,
    `  spanProcessors: [`,
    `    new BatchSpanProcessor(new OTLPTraceExporter({ url: ${JSON.stringify(`${app}/v1/traces`)}, headers: { Authorization: \`Bearer \${ROLLGUARD_KEY}\` } })),`,
    `  ],`,
    `});`,
    ``,
    `// Vercel AI SDK: one output per generateText/streamText call`,
    `const { text } = await generateText({`,
    `  model,`,
    `  prompt,`,
    `  experimental_telemetry: {`,
    `    isEnabled: true,`,
    `    tracer: provider.getTracer("my-app"),`,
    `    metadata: { "rollguard.confidence": confidence, "rollguard.unit": user.id, "rollguard.presentation": "plain" },`,
    `  },`,
    `});`,
    `// any other GenAI span: gen_ai.operation.name "chat" plus the same rollguard.* attributes`,
  ].join("\n");

  return { ingestCurl, ingestTs, decisionCurl, decisionTs, otlpTs };
}
