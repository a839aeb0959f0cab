import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { givenFeature, givenKey, jsonRequest } from "@/lib/testing/fixtures";
import { POST } from "./route";

// Thousands of malformed bodies and events: every answer is a 4xx with the error body or a
// per-event rejection — never a 5xx — and the valid events in the same batch land.

let key: string;
beforeAll(async () => {
  await givenFeature("fuzz");
  key = await givenKey(["ingest"]);
});

const wellFormed = (s: string) => (s as unknown as { isWellFormed(): boolean }).isWellFormed();
const holdsLoneSurrogate = (v: unknown): boolean =>
  typeof v === "string"
    ? !wellFormed(v)
    : v !== null && typeof v === "object" && Object.entries(v).some(([k, x]) => !wellFormed(k) || holdsLoneSurrogate(x));

const post = (body: string) => POST(jsonRequest("/api/v1/events", body, key), {});

const junkValue = fc.oneof(
  fc.anything({ maxDepth: 3 }),
  fc.string({ unit: "binary", maxLength: 50 }),
  fc.constantFrom(
    Number.NaN,
    Infinity,
    -Infinity,
    -0,
    1e308,
    -1,
    2 ** 53,
    "",
    " ",
    "\u0000",
    "𝔘𝔫𝔦𝔠𝔬𝔡𝔢",
    "\ud800",
    "<script>",
    null,
    [],
    {},
  ),
  fc.string({ minLength: 20_000, maxLength: 20_000 }).map((s) => s || "x".repeat(20_000)),
);

const junkEvent = fc.oneof(
  junkValue,
  fc.record(
    {
      type: fc.oneof(fc.constantFrom("output", "label", "accuracy", "feedback", "ticket"), junkValue),
      id: fc.oneof(fc.string({ maxLength: 300 }), junkValue),
      outputId: fc.oneof(fc.string({ maxLength: 5 }), junkValue),
      feature: fc.oneof(fc.constant("fuzz"), junkValue),
      confidence: fc.oneof(fc.double(), junkValue),
      correct: fc.oneof(fc.boolean(), fc.integer(), junkValue),
      total: fc.oneof(fc.integer(), junkValue),
      value: fc.oneof(fc.constantFrom("up", "down"), junkValue),
      timestamp: fc.oneof(
        fc.integer(),
        fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
        junkValue,
      ),
      input: fc.oneof(fc.string(), junkValue),
    },
    { requiredKeys: [] },
  ),
);

describe("POST /api/v1/events under malformed input", () => {
  it("never answers 5xx to any body", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.anything({ maxDepth: 4 }).map((v) => JSON.stringify(v) ?? "undefined"),
          fc.string({ unit: "binary" }),
        ),
        async (body) => {
          const res = await post(body);
          expect(res.status).toBeLessThan(500);
          const json = await res.json();
          if (res.status >= 400) expect(json.error).toEqual({ code: expect.any(String), message: expect.any(String) });
        },
      ),
      { numRuns: 1000 },
    );
  });

  it("rejects junk events one by one and stores the valid ones beside them", async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(junkEvent, { maxLength: 20 }), async (junk) => {
        const id = `valid-${n++}`;
        const events = [...junk, { type: "output", id, feature: "fuzz", confidence: 0.9 }];
        const text = JSON.stringify({ events });
        const res = await post(text);
        // a lone surrogate escape anywhere ("\ud800") is not text: the whole body is refused
        if (holdsLoneSurrogate(events)) {
          expect(res.status).toBe(400);
          expect((await res.json()).error.code).toBe("invalid_utf8");
          return;
        }
        expect([200, 207]).toContain(res.status);
        const body = await res.json();
        expect(body.accepted + body.duplicates + body.rejected.length).toBe(events.length);
        for (const r of body.rejected)
          expect(r).toEqual({ index: expect.any(Number), code: expect.any(String), message: expect.any(String) });
        expect(await db.output.count({ where: { clientId: id } })).toBe(1);
      }),
      { numRuns: 500 },
    );
  }, 180_000); // 500 batches: slow on a shared, loaded machine
});
