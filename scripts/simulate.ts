// npm run simulate — live traffic for the demo features, sent through the public ingest API
// (a real client of our own API), so that an open dashboard moves.
//
//   npm run simulate -- [--url http://localhost:3000] [--key rg_...] [--speed 5] [--minutes 0]
//                       [--incident portfolio-advisor]
//
// Without --key (or ROLLGUARD_API_KEY) a key with scope ingest is created in the local database.
import { parseArgs } from "node:util";
import { Random } from "../lib/demo/random";
import { STORIES } from "../lib/demo/stories";
import type { IngestEventInput } from "../lib/schemas/events";

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
  const { key } = await createApiKey({ name: "simulator", scopes: ["ingest"], actor: "simulate" });
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
    const now = Date.now();
    const events: IngestEventInput[] = [];
    for (const story of STORIES) {
      const count = rng.poisson((story.rate(now) * speed * TICK_MS) / 60_000);
      for (let i = 0; i < count; i++) {
        const [output, ...followUps] = story.output(rng, now, seq++, Infinity, values.incident === story.feature.key);
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
