import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../db";
import { weekStart, WEEK_MS } from "../domain/review-range";
import { givenFeature } from "../testing/fixtures";
import { signOffWeek, weeklyDigest } from "./digest";
import { ingestEvents } from "../use-cases/ingest";
import { tagOutputs } from "./review";
import { createWebhook } from "./webhooks";

// A week's review signed off by named reviewers: audited, and the digest (top patterns with their
// trend, reviewed and open counts, judge agreement) goes to the webhooks as Slack-format text.

const NOW = Date.parse("2026-11-26T12:00:00Z");
const WEEK = weekStart(NOW);
let feature: { id: string; key: string; name: string };

beforeAll(async () => {
  feature = await givenFeature("digest-test", "beta");
  const out = (id: string, at: number) => ({ type: "output", feature: "digest-test", id, confidence: 0.95, timestamp: at, review: true });
  await ingestEvents(
    [
      out("a", NOW - 3_600_000), out("b", NOW - 7_200_000), out("c", NOW - WEEK_MS), out("open", NOW - 600_000),
      { type: "label", feature: "digest-test", outputId: "a", correct: false, source: "human", timestamp: NOW - 1_800_000 },
      { type: "label", feature: "digest-test", outputId: "b", correct: true, source: "human", timestamp: NOW - 1_800_000 },
      { type: "label", feature: "digest-test", outputId: "a", correct: false, source: "heuristic", timestamp: NOW - 1_700_000 },
    ],
    NOW,
  );
  const id = (c: string) => `${feature.id}:${c}`;
  await tagOutputs(feature.id, { outputIds: [id("a"), id("b")], add: ["wrong owner"], remove: [] }, "ana", NOW);
  await tagOutputs(feature.id, { outputIds: [id("c")], add: ["wrong owner", "too long"], remove: [] }, "ana", NOW);
  await createWebhook({ name: "slack", url: "https://hooks.example.com/digest", featureId: feature.id }, "test");
});

describe("weekly digest and sign-off", () => {
  it("sums the week: patterns with trend, reviewed, open, judge agreement", async () => {
    const d = await weeklyDigest(feature, NOW, NOW);
    expect(d.week).toBe(WEEK);
    expect(d.top).toEqual([{ tag: "wrong owner", thisWeek: 2, lastWeek: 1, trend: "up" }]);
    expect(d.reviewed).toBe(2);
    expect(d.open).toBe(2); // "c" (last week, never judged) and "open"
    expect(d.agreement).toMatchObject({ n: 1, raw: { value: 1 } });
    expect(d.text).toContain("• wrong owner: 2 (up from 1)");
  });

  it("records named sign-offs (audited) and sends the digest to the webhooks", async () => {
    await signOffWeek(feature, { week: NOW, note: "patterns triaged" }, "ana@example.com", NOW);
    const d = await signOffWeek(feature, { week: NOW - 1000, note: "" }, "ben@example.com", NOW + 1000);
    expect(d.signedOffBy).toEqual(["ana@example.com", "ben@example.com"]);
    const audits = await db.auditEvent.findMany({ where: { action: "review.sign_off", target: "digest-test" }, orderBy: { id: "asc" } });
    expect(audits.map((a) => a.actor)).toEqual(["user:ana@example.com", "user:ben@example.com"]);
    expect(audits[0].reason).toBe("patterns triaged");
    const deliveries = await db.webhookDelivery.findMany({ where: { event: "review.digest" }, orderBy: { id: "asc" } });
    expect(deliveries).toHaveLength(2);
    const payload = JSON.parse(deliveries[1].payload);
    expect(payload).toMatchObject({ event: "review.digest", feature: "digest-test", digest: { reviewed: 2, signedOffBy: ["ana@example.com", "ben@example.com"] } });
    expect(payload.text).toMatch(/^\*Weekly review: digest-test, week of 2026-11-23\*\n/);
    expect(payload.text).toContain("Signed off by ana@example.com, ben@example.com.");
  });
});
