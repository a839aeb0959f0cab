import { E2E_DECISION_PORT } from "../playwright.config";
import { expect, test } from "./fixtures";

// The production server's second port, the lean decision listener (its own process, started by
// the app's instrumentation.ts):
// the same OFREP answers as the app's own routes, and a pause clicked on through the app reaches
// it at once — over OFREP and over its state stream.

const LEAN = `http://127.0.0.1:${E2E_DECISION_PORT}`;
const FEATURE = "meeting-summary";

// a failed test elsewhere must not leave the feature paused for this one
test.beforeEach(async ({ api }) => api.ensureRunning(FEATURE));

test("the decision listener answers like the app and obeys a pause made through the app", async ({ api }) => {
  const headers = { authorization: `Bearer ${api.key}` };
  await expect.poll(async () => (await api.request.get(`${LEAN}/api/health`).catch(() => null))?.status(), { timeout: 30_000 }).toBe(200);
  const units = Array.from({ length: 20 }, (_, i) => `e2e-lean-${i}`);
  for (const unit of units) {
    const lean = await api.request.post(`${LEAN}/ofrep/v1/evaluate/flags/${FEATURE}`, {
      headers,
      data: { context: { targetingKey: unit } },
    });
    expect(lean.status()).toBe(200);
    expect(await lean.json()).toEqual(await api.evaluate(FEATURE, { targetingKey: unit }));
  }
  const served: string[] = [];
  for (const unit of units) if ((await api.evaluate(FEATURE, { targetingKey: unit })).value) served.push(unit);
  expect(served.length).toBeGreaterThan(0);

  // a subscriber on the listener's stream, reading in the page's absence (plain fetch in Node)
  const abort = new AbortController();
  const stream = await fetch(`${LEAN}/api/v1/stream`, { headers, signal: abort.signal });
  expect(stream.status).toBe(200);
  const reader = stream.body!.getReader();
  const pausedEvent = (async () => {
    let text = "";
    while (!text.includes(`"type":"paused","feature":"${FEATURE}"`)) {
      const { value, done } = await reader.read();
      if (done) throw new Error("stream ended");
      text += new TextDecoder().decode(value);
    }
  })();

  try {
    const paused = await api.request.post(`/api/v1/features/${FEATURE}/pause`, { headers, data: { reason: "e2e: decision listener" } });
    expect([200, 202]).toContain(paused.status()); // 202: in effect from memory, storing waited on the database
    await pausedEvent;
    // within a second of the pause (in practice milliseconds: the app wakes the listener's process)
    await expect
      .poll(
        async () =>
          (
            await api.request.post(`${LEAN}/ofrep/v1/evaluate/flags/${FEATURE}`, {
              headers,
              data: { context: { targetingKey: served[0] } },
            })
          ).json(),
        { timeout: 1000, intervals: [10] },
      )
      .toMatchObject({ value: false, reason: "DISABLED", variant: "fallback" });
  } finally {
    abort.abort();
    await api.request.post(`/api/v1/features/${FEATURE}/resume`, { headers, data: { reason: "e2e: clean-up" } });
  }
  await expect
    .poll(
      async () =>
        (
          await (
            await api.request.post(`${LEAN}/ofrep/v1/evaluate/flags/${FEATURE}`, {
              headers,
              data: { context: { targetingKey: served[0] } },
            })
          ).json()
        ).value,
      { timeout: 2000, intervals: [10] },
    )
    .toBe(true);
});
