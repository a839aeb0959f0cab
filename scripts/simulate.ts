// npm run simulate — live traffic for the demo features, sent through the public ingest API
// (a real client of our own API), so that an open dashboard moves.
//
//   npm run simulate -- [--url http://localhost:3000] [--key rg_...] [--speed 5] [--minutes 0]
//                       [--incident portfolio-advisor]
//
// Without --key (or ROLLGUARD_API_KEY) a key with scopes ingest and evaluate is created in the
// local database.
//
// Like a product, it follows each feature's current phase as the decision API serves it (OFREP bulk
// evaluation with If-None-Match, refreshed every tick): a task kind the phase does not serve
// (metadata.inputTypes) gets no AI answer, so no output is sent; an answer below
// metadata.confidenceThreshold is presented as metadata.lowConfidence says (flagged, asked or
// fallen back), and the output says so in `presentation`.
import { parseArgs } from "node:util";
import { Random } from "../lib/demo/random";
import { STORIES } from "../lib/demo/stories";
import type { IngestEventInput } from "../lib/schemas/events";

/** What the simulated product follows of each feature's current phase (OFREP flagMetadata). */
interface PhaseGuardrails {
  confidenceThreshold: number;
  lowConfidence: "fallback" | "ask" | "flag";
  inputTypes: string[];
}

const PRESENT_BELOW = { fallback: "fallback", ask: "asked", flag: "flagged" } as const;

let etag: string | null = null;
let guardrails = new Map<string, PhaseGuardrails>();

/** The current phase of every feature, from the bulk evaluation; kept as it was on 304 or an error. */
async function refreshGuardrails(key: string) {
  try {
    const res = await fetch(`${values.url}/ofrep/v1/evaluate/flags`, {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json", ...(etag ? { "if-none-match": etag } : {}) },
      body: JSON.stringify({ context: { targetingKey: "simulator" } }),
    });
    if (res.status === 304 || !res.ok) return;
    etag = res.headers.get("etag");
    const { flags } = (await res.json()) as { flags: { key: string; metadata?: Record<string, string | number | boolean | null> }[] };
    const next = new Map<string, PhaseGuardrails>();
    for (const f of flags) {
      const m = f.metadata;
      if (!m || typeof m.confidenceThreshold !== "number") continue;
      next.set(f.key, {
        confidenceThreshold: m.confidenceThreshold,
        lowConfidence: m.lowConfidence === "ask" || m.lowConfidence === "flag" ? m.lowConfidence : "fallback",
        inputTypes: typeof m.inputTypes === "string" && m.inputTypes ? m.inputTypes.split(",") : [],
      });
    }
    guardrails = next;
  } catch {
    // the app may not be up yet: keep the last known guardrails (none = send as before)
  }
}

/** The output as the product would send it under its phase's guardrails; null when it gets no AI answer. */
function underGuardrails(output: Record<string, unknown>, g: PhaseGuardrails | undefined): Record<string, unknown> | null {
  if (!g) return output;
  const inputType = output.inputType as string | undefined;
  if (g.inputTypes.length > 0 && (!inputType || !g.inputTypes.includes(inputType))) return null;
  const below = (output.confidence as number) < g.confidenceThreshold;
  return { ...output, presentation: below ? PRESENT_BELOW[g.lowConfidence] : "plain" };
}

const { values } = parseArgs({
  options: {
    url: { type: "string", default: process.env.ROLLGUARD_URL ?? `http://localhost:${process.env.PORT ?? 3000}` },
    key: { type: "string", default: process.env.ROLLGUARD_API_KEY },
    speed: { type: "string", default: "5" },
    minutes: { type: "string", default: "0" },
    incident: { type: "string" },
  },
});

const TICK_MS = 2000;

async function apiKey(): Promise<string> {
  if (values.key) return values.key;
  const { createApiKey } = await import("../lib/data/api-keys");
  const { key } = await createApiKey({ name: "simulator", scopes: ["ingest", "evaluate"], actor: "simulate" });
  console.log(`simulate: created an ingest key ${key.slice(0, 10)}… in the local database`);
  return key;
}

async function main() {
  const key = await apiKey();
  const speed = Number(values.speed);
  const stopAt = Number(values.minutes) > 0 ? Date.now() + Number(values.minutes) * 60_000 : Infinity;
  const rng = new Random(Date.now() % 2 ** 31);
  const runId = Date.now().toString(36);
  let seq = 0;
  // follow-ups (labels, thumbs, tickets) arrive seconds later, stamped with their send time
  const pending: { due: number; event: IngestEventInput }[] = [];
  let totals = { accepted: 0, duplicates: 0, rejected: 0 };

  while (Date.now() < stopAt) {
    await refreshGuardrails(key);
    const now = Date.now();
    const events: IngestEventInput[] = [];
    for (const story of STORIES) {
      const count = rng.poisson((story.rate(now) * speed * TICK_MS) / 60_000);
      for (let i = 0; i < count; i++) {
        const [generated, ...followUps] = story.output(rng, now, seq++, Infinity, values.incident === story.feature.key);
        const output = underGuardrails(generated as Record<string, unknown>, guardrails.get(story.feature.key));
        if (!output) continue; // a task kind this phase does not serve: the product showed its fallback
        events.push({ ...output, id: `sim-${runId}-${(output as { id: string }).id}` } as IngestEventInput);
        for (const f of followUps) {
          const renamed = { ...f, timestamp: undefined } as Record<string, unknown>;
          if ("outputId" in renamed) renamed.outputId = `sim-${runId}-${renamed.outputId}`;
          if (f.type === "ticket") renamed.id = `sim-${runId}-${(f as { id: string }).id}`;
          pending.push({ due: now + 2000 + rng.int(20_000), event: renamed as IngestEventInput });
        }
      }
    }
    pending.sort((a, b) => a.due - b.due);
    while (pending.length > 0 && pending[0].due <= now) events.push(pending.shift()!.event);
    if (events.length > 0) {
      try {
        const res = await fetch(`${values.url}/api/v1/events`, {
          method: "POST",
          headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
          body: JSON.stringify({ events }),
        });
        const body = await res.json();
        if (res.status >= 400) throw new Error(`${res.status} ${JSON.stringify(body.error)}`);
        totals = { accepted: totals.accepted + body.accepted, duplicates: totals.duplicates + body.duplicates, rejected: totals.rejected + body.rejected.length };
        process.stdout.write(`\rsimulate: sent ${totals.accepted} events (${totals.rejected} rejected)   `);
      } catch (e) {
        console.error(`\nsimulate: ${e instanceof Error ? e.message : e} — retrying next tick`);
      }
    }
    await new Promise((r) => setTimeout(r, TICK_MS));
  }
  console.log("\nsimulate: done");
}

main().then(() => process.exit(0), (e) => {
  console.error(e);
  process.exit(1);
});
