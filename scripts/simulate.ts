// npm run simulate — a small product for the demo features: before each answer it asks the
// decision API through the official OpenFeature server SDK + OFREP provider, shows the AI answer
// or the fallback as told — following the phase's input types and low-confidence behaviour (lib/demo/product.ts), and reports every output with `shown` true or
// false through the public ingest API, so that an open dashboard and its proof panel move.
//
//   npm run simulate -- [--url http://localhost:3000] [--decision-url URL] [--key rg_...]
//                       [--speed 5] [--minutes 0] [--incident portfolio-advisor] [--disobey]
//                       [--feature meeting-summary] [--steady]
//
// --decision-url: where to ask (default ROLLGUARD_DECISION_URL, else --url; `npm start` serves the
// lean decision listener on PORT + 1). --disobey: show AI answers whatever the switch says, to see
// the proof panel catch it. --feature: only that demo feature's product (default: all three). Without --key (or ROLLGUARD_API_KEY) a key with scopes ingest and
// evaluate is created in the local database.
//
// --incident: that feature's traffic no longer follows the demo's daily curve (1 answer a minute
// at night): it runs at INCIDENT_BOOST × its weekday peak (× --speed) whatever the hour, so its
// rules have evidence and the incident shows within about a minute.
// --steady: every feature's traffic at its weekday peak (× --speed) whatever the hour, instead of
// the daily curve: a demo or a test at 3 a.m. sees what it would see at noon.
import { parseArgs } from "node:util";
import { OFREPProvider } from "@openfeature/ofrep-provider";
import { OpenFeature } from "@openfeature/server-sdk";
import { answerOrFallback } from "../lib/demo/product";
import { Random } from "../lib/demo/random";
import { STORIES } from "../lib/demo/stories";
import type { IngestEventInput } from "../lib/schemas/events";

const { values } = parseArgs({
  options: {
    url: { type: "string", default: process.env.ROLLGUARD_URL ?? `http://localhost:${process.env.PORT ?? 3000}` },
    "decision-url": { type: "string", default: process.env.ROLLGUARD_DECISION_URL },
    key: { type: "string", default: process.env.ROLLGUARD_API_KEY },
    disobey: { type: "boolean", default: false },
    speed: { type: "string", default: "5" },
    minutes: { type: "string", default: "0" },
    incident: { type: "string" },
    feature: { type: "string" },
    steady: { type: "boolean", default: false },
  },
});

const TICK_MS = 2000;
/** an incident is a busy hour: this many times the story's weekday peak */
const INCIDENT_BOOST = 3;

/** A story's busiest rate in outputs per minute on a weekday (Wednesday 2 Dec 2026, UTC), sampled every 15 minutes. */
function weekdayPeak(rate: (t: number) => number): number {
  const wednesday = Date.UTC(2026, 11, 2);
  let peak = 0;
  for (let m = 0; m < 1440; m += 15) peak = Math.max(peak, rate(wednesday + m * 60_000));
  return peak;
}

async function apiKey(): Promise<string> {
  if (values.key) return values.key;
  const { createApiKey } = await import("../lib/data/api-keys");
  const { key } = await createApiKey({ name: "simulator", scopes: ["ingest", "evaluate"], actor: "simulate" });
  console.log(`simulate: created an ingest + evaluate key ${key.slice(0, 10)}… in the local database`);
  return key;
}

async function main() {
  const stories = values.feature ? STORIES.filter((s) => s.feature.key === values.feature) : STORIES;
  if (stories.length === 0)
    throw new Error(`--feature: no demo feature "${values.feature}" (${STORIES.map((s) => s.feature.key).join(", ")})`);
  const key = await apiKey();
  await OpenFeature.setProviderAndWait(
    new OFREPProvider({ baseUrl: values["decision-url"] ?? values.url, headers: [["Authorization", `Bearer ${key}`]] }),
  );
  const product = OpenFeature.getClient("simulate");
  // each story's weekday peak, once: --incident and --steady run at it whatever the hour
  const peak = new Map(stories.map((s) => [s, weekdayPeak(s.rate)]));
  const shownCount = { ai: 0, fallback: 0 };
  if (values.disobey) console.log("simulate: --disobey: AI answers are shown whatever the decision API says");
  const bad = stories.find((s) => s.feature.key === values.incident);
  if (values.incident && !bad)
    throw new Error(`--incident: no demo feature "${values.incident}" among ${stories.map((s) => s.feature.key).join(", ")}`);
  if (bad)
    console.log(
      `simulate: --incident ${bad.feature.key}: its answers go bad at ${(INCIDENT_BOOST * peak.get(bad)! * Number(values.speed)).toFixed(0)} a minute, whatever the hour`,
    );
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
    for (const story of stories) {
      const incident = values.incident === story.feature.key;
      const perMinute = incident
        ? Math.max(story.rate(now), INCIDENT_BOOST * peak.get(story)!)
        : values.steady
          ? peak.get(story)!
          : story.rate(now);
      const count = rng.poisson((perMinute * speed * TICK_MS) / 60_000);
      for (let i = 0; i < count; i++) {
        const [output, ...followUps] = story.output(rng, now, seq++, Infinity, incident);
        const asked = output as { feature: string; unit?: string; segment?: string; inputType?: string; confidence: number; id: string };
        const answer = await answerOrFallback(product, asked, { disobey: values.disobey }).catch(() => ({
          shown: false,
          presentation: "fallback" as const,
        }));
        shownCount[answer.shown ? "ai" : "fallback"]++;
        // what the product presented: plainly, flagged as low-confidence, asked instead, or the fallback
        events.push({ ...output, id: `sim-${runId}-${asked.id}`, presentation: answer.presentation } as IngestEventInput);
        // a fallback has no AI answer to label or thumb
        for (const f of answer.shown ? followUps : []) {
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
        totals = {
          accepted: totals.accepted + body.accepted,
          duplicates: totals.duplicates + body.duplicates,
          rejected: totals.rejected + body.rejected.length,
        };
        process.stdout.write(
          `\rsimulate: sent ${totals.accepted} events (${totals.rejected} rejected); answers shown: ${shownCount.ai} AI, ${shownCount.fallback} fallback   `,
        );
      } catch (e) {
        console.error(`\nsimulate: ${e instanceof Error ? e.message : e} — retrying next tick`);
      }
    }
    await new Promise((r) => setTimeout(r, TICK_MS));
  }
  console.log("\nsimulate: done");
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
