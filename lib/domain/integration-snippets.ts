// The "Integrate <feature>" panel's snippets: how a product sends its signals (ingest) and asks
// before showing an AI answer (OFREP), with the feature's key, the app's origin, the decision
// listener's URL and, once an admin created one, the key itself filled in. Pure: the page passes
// the URLs it knows.

export interface SnippetInput {
  featureKey: string;
  /** where the app is reached, e.g. https://rollguard.example.com */
  appOrigin: string;
  /** the decision listener's base URL for OFREP (the app's origin when no listener runs) */
  decisionBaseUrl: string;
  /** a key created for this feature (ingest + evaluate), shown once; null: a placeholder */
  apiKey: string | null;
}

export interface Snippets {
  ingestCurl: string;
  ingestTs: string;
  decisionCurl: string;
  decisionTs: string;
}

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
    `export async function reportOutput(answer: { id: string; userId: string; confidence: number; shown: boolean; review?: boolean }) {`,
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
    `          shown: answer.shown,`,
    `          review: answer.review,`,
    `        },`,
    `      ],`,
    `    }),`,
    `  });`,
    `  if (!res.ok) throw new Error(\`Rollguard ingest: \${res.status} \${await res.text()}\`);`,
    `}`,
  ].join("\n");

  const decisionCurl = [
    `curl -X POST ${decisions}/ofrep/v1/evaluate/flags/${encodeURIComponent(input.featureKey)} \\`,
    `  -H "Authorization: Bearer ${shellKey}" \\`,
    `  -H "content-type: application/json" \\`,
    `  -d '{"context": {"targetingKey": "user-123", "segment": "default"}}'`,
    `# → {"key":${key},"value":true|false,"variant":"ai"|"fallback","reason":"...","metadata":{"phase":...,"confidenceThreshold":...}}`,
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
    `  const context = { targetingKey: user.id, segment: user.segment ?? "default" };`,
    `  const decision = await rollguard.getBooleanDetails(${key}, false, context);`,
    `  if (!decision.value) return fallback(prompt); // paused, outside the audience, or another guardrail`,
    `  const ai = await generate(prompt); // your model: { id, text, confidence }`,
    `  const shown = ai.confidence >= Number(decision.flagMetadata.confidenceThreshold);`,
    `  const review = decision.flagMetadata.humanReview === true; // sample this answer for human review`,
    `  await reportOutput({ id: ai.id, userId: user.id, confidence: ai.confidence, shown, review });`,
    `  return shown ? ai.text : fallback(prompt);`,
    `}`,
  ].join("\n");

  return { ingestCurl, ingestTs, decisionCurl, decisionTs };
}
