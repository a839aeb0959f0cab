import { describe, expect, it } from "vitest";
import { db } from "../db";
import { givenFeature } from "../testing/fixtures";
import { acknowledgeAlert } from "../use-cases/acknowledge-alert";
import { BROWSER_TYPES } from "../data/change-feed";
import { stateChangeStream } from "./state-stream";

// An open page follows an incident live: a signed-in browser's stream carries alert activity,
// an SDK's stream (the default types) does not.

async function firstEvent(stream: ReadableStream<Uint8Array>, timeoutMs = 1500): Promise<string | null> {
  const reader = stream.getReader();
  const decoder = new TextDecoder();
  let text = "";
  const deadline = Date.now() + timeoutMs;
  try {
    for (;;) {
      const left = deadline - Date.now();
      if (left <= 0) return null;
      const chunk = await Promise.race([reader.read(), new Promise<null>((r) => setTimeout(() => r(null), left))]);
      if (!chunk || chunk.done) return null;
      text += decoder.decode(chunk.value, { stream: true });
      const m = text.match(/event: (\S+)/);
      if (m) return m[1];
    }
  } finally {
    void reader.cancel();
  }
}

describe("state stream types", () => {
  it("sends an acknowledged alert to a browser's stream and not to an SDK's", async () => {
    const f = await givenFeature("stream-activity", "full");
    const rule = await db.alertRule.findFirstOrThrow({ where: { featureId: f.id } });
    const alert = await db.alert.create({
      data: { featureId: f.id, ruleId: rule.id, status: "open", value: 0.7, sampleSize: 100, message: "floor" },
    });
    const sdk = new AbortController();
    const browser = new AbortController();
    const sdkEvent = firstEvent(stateChangeStream({ lastEventId: null, signal: sdk.signal }));
    const browserEvent = firstEvent(stateChangeStream({ lastEventId: null, types: BROWSER_TYPES, signal: browser.signal }));
    await new Promise((r) => setTimeout(r, 100));
    await acknowledgeAlert(alert.id, "user:ana@example.com");
    expect(await browserEvent).toBe("alert_acknowledged");
    expect(await sdkEvent).toBeNull();
    sdk.abort();
    browser.abort();
  });
});
